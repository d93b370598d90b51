// Real MPEG-TS segments for the tests of the libav file work, made by the ffmpeg command line
// (x264 and AAC, as the streamer makes them), placed on a recording's timeline.
#pragma once

#include <filesystem>
#include <vector>

#include "archive/media_files.hpp"

namespace councilcast::testing {

struct SegmentSpec {
    int width = 320;
    int height = 180;
    int frame_rate = 25;
    int segment_s = 2;  // every segment this long: the picture's length is a multiple of it
    int gop_s = 1;      // a keyframe this often, and at each segment's start
    // One encoder run per entry, this many seconds each; every run after the first starts its
    // timestamps afresh, as a restarted streamer worker does (a discontinuity).
    std::vector<int> runs{6, 4};
};

// Writes the segments into `dir` and returns them in timeline order.
std::vector<archive::MediaPiece> make_test_segments(const std::filesystem::path& dir,
                                                    const SegmentSpec& spec = {});

}  // namespace councilcast::testing
