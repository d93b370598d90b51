#include "tests/support/test_segments.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <fstream>
#include <stdexcept>

#include "common/av_ptr.hpp"
#include "tests/support/shell_command.hpp"

namespace councilcast::testing {

std::vector<archive::MediaPiece> make_test_segments(const std::filesystem::path& dir,
                                                    const SegmentSpec& spec) {
    std::filesystem::create_directories(dir);
    std::vector<archive::MediaPiece> pieces;
    double start_s = 0;
    for (std::size_t run = 0; run < spec.runs.size(); ++run) {
        const int seconds = spec.runs[run];
        // testsrc2 moves (a frame counter), so frames at different times differ; each run's
        // timestamps start where the segment muxer starts them, whatever came before.
        const std::string command = fmt::format(
            "ffmpeg -hide_banner -loglevel error -nostdin -y"
            " -f lavfi -i testsrc2=size={}x{}:rate={} -f lavfi -i "
            "sine=frequency={}:sample_rate=48000"
            " -t {} -c:v libx264 -preset {} {} -pix_fmt yuv420p -g {} -keyint_min {}"
            " -sc_threshold 0 -c:a aac -b:a 64k -ac 2"
            " -f segment -segment_time {} -segment_format mpegts {}",
            spec.width, spec.height, spec.frame_rate, 440 + 110 * run, seconds, spec.preset,
            spec.video_kbps > 0 ? fmt::format("-b:v {0}k -maxrate {0}k -bufsize {1}k",
                                              spec.video_kbps, 2 * spec.video_kbps)
                                : std::string(),
            spec.gop_s * spec.frame_rate, spec.gop_s * spec.frame_rate, spec.segment_s,
            shell_quoted((dir / fmt::format("run{}-%03d.ts", run)).string()));
        const CommandResult made = run_shell(command);
        if (made.exit_code != 0) throw std::runtime_error("ffmpeg failed: " + made.err);
        for (int i = 0; i * spec.segment_s < seconds; ++i) {
            archive::MediaPiece piece;
            piece.file = dir / fmt::format("run{}-{:03}.ts", run, i);
            piece.start_s = start_s;
            piece.duration_s = std::min(spec.segment_s, seconds - i * spec.segment_s);
            piece.discontinuity = run > 0 && i == 0;
            start_s += piece.duration_s;
            pieces.push_back(piece);
        }
    }
    return pieces;
}

DecodedVideo decode_video(const std::filesystem::path& file) {
    AVFormatContext* raw = nullptr;
    if (avformat_open_input(&raw, file.c_str(), nullptr, nullptr) != 0) {
        throw std::runtime_error("libav cannot open " + file.string());
    }
    AVFormatContextPtr format(raw);
    if (avformat_find_stream_info(raw, nullptr) < 0) {
        throw std::runtime_error("libav cannot read " + file.string());
    }
    const int video = av_find_best_stream(raw, AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
    if (video < 0) throw std::runtime_error("no video in " + file.string());
    DecodedVideo result;
    result.audio = av_find_best_stream(raw, AVMEDIA_TYPE_AUDIO, -1, -1, nullptr, 0) >= 0;
    const AVStream& stream = *raw->streams[video];
    const AVCodec* codec = avcodec_find_decoder(stream.codecpar->codec_id);
    AVCodecContextPtr decoder(avcodec_alloc_context3(codec));
    avcodec_parameters_to_context(decoder.get(), stream.codecpar);
    if (avcodec_open2(decoder.get(), codec, nullptr) != 0) {
        throw std::runtime_error("no decoder for " + file.string());
    }
    AVPacketPtr packet(av_packet_alloc());
    AVFramePtr frame(av_frame_alloc());
    std::vector<std::int64_t> shown;
    bool first_packet = true;
    const auto drain = [&] {
        while (avcodec_receive_frame(decoder.get(), frame.get()) == 0) {
            ++result.frames;
            result.width = frame->width;
            result.height = frame->height;
            shown.push_back(frame->best_effort_timestamp);
        }
    };
    while (av_read_frame(raw, packet.get()) >= 0) {
        if (packet->stream_index == video) {
            if (first_packet) result.first_is_key = (packet->flags & AV_PKT_FLAG_KEY) != 0;
            first_packet = false;
            if (avcodec_send_packet(decoder.get(), packet.get()) < 0) {
                throw std::runtime_error("a broken packet in " + file.string());
            }
            drain();
        }
        av_packet_unref(packet.get());
    }
    avcodec_send_packet(decoder.get(), nullptr);
    drain();
    std::sort(shown.begin(), shown.end());
    if (!shown.empty()) {
        const double tick = av_q2d(stream.time_base);
        const double frame_s =
            stream.avg_frame_rate.num > 0 ? 1.0 / av_q2d(stream.avg_frame_rate) : 0;
        result.duration_s = static_cast<double>(shown.back() - shown.front()) * tick + frame_s;
        for (std::size_t i = 1; i < shown.size(); ++i) {
            result.largest_step_s = std::max(result.largest_step_s,
                                             static_cast<double>(shown[i] - shown[i - 1]) * tick);
        }
    }
    return result;
}

bool starts_with_pat_and_pmt(const std::filesystem::path& file) {
    constexpr std::size_t kPacket = 188;
    std::ifstream in(file, std::ios::binary);
    std::array<std::uint8_t, 2 * kPacket> bytes{};
    if (!in.read(reinterpret_cast<char*>(bytes.data()), bytes.size())) return false;
    const auto pid = [&](std::size_t packet) {
        return ((bytes[packet * kPacket + 1] & 0x1f) << 8) | bytes[packet * kPacket + 2];
    };
    const auto starts_section = [&](std::size_t packet) {
        return bytes[packet * kPacket] == 0x47 && (bytes[packet * kPacket + 1] & 0x40) != 0;
    };
    if (!starts_section(0) || !starts_section(1) || pid(0) != 0) return false;
    // The PAT's payload after the header and the adaptation field mpegtsmux stuffs it with,
    // then its section after the pointer field: 8 bytes of header, the first program's number
    // (2 bytes) and its PMT's PID.
    std::size_t payload = 4;
    if ((bytes[3] & 0x20) != 0) payload += 1 + bytes[4];
    if (payload >= kPacket) return false;
    const std::size_t section = payload + 1 + bytes[payload];
    if (section + 12 > kPacket || bytes[section] != 0x00) return false;
    const int pmt_pid = ((bytes[section + 10] & 0x1f) << 8) | bytes[section + 11];
    return pid(1) == pmt_pid;
}

}  // namespace councilcast::testing
