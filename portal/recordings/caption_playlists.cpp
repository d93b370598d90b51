#include "portal/recordings/caption_playlists.hpp"

#include <fmt/core.h>

#include <algorithm>

#include "portal/recordings/caption_file.hpp"

namespace councilcast::portal {
namespace {

constexpr std::string_view kStreamInf = "#EXT-X-STREAM-INF:";

void append_cue(std::string& text, const TimedCue& cue) {
    text += fmt::format("\n{} --> {}\n{}\n", vtt_timestamp(timeline_ms(cue.start_s)),
                        vtt_timestamp(timeline_ms(cue.end_s)), cue.text);
}

}  // namespace

std::string master_with_subtitles(std::string_view master, std::span<const SubtitleEntry> entries) {
    if (entries.empty()) return std::string(master);
    std::string media;
    for (const SubtitleEntry& entry : entries) {
        const std::string_view code = language_code(entry.language);
        // A NAME is a quoted string: the catalogue's names hold no quote or line break, and
        // any that did would be made harmless here.
        std::string name = entry.name;
        std::replace_if(
            name.begin(), name.end(), [](char c) { return c == '"' || c == '\n' || c == '\r'; },
            ' ');
        media += fmt::format(
            "#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID=\"{}\",LANGUAGE=\"{}\",NAME=\"{}\",DEFAULT={},"
            "AUTOSELECT=YES,URI=\"subtitles/{}/index.m3u8\"\n",
            kSubtitleGroup, code, name, entry.is_default ? "YES" : "NO", code);
    }
    std::string text;
    bool placed = false;
    std::size_t at = 0;
    while (at < master.size()) {
        auto end = master.find('\n', at);
        if (end == std::string_view::npos) end = master.size();
        const std::string_view line = master.substr(at, end - at);
        if (line.starts_with(kStreamInf)) {
            if (!placed) text += media;
            placed = true;
            text += fmt::format("{},SUBTITLES=\"{}\"\n", line, kSubtitleGroup);
        } else {
            text += line;
            text += '\n';
        }
        at = end + 1;
    }
    return text;
}

std::string subtitle_media_playlist(std::string_view video_playlist) {
    std::string text;
    std::size_t at = 0;
    while (at < video_playlist.size()) {
        auto end = video_playlist.find('\n', at);
        if (end == std::string_view::npos) end = video_playlist.size();
        std::string_view line = video_playlist.substr(at, end - at);
        if (!line.starts_with('#') && line.ends_with(".ts")) {
            line.remove_suffix(3);
            text += line;
            text += ".vtt\n";
        } else {
            text += line;
            text += '\n';
        }
        at = end + 1;
    }
    return text;
}

std::string subtitle_segment_vtt(std::span<const TimedCue> cues, double start_s, double end_s,
                                 std::int64_t start_pts) {
    std::string text = fmt::format("WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:{},LOCAL:{}\n", start_pts,
                                   vtt_timestamp(timeline_ms(start_s)));
    // Cues are by start: those that start before the segment ends, of which the ones still
    // showing when it starts.
    const auto last = std::partition_point(
        cues.begin(), cues.end(), [end_s](const TimedCue& cue) { return cue.start_s < end_s; });
    for (auto it = cues.begin(); it != last; ++it) {
        if (it->end_s > start_s) append_cue(text, *it);
    }
    return text;
}

std::string caption_track_vtt(std::span<const TimedCue> cues) {
    std::string text = "WEBVTT\n";
    for (const TimedCue& cue : cues) append_cue(text, cue);
    return text;
}

}  // namespace councilcast::portal
