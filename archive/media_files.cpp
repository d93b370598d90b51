#include "archive/media_files.hpp"

extern "C" {
#include <libavutil/imgutils.h>
#include <libavutil/opt.h>
}

#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <vector>

#include "archive/mp4_header.hpp"
#include "common/av_ptr.hpp"
#include "common/error.hpp"

namespace councilcast::archive {
namespace {

// A range may end this far past the last piece: EXTINF durations are rounded, and a player's
// "end" is the sum of them.
constexpr double kEndTolerance = 0.001;
// The muxer's write buffer: a fragment reaches the sink in pieces of at most this size.
constexpr int kWriteBuffer = 64 * 1024;
// A storyboard of more tiles than this is a mistake of the caller (an interval far too short).
constexpr int kMaxTiles = 2000;
// JPEG quality as libavcodec's quantiser scale: 2 is the best, 31 the worst; 4 keeps text on
// the picture (names, the tally) readable at thumbnail size for a fraction of the bytes of 2.
constexpr int kJpegQuantiser = 4;

std::string describe(const MediaPiece& piece, int code) {
    return fmt::format("cannot read segment {}: {}", piece.file.string(), av_error_text(code));
}

// One segment opened for reading; the first video and audio stream, -1 when there is none.
struct Input {
    AVFormatContextPtr format;
    int video = -1;
    int audio = -1;
};

// `probe`: read the first packets to learn the codecs' parameters (the H.264 parameter sets
// the MP4's header needs); without it only what the transport stream's tables say, which is
// enough to demux and decode and much quicker.
Input open_input(const MediaPiece& piece, bool probe) {
    AVFormatContext* raw = nullptr;
    if (int rc = avformat_open_input(&raw, piece.file.c_str(), nullptr, nullptr); rc < 0) {
        throw Error(describe(piece, rc));
    }
    Input input{AVFormatContextPtr(raw)};
    if (probe) {
        if (int rc = avformat_find_stream_info(raw, nullptr); rc < 0) {
            throw Error(describe(piece, rc));
        }
    }
    for (unsigned i = 0; i < raw->nb_streams; ++i) {
        const AVMediaType type = raw->streams[i]->codecpar->codec_type;
        if (type == AVMEDIA_TYPE_VIDEO && input.video < 0) input.video = static_cast<int>(i);
        if (type == AVMEDIA_TYPE_AUDIO && input.audio < 0) input.audio = static_cast<int>(i);
    }
    if (input.video < 0) throw Error(fmt::format("no video in segment {}", piece.file.string()));
    return input;
}

double seconds(std::int64_t ts, AVRational time_base) {
    return static_cast<double>(ts) * av_q2d(time_base);
}

std::int64_t ticks(double s, AVRational time_base) {
    return std::llround(s / av_q2d(time_base));
}

std::int64_t presentation(const AVPacket& packet) {
    return packet.pts != AV_NOPTS_VALUE ? packet.pts : packet.dts;
}

std::int64_t decoding(const AVPacket& packet) {
    return packet.dts != AV_NOPTS_VALUE ? packet.dts : packet.pts;
}

bool is_key(const Input& input, const AVPacket& packet) {
    return packet.stream_index == input.video && (packet.flags & AV_PKT_FLAG_KEY) != 0 &&
           presentation(packet) != AV_NOPTS_VALUE;
}

// A segment's own clock starts at its first keyframe: that frame is the piece's start_s on the
// recording's timeline (the playlist's EXTINF durations run from keyframe to keyframe).
double piece_origin(const Input& input, const AVPacket& first_key) {
    return seconds(presentation(first_key), input.format->streams[input.video]->time_base);
}

// ADTS headers (AAC as a transport stream carries it) are not allowed in MP4, which wants the
// AudioSpecificConfig once in its header instead. libavformat's MP4 muxer adds this filter
// only when the first packet arrives, after a fragmented file's header is already written; so
// the clip runs it itself, and learns the config from the first packet before the header.
bool needs_adts_filter(const AVCodecParameters& audio) {
    return audio.codec_id == AV_CODEC_ID_AAC && audio.extradata_size == 0;
}

AVBSFContextPtr adts_filter(const AVStream& audio) {
    const AVBitStreamFilter* filter = av_bsf_get_by_name("aac_adtstoasc");
    if (!filter) throw Error("libavcodec lacks the aac_adtstoasc filter");
    AVBSFContext* raw = nullptr;
    if (av_bsf_alloc(filter, &raw) < 0) throw Error("cannot allocate a bitstream filter");
    AVBSFContextPtr bsf(raw);
    avcodec_parameters_copy(bsf->par_in, audio.codecpar);
    bsf->time_base_in = audio.time_base;
    if (int rc = av_bsf_init(bsf.get()); rc < 0) {
        throw Error("cannot start the AAC filter: " + av_error_text(rc));
    }
    return bsf;
}

// What the scan of the first piece learns before anything is written.
struct ClipStart {
    std::size_t piece = 0;
    double keyframe_s = 0;                   // on the timeline
    std::vector<std::uint8_t> audio_config;  // AudioSpecificConfig from ADTS, when needed
};

// The last keyframe at or before `from_s` in `pieces[index]` (timeline seconds), reading only
// as far as the first keyframe after it; nothing if the piece has none that early.
std::optional<double> keyframe_at_or_before(const MediaPiece& piece, double from_s) {
    Input input = open_input(piece, false);
    AVPacketPtr packet(av_packet_alloc());
    std::optional<double> origin;
    std::optional<double> found;
    while (av_read_frame(input.format.get(), packet.get()) >= 0) {
        const bool key = is_key(input, *packet);
        double at = 0;
        if (key) {
            const double own = piece_origin(input, *packet);
            if (!origin) origin = own;
            at = piece.start_s + (own - *origin);
        }
        av_packet_unref(packet.get());
        if (!key) continue;
        if (at > from_s + kEndTolerance) break;
        found = at;
    }
    return found;
}

// The AudioSpecificConfig of the first AAC packet in `piece`, when its audio is ADTS.
std::vector<std::uint8_t> audio_config(const MediaPiece& piece, const Input& input) {
    if (input.audio < 0) return {};
    const AVStream& audio = *input.format->streams[input.audio];
    if (!needs_adts_filter(*audio.codecpar)) return {};
    Input reader = open_input(piece, false);
    AVBSFContextPtr bsf = adts_filter(*reader.format->streams[reader.audio]);
    AVPacketPtr packet(av_packet_alloc());
    while (av_read_frame(reader.format.get(), packet.get()) >= 0) {
        if (packet->stream_index != reader.audio) {
            av_packet_unref(packet.get());
            continue;
        }
        av_bsf_send_packet(bsf.get(), packet.get());
        if (av_bsf_receive_packet(bsf.get(), packet.get()) >= 0) {
            std::size_t size = 0;
            const std::uint8_t* config =
                av_packet_get_side_data(packet.get(), AV_PKT_DATA_NEW_EXTRADATA, &size);
            std::vector<std::uint8_t> found;
            if (config) found.assign(config, config + size);
            av_packet_unref(packet.get());
            if (!found.empty()) return found;
        }
    }
    throw Error(fmt::format("no usable AAC in segment {}", piece.file.string()));
}

// The muxer writes into this; its callback hands each buffer to the sink.
struct SinkState {
    const ByteSink* sink = nullptr;
    std::int64_t bytes = 0;
    bool cancelled = false;
    // While the header is written it is held here, to have its duration set before it goes.
    std::optional<std::vector<std::uint8_t>> header;
};

// libavformat calls this from inside av_write_frame and friends: C code, so nothing may be
// thrown through it; a stop is a returned error that the caller turns into ClipCancelled.
int write_to_sink(void* opaque, std::uint8_t* data, int size) noexcept {
    auto* state = static_cast<SinkState*>(opaque);
    if (state->cancelled) return AVERROR_EXIT;
    if (state->header) {
        state->header->insert(state->header->end(), data, data + size);
        return size;
    }
    try {
        if (!(*state->sink)(std::span<const std::uint8_t>(data, static_cast<std::size_t>(size)))) {
            state->cancelled = true;
            return AVERROR_EXIT;
        }
    } catch (...) {
        state->cancelled = true;
        return AVERROR_EXIT;
    }
    state->bytes += size;
    return size;
}

// The MP4 being written: a muxer on a custom AVIOContext whose bytes go to the sink.
class ClipWriter {
  public:
    // `duration_s`: the clip's length as the header declares it (a fragmented MP4's length is
    // otherwise known only once every fragment has arrived).
    ClipWriter(const ByteSink& sink, const Input& first, const std::vector<std::uint8_t>& config,
               double duration_s)
        : state_{&sink} {
        auto* buffer = static_cast<std::uint8_t*>(av_malloc(kWriteBuffer));
        if (!buffer) throw Error("out of memory for the clip's buffer");
        io_.reset(
            avio_alloc_context(buffer, kWriteBuffer, 1, &state_, nullptr, &write_to_sink, nullptr));
        if (!io_) {
            av_free(buffer);
            throw Error("out of memory for the clip's output");
        }
        AVFormatContext* raw = nullptr;
        if (avformat_alloc_output_context2(&raw, nullptr, "mp4", nullptr) < 0) {
            throw Error("libavformat lacks the MP4 muxer");
        }
        output_.reset(raw);
        output_->pb = io_.get();
        output_->flags |= AVFMT_FLAG_CUSTOM_IO;
        add_stream(*first.format->streams[first.video], {});
        if (first.audio >= 0) add_stream(*first.format->streams[first.audio], config);
        // +faststart rewrites the file with its index moved to the front once it is whole, so
        // nothing could be sent before the end; a fragmented MP4 with an empty moov first plays
        // from its first bytes, every browser and player takes it, and it can be sent while it
        // is written. A new fragment at each keyframe keeps the pieces the client gets small.
        AVDictionary* options = nullptr;
        av_dict_set(&options, "movflags", "frag_keyframe+empty_moov+default_base_moof", 0);
        state_.header.emplace();
        const int rc = avformat_write_header(output_.get(), &options);
        av_dict_free(&options);
        check(rc, "cannot start the MP4");
        avio_flush(io_.get());
        std::vector<std::uint8_t> header = std::move(*state_.header);
        state_.header.reset();
        declare_mp4_duration(header, duration_s);
        check(write_to_sink(&state_, header.data(), static_cast<int>(header.size())),
              "cannot send the MP4's header");
    }

