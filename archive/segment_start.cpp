#include "archive/segment_start.hpp"

extern "C" {
#include <libavformat/avformat.h>
}

#include <algorithm>

#include "common/av_ptr.hpp"

namespace councilcast::archive {
namespace {

// The streamer's segments start with their tables and a keyframe; both streams' first packets
// come within a few dozen. A file that does not is read no further.
constexpr int kMaxPackets = 200;

}  // namespace

std::optional<std::int64_t> segment_start_pts(const std::filesystem::path& segment) {
    AVFormatContext* raw = nullptr;
    if (avformat_open_input(&raw, segment.c_str(), nullptr, nullptr) < 0) return std::nullopt;
    AVFormatContextPtr format(raw);
    AVPacketPtr packet(av_packet_alloc());
    std::optional<std::int64_t> video;
    std::optional<std::int64_t> audio;
    for (int read = 0; read < kMaxPackets && (!video || !audio); ++read) {
        if (av_read_frame(raw, packet.get()) < 0) break;
        const AVStream* stream = raw->streams[packet->stream_index];
        const std::int64_t pts = packet->pts;
        const AVMediaType type = stream->codecpar->codec_type;
        av_packet_unref(packet.get());
        if (pts == AV_NOPTS_VALUE) continue;
        // MPEG-TS streams run at 1/90000 already; rescaled in case another muxer differs.
        const std::int64_t ticks = av_rescale_q(pts, stream->time_base, AVRational{1, 90000});
        if (type == AVMEDIA_TYPE_VIDEO && !video) video = ticks;
        if (type == AVMEDIA_TYPE_AUDIO && !audio) audio = ticks;
    }
    if (video && audio) return std::min(*video, *audio);
    return video ? video : audio;
}

}  // namespace councilcast::archive
