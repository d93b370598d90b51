// Low-Latency HLS (RFC 8216bis): the live media playlist with partial segments, and the rules
// of blocking playlist reloads and delta updates, as pure functions for the HTTP layer.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "archive/playlist.hpp"

namespace councilcast::archive {

// A partial segment (EXT-X-PART): a piece of a segment published the moment it is written, so
// a player can stay a fraction of a segment behind the live edge instead of whole segments.
struct Part {
    std::int64_t sequence = 0;  // its parent segment's media sequence number
    int index = 0;              // its place in the parent segment, from 0
    std::string uri;            // relative to the playlist, like Segment::file
    std::int64_t duration_us = 0;
    bool independent = false;  // begins with a keyframe: a player may start or switch here
};

// Where another rendition's live edge stands (EXT-X-RENDITION-REPORT): a player switching to it
// sends its first blocking request at once instead of loading that playlist first.
struct RenditionReport {
    std::string uri;            // relative to this playlist, e.g. "../360p/live.m3u8"
    std::int64_t last_msn = 0;  // the parent segment of its last part (or its last segment)
    int last_part = 0;          // that part's index; -1: no part yet, LAST-PART left out
};

// The timing a channel's low-latency playlists share; neither value may change between reloads.
struct LowLatencyTiming {
    int target_duration_s = 0;        // as live_media_playlist's (>= 1)
    std::int64_t part_target_us = 0;  // the longest part the segmenter writes (> 0, <= target)
};

// One snapshot of a rendition's live edge, taken at once so the playlist and the reload rules
// see the same thing.
struct LowLatencyWindow {
    // Complete segments, consecutive, oldest first (SegmentIndex::live_window).
    std::span<const Segment> segments;
    // The parts still known, in order: those of the newest complete segments, then those of the
    // segment in progress (sequence = last complete + 1); each parent's all, from index 0.
    std::span<const Part> parts;
    // The segment in progress begins after a break (worker restart), and its first frame's time.
    bool in_progress_discontinuity = false;
    std::int64_t in_progress_start_unix_ms = 0;
    // The URI the next part will be published under (EXT-X-PRELOAD-HINT).
    std::string next_part_uri;
};

// The low-latency live media playlist of `window`: live_media_playlist's segment lines
// (append_live_window: MEDIA-SEQUENCE, DISCONTINUITY-SEQUENCE, PROGRAM-DATE-TIME, EXTINF
// clamped) and:
//
// - `#EXT-X-PART-INF:PART-TARGET=` the part target in whole milliseconds, rounded up, so every
//   part the segmenter keeps within its target also prints within it. A part longer than that
//   (a segmenter error) prints as the target, as an overlong segment's EXTINF is clamped.
// - `#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,CAN-SKIP-UNTIL=<6 x target>,HOLD-BACK=<3 x
//   target>,PART-HOLD-BACK=<3 x part target>`: the least skip boundary and hold-back 4.4.3.8
//   allows, and the part hold-back it recommends (it requires only twice the part target).
// - `#EXT-X-PART:DURATION=..,URI="..",INDEPENDENT=YES` (INDEPENDENT only where the part begins
//   with a keyframe) before its parent segment's EXTINF, after the parent's discontinuity and
//   date (4.4.4.9); the parts of the segment in progress after the last segment, after an
//   EXT-X-DISCONTINUITY and its date if that segment begins after a break. A complete
//   segment's parts are listed while the whole segment lies within three target durations of
//   the playlist's end; older ones are left out, as 6.2.2 asks (their files must stay
//   downloadable a while longer). Whole segments, as in 9.11's example: players number a
//   parent's parts from the first one listed.
// - `#EXT-X-PRELOAD-HINT:TYPE=PART,URI="<next_part_uri>"`: players request the next part
//   before it exists and the server answers the moment it is written.
// - one `#EXT-X-RENDITION-REPORT` per entry of `reports` (the channel's other renditions).
// - `skip` (the player sent _HLS_skip=YES or v2): a Playlist Delta Update (6.2.5.1). The
//   oldest segments whose end lies further than CAN-SKIP-UNTIL from the playlist's end (the
//   end of the newest part) are replaced by `#EXT-X-SKIP:SKIPPED-SEGMENTS=<n>`: their lines go,
//   MEDIA-SEQUENCE and DISCONTINUITY-SEQUENCE stay the first segment's (4.4.5.2), so a break
//   among them keeps being counted by the player from its previous copy. A window too short to
//   skip anything gives the full playlist.
//
// EXT-X-VERSION is the lowest the tags need (6.2.1): 9 with EXT-X-SKIP (section 8), else 3 as
// live_media_playlist; the low-latency tags themselves need no version. An empty window gives
// the header alone (no parts, hint or reports): players reload until the first segment is
// complete, a target duration at most. Aborts on parts out of order, not each parent's all
// from index 0, or of no listed segment.
std::string low_latency_playlist(const LowLatencyWindow& window, const LowLatencyTiming& timing,
                                 std::span<const RenditionReport> reports, bool skip);

// What blocking reloads are measured against: the live edge a LowLatencyWindow shows.
struct LiveEdge {
    std::int64_t last_msn = 0;   // the last complete segment's media sequence number
    int last_segment_parts = 0;  // the parts that segment was written in
    int parts_in_progress = 0;   // the parts of the segment after it published so far
};

// The live edge of `window`, which must hold a complete segment.
LiveEdge live_edge(const LowLatencyWindow& window);

// The rendition report that tells another playlist where this edge stands: its last part
// (LAST-MSN its parent), or with no part at all its last segment and LAST-PART left out.
RenditionReport rendition_report(std::string uri, const LiveEdge& edge);

// The delivery directives of a playlist request, as the query string carries them (decoded);
// nothing where the parameter is absent.
struct DeliveryDirectives {
    std::optional<std::string_view> msn;   // _HLS_msn
    std::optional<std::string_view> part;  // _HLS_part
    std::optional<std::string_view> skip;  // _HLS_skip
};

enum class ReloadAnswer {
    kBadRequest,  // answer 400 at once; `reason` says why, for the log
    kReady,       // answer now with the playlist
    kWait,        // hold the request; decide again when the edge moves (max_blocking_wait)
};

struct ReloadDecision {
    ReloadAnswer answer = ReloadAnswer::kReady;
    bool skip = false;   // the player asked for a delta update (low_latency_playlist's `skip`)
    std::string reason;  // kBadRequest: what was wrong, in English
};

// Blocking playlist reload (RFC 8216bis 6.2.5.2) for a request with `directives` while the
// rendition's edge is `edge` (which has a complete segment: before that there is nothing to
// block on, and the empty playlist is answered at once). M is _HLS_msn, N is _HLS_part, L is
// edge.last_msn:
//
// - kBadRequest: _HLS_msn or _HLS_part not a decimal integer (digits only, no sign, fits 64
//   bits) or negative; _HLS_part without _HLS_msn; M > L + 2; or a part further past the
//   newest published part than the Advance Part Limit (3 / part target in seconds when the
//   part target is under a second, else 3). Parts of a segment not yet begun are counted as
//   target / part target each, rounded up.
// - kReady: no _HLS_msn (an ordinary reload); M alone once segment M is complete (M <= L);
//   M and N once the playlist holds part N of M: M < L, or M = L and N is one of its parts, or
//   M = L + 1 and N is published. A part index past a complete segment's last part stands for
//   part 0 of the next segment (6.2.5.2), so (L, last + 1) waits for the next segment's first
//   part rather than answering the playlist the player already has.
// - kWait otherwise: M = L + 1 with part N not yet published or without a part, M = L + 2.
//
// _HLS_skip=YES or v2 asks for a delta update (v2 also skips date ranges, which these playlists
// have none of); any other value is ignored, since the full playlist is always a right answer.
ReloadDecision decide_reload(const DeliveryDirectives& directives, const LiveEdge& edge,
                             const LowLatencyTiming& timing);

// How long a blocking request may wait: three target durations. Past that, RFC 8216bis
// 6.2.5.2 says a server SHOULD answer 503 Service Unavailable, and so should ours: the edge
// stands still only when the streamer worker stalled or restarts, and a 503 tells the player
// so (hls.js retries a 5xx playlist answer; AVPlayer is built to the spec), where the old
// playlist would answer a request it does not satisfy.
std::chrono::milliseconds max_blocking_wait(const LowLatencyTiming& timing);

}  // namespace councilcast::archive