    // Output stream 0 is video, 1 audio (when there is audio).
    const AVStream& stream(int index) const { return *output_->streams[index]; }
    std::size_t streams() const { return output_->nb_streams; }

    // Takes the packet's content; its timestamps are on the clip's clock in `from`, the
    // input's time base. Returns its decoding time in the output stream's time base.
    std::int64_t write(AVPacket& packet, int index, AVRational from) {
        packet.stream_index = index;
        packet.pos = -1;
        av_packet_rescale_ts(&packet, from, output_->streams[index]->time_base);
        const std::int64_t dts = packet.dts;
        check(av_interleaved_write_frame(output_.get(), &packet), "cannot write the MP4");
        return dts;
    }

    std::int64_t finish() {
        check(av_write_trailer(output_.get()), "cannot finish the MP4");
        avio_flush(io_.get());
        if (state_.cancelled) throw ClipCancelled{};
        return state_.bytes;
    }

  private:
    void add_stream(const AVStream& in, const std::vector<std::uint8_t>& config) {
        AVStream* out = avformat_new_stream(output_.get(), nullptr);
        if (!out) throw Error("out of memory for the clip's streams");
        avcodec_parameters_copy(out->codecpar, in.codecpar);
        out->codecpar->codec_tag = 0;
        out->time_base = in.time_base;
        if (!config.empty()) {
            out->codecpar->extradata = static_cast<std::uint8_t*>(
                av_mallocz(config.size() + AV_INPUT_BUFFER_PADDING_SIZE));
            if (!out->codecpar->extradata) throw Error("out of memory for the clip's streams");
            std::copy(config.begin(), config.end(), out->codecpar->extradata);
            out->codecpar->extradata_size = static_cast<int>(config.size());
        }
    }

