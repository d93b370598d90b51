#include "portal/recording_summaries.hpp"

#include <string>

namespace councilcast::portal {

RecordingSummaries recording_summaries(RecordingArchive& archive, const CaptionStore& captions) {
    return {[&archive, &captions](std::int64_t meeting_id) -> std::optional<RecordingSummary> {
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
            [&archive, &captions] { return archive.version() + captions.snapshot()->version; }};
}

}  // namespace councilcast::portal
