#include "streamer/channel_pipeline.hpp"

#include <fmt/core.h>
#include <spdlog/spdlog.h>

#include <ctime>
#include <utility>

#include "common/error.hpp"
#include "common/unix_time.hpp"

namespace councilcast::streamer {

ChannelPipeline::ChannelPipeline(WorkerSettings settings, SegmentHandler on_segment,
                                 RenditionHandler on_rendition, FailureHandler on_failure)
    : settings_(std::move(settings)),
      on_failure_(std::move(on_failure)),
      mixer_(settings_),
      ladder_(settings_, std::move(on_segment), std::move(on_rendition)),
      overlay_state_(settings_.overlay) {
    GErrorPtr error;
    const std::string description = mixer_.describe() + ladder_.describe();
    spdlog::debug("[channel:{}] pipeline: {}", settings_.channel_id, description);
    GstElement* parsed = gst_parse_launch_full(description.c_str(), nullptr,
                                               GST_PARSE_FLAG_FATAL_ERRORS, error.out());
    pipeline_ = GPtr<GstElement>::sink(parsed);
    if (error || !pipeline_) {
        throw Error(fmt::format("cannot build the pipeline: {}", error.message()));
    }
    mixer_.attach(pipeline_.get());
    ladder_.attach(pipeline_.get());

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

HallState ChannelPipeline::apply(const HallCommand& command) {
    return mixer_.apply(command);
}

HallStatus ChannelPipeline::status() const {
    HallStatus status = mixer_.status();
    status.encoders = ladder_.encoder_status();
    return status;
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

void ChannelPipeline::handle_message(GstMessage* message) {
    if (mixer_.handle_message(message) || ladder_.handle_message(message)) return;
    switch (GST_MESSAGE_TYPE(message)) {
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

gboolean ChannelPipeline::clock_trampoline(gpointer self) noexcept {
    static_cast<ChannelPipeline*>(self)->refresh_clock();
    return G_SOURCE_CONTINUE;
}

}  // namespace councilcast::streamer