    void check(int rc, std::string_view what) {
        if (state_.cancelled) throw ClipCancelled{};
        if (rc < 0) throw Error(fmt::format("{}: {}", what, av_error_text(rc)));
    }

    SinkState state_;
    AVIOContextPtr io_;
    AVOutputContextPtr output_;
};

// Copies one piece's packets in [start, end) of the clip into `writer`, on the clip's clock.
class PieceCopier {
  public:
    PieceCopier(ClipWriter& writer, double clip_start_s, double to_s)
        : writer_(writer), clip_start_s_(clip_start_s), to_s_(to_s) {
        last_dts_.assign(writer.streams(), std::numeric_limits<std::int64_t>::min());
    }

    // `first`: the clip's first piece, whose packets before the clip's keyframe are skipped.
    void copy(const MediaPiece& piece, bool first) {
        Input input = open_input(piece, false);
        AVBSFContextPtr bsf;
        if (input.audio >= 0 && writer_.streams() > 1 &&
            needs_adts_filter(*input.format->streams[input.audio]->codecpar)) {
            bsf = adts_filter(*input.format->streams[input.audio]);
        }
        AVPacketPtr packet(av_packet_alloc());
        // Packets before the piece's first keyframe wait for it: only it says where the
        // piece's clock starts.
        std::vector<AVPacketPtr> waiting;
        std::optional<double> origin;
        bool started = !first;
        while (av_read_frame(input.format.get(), packet.get()) >= 0) {
            if (!origin) {
                if (!is_key(input, *packet)) {
                    waiting.emplace_back(av_packet_clone(packet.get()));
                    av_packet_unref(packet.get());
                    continue;
                }
                origin = piece_origin(input, *packet);
                for (auto& held : waiting) take(input, piece, *origin, *held, bsf, started);
                waiting.clear();
            }
            take(input, piece, *origin, *packet, bsf, started);
            av_packet_unref(packet.get());
        }
    }

