// The GStreamer pipeline of one broadcast channel: source → overlay → renditions → segment files.
#pragma once

#include <gst/gst.h>
#include <gst/video/video.h>

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "common/gst_ptr.hpp"
#include "streamer/protocol.hpp"
#include "streamer/worker_settings.hpp"
#include "vote_overlay/overlay_stage.hpp"

namespace councilcast::streamer {

// Lives on the worker's GLib main loop thread; GStreamer's streaming threads only touch the
// overlay stage (which is thread-safe) through the pad probe.
class ChannelPipeline {
  public:
    using SegmentHandler = std::function<void(const SegmentClosed&)>;
    using FailureHandler = std::function<void(const std::string& reason)>;

    // Builds the pipeline; throws InvalidInput for settings it cannot build and Error when
    // GStreamer lacks an element.
    ChannelPipeline(WorkerSettings settings, SegmentHandler on_segment, FailureHandler on_failure);
    ChannelPipeline(const ChannelPipeline&) = delete;
    ChannelPipeline& operator=(const ChannelPipeline&) = delete;
    ~ChannelPipeline();

    void play();
    void set_overlay(vote_overlay::OverlayState state);
    // Ends the stream: the segment in progress is closed and published (a short last segment),
    // then `done` runs on the main loop. Without it a stop would leave an unannounced .part file.
    void finish(std::function<void()> done);

  private:
    struct OpenFragment {
        std::string part_path;
        GstClockTime running_time = 0;
        std::int64_t start_unix_ms = 0;
    };

    std::string describe() const;
    void configure_sources();
    void connect_muxers();
    std::int64_t wall_clock_ms_at(GstClockTime running_time) const;
    void on_fragment_opened(std::size_t rendition, const GstStructure* s);
    void on_fragment_closed(std::size_t rendition, const GstStructure* s);
    gchar* next_location(std::size_t rendition);
    void handle_message(GstMessage* message);
    void refresh_clock();

    static gboolean bus_trampoline(GstBus* bus, GstMessage* message, gpointer self) noexcept;
    static GstPadProbeReturn overlay_trampoline(GstPad* pad, GstPadProbeInfo* info,
                                                gpointer self) noexcept;
    static gchar* location_trampoline(GstElement* muxer, guint fragment_id, gpointer self) noexcept;
    static gboolean clock_trampoline(gpointer self) noexcept;

    WorkerSettings settings_;
    SegmentHandler on_segment_;
    FailureHandler on_failure_;
    std::string run_id_;  // makes file names unique across worker runs
    GPtr<GstElement> pipeline_;
    vote_overlay::OverlayStage overlay_stage_;
    vote_overlay::OverlayState overlay_state_;
    GstVideoInfo program_info_;
    GPtr<GstPad> overlay_pad_;
    gulong overlay_probe_ = 0;
    guint bus_watch_ = 0;
    guint clock_timer_ = 0;
    std::vector<gulong> location_handlers_;
    std::vector<GPtr<GstElement>> muxers_;
    std::vector<unsigned> next_fragment_;
    std::map<std::size_t, OpenFragment> open_fragments_;
    std::function<void()> on_finished_;  // set while finishing: end of stream is expected
};

}  // namespace councilcast::streamer
