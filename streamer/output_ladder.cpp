#include "streamer/output_ladder.hpp"

#include <fmt/core.h>

#include <gst/video/video.h>
#include <spdlog/spdlog.h>

#include <cmath>
#include <filesystem>
#include <utility>

#include "common/durable_file.hpp"
#include "common/unix_time.hpp"

namespace councilcast::streamer {
namespace {

// A new report when the measured peak or average moved this much since the last one: the
// master playlist follows the stream without changing at every segment.
constexpr double kLadderReportChange = 0.10;

// AAC-LC, what avenc_aac makes (RFC 6381).
constexpr std::string_view kLadderAac = "mp4a.40.2";

bool is_audio_only_rendition(const RenditionSettings& rendition) {
    return rendition.width == 0 && rendition.height == 0;
}

// "avc1.PPCCLL" from the first sequence parameter set in an H.264 byte stream access unit:
// profile_idc, the constraint flags and level_idc, the three bytes after the NAL header.
std::string ladder_avc_of_sps(const std::uint8_t* data, std::size_t size) {
    for (std::size_t i = 0; i + 6 < size; ++i) {
        if (data[i] == 0 && data[i + 1] == 0 && data[i + 2] == 1 && (data[i + 3] & 0x1f) == 7) {
            return fmt::format("avc1.{:02x}{:02x}{:02x}", data[i + 4], data[i + 5], data[i + 6]);
        }
    }
    return {};
}

bool report_moved(std::int64_t now, std::int64_t reported) {
    return std::abs(static_cast<double>(now - reported)) >
           kLadderReportChange * static_cast<double>(reported);
}

}  // namespace

OutputLadder::OutputLadder(const WorkerSettings& settings, SegmentHandler on_segment,
                           RenditionHandler on_rendition)
    : settings_(settings),
      on_segment_(std::move(on_segment)),
      on_rendition_(std::move(on_rendition)),
      run_id_(fmt::format("{:x}", now_unix_ms())) {
    for (const auto& rendition : settings_.renditions) {
        const auto folder = std::filesystem::path(settings_.output_dir) / rendition.name;
        std::filesystem::create_directories(folder);
        // A segment a dead worker was writing was never announced: nobody will ever serve it.
        for (const auto& entry : std::filesystem::directory_iterator(folder)) {
            if (entry.path().extension() != ".part") continue;
            std::error_code ignored;
            std::filesystem::remove(entry.path(), ignored);
        }
    }
}

OutputLadder::~OutputLadder() {
    for (std::size_t i = 0; i < keyframe_probes_.size(); ++i) {
        if (encoder_pads_[i]) gst_pad_remove_probe(encoder_pads_[i].get(), keyframe_probes_[i]);
    }
    for (std::size_t i = 0; i < encoded_probes_.size(); ++i) {
        if (encoded_pads_[i]) gst_pad_remove_probe(encoded_pads_[i].get(), encoded_probes_[i]);
    }
    for (const auto& [fragment, pending] : pending_) discard(fragment, pending);
}

std::string OutputLadder::describe() const {
    const auto& program = settings_.renditions.front();
    std::string text;
    for (std::size_t i = 0; i < settings_.renditions.size(); ++i) {
        const auto& rendition = settings_.renditions[i];
        if (!is_audio_only_rendition(rendition)) {
            // A keyframe where KeyframeSchedule forces one and nowhere else (scenecut off; the
            // encoder's own limit, twice the interval, acts only if the schedule failed), so
            // every segment starts with a keyframe and all renditions split at the same
            // instants. Each rendition at its own frame rate: the master playlist announces it
            // (FRAME-RATE, and the H.264 level in CODECS follows from it).
            const int gop_frames =
                static_cast<int>(rendition.framerate * settings_.keyframe_interval_ms / 1000);
            // A plain videorate holds every frame until the next one arrives (it may have to
            // repeat it), which puts a frame time (33 ms at 30 fps) between a new vote count on
            // the picture and the encoder. A rendition at or below the program's rate only ever
            // drops frames, so it gets one that passes each frame on at once.
            const char* rate =
                rendition.framerate <= program.framerate ? "videorate drop-only=true" : "videorate";
            text += fmt::format(
                "program. ! queue ! videoscale ! {} ! "
                "video/x-raw,width={},height={},framerate={}/1 ! "
                "x264enc name=encode{} speed-preset=veryfast tune=zerolatency bitrate={} "
                "key-int-max={} option-string=\"scenecut=0\" ! video/x-h264,profile={} ! "
                "h264parse name=parse{} ! queue ! mux{}. ",
                rate, rendition.width, rendition.height, rendition.framerate, i,
                rendition.video_bitrate_kbps, 2 * gop_frames, rendition.profile, i, i);
        }
        text += fmt::format(
            "program_audio. ! queue ! avenc_aac bitrate={} ! aacparse ! queue ! mux{}. ",
            rendition.audio_bitrate_kbps * 1000, i);
        // The muxer's packets as it makes them, unsynchronised: the Segmenter writes each as
        // soon as it is out.
        text += fmt::format(
            "mpegtsmux name=mux{} ! appsink name=segments{} sync=false max-buffers=0 "
            "buffer-list=true ",
            i, i);
    }
    return text;
}

void OutputLadder::attach(GstElement* pipeline) {
    pipeline_ = pipeline;
    const auto segment_duration =
        static_cast<GstClockTime>(settings_.segment_duration_ms) * GST_MSECOND;
    const auto keyframe_interval =
        static_cast<GstClockTime>(settings_.keyframe_interval_ms) * GST_MSECOND;
    for (std::size_t i = 0; i < settings_.renditions.size(); ++i) {
        const RenditionSettings& rendition = settings_.renditions[i];
        const bool audio_only = is_audio_only_rendition(rendition);
        segmenters_.push_back(std::make_unique<Segmenter>(Segmenter::Settings{
            .path_prefix = fmt::format("{}/{}/{}-", settings_.output_dir, rendition.name, run_id_),
            .segment_duration = segment_duration,
            .keyframe_interval = keyframe_interval,
            .audio_only = audio_only,
            .parts_per_segment = settings_.parts_per_segment}));
        sinks_.push_back(GPtr<GstElement>::adopt(
            gst_bin_get_by_name(GST_BIN(pipeline_), fmt::format("segments{}", i).c_str())));
        segmenters_.back()->attach(sinks_.back().get());
        segments_.push_back(0);
        measured_.emplace_back();
        frames_at_status_.push_back(0);
        counters_.push_back(std::make_unique<Counters>());
        // The encoder starts with a keyframe of its own; forcing one on the first frame as
        // well makes GstVideoEncoder ignore the next request (measured: the keyframe due a
        // second later did not come).
        schedules_.push_back(std::make_unique<KeyframeSchedule>(
            KeyframeSchedule{.interval = keyframe_interval, .next = keyframe_interval}));
        GPtr<GstPad> encoder_pad;
        gulong keyframe_probe = 0;
        GPtr<GstPad> pad;
        gulong probe = 0;
        if (!audio_only) {
            GPtr<GstElement> encoder = GPtr<GstElement>::adopt(
                gst_bin_get_by_name(GST_BIN(pipeline_), fmt::format("encode{}", i).c_str()));
            encoder_pad = GPtr<GstPad>::adopt(gst_element_get_static_pad(encoder.get(), "sink"));
            keyframe_probe = gst_pad_add_probe(encoder_pad.get(), GST_PAD_PROBE_TYPE_BUFFER,
                                               &OutputLadder::keyframe_trampoline,
                                               schedules_.back().get(), nullptr);
            GPtr<GstElement> parser = GPtr<GstElement>::adopt(
                gst_bin_get_by_name(GST_BIN(pipeline_), fmt::format("parse{}", i).c_str()));
            pad = GPtr<GstPad>::adopt(gst_element_get_static_pad(parser.get(), "src"));
            probe = gst_pad_add_probe(pad.get(), GST_PAD_PROBE_TYPE_BUFFER,
                                      &OutputLadder::encoded_trampoline, counters_.back().get(),
                                      nullptr);
        }
        encoder_pads_.push_back(std::move(encoder_pad));
        keyframe_probes_.push_back(keyframe_probe);
        encoded_pads_.push_back(std::move(pad));
        encoded_probes_.push_back(probe);
    }
    status_time_ = std::chrono::steady_clock::now();
}

std::vector<EncoderStatus> OutputLadder::encoder_status() const {
    const auto now = std::chrono::steady_clock::now();
    const double seconds = std::chrono::duration<double>(now - status_time_).count();
    status_time_ = now;
    std::vector<EncoderStatus> encoders;
    for (std::size_t i = 0; i < settings_.renditions.size(); ++i) {
        EncoderStatus encoder{.rendition = settings_.renditions[i].name};
        if (i < counters_.size()) {
            const std::int64_t frames = counters_[i]->frames.load(std::memory_order_relaxed);
            if (seconds > 0) {
                encoder.fps = static_cast<double>(frames - frames_at_status_[i]) / seconds;
            }
            frames_at_status_[i] = frames;
            encoder.segments = segments_[i];
        }
        encoders.push_back(std::move(encoder));
    }
    return encoders;
}

// On an encoder's streaming thread: one buffer out of h264parse is one encoded frame.
GstPadProbeReturn OutputLadder::encoded_trampoline(GstPad*, GstPadProbeInfo* info,
                                                   gpointer data) noexcept {
    auto* counters = static_cast<Counters*>(data);
    counters->frames.fetch_add(1, std::memory_order_relaxed);
    std::lock_guard lock(counters->sps_mutex);
    if (!counters->avc.empty()) return GST_PAD_PROBE_OK;
    GstBuffer* buffer = GST_PAD_PROBE_INFO_BUFFER(info);
    GstMapInfo map;
    if (gst_buffer_map(buffer, &map, GST_MAP_READ)) {
        counters->avc = ladder_avc_of_sps(map.data, map.size);
        gst_buffer_unmap(buffer, &map);
    }
    return GST_PAD_PROBE_OK;
}

// On an encoder's streaming thread, before the frame reaches x264enc: the first frame at or
// after the scheduled instant becomes a keyframe. The encoder passes the event on in front of
// that keyframe, and mpegtsmux then repeats PAT and PMT and hands the event to the Segmenter.
GstPadProbeReturn OutputLadder::keyframe_trampoline(GstPad* pad, GstPadProbeInfo* info,
                                                    gpointer data) noexcept {
    auto* schedule = static_cast<KeyframeSchedule*>(data);
    GstBuffer* buffer = GST_PAD_PROBE_INFO_BUFFER(info);
    GPtr<GstEvent> sticky =
        GPtr<GstEvent>::adopt(gst_pad_get_sticky_event(pad, GST_EVENT_SEGMENT, 0));
    if (!sticky) return GST_PAD_PROBE_OK;
    const GstSegment* segment = nullptr;
    gst_event_parse_segment(sticky.get(), &segment);
    const GstClockTime pts = GST_BUFFER_PTS(buffer);
    const GstClockTime running_time = gst_segment_to_running_time(segment, GST_FORMAT_TIME, pts);
    if (!GST_CLOCK_TIME_IS_VALID(running_time) || running_time < schedule->next) {
        return GST_PAD_PROBE_OK;
    }
    schedule->next = (running_time / schedule->interval + 1) * schedule->interval;
    gst_pad_send_event(pad, gst_video_event_new_downstream_force_key_unit(
                                pts, gst_segment_to_stream_time(segment, GST_FORMAT_TIME, pts),
                                running_time, TRUE, 0));
    return GST_PAD_PROBE_OK;
}

std::int64_t OutputLadder::wall_clock_ms_at(GstClockTime running_time) const {
    GPtr<GstClock> clock = GPtr<GstClock>::adopt(gst_element_get_clock(pipeline_));
    if (!clock) return now_unix_ms();
    const GstClockTime now_running =
        gst_clock_get_time(clock.get()) - gst_element_get_base_time(pipeline_);
    const auto behind_ms =
        static_cast<std::int64_t>(GST_CLOCK_DIFF(running_time, now_running) / GST_MSECOND);
    return now_unix_ms() - behind_ms;
}

void OutputLadder::on_segment_closed(std::size_t rendition, const Segmenter::Closed& closed) {
    PendingFragment& pending = pending_[closed.number];
    if (pending.closed.empty()) {
        pending.closed.resize(settings_.renditions.size());
        pending.part_paths.resize(settings_.renditions.size());
    }
    pending.part_paths[rendition] = closed.part_path;
    ++pending.count;
    if (closed.empty) {
        // Opened just before the end of the stream and never given a packet: not a segment,
        // and so no fragment of the timeline.
        pending.empty = true;
    } else {
        SegmentClosed segment;
        segment.rendition = settings_.renditions[rendition].name;
        const std::string& part = closed.part_path;
        segment.file = std::filesystem::path(part.substr(0, part.size() - 5)).filename().string();
        segment.start_unix_ms = wall_clock_ms_at(closed.start);
        segment.fragment = static_cast<std::int64_t>(closed.number);
        segment.duration_us = static_cast<std::int64_t>((closed.end - closed.start) / GST_USECOND);
        pending.closed[rendition] = std::move(segment);
    }
    if (pending.count < settings_.renditions.size()) return;
    PendingFragment done = std::move(pending);
    pending_.erase(closed.number);
    // A fragment some rendition skipped (its keyframe came a whole segment late) can never be
    // complete once a later one is.
    while (!pending_.empty() && pending_.begin()->first < closed.number) {
        discard(pending_.begin()->first, pending_.begin()->second);
        pending_.erase(pending_.begin());
    }
    complete(closed.number, done);
}

void OutputLadder::discard(std::uint64_t fragment, const PendingFragment& pending) {
    std::error_code ignored;
    for (const auto& path : pending.part_paths) {
        if (!path.empty()) std::filesystem::remove(path, ignored);
    }
    spdlog::debug("[channel:{}] fragment {} is not whole in every rendition: not published",
                  settings_.channel_id, fragment);
}

void OutputLadder::complete(std::uint64_t fragment, PendingFragment& pending) {
    if (pending.empty) {
        discard(fragment, pending);
        return;
    }
    // Every rendition's data on disk and under its name before the portal is told of any.
    for (std::size_t i = 0; i < pending.closed.size(); ++i) {
        const std::string& part = pending.part_paths[i];
        pending.closed[i]->bytes =
            static_cast<std::int64_t>(publish_file_durably(part, part.substr(0, part.size() - 5)));
    }
    for (std::size_t i = 0; i < pending.closed.size(); ++i) {
        ++segments_[i];
        on_segment_(*pending.closed[i]);
    }
    for (std::size_t i = 0; i < pending.closed.size(); ++i) report(i, *pending.closed[i]);
}

void OutputLadder::report(std::size_t rendition, const SegmentClosed& segment) {
    Measured& measured = measured_[rendition];
    measured.bytes += segment.bytes;
    measured.duration_us += segment.duration_us;
    measured.peak_bps =
        std::max(measured.peak_bps, segment.bytes * 8 * 1'000'000 / segment.duration_us);
    const std::int64_t average = measured.bytes * 8 * 1'000'000 / measured.duration_us;
    if (segments_[rendition] > 1 && !report_moved(measured.peak_bps, measured.reported_peak_bps) &&
        !report_moved(average, measured.reported_average_bps)) {
        return;
    }
    RenditionReport report = measured_report(rendition);
    if (report.codecs.empty()) return;
    measured.reported_peak_bps = report.peak_bandwidth;
    measured.reported_average_bps = report.average_bandwidth;
    on_rendition_(report);
}

RenditionReport OutputLadder::measured_report(std::size_t rendition) const {
    const Measured& measured = measured_[rendition];
    RenditionReport report{
        .rendition = settings_.renditions[rendition].name,
        .peak_bandwidth = measured.peak_bps,
        .average_bandwidth = measured.bytes * 8 * 1'000'000 / measured.duration_us};
    if (!encoded_pads_[rendition]) {
        report.codecs = kLadderAac;
        return report;
    }
    {
        std::lock_guard lock(counters_[rendition]->sps_mutex);
        if (counters_[rendition]->avc.empty()) return report;  // no SPS seen: nothing to say
        report.codecs = fmt::format("{},{}", counters_[rendition]->avc, kLadderAac);
    }
    GPtr<GstCaps> caps =
        GPtr<GstCaps>::adopt(gst_pad_get_current_caps(encoded_pads_[rendition].get()));
    if (caps && !gst_caps_is_empty(caps.get())) {
        const GstStructure* structure = gst_caps_get_structure(caps.get(), 0);
        gst_structure_get_int(structure, "width", &report.width);
        gst_structure_get_int(structure, "height", &report.height);
        int numerator = 0;
        int denominator = 1;
        if (gst_structure_get_fraction(structure, "framerate", &numerator, &denominator) &&
            denominator > 0) {
            report.framerate = static_cast<double>(numerator) / denominator;
        }
    }
    return report;
}

void OutputLadder::set_part_handlers(BytesHandler on_bytes, PartHandler on_part) {
    on_bytes_ = std::move(on_bytes);
    on_part_ = std::move(on_part);
}

bool OutputLadder::handle_message(GstMessage* message) {
    if (GST_MESSAGE_TYPE(message) != GST_MESSAGE_ELEMENT) return false;
    std::size_t rendition = 0;
    while (rendition < sinks_.size() &&
           GST_MESSAGE_SRC(message) != GST_OBJECT(sinks_[rendition].get())) {
        ++rendition;
    }
    if (rendition == sinks_.size()) return false;
    const std::string& name = settings_.renditions[rendition].name;
    if (const auto bytes = Segmenter::bytes_of(message)) {
        GstMapInfo map;
        if (on_bytes_ && gst_buffer_map(bytes->buffer, &map, GST_MAP_READ)) {
            on_bytes_({.rendition = name,
                       .fragment = static_cast<std::int64_t>(bytes->number),
                       .part = bytes->part,
                       .bytes = static_cast<std::int64_t>(map.size)},
                      {reinterpret_cast<const char*>(map.data), map.size});
            gst_buffer_unmap(bytes->buffer, &map);
        }
    } else if (const auto part = Segmenter::part_closed_of(message)) {
        if (on_part_) {
            on_part_(
                {.rendition = name,
                 .fragment = static_cast<std::int64_t>(part->number),
                 .part = part->part,
                 .duration_us = static_cast<std::int64_t>((part->end - part->start) / GST_USECOND),
                 .independent = part->independent});
        }
    } else if (const auto closed = Segmenter::segment_closed_of(message)) {
        on_segment_closed(rendition, *closed);
    }
    return true;
}

}  // namespace councilcast::streamer
