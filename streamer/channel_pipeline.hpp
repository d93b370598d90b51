// The GStreamer pipeline of one broadcast channel: hall → overlay → renditions → segment files.
#pragma once

#include <gst/gst.h>
#include <gst/video/video.h>

#include <functional>
#include <string>

#include "common/gst_ptr.hpp"
#include "streamer/hall_mixer.hpp"
#include "streamer/output_ladder.hpp"
#include "streamer/protocol.hpp"
#include "streamer/worker_settings.hpp"
#include "vote_overlay/overlay_stage.hpp"

namespace councilcast::streamer {

// The pipeline of one channel: the hall's mixer (sources → programme), the overlay drawn on the
// programme, and the output ladder (renditions → segment files). Lives on the worker's GLib main
// loop thread; GStreamer's streaming threads only touch the overlay stage (which is thread-safe)
// through the pad probe.
class ChannelPipeline {
  public:
    using SegmentHandler = OutputLadder::SegmentHandler;
    using RenditionHandler = OutputLadder::RenditionHandler;
    using FailureHandler = std::function<void(const std::string& reason)>;

    // Builds the pipeline; throws InvalidInput for settings it cannot build and Error when
    // GStreamer lacks an element.
    ChannelPipeline(WorkerSettings settings, SegmentHandler on_segment,
                    RenditionHandler on_rendition, FailureHandler on_failure);
    ChannelPipeline(const ChannelPipeline&) = delete;
    ChannelPipeline& operator=(const ChannelPipeline&) = delete;
    ~ChannelPipeline();

    // Low-Latency HLS's parts and their bytes (OutputLadder::set_part_handlers), before play.
    void set_part_handlers(OutputLadder::BytesHandler on_bytes, OutputLadder::PartHandler on_part) {
        ladder_.set_part_handlers(std::move(on_bytes), std::move(on_part));
    }
    void play();
    void set_overlay(vote_overlay::OverlayState state);
    // The operator's command (HallMixer::apply).
    HallState apply(const HallCommand& command);
    // The heartbeat's content: the hall's state and sources, the encoders' progress.
    HallStatus status() const;
    // Ends the stream: the segment in progress is closed and published (a short last segment),
    // then `done` runs on the main loop. Without it a stop would leave an unannounced .part file.
    void finish(std::function<void()> done);

  private:
    void handle_message(GstMessage* message);
    void refresh_clock();

    static gboolean bus_trampoline(GstBus* bus, GstMessage* message, gpointer self) noexcept;
    static GstPadProbeReturn overlay_trampoline(GstPad* pad, GstPadProbeInfo* info,
                                                gpointer self) noexcept;
    static gboolean clock_trampoline(gpointer self) noexcept;

    // Declared first so that the mixer and the ladder, which keep a reference to them, go after
    // the pipeline is stopped and before the settings go.
    WorkerSettings settings_;
    FailureHandler on_failure_;
    HallMixer mixer_;
    OutputLadder ladder_;
    GPtr<GstElement> pipeline_;
    vote_overlay::OverlayStage overlay_stage_;
    vote_overlay::OverlayState overlay_state_;
    GstVideoInfo program_info_;
    GPtr<GstPad> overlay_pad_;
    gulong overlay_probe_ = 0;
    guint bus_watch_ = 0;
    guint clock_timer_ = 0;
    std::function<void()> on_finished_;  // set while finishing: end of stream is expected
};

}  // namespace councilcast::streamer
