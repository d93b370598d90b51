// Real MPEG-TS segments for the tests of the libav file work, made by the ffmpeg command line
// (x264 and AAC, as the streamer makes them), placed on a recording's timeline; and what libav
// makes of a file those tests get back (a clip, a JPEG), decoded as a player would.
#pragma once

#include <filesystem>
#include <string>
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
    std::string preset = "veryfast";  // x264's
    int video_kbps = 0;               // 0: x264's default quality (CRF 23)
};

// Writes the segments into `dir` and returns them in timeline order.
std::vector<archive::MediaPiece> make_test_segments(const std::filesystem::path& dir,
                                                    const SegmentSpec& spec = {});

struct DecodedVideo {
    bool first_is_key = false;  // the first video packet is a keyframe
    int frames = 0;
    int width = 0;
    int height = 0;
    double duration_s = 0;      // from the first frame shown to the end of the last
    double largest_step_s = 0;  // between consecutive frames shown
    bool audio = false;
};

// Decodes every video frame of the file; throws std::runtime_error if libav cannot.
DecodedVideo decode_video(const std::filesystem::path& file);

// Whether the MPEG-TS file's first two packets are its PAT and the PMT that PAT names, as
// RFC 8216 3.2 asks of every segment (a player may start with any).
bool starts_with_pat_and_pmt(const std::filesystem::path& file);

}  // namespace councilcast::testing