    double end_s() const { return end_s_; }

  private:
    void take(const Input& input, const MediaPiece& piece, double origin, AVPacket& packet,
              const AVBSFContextPtr& bsf, bool& started) {
        const bool video = packet.stream_index == input.video;
        if (!video && (packet.stream_index != input.audio || writer_.streams() < 2)) return;
        if (presentation(packet) == AV_NOPTS_VALUE) return;
        const AVRational time_base = input.format->streams[packet.stream_index]->time_base;
        // Where this piece's clock puts the packet on the recording's timeline. Each piece is
        // placed by its own start_s, so timestamps that restart after a break (a worker restart)
        // continue the clip's clock rather than jump back.
        const double shift = piece.start_s - origin;
        const double at = seconds(presentation(packet), time_base) + shift;
        if (video) {
            if (!started) {
                if (!is_key(input, packet) || at < clip_start_s_ - kEndTolerance) return;
                started = true;
            }
            // Every frame shown before to_s decodes before it, so the cut is in decoding order,
            // which keeps every reference. Past it, a frame shown before the last one taken
            // still comes, or the picture would jump at the end; after that nothing does.
            if (video_done_) return;
            if (seconds(decoding(packet), time_base) + shift >= to_s_ && !(at < end_s_)) {
                video_done_ = true;
                return;
            }
            if (packet.duration > 0) {
                end_s_ = std::max(end_s_, at + seconds(packet.duration, time_base));
            } else {
                end_s_ = std::max(end_s_, at);
            }
        } else if (at < clip_start_s_ - kEndTolerance || at >= to_s_) {
            return;
        }
        const std::int64_t offset = ticks(shift - clip_start_s_, time_base);
        AVPacketPtr out(av_packet_clone(&packet));
        if (!out) throw Error("out of memory for a packet");
        out->pts += offset;
        if (out->dts != AV_NOPTS_VALUE) out->dts += offset;
        const int index = video ? 0 : 1;
        if (!video && bsf) {
            if (av_bsf_send_packet(bsf.get(), out.get()) < 0) return;
            while (av_bsf_receive_packet(bsf.get(), out.get()) >= 0) {
                emit(*out, index, time_base, false);
            }
            return;
        }
        emit(*out, index, time_base, video);
    }

