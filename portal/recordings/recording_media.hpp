// What the clip, thumbnail and storyboard routes need of a recording: its segment files on the
// recording's timeline. The recordings room makes it from the store and the segment index; the
// routes get it as a function, so they are tested on any files.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "archive/media_files.hpp"
#include "portal/council/council_record.hpp"

namespace councilcast::portal {

struct RecordingMedia {
    std::int64_t meeting_id = 0;
    LocalizedText title;  // the meeting's, for download file names
    std::int64_t start_unix_ms = 0;
    bool live = false;                    // still recording: the end grows
    std::vector<std::string> renditions;  // the channel's, best first (the config's order)
    std::string rendition;                // the one `pieces` are of
    std::vector<archive::MediaPiece> pieces;
    // The end of the timeline (a hidden range at the end leaves no piece, but the timeline
    // keeps its length). `pieces` leave out every hidden segment: a gap between two pieces is
    // a hidden range, and the piece after it is marked a discontinuity.
    double duration_s = 0;
    bool published = true;  // false: staff only
};

// What the public may see of a recording now, cheap enough for a network thread (snapshots).
struct RecordingVisibility {
    bool published = true;     // false: staff only (an unknown meeting too)
    std::int64_t version = 0;  // rises with every redaction added or restored, any recording
};
using RecordingVisibilitySource = std::function<RecordingVisibility(std::int64_t meeting_id)>;

// The recording of `meeting_id` in `rendition` (empty: the best), or nothing when the meeting
// has no recording or the rendition is unknown.
using RecordingMediaSource = std::function<std::optional<RecordingMedia>(
    std::int64_t meeting_id, std::string_view rendition)>;

}  // namespace councilcast::portal
