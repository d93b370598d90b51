// A meeting's recording as the public pages and the open data show it. The recordings room
// makes them and the composition root hands them over: publish never includes it.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "portal/council/council_record.hpp"

namespace councilcast::portal {

struct ChapterMark {
    std::string kind;  // "agenda" | "vote" | "speaker" | "note"
    LocalizedText title;
    double start_s = 0;  // on the recording's timeline (see archive::MediaPiece)
};

struct RecordingSummary {
    std::int64_t meeting_id = 0;
    bool live = false;  // "recording" while the meeting is live, else "ready"
    double duration_s = 0;
    std::string master_playlist;        // "/recordings/<id>/master.m3u8"
    std::vector<ChapterMark> chapters;  // by start_s
    // "lt", "en": the caption tracks, each at /recordings/<id>/captions/<code>.vtt.
    std::vector<std::string> caption_languages;
};

// A council member's speech: a speaker range of a recording, on its timeline.
struct MemberSpeech {
    std::int64_t meeting_id = 0;
    double start_s = 0;  // the member page links to /meetings/<id>?t=<start_s>
    double end_s = 0;
};

// Empty functions (a portal without recordings) show none.
struct RecordingSummaries {
    std::function<std::optional<RecordingSummary>(std::int64_t meeting_id)> of_meeting;
    // Rises with every change of any recording or chapter (the anonymous page cache compares it).
    std::function<std::int64_t()> version;
    // The member's speeches in every recording, newest meeting first.
    std::function<std::vector<MemberSpeech>(std::int64_t member_id)> speeches_of_member;
    // Whether the meeting has a recording that is not published yet: of_meeting gives nothing
    // for it (no player, feed, embed or open data), and its page says it is being prepared.
    std::function<bool(std::int64_t meeting_id)> preparing;
};

// "recording" or "ready": the open data's status.
inline std::string_view recording_status_name(const RecordingSummary& recording) {
    return recording.live ? "recording" : "ready";
}

}  // namespace councilcast::portal