    // The muxer refuses a decoding time that goes back. Pieces are placed by their EXTINF,
    // which is rounded: an audio frame that overlaps the previous piece is dropped; a video
    // frame (others depend on it) is moved just after its predecessor.
    void emit(AVPacket& packet, int index, AVRational time_base, bool video) {
        const std::int64_t dts = decoding(packet);
        std::int64_t& last = last_dts_[static_cast<std::size_t>(index)];
        if (last != std::numeric_limits<std::int64_t>::min() &&
            av_compare_ts(dts, time_base, last, writer_.stream(index).time_base) <= 0) {
            if (!video) return;
            const std::int64_t moved =
                av_rescale_q(last, writer_.stream(index).time_base, time_base) + 1 - dts;
            packet.dts = dts + moved;
            packet.pts += moved;
        }
        last = writer_.write(packet, index, time_base);
    }

    ClipWriter& writer_;
    const double clip_start_s_;
    const double to_s_;
    std::vector<std::int64_t> last_dts_;  // per output stream, in its time base
    double end_s_ = 0;
    bool video_done_ = false;
};

double end_of(std::span<const MediaPiece> pieces) {
    return pieces.back().start_s + pieces.back().duration_s;
}

// The piece that shows timeline second `at`: the last that starts at or before it.
std::size_t piece_at(std::span<const MediaPiece> pieces, double at) {
    std::size_t index = 0;
    for (std::size_t i = 0; i < pieces.size(); ++i) {
        if (pieces[i].start_s <= at) index = i;
    }
    return index;
}

// Decodes `piece` once and calls `on_frame(i, frame)` with the first frame at or after each
// of `offsets` (seconds from the piece's start, ascending); an offset past the last frame gets
// the last frame. Frames no later frame needs are not even decoded before the first offset.
template <class OnFrame>
void frames_at(const MediaPiece& piece, const std::vector<double>& offsets, OnFrame on_frame) {
    Input input = open_input(piece, false);
    const AVStream& stream = *input.format->streams[input.video];
    const AVCodec* codec = avcodec_find_decoder(stream.codecpar->codec_id);
    if (!codec) throw Error(fmt::format("no decoder for the video of {}", piece.file.string()));
    AVCodecContextPtr decoder(avcodec_alloc_context3(codec));
    if (!decoder) throw Error("out of memory for a decoder");
    avcodec_parameters_to_context(decoder.get(), stream.codecpar);
    // The pool runs several of these side by side; one thread each keeps them from contending.
    decoder->thread_count = 1;
    if (int rc = avcodec_open2(decoder.get(), codec, nullptr); rc < 0) {
        throw Error(describe(piece, rc));
    }
    AVPacketPtr packet(av_packet_alloc());
    AVFramePtr frame(av_frame_alloc());
    AVFramePtr last(av_frame_alloc());
    std::optional<std::int64_t> origin;
    std::size_t next = 0;
    std::int64_t target = 0;
    const auto deliver = [&](const AVFrame& shown) {
        on_frame(next, shown);
        ++next;
        if (next < offsets.size()) target = *origin + ticks(offsets[next], stream.time_base);
    };
    const auto drain = [&] {
        while (next < offsets.size() && avcodec_receive_frame(decoder.get(), frame.get()) >= 0) {
            const std::int64_t shown = frame->best_effort_timestamp;
            // Half a frame early still counts: timestamps of 25 fps in a 90 kHz clock round.
            const std::int64_t slack = frame->pkt_duration > 0 ? frame->pkt_duration / 2 : 0;
            while (next < offsets.size() && shown != AV_NOPTS_VALUE && shown + slack >= target) {
                deliver(*frame);
            }
            av_frame_unref(last.get());
            av_frame_move_ref(last.get(), frame.get());
        }
    };
    while (next < offsets.size() && av_read_frame(input.format.get(), packet.get()) >= 0) {
        if (packet->stream_index != input.video) {
            av_packet_unref(packet.get());
            continue;
        }
        if (!origin) {
            if (!is_key(input, *packet)) {
                av_packet_unref(packet.get());
                continue;
            }
            origin = presentation(*packet);
            target = *origin + ticks(offsets[0], stream.time_base);
        }
        // A frame nothing refers to and shown before the wanted one is not worth decoding.
        decoder->skip_frame =
            presentation(*packet) != AV_NOPTS_VALUE && presentation(*packet) < target
                ? AVDISCARD_NONREF
                : AVDISCARD_DEFAULT;
        const int rc = avcodec_send_packet(decoder.get(), packet.get());
        av_packet_unref(packet.get());
        if (rc < 0 && rc != AVERROR(EAGAIN)) continue;
        drain();
    }
    if (next < offsets.size()) {
        avcodec_send_packet(decoder.get(), nullptr);
        drain();
    }
    if (next < offsets.size() && !last->data[0]) {
        throw Error(fmt::format("no picture in segment {}", piece.file.string()));
    }
    while (next < offsets.size()) deliver(*last);
}

int even(double value) {
    return std::max(2, static_cast<int>(std::lround(value / 2)) * 2);
}

// The picture's height at `width`, keeping the shape it is shown in (pixels need not be square).
int height_for(const AVFrame& frame, int width) {
    double shown_width = frame.width;
    if (frame.sample_aspect_ratio.num > 0 && frame.sample_aspect_ratio.den > 0) {
        shown_width *= av_q2d(frame.sample_aspect_ratio);
    }
    return even(width * frame.height / shown_width);
}

// 4:2:0 in full range (JFIF's), said by the scaler's and the encoder's colour range rather
// than by the deprecated YUVJ formats.
constexpr AVPixelFormat kJpegPixels = AV_PIX_FMT_YUV420P;

AVFramePtr picture(int width, int height) {
    AVFramePtr frame(av_frame_alloc());
    if (!frame) throw Error("out of memory for a picture");
    frame->format = kJpegPixels;
    frame->width = width;
    frame->height = height;
    frame->color_range = AVCOL_RANGE_JPEG;
    if (av_frame_get_buffer(frame.get(), 0) < 0) throw Error("out of memory for a picture");
    return frame;
}

// Scales `source` into the `width` x `height` rectangle of `into` at (x, y) (both even).
void scale_into(const AVFrame& source, AVFrame& into, int x, int y, int width, int height) {
    SwsContextPtr scaler(sws_getContext(source.width, source.height,
                                        static_cast<AVPixelFormat>(source.format), width, height,
                                        kJpegPixels, SWS_BICUBIC, nullptr, nullptr, nullptr));
    if (!scaler) throw Error("cannot scale the picture");
    const int* coefficients = sws_getCoefficients(SWS_CS_DEFAULT);
    const bool source_full = source.color_range == AVCOL_RANGE_JPEG;
    sws_setColorspaceDetails(scaler.get(), coefficients, source_full, coefficients, 1, 0, 1 << 16,
                             1 << 16);
    std::uint8_t* planes[4] = {into.data[0] + y * into.linesize[0] + x,
                               into.data[1] + (y / 2) * into.linesize[1] + x / 2,
                               into.data[2] + (y / 2) * into.linesize[2] + x / 2, nullptr};
    sws_scale(scaler.get(), source.data, source.linesize, 0, source.height, planes, into.linesize);
}

std::string encode_jpeg(const AVFrame& frame) {
    const AVCodec* codec = avcodec_find_encoder(AV_CODEC_ID_MJPEG);
    if (!codec) throw Error("libavcodec lacks the JPEG encoder");
    AVCodecContextPtr encoder(avcodec_alloc_context3(codec));
    if (!encoder) throw Error("out of memory for an encoder");
    encoder->width = frame.width;
    encoder->height = frame.height;
    encoder->pix_fmt = kJpegPixels;
    encoder->color_range = AVCOL_RANGE_JPEG;
    encoder->time_base = {1, 25};
    encoder->flags |= AV_CODEC_FLAG_QSCALE;
    encoder->global_quality = FF_QP2LAMBDA * kJpegQuantiser;
    if (int rc = avcodec_open2(encoder.get(), codec, nullptr); rc < 0) {
        throw Error("cannot start the JPEG encoder: " + av_error_text(rc));
    }
    AVFramePtr input(av_frame_clone(&frame));
    if (!input) throw Error("out of memory for a picture");
    input->pts = 0;
    input->quality = encoder->global_quality;
    input->pict_type = AV_PICTURE_TYPE_I;
    AVPacketPtr packet(av_packet_alloc());
    if (int rc = avcodec_send_frame(encoder.get(), input.get()); rc < 0) {
        throw Error("cannot encode the JPEG: " + av_error_text(rc));
    }
    avcodec_send_frame(encoder.get(), nullptr);
    if (int rc = avcodec_receive_packet(encoder.get(), packet.get()); rc < 0) {
        throw Error("cannot encode the JPEG: " + av_error_text(rc));
    }
    return {reinterpret_cast<const char*>(packet->data), static_cast<std::size_t>(packet->size)};
}

void fill_black(AVFrame& frame) {
    for (int y = 0; y < frame.height; ++y) {
        std::fill_n(frame.data[0] + y * frame.linesize[0], frame.width, 0);
    }
    for (int plane = 1; plane < 3; ++plane) {
        for (int y = 0; y < frame.height / 2; ++y) {
            std::fill_n(frame.data[plane] + y * frame.linesize[plane], frame.width / 2, 128);
        }
    }
}

std::string vtt_time(double s) {
    const auto ms = static_cast<std::int64_t>(std::llround(s * 1000));
    return fmt::format("{:02}:{:02}:{:02}.{:03}", ms / 3'600'000, ms / 60'000 % 60, ms / 1000 % 60,
                       ms % 1000);
}

}  // namespace

ClipRange write_clip(std::span<const MediaPiece> pieces, double from_s, double to_s,
                     const ByteSink& sink) {
    if (pieces.empty()) throw InvalidInput("the recording has no media");
    const double end = end_of(pieces);
    // Written so that NaN fails every test.
    if (!(from_s >= pieces.front().start_s) || !(to_s > from_s) || !(from_s < end) ||
        !(to_s <= end + kEndTolerance)) {
        throw InvalidInput(fmt::format("the range {}..{} s is not inside the recording (0..{} s)",
                                       from_s, to_s, end));
    }
    ClipStart start;
    start.piece = piece_at(pieces, from_s);
    // A piece starts with a keyframe; should one not, the keyframe is in an earlier piece.
    for (;;) {
        if (auto key = keyframe_at_or_before(pieces[start.piece], from_s)) {
            start.keyframe_s = *key;
            break;
        }
        if (start.piece == 0) {
            start.keyframe_s = pieces[0].start_s;
            break;
        }
        --start.piece;
    }
    const Input first = open_input(pieces[start.piece], true);
    start.audio_config = audio_config(pieces[start.piece], first);
    // The clip ends with the frame that covers to_s: its length within a frame of this.
    ClipWriter writer(sink, first, start.audio_config, std::min(to_s, end) - start.keyframe_s);
    PieceCopier copier(writer, start.keyframe_s, to_s);
    for (std::size_t i = start.piece; i < pieces.size() && pieces[i].start_s < to_s; ++i) {
        copier.copy(pieces[i], i == start.piece);
    }
    ClipRange range;
    range.start_s = start.keyframe_s;
    range.end_s = std::max(copier.end_s(), start.keyframe_s);
    range.bytes = writer.finish();
    return range;
}

std::string thumbnail_jpeg(const MediaPiece& piece, double offset_s, int width) {
    if (!(offset_s >= 0) || !(offset_s <= piece.duration_s + kEndTolerance)) {
        throw InvalidInput(
            fmt::format("{} s is outside the segment (0..{} s)", offset_s, piece.duration_s));
    }
    if (width < 2 || width % 2 != 0) throw InvalidInput("a thumbnail's width must be even");
    std::string jpeg;
    frames_at(piece, {offset_s}, [&](std::size_t, const AVFrame& frame) {
        AVFramePtr scaled = picture(width, height_for(frame, width));
        scale_into(frame, *scaled, 0, 0, scaled->width, scaled->height);
        jpeg = encode_jpeg(*scaled);
    });
    return jpeg;
}

Storyboard make_storyboard(std::span<const MediaPiece> pieces, double interval_s, int tile_width,
                           int columns, std::string_view sprite_url) {
    if (pieces.empty()) throw InvalidInput("the recording has no media");
    if (tile_width < 2 || tile_width % 2 != 0 || columns < 1) {
        throw InvalidInput("a storyboard's tiles need an even width and at least one column");
    }
    const double start = pieces.front().start_s;
    const double end = end_of(pieces);
    if (!(interval_s > 0) || (end - start) / interval_s > kMaxTiles) {
        throw InvalidInput(
            fmt::format("a storyboard interval of {} s makes too many tiles", interval_s));
    }
    const int tiles = std::max(1, static_cast<int>(std::ceil((end - start) / interval_s - 1e-9)));
    // Tiles grouped by the piece that shows them, so each piece is decoded once.
    std::vector<std::vector<double>> offsets(pieces.size());
    std::vector<std::vector<int>> tile_of(pieces.size());
    for (int tile = 0; tile < tiles; ++tile) {
        const double at = start + tile * interval_s;
        const std::size_t index = piece_at(pieces, at);
        offsets[index].push_back(
            std::clamp(at - pieces[index].start_s, 0.0, pieces[index].duration_s));
        tile_of[index].push_back(tile);
    }
    const int rows = (tiles + columns - 1) / columns;
    AVFramePtr sprite;
    int tile_height = 0;
    for (std::size_t index = 0; index < pieces.size(); ++index) {
        if (offsets[index].empty()) continue;
        frames_at(pieces[index], offsets[index], [&](std::size_t i, const AVFrame& frame) {
            if (!sprite) {
                tile_height = height_for(frame, tile_width);
                sprite = picture(tile_width * std::min(columns, tiles), tile_height * rows);
                fill_black(*sprite);
            }
            const int tile = tile_of[index][i];
            scale_into(frame, *sprite, tile % columns * tile_width, tile / columns * tile_height,
                       tile_width, tile_height);
        });
    }
    Storyboard board;
    board.jpeg = encode_jpeg(*sprite);
    board.vtt = "WEBVTT\n";
    for (int tile = 0; tile < tiles; ++tile) {
        const double from = tile * interval_s;
        const double to = std::min((tile + 1) * interval_s, end - start);
        board.vtt += fmt::format("\n{} --> {}\n{}#xywh={},{},{},{}\n", vtt_time(from), vtt_time(to),
                                 sprite_url, tile % columns * tile_width,
                                 tile / columns * tile_height, tile_width, tile_height);
    }
    return board;
}

}  // namespace councilcast::archive
