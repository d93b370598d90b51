// The channel's output: the programme encoded into every rendition of the ladder and cut into
// segment files that are published and announced (SegmentClosed) one timeline for all.
#pragma once

#include <gst/gst.h>

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "common/gst_ptr.hpp"
#include "streamer/hall.hpp"
#include "streamer/protocol.hpp"
#include "streamer/worker_settings.hpp"

namespace councilcast::streamer {

// Lives on the worker's GLib main loop thread; the muxers' streaming threads only call
// next_location.
class OutputLadder {
  public:
    using SegmentHandler = std::function<void(const SegmentClosed&)>;
    using RenditionHandler = std::function<void(const RenditionReport&)>;

    OutputLadder(const WorkerSettings& settings, SegmentHandler on_segment,
                 RenditionHandler on_rendition);
    OutputLadder(const OutputLadder&) = delete;
    OutputLadder& operator=(const OutputLadder&) = delete;
    // The channel pipeline is stopped (NULL) before its ladder is destroyed.
    ~OutputLadder();

    // The renditions' part of the launch description, reading from the tees `program` and
    // `program_audio` that HallMixer::describe ends in.
    std::string describe() const;
    void attach(GstElement* pipeline);
    // True when the message was the ladder's (a muxer's fragment opened or closed).
    bool handle_message(GstMessage* message);
    std::vector<EncoderStatus> encoder_status() const;

  private:
    struct OpenFragment {
        std::string part_path;
        GstClockTime running_time = 0;
        std::int64_t start_unix_ms = 0;
    };

    std::int64_t wall_clock_ms_at(GstClockTime running_time) const;
    void on_fragment_opened(std::size_t rendition, const GstStructure* s);
    void on_fragment_closed(std::size_t rendition, const GstStructure* s);
    gchar* next_location(std::size_t rendition);
    static gchar* location_trampoline(GstElement* muxer, guint fragment_id, gpointer self) noexcept;

    const WorkerSettings& settings_;
    SegmentHandler on_segment_;
    RenditionHandler on_rendition_;
    std::string run_id_;              // makes file names unique across worker runs
    GstElement* pipeline_ = nullptr;  // the channel's; owned by the ChannelPipeline
    std::vector<gulong> location_handlers_;
    std::vector<GPtr<GstElement>> muxers_;
    std::vector<unsigned> next_fragment_;
    std::vector<std::int64_t> segments_;
    std::map<std::size_t, OpenFragment> open_fragments_;
};

}  // namespace councilcast::streamer
