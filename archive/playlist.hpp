// HLS playlist text (RFC 8216) generated from the segment index: master and live media playlists.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace councilcast::archive {

// One media segment as the index stores it and the playlists describe it. The same type serves
// both so a playlist is always written from exactly what was indexed.
struct Segment {
    std::int64_t id = 0;  // row id, used by retention to remove it
    std::string channel;
    std::string rendition;
    std::int64_t sequence = 0;  // media sequence number; only grows per channel/rendition
    // Number of EXT-X-DISCONTINUITY tags up to and including this segment's own.
    std::int64_t discontinuity_sequence = 0;
    bool discontinuity = false;  // the segment begins after a break (worker or server restart)
    // Name inside <media>/<channel>/<rendition>/. Playlists sit next to their segments, so the
    // name is also the segment's URI relative to its playlist.
    std::string file;
    std::int64_t start_unix_ms = 0;  // wall-clock time of the first frame
    std::int64_t duration_us = 0;
    std::int64_t bytes = 0;
    std::int64_t created_unix_ms = 0;  // when the portal indexed it
};

// One variant stream (rendition) of a channel in the master playlist.
struct VariantInfo {
    std::string uri;  // relative to the master playlist, e.g. "720p/live.m3u8"
    int width = 0;
    int height = 0;
    double framerate = 0;
    std::int64_t bandwidth = 0;          // peak bits per second of any segment
    std::int64_t average_bandwidth = 0;  // average bits per second
    std::string codecs;                  // RFC 6381, e.g. "avc1.4d401f,mp4a.40.2"
};

struct Bandwidth {
    std::int64_t peak = 0;     // for BANDWIDTH
    std::int64_t average = 0;  // for AVERAGE-BANDWIDTH
};

// The master playlist of a channel: one EXT-X-STREAM-INF per variant, in the given order (hls.js
// starts with the first one). `variants` must not be empty.
std::string master_playlist(std::span<const VariantInfo> variants);

// RFC 6381 CODECS for H.264 `profile` ("main" or "high") with the level x264 picks: the lowest
// whose frame size, macroblock rate and bit rate limits fit (level 1b included), followed by
// AAC-LC ("mp4a.40.2"), which every rendition carries. Throws InvalidInput for another profile or
// a picture no H.264 level allows.
std::string h264_codecs(std::string_view profile, int width, int height, int framerate,
                        int video_bitrate_kbps);

// BANDWIDTH and AVERAGE-BANDWIDTH for a rendition encoded at the given rates and muxed in MPEG-TS.
// The figures are estimates from how the streamer encodes (see playlist.cpp for the factors);
// players only use them to choose a variant, and an estimate on the high side is the safe one.
Bandwidth estimate_bandwidth(int video_kbps, int audio_kbps, double segment_duration_s = 2.0);

// CODECS of an audio-only rendition: AAC-LC alone.
inline constexpr std::string_view kAacCodecs = "mp4a.40.2";

// The variant of a rendition encoded as given, its figures (BANDWIDTH, CODECS) estimated as
// above: what the live and the recordings' master playlists both list. Width and height 0: an
// audio-only rendition (no RESOLUTION, CODECS "mp4a.40.2", BANDWIDTH from the audio alone).
VariantInfo variant_info(std::string uri, int width, int height, int framerate,
                         std::string_view profile, int video_kbps, int audio_kbps);

// Bandwidths measured from segments already written (an imported file's, whose rate nobody
// configured): BANDWIDTH is the fastest segment's bits a second, AVERAGE-BANDWIDTH the whole.
// Zero when there is no segment with a duration.
Bandwidth measured_bandwidth(std::span<const Segment> segments);

// How far behind the end of a live playlist players start and stay, in target durations
// (EXT-X-SERVER-CONTROL:HOLD-BACK): three, the least RFC 8216bis 4.4.3.8 allows. A player then
// has the segment it plays and two more in hand when the next reload is due.
inline constexpr int kHoldBackTargets = 3;

// A live sliding-window media playlist for `window`, the consecutive newest segments of one
// rendition, oldest first (SegmentIndex::live_window). `target_duration_s` is fixed for the
// channel and must never change between reloads (>= 1): the configured segment duration, which
// the streamer's segments keep to within a frame. EXT-X-SERVER-CONTROL:HOLD-BACK tells players
// to stay three target durations behind the newest segment's end.
//
// - A segment longer than the target (its EXTINF rounds above it) is a worker error; its EXTINF is
//   clamped to the longest value that still rounds to the target so the playlist stays valid for
//   strict players, rather than aborting the server or changing TARGETDURATION mid-stream.
// - An empty window gives a valid playlist with no segments and no MEDIA-SEQUENCE (RFC 8216's
//   implicit 0): players reload a live playlist until segments appear, and the window is only
//   empty before a rendition's first segment.
std::string live_media_playlist(std::span<const Segment> window, int target_duration_s);

