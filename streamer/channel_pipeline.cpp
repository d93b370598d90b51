#include "streamer/channel_pipeline.hpp"

#include <fmt/core.h>
#include <spdlog/spdlog.h>

#include <ctime>
#include <filesystem>
#include <utility>

#include "common/durable_file.hpp"
#include "common/error.hpp"
#include "common/unix_time.hpp"

namespace councilcast::streamer {
namespace {

constexpr int kAudioRate = 48000;
constexpr double kToneVolume = 0.05;  // a quiet 440 Hz tone: audible, not unpleasant
constexpr int kTestPatternSpeed = 2;  // pixels per frame the test picture scrolls

std::string video_source_description(const SourceSettings& source) {
    if (source.kind == "test") return "videotestsrc name=camera is-live=true";
    if (source.kind == "v4l2") return "v4l2src name=camera";
    return "uridecodebin name=camera";
}

std::string audio_source_description(const SourceSettings& source) {
    // Only the test source has a tone; other sources are silent until camera audio arrives with
    // the source switching work.
    return fmt::format(
        "audiotestsrc is-live=true wave={} freq=440 volume={} ! audioconvert ! audioresample ! "
        "audio/x-raw,rate={},channels=2",
        source.kind == "test" ? "sine" : "silence", kToneVolume, kAudioRate);
}

}  // namespace

ChannelPipeline::ChannelPipeline(WorkerSettings settings, SegmentHandler on_segment,
                                 FailureHandler on_failure)
    : settings_(std::move(settings)),
      on_segment_(std::move(on_segment)),
      on_failure_(std::move(on_failure)),
      run_id_(fmt::format("{:x}", now_unix_ms())),
      overlay_state_(settings_.overlay) {
    for (const auto& rendition : settings_.renditions) {
        std::filesystem::create_directories(std::filesystem::path(settings_.output_dir) /
                                            rendition.name);
    }
    GErrorPtr error;
    std::string description = describe();
    spdlog::debug("[channel:{}] pipeline: {}", settings_.channel_id, description);
    GstElement* parsed = gst_parse_launch_full(description.c_str(), nullptr,
                                               GST_PARSE_FLAG_FATAL_ERRORS, error.out());
    pipeline_ = GPtr<GstElement>::sink(parsed);
    if (error || !pipeline_) {
        throw Error(fmt::format("cannot build the pipeline: {}", error.message()));
    }
    configure_sources();
    connect_muxers();

    const auto& program = settings_.renditions.front();
    gst_video_info_set_format(&program_info_, GST_VIDEO_FORMAT_I420,
                              static_cast<guint>(program.width),
                              static_cast<guint>(program.height));
    GPtr<GstElement> program_caps =
        GPtr<GstElement>::adopt(gst_bin_get_by_name(GST_BIN(pipeline_.get()), "program_caps"));
    overlay_pad_ = GPtr<GstPad>::adopt(gst_element_get_static_pad(program_caps.get(), "src"));
    overlay_probe_ = gst_pad_add_probe(overlay_pad_.get(), GST_PAD_PROBE_TYPE_BUFFER,
                                       &ChannelPipeline::overlay_trampoline, this, nullptr);
    // The state the portal last sent (a restarted worker's tally and speaker) from the first
    // frame on, whether or not the clock's text changes now.
    overlay_stage_.set_state(overlay_state_);
    refresh_clock();

    GPtr<GstBus> bus = GPtr<GstBus>::adopt(gst_element_get_bus(pipeline_.get()));
    bus_watch_ = gst_bus_add_watch(bus.get(), &ChannelPipeline::bus_trampoline, this);
    clock_timer_ = g_timeout_add(250, &ChannelPipeline::clock_trampoline, this);
}

// Teardown order: stop the data flow, then disconnect every callback that points at us.
ChannelPipeline::~ChannelPipeline() {
    if (pipeline_) gst_element_set_state(pipeline_.get(), GST_STATE_NULL);
    if (clock_timer_) g_source_remove(clock_timer_);
    if (bus_watch_) g_source_remove(bus_watch_);
    if (overlay_probe_) gst_pad_remove_probe(overlay_pad_.get(), overlay_probe_);
    for (std::size_t i = 0; i < muxers_.size(); ++i) {
        g_signal_handler_disconnect(muxers_[i].get(), location_handlers_[i]);
    }
}

std::string ChannelPipeline::describe() const {
    const auto& program = settings_.renditions.front();
    const auto& source = settings_.sources.front();
    std::string text = fmt::format(
        "{} ! videoconvert ! videoscale ! videorate ! "
        "capsfilter name=program_caps caps=video/x-raw,format=I420,width={},height={},"
        "framerate={}/1,pixel-aspect-ratio=1/1 ! tee name=program ",
        video_source_description(source), program.width, program.height, program.framerate);
    text += fmt::format("{} ! avenc_aac bitrate={} ! aacparse ! tee name=audio ",
                        audio_source_description(source), program.audio_bitrate_kbps * 1000);
    for (std::size_t i = 0; i < settings_.renditions.size(); ++i) {
        const auto& rendition = settings_.renditions[i];
        // IDR at every segment boundary and nowhere else (scenecut off), so every segment starts
        // with a keyframe and all renditions split at the same instants. Each rendition at its
        // own frame rate: the master playlist announces it (FRAME-RATE, and the H.264 level in
        // CODECS follows from it).
        const int gop_frames =
            static_cast<int>(rendition.framerate * settings_.segment_duration_ms / 1000);
        // A plain videorate holds every frame until the next one arrives (it may have to repeat
        // it), which puts a frame time (33 ms at 30 fps) between a new vote count on the picture
        // and the encoder. A rendition at or below the program's rate only ever drops frames, so
        // it gets one that passes each frame on at once.
        const char* rate =
            rendition.framerate <= program.framerate ? "videorate drop-only=true" : "videorate";
        text += fmt::format(
            "program. ! queue ! videoscale ! {} ! "
            "video/x-raw,width={},height={},framerate={}/1 ! "
            "x264enc speed-preset=veryfast tune=zerolatency bitrate={} key-int-max={} "
            "option-string=\"scenecut=0:keyint-min={}\" ! video/x-h264,profile={} ! h264parse ! "
            "queue ! mux{}.video ",
            rate, rendition.width, rendition.height, rendition.framerate,
            rendition.video_bitrate_kbps, gop_frames, gop_frames, rendition.profile, i);
        text += fmt::format("audio. ! queue ! mux{}.audio_0 ", i);
        text += fmt::format(
            "splitmuxsink name=mux{} muxer-factory=mpegtsmux send-keyframe-requests=true "
            "max-size-time={} ",
            i, settings_.segment_duration_ms * GST_MSECOND);
    }
    return text;
}

void ChannelPipeline::configure_sources() {
    const auto& source = settings_.sources.front();
    GPtr<GstElement> camera =
        GPtr<GstElement>::adopt(gst_bin_get_by_name(GST_BIN(pipeline_.get()), "camera"));
    if (source.kind == "test") {
        // Set by name through GStreamer's own parser, so an unknown pattern is refused here
        // instead of being spliced into a pipeline description.
        GParamSpec* spec =
            g_object_class_find_property(G_OBJECT_GET_CLASS(camera.get()), "pattern");
        GValue value = G_VALUE_INIT;
        g_value_init(&value, spec->value_type);
        if (!gst_value_deserialize(&value, source.test_pattern.c_str())) {
            g_value_unset(&value);
            throw InvalidInput(fmt::format("unknown test pattern '{}'", source.test_pattern));
        }
        g_object_set_property(G_OBJECT(camera.get()), "pattern", &value);
        g_value_unset(&value);
        g_object_set(camera.get(), "horizontal-speed", kTestPatternSpeed, nullptr);
    } else if (source.kind == "v4l2") {
        g_object_set(camera.get(), "device", source.location.c_str(), nullptr);
    } else {
        g_object_set(camera.get(), "uri", source.location.c_str(), nullptr);
    }
}

void ChannelPipeline::connect_muxers() {
    for (std::size_t i = 0; i < settings_.renditions.size(); ++i) {
        muxers_.push_back(GPtr<GstElement>::adopt(
            gst_bin_get_by_name(GST_BIN(pipeline_.get()), fmt::format("mux{}", i).c_str())));
        next_fragment_.push_back(0);
        location_handlers_.push_back(g_signal_connect(muxers_.back().get(), "format-location",
                                                      G_CALLBACK(location_trampoline), this));
    }
}

void ChannelPipeline::play() {
    if (gst_element_set_state(pipeline_.get(), GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE) {
        throw Error("the pipeline refused to start");
    }
}

void ChannelPipeline::finish(std::function<void()> done) {
    on_finished_ = std::move(done);
    gst_element_send_event(pipeline_.get(), gst_event_new_eos());
}

void ChannelPipeline::set_overlay(vote_overlay::OverlayState state) {
    const std::string clock = overlay_state_.clock_text;
    overlay_state_ = std::move(state);
    overlay_state_.clock_text = clock;
    overlay_stage_.set_state(overlay_state_);
}

void ChannelPipeline::refresh_clock() {
    std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    char text[16];
    std::strftime(text, sizeof text, "%H:%M:%S", &local);
    if (overlay_state_.clock_text != text) {
        overlay_state_.clock_text = text;
        overlay_stage_.set_state(overlay_state_);
    }
}

// Called on a muxer's streaming thread; only reads immutable settings and touches its own
// rendition's counter, which no other thread uses.
gchar* ChannelPipeline::next_location(std::size_t rendition) {
    const unsigned fragment = next_fragment_[rendition]++;
    return g_strdup_printf("%s/%s/%s-%06u.ts.part", settings_.output_dir.c_str(),
                           settings_.renditions[rendition].name.c_str(), run_id_.c_str(), fragment);
}

std::int64_t ChannelPipeline::wall_clock_ms_at(GstClockTime running_time) const {
    GPtr<GstClock> clock = GPtr<GstClock>::adopt(gst_element_get_clock(pipeline_.get()));
    if (!clock) return now_unix_ms();
    const GstClockTime now_running =
        gst_clock_get_time(clock.get()) - gst_element_get_base_time(pipeline_.get());
    const auto behind_ms =
        static_cast<std::int64_t>(GST_CLOCK_DIFF(running_time, now_running) / GST_MSECOND);
    return now_unix_ms() - behind_ms;
}

void ChannelPipeline::on_fragment_opened(std::size_t rendition, const GstStructure* s) {
    OpenFragment fragment;
    fragment.part_path = gst_structure_get_string(s, "location");
    guint64 running_time = 0;
    gst_structure_get_uint64(s, "running-time", &running_time);
    fragment.running_time = running_time;
    fragment.start_unix_ms = wall_clock_ms_at(running_time);
    open_fragments_[rendition] = std::move(fragment);
}

void ChannelPipeline::on_fragment_closed(std::size_t rendition, const GstStructure* s) {
    auto it = open_fragments_.find(rendition);
    if (it == open_fragments_.end()) return;
    OpenFragment fragment = std::move(it->second);
    open_fragments_.erase(it);
    guint64 end_time = 0;
    gst_structure_get_uint64(s, "running-time", &end_time);

    if (end_time <= fragment.running_time) {
        // Opened just before the end of the stream and never given a frame: not a segment.
        std::error_code ignored;
        std::filesystem::remove(fragment.part_path, ignored);
        return;
    }
    std::string final_path = fragment.part_path.substr(0, fragment.part_path.size() - 5);
    SegmentClosed segment;
    segment.rendition = settings_.renditions[rendition].name;
    segment.file = std::filesystem::path(final_path).filename().string();
    segment.start_unix_ms = fragment.start_unix_ms;
    segment.duration_us =
        static_cast<std::int64_t>((end_time - fragment.running_time) / GST_USECOND);
    // Data on disk before the name appears, the name on disk before the portal is told.
    segment.bytes = static_cast<std::int64_t>(publish_file_durably(fragment.part_path, final_path));
    on_segment_(segment);
}

void ChannelPipeline::handle_message(GstMessage* message) {
    switch (GST_MESSAGE_TYPE(message)) {
        case GST_MESSAGE_ELEMENT: {
            const GstStructure* s = gst_message_get_structure(message);
            for (std::size_t i = 0; i < muxers_.size(); ++i) {
                if (GST_MESSAGE_SRC(message) != GST_OBJECT(muxers_[i].get())) continue;
                if (gst_structure_has_name(s, "splitmuxsink-fragment-opened")) {
                    on_fragment_opened(i, s);
                } else if (gst_structure_has_name(s, "splitmuxsink-fragment-closed")) {
                    on_fragment_closed(i, s);
                }
            }
            break;
        }
        case GST_MESSAGE_ERROR: {
            GErrorPtr error;
            GCharPtr debug;
            gst_message_parse_error(message, error.out(), debug.out());
            on_failure_(fmt::format("{} ({}: {})", error.message(), GST_OBJECT_NAME(message->src),
                                    debug.get()));
            break;
        }
        case GST_MESSAGE_EOS:
            if (on_finished_) {
                std::exchange(on_finished_, nullptr)();
            } else {
                on_failure_("the source ended");
            }
            break;
        default:
            break;
    }
}

gboolean ChannelPipeline::bus_trampoline(GstBus*, GstMessage* message, gpointer self) noexcept {
    auto* pipeline = static_cast<ChannelPipeline*>(self);
    try {
        pipeline->handle_message(message);
    } catch (const std::exception& e) {
        pipeline->on_failure_(e.what());
    }
    return G_SOURCE_CONTINUE;
}

GstPadProbeReturn ChannelPipeline::overlay_trampoline(GstPad*, GstPadProbeInfo* info,
                                                      gpointer self) noexcept {
    auto* pipeline = static_cast<ChannelPipeline*>(self);
    GstBuffer* buffer = gst_buffer_make_writable(GST_PAD_PROBE_INFO_BUFFER(info));
    GST_PAD_PROBE_INFO_DATA(info) = buffer;
    GstVideoFrame frame;
    if (gst_video_frame_map(&frame, &pipeline->program_info_, buffer, GST_MAP_READWRITE)) {
        try {
            // The probe sits right after the live source, so a frame passes here within a frame
            // time of its capture: now is its wall-clock time, near enough for whole seconds.
            pipeline->overlay_stage_.apply(frame, now_unix_ms());
        } catch (const std::exception& e) {
            spdlog::error("[channel:{}] overlay: {}", pipeline->settings_.channel_id, e.what());
        }
        gst_video_frame_unmap(&frame);
    }
    return GST_PAD_PROBE_OK;
}

gchar* ChannelPipeline::location_trampoline(GstElement* muxer, guint, gpointer self) noexcept {
    auto* pipeline = static_cast<ChannelPipeline*>(self);
    for (std::size_t i = 0; i < pipeline->muxers_.size(); ++i) {
        if (pipeline->muxers_[i].get() == muxer) return pipeline->next_location(i);
    }
    return nullptr;
}

gboolean ChannelPipeline::clock_trampoline(gpointer self) noexcept {
    static_cast<ChannelPipeline*>(self)->refresh_clock();
    return G_SOURCE_CONTINUE;
}

}  // namespace councilcast::streamer
