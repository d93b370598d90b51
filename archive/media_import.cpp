#include "archive/media_import.hpp"

#include <fmt/core.h>
#include <gst/gst.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <span>

#include "common/av_ptr.hpp"
#include "common/error.hpp"
#include "common/gst_ptr.hpp"
#include "common/require.hpp"

namespace councilcast::archive {
namespace {

// The end of a file counts as lost only past this: containers round their durations, and the
// last audio frame may run past the last video frame.
constexpr double kSkipTolerance_s = 0.5;
// How often the transcoder's bus wait looks at cancellation and reports progress.
constexpr GstClockTime kBusPoll = 200 * GST_MSECOND;
// Silence for a file without sound: every rendition carries AAC, as the live ones do.
constexpr int kAudioRate = 48000;
constexpr int kSamplesPerBuffer = 1024;
// Progress says how long is left only once this much is done: earlier guesses jump about.
constexpr double kEstimateFrom = 0.02;

double seconds_of(std::int64_t ts, AVRational time_base) {
    return static_cast<double>(ts) * av_q2d(time_base);
}

std::int64_t micros_of(std::int64_t ts, AVRational time_base) {
    return av_rescale_q(ts, time_base, AVRational{1, 1'000'000});
}

// Reports the share of all the files' length done so far, and from the pace so far what is left.
class ProgressMeter {
  public:
    ProgressMeter(double total_s, const ImportProgressCallback& callback)
        : total_s_(std::max(total_s, 0.001)),
          callback_(callback),
          started_(std::chrono::steady_clock::now()) {}

    void file_done(double length_s) { done_s_ += length_s; }

    void report(double into_file_s) {
        if (!callback_) return;
        const double fraction = std::clamp((done_s_ + into_file_s) / total_s_, 0.0, 1.0);
        ImportProgress progress{fraction, std::nullopt};
        if (fraction >= kEstimateFrom) {
            const double elapsed =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
            progress.seconds_left = elapsed * (1 - fraction) / fraction;
        }
        callback_(progress);
    }