// The segment lines of a live playlist, appended to `text`: what live_media_playlist and the
// low-latency playlist (ll_playlist.hpp) share, so both number, date and time segments alike.
// EXT-X-MEDIA-SEQUENCE and EXT-X-DISCONTINUITY-SEQUENCE are the first segment's; then each
// segment's EXT-X-DISCONTINUITY (not the first's, which the sequence already counts),
// EXT-X-PROGRAM-DATE-TIME (on the first and after every break), EXTINF (extinf_ms) and URI.
// Nothing for an empty window. Aborts unless the window is consecutive segments whose
// discontinuity sequence counts their discontinuity tags.
//
// - `skipped` > 0 (a Playlist Delta Update, RFC 8216bis 6.2.5.1): the oldest so many segments
//   are replaced, with all their tags, by one EXT-X-SKIP right after the sequence tags. Both
//   sequence tags keep the first segment's values (4.4.5.2: skipping does not change the
//   discontinuity sequence), so a discontinuity among the skipped segments still counts: the
//   player keeps the skipped segments' tags from its previous copy of the playlist.
// - `before_extinf(i, text)`, when given, appends what goes between segment i's own tags and
//   its EXTINF: a low-latency playlist's parts of that segment, which RFC 8216bis 4.4.4.9
//   wants after the parent segment's discontinuity and date.
void append_live_window(
    std::string& text, std::span<const Segment> window, int target_duration_s,
    std::size_t skipped = 0,
    const std::function<void(std::size_t, std::string&)>& before_extinf = nullptr);

// A meeting's recording as one media playlist of one rendition: `segments` in sequence order
// (SegmentReader::between), numbered from 0, so the playlist only ever grows while the meeting
// is live. `ended` false: `EXT-X-PLAYLIST-TYPE:EVENT` (players keep reloading and may seek back
// to the opening); true: `VOD` with `EXT-X-ENDLIST`. A segment after a break (a worker restart,
// or a segment missing in between) gets EXT-X-DISCONTINUITY and its own PROGRAM-DATE-TIME.
// EXTINF values are those of live_media_playlist, so the timeline is the same as theirs.
// `hidden` (empty, or one flag per segment): segments the public may not see (a redaction).
// Each keeps its place with EXT-X-GAP (RFC 8216bis 4.4.4.7, protocol version 8), so every time
// after it stays where it was; the segment after a run of them follows EXT-X-DISCONTINUITY and
// its own PROGRAM-DATE-TIME, as after a break. Without hidden segments the playlist stays at
// version 3, byte for byte what it was.
std::string recording_media_playlist(std::span<const Segment> segments, int target_duration_s,
                                     bool ended, const std::vector<bool>& hidden = {});

// The EXTINF a playlist gives `segment`, in milliseconds: its duration rounded, clamped to what
// still rounds to `target_duration_s`.
std::int64_t extinf_ms(const Segment& segment, int target_duration_s);

// Whether `segment` starts after a break in a recording whose segment before it is `previous`.
bool follows_break(const Segment& previous, const Segment& segment);

// Where the wall-clock moment `unix_ms` is on the timeline of a recording's `segments` (in
// sequence order): the sum of the EXTINF before its segment plus how far into it, in seconds.
// A moment in a gap between segments (a worker restart) maps to the start of the next one, so a
// gap in wall-clock time is no gap on the timeline; before the first segment maps to 0; past
// the last segment's end continues at the wall clock's pace (a live recording's segment still
// being written). Nothing when there are no segments.
std::optional<double> timeline_seconds(std::span<const Segment> segments, int target_duration_s,
                                       std::int64_t unix_ms);

// The inverse: the wall-clock moment `seconds` into the timeline of `segments` shows (an
// editor's typed time becomes the moment it is stored as). Before 0 maps to the first segment's
// start; past the end continues at the wall clock's pace. Nothing when there are no segments.
std::optional<std::int64_t> timeline_unix_ms(std::span<const Segment> segments,
                                             int target_duration_s, double seconds);

// "2026-11-28T12:00:00.000Z": the EXT-X-PROGRAM-DATE-TIME form (ISO 8601, UTC, milliseconds).
std::string program_date_time(std::int64_t unix_ms);

}  // namespace councilcast::archive
