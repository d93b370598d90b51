// The channel's output: the programme encoded into every rendition of the ladder and cut into
// segment files that are published and announced (SegmentClosed) one timeline for all.
#pragma once

#include <gst/gst.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/gst_ptr.hpp"
#include "streamer/hall.hpp"
#include "streamer/protocol.hpp"
#include "streamer/segmenter.hpp"
#include "streamer/worker_settings.hpp"

namespace councilcast::streamer {

// Lives on the worker's GLib main loop thread; the streaming threads only run each rendition's
// Segmenter and its encoder's pad probes (which touch only their rendition's Counters and
// KeyframeSchedule).
//
// One timeline: every rendition's encoder gets a keyframe forced at the same running times (each
// multiple of the keyframe interval), and fragment N of every rendition is published and
// announced together, once every rendition has closed it, so the portal never indexes a
// fragment some renditions lack.
class OutputLadder {
  public:
    using SegmentHandler = std::function<void(const SegmentClosed&)>;
    using RenditionHandler = std::function<void(const RenditionReport&)>;
    // Low-Latency HLS, with WorkerSettings::parts_per_segment: each rendition's bytes as they
    // are muxed (header and data), and each part once closed, in that order.
    using BytesHandler = std::function<void(const MediaBytes&, std::string_view data)>;
    using PartHandler = std::function<void(const PartClosed&)>;

    // Removes the `.part` files a worker that died left in the renditions' folders.
    OutputLadder(const WorkerSettings& settings, SegmentHandler on_segment,
                 RenditionHandler on_rendition);
    OutputLadder(const OutputLadder&) = delete;
    OutputLadder& operator=(const OutputLadder&) = delete;
    // The channel pipeline is stopped (NULL) before its ladder is destroyed. Fragments not every
    // rendition closed are never announced; their files go.
    ~OutputLadder();

    // The renditions' part of the launch description, reading from the tees `program` and
    // `program_audio` that HallMixer::describe ends in.
    std::string describe() const;
    void attach(GstElement* pipeline);
    // Before the pipeline plays.
    void set_part_handlers(BytesHandler on_bytes, PartHandler on_part);
    // True when the message was the ladder's (a rendition's segment closed).
    bool handle_message(GstMessage* message);
    // Frames encoded per second since the previous call, and segments announced.
    std::vector<EncoderStatus> encoder_status() const;

  private:
    // What an encoder's pad probe sees, on its streaming thread.
    struct Counters {
        std::atomic<std::int64_t> frames = 0;
        std::mutex sps_mutex;
        std::string avc;  // "avc1.PPCCLL" from the first SPS, empty until one passed
    };
    // The next instant an encoder is made to start a keyframe at, on its streaming thread.
    struct KeyframeSchedule {
        GstClockTime interval = 0;
        GstClockTime next = 0;
    };
    // One fragment of the timeline while some renditions have not closed it yet.
    struct PendingFragment {
        std::vector<std::optional<SegmentClosed>> closed;  // by rendition
        std::vector<std::string> part_paths;               // by rendition, "" until closed
        std::size_t count = 0;                             // renditions that closed it
        bool empty = false;  // a rendition's part of it got no frame (the end of the stream)
    };
    // Measured over the segments announced so far, per rendition.
    struct Measured {
        std::int64_t bytes = 0;
        std::int64_t duration_us = 0;
        std::int64_t peak_bps = 0;
        std::int64_t reported_peak_bps = 0;
        std::int64_t reported_average_bps = 0;
    };

    std::int64_t wall_clock_ms_at(GstClockTime running_time) const;
    void on_segment_closed(std::size_t rendition, const Segmenter::Closed& closed);
    void complete(std::uint64_t fragment, PendingFragment& pending);
    void discard(std::uint64_t fragment, const PendingFragment& pending);
    void report(std::size_t rendition, const SegmentClosed& segment);
    RenditionReport measured_report(std::size_t rendition) const;
    static GstPadProbeReturn keyframe_trampoline(GstPad* pad, GstPadProbeInfo* info,
                                                 gpointer schedule) noexcept;
    static GstPadProbeReturn encoded_trampoline(GstPad* pad, GstPadProbeInfo* info,
                                                gpointer counters) noexcept;

    const WorkerSettings& settings_;
    SegmentHandler on_segment_;
    RenditionHandler on_rendition_;
    BytesHandler on_bytes_;
    PartHandler on_part_;
    std::string run_id_;              // makes file names unique across worker runs
    GstElement* pipeline_ = nullptr;  // the channel's; owned by the ChannelPipeline
    std::vector<std::unique_ptr<Segmenter>> segmenters_;  // by rendition
    std::vector<GPtr<GstElement>> sinks_;                 // their appsinks
    std::vector<GPtr<GstPad>> encoder_pads_;  // x264enc's sink, by rendition (null: audio only)
    std::vector<gulong> keyframe_probes_;
    std::vector<std::unique_ptr<KeyframeSchedule>> schedules_;
    std::vector<GPtr<GstPad>> encoded_pads_;  // h264parse's src, by rendition (null: audio only)
    std::vector<gulong> encoded_probes_;
    std::vector<std::unique_ptr<Counters>> counters_;
    std::vector<std::int64_t> segments_;
    std::vector<Measured> measured_;
    std::map<std::uint64_t, PendingFragment> pending_;
    // encoder_status's previous call, for the frame rates.
    mutable std::vector<std::int64_t> frames_at_status_;
    mutable std::chrono::steady_clock::time_point status_time_;
};

}  // namespace councilcast::streamer
