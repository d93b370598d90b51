// What the hall's tests share: a running channel pipeline driven from the test's own GLib main
// loop, and what a viewer gets out of a segment file (its picture's colours, its sound's
// loudness).
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "streamer/channel_pipeline.hpp"
#include "tests/streamer/hall_camera_process.hpp"

namespace councilcast::testing {

// Settings for a small hall: one 320x180 rendition, one-second segments, previews on.
streamer::WorkerSettings hall_settings(const std::filesystem::path& output,
                                       std::vector<streamer::SourceSettings> sources);
streamer::SourceSettings test_camera(const std::string& id, const std::string& pattern);

// A ChannelPipeline playing on this thread's default main context, which run_until iterates.
class HallRun {
  public:
    explicit HallRun(streamer::WorkerSettings settings);
    HallRun(const HallRun&) = delete;
    HallRun& operator=(const HallRun&) = delete;
    ~HallRun();

    streamer::ChannelPipeline& pipeline() { return *pipeline_; }
    streamer::HallStatus status() const { return pipeline_->status(); }
    const std::vector<streamer::SegmentClosed>& segments() const { return segments_; }
    std::filesystem::path file(const streamer::SegmentClosed& segment) const;
    const std::string& failure() const { return failure_; }
    // Runs the main loop until `condition` holds or the deadline passes; returns the condition.
    bool run_until(const std::function<bool()>& condition, std::chrono::milliseconds deadline);
    // Runs until a segment that starts at or after `unix_ms` is published; returns its index (a
    // REQUIRE fails past the deadline). Segments are published a GOP or two after they start.
    std::size_t segment_after(std::int64_t unix_ms, std::chrono::milliseconds deadline);
    // Runs until `count` more segments are published; returns the first of them.
    std::size_t wait_segments(std::size_t count, std::chrono::milliseconds deadline);
    // The status of source `id`.
    streamer::SourceStatus source(const std::string& id) const;

  private:
    streamer::WorkerSettings settings_;
    std::vector<streamer::SegmentClosed> segments_;
    std::string failure_;
    std::unique_ptr<streamer::ChannelPipeline> pipeline_;
};

struct Colour {
    double red = 0;
    double green = 0;
    double blue = 0;
};
// The mean colour of a rectangle (in thousandths of the picture) of a segment's first frame.
Colour first_frame_colour(const std::filesystem::path& segment, int x, int y, int width,
                          int height);
// Which of the test pictures' colours (or the slate's) a colour is: "red", "green", "blue",
// "slate", or "other".
std::string colour_name(const Colour& colour);
// The loudest sample of a segment's sound, in dBFS (-100 for digital silence).
double sound_peak_db(const std::filesystem::path& segment);

// When a segment's picture flashes and its sound beeps, in milliseconds of the segment's own
// timeline (the picture's and the sound's are one): a flash is the middle of the picture turning
// from dark to bright, a beep the sound turning loud after at least 50 ms of silence. A flash or
// beep already under way as the segment starts is not one.
struct FlashesAndBeeps {
    std::vector<double> flashes_ms;
    std::vector<double> beeps_ms;
};
FlashesAndBeeps flashes_and_beeps(const std::filesystem::path& segment);

}  // namespace councilcast::testing
