// A caption file as an editor uploads it (WebVTT or SubRip), checked and made into cues, and
// the cue text and times an editor types: pure, no HTTP, no SQLite, so the fuzz build reaches it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace councilcast::portal {

// One cue on the recording's timeline (milliseconds from its start). `text` is WebVTT cue text:
// lines joined by "\n", only the markup WebVTT allows, `&`, `<` and `>` escaped elsewhere.
struct CaptionCue {
    std::int64_t start_ms = 0;
    std::int64_t end_ms = 0;
    std::string text;
};

struct CaptionLimits {
    std::size_t max_bytes = 4 << 20;  // [recordings] max_caption_mb
    // The recording's length: a cue must end by then. Nothing: not known yet (still recording).
    std::optional<std::int64_t> length_ms;
    // A four-hour meeting has some 3,600 two-line cues; twice the pace of speech still fits.
    std::size_t max_cues = 20'000;
    std::size_t max_cue_chars = 300;  // of text, markup included: a few lines on a screen
    std::size_t max_cue_lines = 4;
};

// Parses a WebVTT file (it starts "WEBVTT", after an optional BOM) or else a SubRip file.
//
// There is no Debian-packaged C or C++ library that parses WebVTT and SRT with the checks an
// upload needs (FFmpeg's demuxers accept and repair, and tell nothing of where a file is wrong),
// so this is our own, kept strict:
// - at most `max_bytes`; UTF-8 only (a BOM is dropped), no control characters but tab; line
//   ends LF, CRLF or CR;
// - times strict: WebVTT hh:mm:ss.mmm or mm:ss.mmm, SRT hh:mm:ss,mmm (two-digit minutes and
//   seconds below 60, three-digit milliseconds); cue settings after the times are dropped;
// - each cue ends after it starts and by the recording's end; cues come in the order they start
//   (a cue that starts before the one above it is refused: players show cues out of order
//   wrongly); overlapping cues are allowed once so ordered (two speakers at once);
// - cue text: at most `max_cue_lines` lines and `max_cue_chars` characters; markup only
//   WebVTT's <b> <i> <u> <c.class> <v Name> <lang tag> <ruby> <rt> and timestamps inside the
//   cue; any other tag (SRT's <font>) is dropped and its text kept; empty cues are skipped;
// - WebVTT NOTE, STYLE and REGION blocks are skipped (the player's own style applies).
// Throws InvalidInput::text("caption_error_…", {{"line", N}, …}) naming the first wrong line.
std::vector<CaptionCue> parse_caption_file(std::string_view bytes, const CaptionLimits& limits);

// An editor's cue text from a form, for a cue from `start_ms` to `end_ms`: checked and cleaned
// as a file's cue text is (lines, length, markup, encoding); blank lines are dropped (one would
// end the cue). Throws InvalidInput::text("caption_error_…") with line 1 for the form's field.
std::string clean_cue_text(std::string_view text, std::int64_t start_ms, std::int64_t end_ms,
                           const CaptionLimits& limits);

// Seconds on the recording's timeline as the cues keep them: milliseconds, rounded.
std::int64_t timeline_ms(double seconds);

// "01:02:03.456", the WebVTT timestamp of `ms`.
std::string vtt_timestamp(std::int64_t ms);

// Cue text without its markup and with its character references decoded: what search indexes.
std::string plain_cue_text(std::string_view text);

}  // namespace councilcast::portal
