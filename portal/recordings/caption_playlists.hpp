// Caption tracks as HLS subtitles and WebVTT files: the master playlist's EXT-X-MEDIA entries,
// a subtitles playlist that follows the video's segments one to one, each segment's WebVTT with
// its X-TIMESTAMP-MAP, and the whole track for a <track> element. Pure text, no I/O.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "portal/pages/language.hpp"

namespace councilcast::portal {

// A caption cue on the recording's timeline (seconds from its start, as playlists count).
struct TimedCue {
    double start_s = 0;
    double end_s = 0;
    std::string_view text;  // WebVTT cue text, checked when it was stored
};

// One subtitles rendition of the master playlist.
struct SubtitleEntry {
    Language language = Language::kLt;
    std::string name;  // NAME, in the listener's words ("Lietuvių")
    bool is_default = false;
};

// The subtitles group every variant names.
inline constexpr std::string_view kSubtitleGroup = "subs";

// `master` (archive::master_playlist's text) with an EXT-X-MEDIA:TYPE=SUBTITLES per entry
// (URI "subtitles/<lang>/index.m3u8", AUTOSELECT=YES) before the variants and SUBTITLES="subs"
// on each variant; `master` itself when `entries` is empty.
std::string master_with_subtitles(std::string_view master, std::span<const SubtitleEntry> entries);

// The subtitles media playlist of a recording: `video_playlist` (the rendition's, from
// archive::recording_media_playlist) with every segment's ".ts" made ".vtt", so its EXTINF,
// discontinuities, media sequence and EVENT/ENDLIST are the video's exactly.
std::string subtitle_media_playlist(std::string_view video_playlist);

// The WebVTT segment beside the video segment from `start_s` to `end_s` on the timeline, whose
// first timestamp is `start_pts` (90 kHz): X-TIMESTAMP-MAP=MPEGTS:<start_pts>,LOCAL:<start_s>,
// so hls.js places a cue at `start_s` where the picture of `start_pts` is; then every cue of
// `cues` (by start) that overlaps the segment, with its own times on the timeline.
std::string subtitle_segment_vtt(std::span<const TimedCue> cues, double start_s, double end_s,
                                 std::int64_t start_pts);

// The whole track as one WebVTT file, for <track kind="captions">.
std::string caption_track_vtt(std::span<const TimedCue> cues);

}  // namespace councilcast::portal
