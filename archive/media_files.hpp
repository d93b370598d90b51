// File work on recorded segments with FFmpeg's libav*: clips remuxed without re-encoding,
// single-frame thumbnails and the storyboard sprite that scrubbing shows. No HTTP, no SQLite.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <span>
#include <string>
#include <string_view>

namespace councilcast::archive {

// One MPEG-TS segment of a recording, placed on the recording's timeline: the media time a
// player shows for the recording's playlist, i.e. the sum of the EXTINF durations before it.
struct MediaPiece {
    std::filesystem::path file;
    double start_s = 0;
    double duration_s = 0;
    bool discontinuity = false;  // follows a break (worker restart): timestamps start afresh
};

// Receives the clip's bytes as they are written; false stops the work (the client went away).
using ByteSink = std::function<bool(std::span<const std::uint8_t>)>;

struct ClipRange {
    double start_s = 0;  // where the clip begins on the recording's timeline (a keyframe)
    double end_s = 0;
    std::int64_t bytes = 0;
};

// Thrown out of write_clip when `sink` returned false.
struct ClipCancelled {};

// Remuxes [from_s, to_s) of `pieces` (in timeline order) into an MP4 without re-encoding: from
// the last keyframe at or before from_s, to the end of the frame that covers to_s; timestamps
// continuous across discontinuities. The MP4 is fragmented with its moov first, which declares
// its length, so it plays and streams while it is written. Throws InvalidInput if the range is
// empty or outside the pieces, Error if a file cannot be read, ClipCancelled when the sink says
// stop.
ClipRange write_clip(std::span<const MediaPiece> pieces, double from_s, double to_s,
                     const ByteSink& sink);

// The frame shown at `offset_s` into `piece` (the first frame at or after it), scaled to
// `width` (even) keeping the aspect ratio, as a JPEG. Throws InvalidInput for an offset outside
// the piece, Error for an unreadable file.
std::string thumbnail_jpeg(const MediaPiece& piece, double offset_s, int width);

// The scrubbing preview: one frame every `interval_s` of the timeline, `tile_width` wide, laid
// out `columns` to a row in one JPEG, and the WebVTT thumbnails track naming each tile as
// `<sprite_url>#xywh=x,y,w,h`.
struct Storyboard {
    std::string jpeg;
    std::string vtt;
};
Storyboard make_storyboard(std::span<const MediaPiece> pieces, double interval_s, int tile_width,
                           int columns, std::string_view sprite_url);

}  // namespace councilcast::archive
