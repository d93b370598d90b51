#include "portal/recording_summaries.hpp"

#include <string>

namespace councilcast::portal {

RecordingSummaries recording_summaries(RecordingArchive& archive, const CaptionStore& captions) {
    return {[&archive, &captions](std::int64_t meeting_id) -> std::optional<RecordingSummary> {
                // An unpublished recording is the staff's alone: no player, feed, embed or
                // open data shows it.
                if (!archive.published(meeting_id)) return std::nullopt;
                auto timeline = archive.timeline(meeting_id);
                if (!timeline) return std::nullopt;
                RecordingSummary summary;
                summary.meeting_id = meeting_id;
                summary.live = timeline->live;
                summary.duration_s = timeline->duration_s;
                summary.master_playlist =
                    "/recordings/" + std::to_string(meeting_id) + "/master.m3u8";
                for (const auto& chapter : timeline->chapters) {
                    summary.chapters.push_back({std::string(chapter_kind_name(chapter.kind)),
                                                chapter.title, chapter.start_s});
                }
                for (const CaptionTrack* track : captions.snapshot()->tracks_of(meeting_id)) {
                    summary.caption_languages.emplace_back(language_code(track->language));
                }
                return summary;
            },
            // Both only rise, so their sum does.
            [&archive, &captions] { return archive.version() + captions.snapshot()->version; },
            [&archive](std::int64_t member_id) {
                std::vector<MemberSpeech> speeches;
                for (const auto& speech : archive.speeches_of(member_id)) {
                    speeches.push_back({speech.meeting_id, speech.start_s, speech.end_s});
                }
                return speeches;
            },
            [&archive](std::int64_t meeting_id) {
                return archive.recording(meeting_id).has_value() && !archive.published(meeting_id);
            }};
}

}  // namespace councilcast::portal