  private:
    const double total_s_;
    const ImportProgressCallback& callback_;
    const std::chrono::steady_clock::time_point started_;
    double done_s_ = 0;
};

struct OpenedFile {
    AVFormatContextPtr format;
    int video = -1;
    int audio = -1;
};

OpenedFile open_file(const std::filesystem::path& file) {
    AVFormatContext* raw = nullptr;
    if (int rc = avformat_open_input(&raw, file.c_str(), nullptr, nullptr); rc < 0) {
        throw InvalidInput(fmt::format("{} cannot be read as media: {}", file.filename().string(),
                                       av_error_text(rc)));
    }
    OpenedFile opened{AVFormatContextPtr(raw)};
    if (int rc = avformat_find_stream_info(raw, nullptr); rc < 0) {
        throw InvalidInput(fmt::format("{} cannot be read as media: {}", file.filename().string(),
                                       av_error_text(rc)));
    }
    opened.video = av_find_best_stream(raw, AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
    opened.audio = av_find_best_stream(raw, AVMEDIA_TYPE_AUDIO, -1, -1, nullptr, 0);
    if (opened.video < 0) {
        throw InvalidInput(fmt::format("{} has no video", file.filename().string()));
    }
    return opened;
}

double container_seconds(const AVFormatContext& format, const AVStream& video) {
    if (format.duration != AV_NOPTS_VALUE && format.duration > 0) {
        return static_cast<double>(format.duration) / AV_TIME_BASE;
    }
    if (video.duration != AV_NOPTS_VALUE && video.duration > 0) {
        return seconds_of(video.duration, video.time_base);
    }
    return 0;
}

std::string segment_name(std::string_view run, int number) {
    return fmt::format("{}-{:06d}.ts", run, number);
}

// One MPEG-TS segment being written by libavformat; streams copied from the input.
class TsSegment {
  public:
    TsSegment(const std::filesystem::path& path, const OpenedFile& input) : path_(path) {
        AVFormatContext* raw = nullptr;
        if (avformat_alloc_output_context2(&raw, nullptr, "mpegts", path.c_str()) < 0) {
            throw Error("libavformat has no MPEG-TS muxer");
        }
        output_.reset(raw);
        for (int index : {input.video, input.audio}) {
            if (index < 0) continue;
            AVStream* stream = avformat_new_stream(raw, nullptr);
            if (!stream) throw Error("cannot add a stream to " + path.string());
            avcodec_parameters_copy(stream->codecpar, input.format->streams[index]->codecpar);
            stream->codecpar->codec_tag = 0;
            stream->time_base = input.format->streams[index]->time_base;
        }
        if (int rc = avio_open(&raw->pb, path.c_str(), AVIO_FLAG_WRITE); rc < 0) {
            throw Error(fmt::format("cannot write {}: {}", path.string(), av_error_text(rc)));
        }
        if (int rc = avformat_write_header(raw, nullptr); rc < 0) {
            throw Error(fmt::format("cannot write {}: {}", path.string(), av_error_text(rc)));
        }
    }
    TsSegment(const TsSegment&) = delete;
    TsSegment& operator=(const TsSegment&) = delete;
    ~TsSegment() {
        if (output_ && output_->pb) avio_closep(&output_->pb);
    }

    // `packet` in the input stream's time base; `out_stream` 0 for video, 1 for audio.
    void write(AVPacket& packet, int out_stream, AVRational in_base) {
        packet.stream_index = out_stream;
        av_packet_rescale_ts(&packet, in_base, output_->streams[out_stream]->time_base);
        packet.pos = -1;
        if (int rc = av_interleaved_write_frame(output_.get(), &packet); rc < 0) {
            throw Error(fmt::format("cannot write {}: {}", path_.string(), av_error_text(rc)));
        }
    }

    std::int64_t finish() {
        if (int rc = av_write_trailer(output_.get()); rc < 0) {
            throw Error(fmt::format("cannot write {}: {}", path_.string(), av_error_text(rc)));
        }
        avio_closep(&output_->pb);
        return static_cast<std::int64_t>(std::filesystem::file_size(path_));
    }

  private:
    std::filesystem::path path_;
    AVOutputContextPtr output_;
};

struct FileResult {
    double imported_s = 0;
    double expected_s = 0;
};

// Copies one file's packets into segments cut at the first keyframe at or after each segment
// length, timestamps kept (so continuous across the file's segments, as the live ones are).
FileResult remux_file(const std::filesystem::path& file, std::size_t source,
                      const std::filesystem::path& dir, std::string_view run, int& number,
                      std::int64_t timeline_us, const ImportSettings& settings,
                      ProgressMeter& meter, const std::atomic<bool>& cancel,
                      std::vector<ImportedSegment>& made) {
    OpenedFile input = open_file(file);
    const AVStream* video = input.format->streams[input.video];
    const bool with_audio =
        input.audio >= 0 &&
        input.format->streams[input.audio]->codecpar->codec_id == AV_CODEC_ID_AAC;
    if (!with_audio) input.audio = -1;
    FileResult result{0, container_seconds(*input.format, *video)};
    const std::int64_t segment_us = settings.segment.count() * 1000;

    std::optional<TsSegment> current;
    std::int64_t first_us = AV_NOPTS_VALUE;  // the first keyframe's presentation time
    std::int64_t opened_us = 0;
    std::int64_t video_end_us = 0;
    auto close_segment = [&](std::int64_t end_us) {
        const std::int64_t bytes = current->finish();
        current.reset();
        made.back().duration_us = std::max<std::int64_t>(1, end_us - opened_us);
        made.back().bytes = bytes;
    };
    auto packet = AVPacketPtr(av_packet_alloc());
    for (;;) {
        if (cancel) throw ImportCancelled{};
        // A read error past the start is the end of what can be read: a truncated or
        // damaged file imports up to there, and the caller says what was lost.
        if (av_read_frame(input.format.get(), packet.get()) < 0) break;
        if ((packet->flags & AV_PKT_FLAG_CORRUPT) != 0) break;
        const int index = packet->stream_index;
        if (index != input.video && index != input.audio) {
            av_packet_unref(packet.get());
            continue;
        }
        const AVRational base = input.format->streams[index]->time_base;
        const std::int64_t pts = packet->pts != AV_NOPTS_VALUE ? packet->pts : packet->dts;
        if (index == input.video && pts != AV_NOPTS_VALUE) {
            const std::int64_t pts_us = micros_of(pts, base);
            const bool key = (packet->flags & AV_PKT_FLAG_KEY) != 0;
            if (key && (!current || pts_us - opened_us >= segment_us)) {
                if (current) close_segment(pts_us);
                if (first_us == AV_NOPTS_VALUE) first_us = pts_us;
                const std::string name = segment_name(run, number++);
                current.emplace(dir / name, input);
                made.push_back({name, timeline_us + (pts_us - first_us), 0, 0, source});
                opened_us = pts_us;
            }
            const std::int64_t frame_us =
                packet->duration > 0
                    ? micros_of(packet->duration, base)
                    : static_cast<std::int64_t>(1e6 / std::max(1.0, av_q2d(video->avg_frame_rate)));
            video_end_us = std::max(video_end_us, pts_us + frame_us);
            meter.report(static_cast<double>(pts_us - first_us) / 1e6);
        }
        // Nothing before the first keyframe: a segment starts with one.
        if (current) current->write(*packet, index == input.video ? 0 : 1, base);
        av_packet_unref(packet.get());
    }
    if (current) close_segment(video_end_us);
    if (first_us != AV_NOPTS_VALUE) result.imported_s = (video_end_us - first_us) / 1e6;
    return result;
}

// The presentation time of a segment's first video frame and the end of its last, in µs.
std::pair<std::int64_t, std::int64_t> video_span(const std::filesystem::path& path) {
    AVFormatContext* raw = nullptr;
    if (int rc = avformat_open_input(&raw, path.c_str(), nullptr, nullptr); rc < 0) {
        throw Error(fmt::format("cannot read {}: {}", path.string(), av_error_text(rc)));
    }
    AVFormatContextPtr format(raw);
    avformat_find_stream_info(raw, nullptr);
    const int video = av_find_best_stream(raw, AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
    if (video < 0) throw Error(fmt::format("{} has no video", path.string()));
    const AVStream* stream = raw->streams[video];
    const std::int64_t frame_us = static_cast<std::int64_t>(
        1e6 / std::max(1.0, av_q2d(stream->avg_frame_rate.num > 0 ? stream->avg_frame_rate
                                                                  : stream->r_frame_rate)));
    std::int64_t first = std::numeric_limits<std::int64_t>::max();
    std::int64_t end = std::numeric_limits<std::int64_t>::min();
    auto packet = AVPacketPtr(av_packet_alloc());
    while (av_read_frame(raw, packet.get()) >= 0) {
        if (packet->stream_index == video && packet->pts != AV_NOPTS_VALUE) {
            const std::int64_t pts_us = micros_of(packet->pts, stream->time_base);
            first = std::min(first, pts_us);
            end = std::max(
                end, pts_us + (packet->duration > 0 ? micros_of(packet->duration, stream->time_base)
                                                    : frame_us));
        }
        av_packet_unref(packet.get());
    }
    if (end < first) throw Error(fmt::format("{} has no video frame", path.string()));
    return {first, end};
}

// splitmuxsink's running times count from the decoder's first output, which a demuxer's own
// start offset (MPEG-PS) moves; the segments' timestamps are what players go by. Each of a
// file's segments runs to the next one's first frame, the last to the end of its last frame.
void measure_segments(const std::filesystem::path& dir, std::span<ImportedSegment> segments,
                      std::int64_t timeline_us) {
    std::vector<std::pair<std::int64_t, std::int64_t>> spans;
    for (const auto& segment : segments) spans.push_back(video_span(dir / segment.file));
    for (std::size_t i = 0; i < segments.size(); ++i) {
        const std::int64_t end = i + 1 < spans.size() ? spans[i + 1].first : spans[i].second;
        segments[i].offset_us = timeline_us + (spans[i].first - spans.front().first);
        segments[i].duration_us = std::max<std::int64_t>(1, end - spans[i].first);
    }
}

// The transcoder's pipeline for one file, its source linked as decodebin finds the streams.
std::string transcode_description(const ImportSettings& settings, const MediaProbe& probe,
                                  const std::filesystem::path& folder, std::string_view run,
                                  int start_number) {
    const auto& program = settings.renditions.front();
    std::string text = fmt::format(
        "filesrc name=src ! decodebin name=dec "
        "queue name=vin ! videoconvert ! videoscale ! videorate ! "
        "video/x-raw,format=I420,width={},height={},framerate={}/1,pixel-aspect-ratio=1/1 ! "
        "tee name=program ",
        program.width, program.height, program.framerate);
    const std::string aac = fmt::format(
        "audio/x-raw,rate={},channels=2 ! avenc_aac bitrate={} ! aacparse ! tee name=audio ",
        kAudioRate, program.audio_bitrate_kbps * 1000);
    if (probe.audio_codec.empty()) {
        const auto buffers =
            static_cast<long>(std::ceil(probe.duration_s * kAudioRate / kSamplesPerBuffer) + 1);
        text += fmt::format("audiotestsrc wave=silence samplesperbuffer={} num-buffers={} ! {}",
                            kSamplesPerBuffer, buffers, aac);
    } else {
        text += "queue name=ain ! audioconvert ! audioresample ! " + aac;
    }
    const auto segment_ns = settings.segment.count() * GST_MSECOND;
    for (std::size_t i = 0; i < settings.renditions.size(); ++i) {
        const auto& rendition = settings.renditions[i];
        const std::string location =
            (folder / rendition.name / fmt::format("{}-%06d.ts", run)).string();
        if (rendition.width == 0 && rendition.height == 0) {
            // An audio-only rendition (streamer/output_ladder.cpp): the sound alone.
            text += fmt::format(
                "audio. ! queue ! mux{}.audio_0 "
                "splitmuxsink name=mux{} muxer-factory=mpegtsmux max-size-time={} start-index={} "
                "location=\"{}\" ",
                i, i, segment_ns, start_number, location);
            continue;
        }
        // As the streamer encodes (streamer/output_ladder.cpp): an IDR at every segment
        // boundary and nowhere else, so the segments match the live ones.
        const int gop_frames =
            static_cast<int>(rendition.framerate * settings.segment.count() / 1000);
        text += fmt::format(
            "program. ! queue ! videoscale ! videorate ! "
            "video/x-raw,width={},height={},framerate={}/1 ! "
            "x264enc speed-preset={} tune=zerolatency bitrate={} key-int-max={} "
            "option-string=\"scenecut=0:keyint-min={}\" ! video/x-h264,profile={} ! h264parse ! "
            "queue ! mux{}.video audio. ! queue ! mux{}.audio_0 "
            "splitmuxsink name=mux{} muxer-factory=mpegtsmux max-size-time={} start-index={} "
            "location=\"{}\" ",
            rendition.width, rendition.height, rendition.framerate, settings.speed_preset,
            rendition.video_bitrate_kbps, gop_frames, gop_frames, rendition.profile, i, i, i,
            segment_ns, start_number, location);
    }
    return text;
}

// decodebin's pads go to the video and audio branches by their caps; a stream nobody wants is
// left unlinked (decodebin drops it). On GStreamer's streaming thread: touches only the pipeline.
void link_decoded(GstElement*, GstPad* pad, gpointer pipeline) noexcept {
    auto caps = GPtr<GstCaps>::adopt(gst_pad_get_current_caps(pad));
    if (!caps) caps = GPtr<GstCaps>::adopt(gst_pad_query_caps(pad, nullptr));
    if (!caps || gst_caps_is_empty(caps.get())) return;
    const char* media = gst_structure_get_name(gst_caps_get_structure(caps.get(), 0));
    const char* target = g_str_has_prefix(media, "video/")   ? "vin"
                         : g_str_has_prefix(media, "audio/") ? "ain"
                                                             : nullptr;
    if (!target) return;
    auto element = GPtr<GstElement>::adopt(gst_bin_get_by_name(GST_BIN(pipeline), target));
    if (!element) return;
    auto sink = GPtr<GstPad>::adopt(gst_element_get_static_pad(element.get(), "sink"));
    if (!gst_pad_is_linked(sink.get())) gst_pad_link(pad, sink.get());
}

// A branch decodebin found nothing for (a sound track it cannot decode) is ended, so the
// muxers do not wait for it forever.
void end_unlinked(GstElement*, gpointer pipeline) noexcept {
    for (const char* name : {"vin", "ain"}) {
        auto element = GPtr<GstElement>::adopt(gst_bin_get_by_name(GST_BIN(pipeline), name));
        if (!element) continue;
        auto sink = GPtr<GstPad>::adopt(gst_element_get_static_pad(element.get(), "sink"));
        if (!gst_pad_is_linked(sink.get())) gst_pad_send_event(sink.get(), gst_event_new_eos());
    }
}

struct Fragment {
    std::string location;
    GstClockTime opened = GST_CLOCK_TIME_NONE;
};

FileResult transcode_file(const std::filesystem::path& file, std::size_t source,
                          const MediaProbe& probe, const std::filesystem::path& folder,
                          std::string_view run, int& number, std::int64_t timeline_us,
                          const ImportSettings& settings, ProgressMeter& meter,
                          const std::atomic<bool>& cancel,
                          std::vector<std::vector<ImportedSegment>>& made) {
    const std::string description = transcode_description(settings, probe, folder, run, number);
    GErrorPtr error;
    auto pipeline = GPtr<GstElement>::sink(gst_parse_launch_full(
        description.c_str(), nullptr, GST_PARSE_FLAG_FATAL_ERRORS, error.out()));
    if (!pipeline || error) throw Error(fmt::format("import pipeline: {}", error.message()));
    {
        auto src = GPtr<GstElement>::adopt(gst_bin_get_by_name(GST_BIN(pipeline.get()), "src"));
        g_object_set(src.get(), "location", file.c_str(), nullptr);
    }
    auto dec = GPtr<GstElement>::adopt(gst_bin_get_by_name(GST_BIN(pipeline.get()), "dec"));
    // Disconnected before the pipeline goes (teardown order): both point at the pipeline.
    const gulong pad_added =
        g_signal_connect(dec.get(), "pad-added", G_CALLBACK(link_decoded), pipeline.get());
    const gulong no_more =
        g_signal_connect(dec.get(), "no-more-pads", G_CALLBACK(end_unlinked), pipeline.get());
    std::vector<GstElement*> muxers;  // owned by the pipeline
    for (std::size_t i = 0; i < settings.renditions.size(); ++i) {
        auto mux = GPtr<GstElement>::adopt(
            gst_bin_get_by_name(GST_BIN(pipeline.get()), fmt::format("mux{}", i).c_str()));
        muxers.push_back(mux.get());
    }
    auto bus = GPtr<GstBus>::adopt(gst_element_get_bus(pipeline.get()));
    std::vector<Fragment> open(settings.renditions.size());
    std::string failure;
    bool ended = false;
    double reached_s = 0;
    gst_element_set_state(pipeline.get(), GST_STATE_PLAYING);
    while (!ended && failure.empty() && !cancel) {
        auto message = GPtr<GstMessage>::adopt(gst_bus_timed_pop(bus.get(), kBusPoll));
        if (!message) {
            gint64 position = 0;
            if (gst_element_query_position(pipeline.get(), GST_FORMAT_TIME, &position) &&
                position > 0) {
                reached_s = std::max(reached_s, static_cast<double>(position) / GST_SECOND);
            }
            meter.report(std::min(reached_s, probe.duration_s));
            continue;
        }
        switch (GST_MESSAGE_TYPE(message.get())) {
            case GST_MESSAGE_ERROR: {
                GErrorPtr gst_error;
                GCharPtr debug;
                gst_message_parse_error(message.get(), gst_error.out(), debug.out());
                failure = gst_error.message();
                break;
            }
            case GST_MESSAGE_EOS:
                ended = true;
                break;
            case GST_MESSAGE_ELEMENT: {
                const GstStructure* s = gst_message_get_structure(message.get());
                auto from = std::find(muxers.begin(), muxers.end(),
                                      GST_ELEMENT(GST_MESSAGE_SRC(message.get())));
                GstClockTime running_time = 0;
                if (!s || from == muxers.end() ||
                    !gst_structure_get_uint64(s, "running-time", &running_time)) {
                    break;
                }
                const auto rendition = static_cast<std::size_t>(from - muxers.begin());
                Fragment& fragment = open[rendition];
                const char* location = gst_structure_get_string(s, "location");
                if (gst_structure_has_name(s, "splitmuxsink-fragment-opened")) {
                    fragment = {location ? location : "", running_time};
                } else if (gst_structure_has_name(s, "splitmuxsink-fragment-closed") &&
                           fragment.opened != GST_CLOCK_TIME_NONE && location) {
                    const std::filesystem::path path(location);
                    if (running_time > fragment.opened) {
                        made[rendition].push_back(
                            {path.filename().string(),
                             timeline_us + static_cast<std::int64_t>(fragment.opened / 1000),
                             static_cast<std::int64_t>((running_time - fragment.opened) / 1000),
                             static_cast<std::int64_t>(std::filesystem::file_size(path)), source});
                        reached_s =
                            std::max(reached_s, static_cast<double>(running_time) / GST_SECOND);
                    } else {
                        std::filesystem::remove(path);
                    }
                    fragment = {};
                }
                break;
            }
            default:
                break;
        }
    }
    gst_element_set_state(pipeline.get(), GST_STATE_NULL);
    g_signal_handler_disconnect(dec.get(), pad_added);
    g_signal_handler_disconnect(dec.get(), no_more);
    // A fragment the muxer never closed (the pipeline failed on a damaged stretch) is left out.
    for (const auto& fragment : open) {
        std::error_code ignored;
        if (!fragment.location.empty()) std::filesystem::remove(fragment.location, ignored);
    }
    if (cancel) throw ImportCancelled{};
    // The renditions are cut at the same instants; a damaged end may leave one a segment
    // ahead of another, and each keeps only what all have.
    std::size_t common = made.front().size();
    for (const auto& segments : made) common = std::min(common, segments.size());
    for (auto& segments : made) {
        while (segments.size() > common) {
            std::error_code ignored;
            std::filesystem::remove(
                folder / settings.renditions[&segments - made.data()].name / segments.back().file,
                ignored);
            segments.pop_back();
        }
    }
    const std::size_t count = static_cast<std::size_t>(
        std::count_if(made.front().begin(), made.front().end(),
                      [source](const ImportedSegment& s) { return s.source == source; }));
    for (std::size_t r = 0; r < made.size(); ++r) {
        const auto& rendition = settings.renditions[r];
        if (rendition.width == 0 && rendition.height == 0) continue;
        measure_segments(folder / rendition.name, std::span(made[r]).last(count), timeline_us);
    }
    // Sound alone has no frames to measure; it is cut at the same instants as the pictures (the
    // first rendition always has one), so it takes their timeline.
    for (std::size_t r = 1; r < made.size(); ++r) {
        const auto& rendition = settings.renditions[r];
        if (rendition.width != 0 || rendition.height != 0) continue;
        auto sound = std::span(made[r]).last(count);
        auto picture = std::span(made.front()).last(count);
        for (std::size_t i = 0; i < count; ++i) {
            sound[i].offset_us = picture[i].offset_us;
            sound[i].duration_us = picture[i].duration_us;
        }
    }
    const std::int64_t reached_us =
        count == 0 ? 0
                   : made.front().back().offset_us + made.front().back().duration_us - timeline_us;
    if (count == 0) {
        throw InvalidInput(fmt::format("{} gave no picture{}", file.filename().string(),
                                       failure.empty() ? "" : ": " + failure));
    }
    number += static_cast<int>(count);
    return {reached_us / 1e6, probe.duration_s};
}

void note_skipped(ImportOutcome& outcome, std::size_t source, const FileResult& result) {
    if (result.expected_s - result.imported_s > kSkipTolerance_s) {
        outcome.skipped.push_back({source, result.expected_s - result.imported_s});
    }
}

ImportOutcome remux_all(std::span<const std::filesystem::path> files,
                        std::span<const MediaProbe> probes, const std::filesystem::path& folder,
                        std::string_view run, const ImportSettings& settings, ProgressMeter& meter,
                        const std::atomic<bool>& cancel) {
    ImportOutcome outcome;
    outcome.method = ImportMethod::kRemux;
    ImportedRendition rendition{
        settings.source_rendition, probes.front().width, probes.front().height, {}};
    const auto dir = folder / rendition.name;
    std::filesystem::create_directories(dir);
    int number = 0;
    std::int64_t timeline_us = 0;
    for (std::size_t i = 0; i < files.size(); ++i) {
        const std::size_t before = rendition.segments.size();
        const FileResult result = remux_file(files[i], i, dir, run, number, timeline_us, settings,
                                             meter, cancel, rendition.segments);
        if (rendition.segments.size() == before) {
            throw InvalidInput(fmt::format("{} gave no picture", files[i].filename().string()));
        }
        const auto& last = rendition.segments.back();
        timeline_us = last.offset_us + last.duration_us;
        note_skipped(outcome, i, result);
        meter.file_done(probes[i].duration_s);
        meter.report(0);
    }
    outcome.duration_s = timeline_us / 1e6;
    outcome.renditions.push_back(std::move(rendition));
    return outcome;
}

ImportOutcome transcode_all(std::span<const std::filesystem::path> files,
                            std::span<const MediaProbe> probes, const std::filesystem::path& folder,
                            std::string_view run, const ImportSettings& settings,
                            ProgressMeter& meter, const std::atomic<bool>& cancel) {
    GErrorPtr init_error;
    if (!gst_init_check(nullptr, nullptr, init_error.out())) {
        throw Error(fmt::format("GStreamer: {}", init_error.message()));
    }
    ImportOutcome outcome;
    outcome.method = ImportMethod::kTranscode;
    std::vector<std::vector<ImportedSegment>> made(settings.renditions.size());
    for (const auto& rendition : settings.renditions) {
        std::filesystem::create_directories(folder / rendition.name);
    }
    int number = 0;
    std::int64_t timeline_us = 0;
    for (std::size_t i = 0; i < files.size(); ++i) {
        const FileResult result = transcode_file(files[i], i, probes[i], folder, run, number,
                                                 timeline_us, settings, meter, cancel, made);
        const auto& last = made.front().back();
        timeline_us = last.offset_us + last.duration_us;
        note_skipped(outcome, i, result);
        meter.file_done(probes[i].duration_s);
        meter.report(0);
    }
    outcome.duration_s = timeline_us / 1e6;
    for (std::size_t r = 0; r < settings.renditions.size(); ++r) {
        const auto& rendition = settings.renditions[r];
        outcome.renditions.push_back(
            {rendition.name, rendition.width, rendition.height, std::move(made[r])});
    }
    return outcome;
}

}  // namespace

// H.264's profile_idc, constraint flags and level_idc: from the avcC box (MP4, MOV) or the
// first SPS of an Annex B stream (MPEG-TS), else from what libav decoded of them.
std::array<std::uint8_t, 3> h264_profile_bytes(const AVCodecParameters& video) {
    const std::span<const std::uint8_t> extra(video.extradata,
                                              static_cast<std::size_t>(video.extradata_size));
    if (extra.size() >= 4 && extra[0] == 1) return {extra[1], extra[2], extra[3]};
    for (std::size_t i = 0; i + 6 < extra.size(); ++i) {
        // A start code, then a NAL header whose type (low five bits) is 7: a sequence parameter
        // set.
        if (extra[i] == 0 && extra[i + 1] == 0 && extra[i + 2] == 1 && (extra[i + 3] & 0x1f) == 7) {
            return {extra[i + 4], extra[i + 5], extra[i + 6]};
        }
    }
    const int profile = video.profile & 0xff;  // without libav's constrained/intra flags
    const bool constrained = (video.profile & FF_PROFILE_H264_CONSTRAINED) != 0;
    return {static_cast<std::uint8_t>(std::max(profile, 0)),
            static_cast<std::uint8_t>(constrained ? 0x40 : 0),
            static_cast<std::uint8_t>(std::max(video.level, 0))};
}

// What every browser's H.264 decoder takes: 8-bit 4:2:0 in the Baseline, Main or High profile.
// Anything else (High 10, 4:2:2, 4:4:4, Extended) is transcoded, or it would not play.
bool browsers_decode(const AVCodecParameters& video) {
    const auto format = static_cast<AVPixelFormat>(video.format);
    const int profile = video.profile & 0xff;
    return (format == AV_PIX_FMT_YUV420P || format == AV_PIX_FMT_YUVJ420P) &&
           (profile == FF_PROFILE_H264_BASELINE || profile == FF_PROFILE_H264_MAIN ||
            profile == FF_PROFILE_H264_HIGH);
}

// RFC 6381: "avc1.PPCCLL" with "mp4a.40.<object type>" when there is AAC audio (libav's AAC
// profile is the MPEG-4 audio object type less one: LC is 1, object type 2).
std::string rfc6381_codecs(const AVCodecParameters& video, const AVCodecParameters* audio) {
    const auto [profile, constraints, level] = h264_profile_bytes(video);
    std::string codecs = fmt::format("avc1.{:02x}{:02x}{:02x}", profile, constraints, level);
    if (audio) {
        const int object_type = audio->profile >= 0 ? audio->profile + 1 : 2;
        codecs += fmt::format(",mp4a.40.{}", object_type);
    }
    return codecs;
}

MediaProbe probe_media(const std::filesystem::path& file) {
    OpenedFile input = open_file(file);
    const AVStream* video = input.format->streams[input.video];
    MediaProbe probe;
    probe.duration_s = container_seconds(*input.format, *video);
    probe.video_codec = avcodec_get_name(video->codecpar->codec_id);
    probe.width = video->codecpar->width;
    probe.height = video->codecpar->height;
    if (input.audio >= 0) {
        probe.audio_codec =
            avcodec_get_name(input.format->streams[input.audio]->codecpar->codec_id);
    }
    if (video->avg_frame_rate.num > 0 && video->avg_frame_rate.den > 0) {
        probe.framerate = av_q2d(video->avg_frame_rate);
    }
    const bool copyable_video =
        video->codecpar->codec_id == AV_CODEC_ID_H264 && browsers_decode(*video->codecpar);
    const bool copyable_audio =
        input.audio < 0 ||
        input.format->streams[input.audio]->codecpar->codec_id == AV_CODEC_ID_AAC;
    probe.method =
        copyable_video && copyable_audio ? ImportMethod::kRemux : ImportMethod::kTranscode;
    if (probe.method == ImportMethod::kRemux) {
        probe.codecs = rfc6381_codecs(
            *video->codecpar,
            input.audio < 0 ? nullptr : input.format->streams[input.audio]->codecpar);
    }
    return probe;
}

ImportOutcome import_media(std::span<const std::filesystem::path> files,
                           const std::filesystem::path& folder, std::string_view run,
                           const ImportSettings& settings, const ImportProgressCallback& progress,
                           const std::atomic<bool>& cancel) {
    require(!files.empty(), "an import needs a file");
    require(!settings.renditions.empty(), "an import needs the channel's renditions");
    std::vector<MediaProbe> probes;
    double total_s = 0;
    for (const auto& file : files) {
        probes.push_back(probe_media(file));
        total_s += probes.back().duration_s;
    }
    const bool remux = std::all_of(probes.begin(), probes.end(), [&](const MediaProbe& probe) {
        return probe.method == ImportMethod::kRemux && probe.width == probes.front().width &&
               probe.height == probes.front().height;
    });
    if (remux) {
        ProgressMeter meter(total_s, progress);
        ImportOutcome outcome = remux_all(files, probes, folder, run, settings, meter, cancel);
        // What a player must be able to decode: the files' greatest codecs string (the highest
        // profile, and of files with the same profile and flags the highest level; the strings
        // order as their hex bytes do), at the fastest frame rate.
        for (const auto& probe : probes) {
            outcome.codecs = std::max(outcome.codecs, probe.codecs);
            outcome.framerate = std::max(outcome.framerate, probe.framerate);
        }
        const auto& segments = outcome.renditions.front().segments;
        const auto longest = std::max_element(
            segments.begin(), segments.end(),
            [](const auto& a, const auto& b) { return a.duration_us < b.duration_us; });
        if (longest->duration_us <= settings.max_segment.count() * 1000) return outcome;
        // Keyframes too far apart for the playlist: the picture is encoded anew after all.
        std::filesystem::remove_all(folder / settings.source_rendition);
    }
    ProgressMeter meter(total_s, progress);
    return transcode_all(files, probes, folder, run, settings, meter, cancel);
}

}  // namespace councilcast::archive
