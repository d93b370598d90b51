// One rendition's MPEG-TS, taken from its muxer by an appsink and cut into segment files the
// moment each segment's last packet is out (splitmuxsink, which this replaces, held every
// segment one more keyframe interval before it closed it).
#pragma once

#include <gst/app/gstappsink.h>
#include <gst/gst.h>

#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>

namespace councilcast::streamer {

// Runs on the muxer's streaming thread (the appsink's callbacks) and tells the channel's main
// loop through the bus: an element message from the appsink for every segment it closed, which
// segment_closed_of reads back.
//
// Segments follow one schedule for all renditions: segment N covers the running times from
// N * segment_duration to (N + 1) * segment_duration, so renditions cut at the same instants.
// - A rendition with video cuts where the muxer passes on a key unit event: the keyframe the
//   ladder forced at that instant (KeyframeSchedule), which mpegtsmux precedes with PAT and
//   PMT, so every segment starts with them and a keyframe.
// - An audio-only rendition cuts at the first PAT at or after the instant: mpegtsmux repeats
//   PAT and PMT every 100 ms, before a new packet of sound, and passes no key unit event on
//   without video. Its segments start up to 100 ms late, never drifting.
class Segmenter {
  public:
    struct Settings {
        std::string path_prefix;  // "<output_dir>/<rendition>/<run id>-"; then "%06u.ts.part"
        GstClockTime segment_duration = 0;
        GstClockTime keyframe_interval = 0;  // divides segment_duration
        bool audio_only = false;
        // Low-Latency HLS: each segment also cut into this many parts at equal instants (the
        // first packet at or after each), every byte passed on as it is muxed; 0: none.
        int parts_per_segment = 0;
    };
    struct Closed {
        std::uint64_t number = 0;  // N in the schedule
        std::string part_path;     // written and closed, not yet synced nor renamed
        GstClockTime start = 0;    // running times
        GstClockTime end = 0;
        bool empty = false;  // no packet (the end of the stream came first): not a segment
    };

    explicit Segmenter(Settings settings);
    Segmenter(const Segmenter&) = delete;
    Segmenter& operator=(const Segmenter&) = delete;
    // The pipeline is stopped before: removes the file of a segment still open.
    ~Segmenter();

    // Takes over the appsink's callbacks; call before the pipeline plays.
    void attach(GstElement* appsink);

    struct PartClosed {
        std::uint64_t number = 0;  // the segment's N
        int part = 0;              // 0.. within it
        GstClockTime start = 0;    // running times
        GstClockTime end = 0;
        bool independent = false;  // starts with PAT, PMT and a keyframe: a player may start here
    };
    // Bytes just muxed, of part `part` of segment `number`; the buffer is the message's.
    struct Bytes {
        std::uint64_t number = 0;
        int part = 0;
        GstBuffer* buffer = nullptr;
    };

    // The closed segment a bus message announces, if it is one of ours.
    static std::optional<Closed> segment_closed_of(GstMessage* message);
    static std::optional<PartClosed> part_closed_of(GstMessage* message);
    static std::optional<Bytes> bytes_of(GstMessage* message);

  private:
    void take(GstMiniObject* object);
    // Closes the part in progress when the sample begins after the next part's instant.
    void start_part_at(GstSample* sample);
    void write(GstBuffer* buffer);
    void write_bytes(const std::uint8_t* data, std::size_t size);
    void open(GstClockTime start, std::uint64_t number);
    void close(GstClockTime end);
    void close_part(GstClockTime end);
    // Posts the bytes written since the last call.
    void flush();
    GstClockTime part_boundary(int part) const;
    // The instant of the schedule a forced keyframe at `running_time` was forced for.
    std::uint64_t number_at(GstClockTime running_time) const;
    GstClockTime boundary(std::uint64_t number) const;

    // Every object the appsink holds, in order: samples and the serialized events between them.
    static GstFlowReturn drain_trampoline(GstAppSink* sink, gpointer self) noexcept;
    static gboolean event_trampoline(GstAppSink* sink, gpointer self) noexcept;
    static void eos_trampoline(GstAppSink* sink, gpointer self) noexcept;

    const Settings settings_;
    GstElement* sink_ = nullptr;  // the pipeline owns it
    GstSegment segment_{};        // of the appsink's input, for running times
    std::FILE* file_ = nullptr;
    std::string path_;
    std::uint64_t number_ = 0;
    GstClockTime start_ = 0;
    GstClockTime last_ = 0;  // the latest running time written
    std::int64_t bytes_ = 0;
    int part_ = 0;
    GstClockTime part_start_ = 0;
    std::string outgoing_;  // bytes written and not yet posted (parts only)
};

}  // namespace councilcast::streamer
