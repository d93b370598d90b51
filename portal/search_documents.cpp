#include "portal/search_documents.hpp"

#include "portal/recordings/caption_file.hpp"
#include "portal/voting/ballot_texts.hpp"

namespace councilcast::portal {
namespace {

// What a list of votes says of one: "PRIIMTA: už 15, prieš 3, susilaikė 2, nebalsavo 0".
std::string outcome(const PageRenderer& renderer, Language language, const Vote& vote) {
    return ballot_texts::outcome_name(renderer, language, vote) + ": " +
           renderer.format(language, "console_counts",
                           {{"in_favour", vote.counts.in_favour},
                            {"against", vote.counts.against},
                            {"abstain", vote.counts.abstain},
                            {"not_voting", vote.counts.not_voting}});
}

SearchDocument vote_document(const PageRenderer& renderer, const CouncilSnapshot& council,
                             const Vote& vote) {
    SearchDocument document;
    document.meeting_id = vote.meeting_id;
    document.kind = "vote";
    document.t = vote.media_time_s;
    const AgendaItem* item = council.agenda_item(vote.agenda_item_id);
    document.title = vote.motion.lt.empty() && item ? item->title : vote.motion;
    for (Language language : kLanguages) {
        std::string body;
        if (item && !vote.motion.lt.empty()) body = item->title.in(language) + ". ";
        body += outcome(renderer, language, vote);
        (language == Language::kLt ? document.body.lt : document.body.en) = std::move(body);
    }
    return document;
}

}  // namespace

std::vector<SearchDocument> vote_documents(const VotingSnapshot& voting,
                                           const CouncilSnapshot& council,
                                           const PageRenderer& renderer) {
    std::vector<SearchDocument> documents;
    for (const Vote& vote : voting.votes) {
        // An open vote has no outcome yet; a void one was taken again (its re-vote is found).
        if (vote.status != VoteStatus::kClosed) continue;
        documents.push_back(vote_document(renderer, council, vote));
    }
    return documents;
}

std::vector<SearchDocument> chapter_documents(const RecordingsSnapshot& recordings,
                                              RecordingArchive& archive) {
    std::vector<SearchDocument> documents;
    for (const Chapter& chapter : recordings.chapters) {
        if (chapter.kind != ChapterKind::kSpeaker && chapter.kind != ChapterKind::kNote) continue;
        documents.push_back({.meeting_id = chapter.meeting_id,
                             .kind = "chapter",
                             .title = chapter.title,
                             .body = {},
                             .t = archive.media_time(chapter.meeting_id, chapter.at_unix_ms)});
    }
    return documents;
}

std::vector<SearchDocument> caption_documents(CaptionStore& captions, RecordingArchive& archive) {
    std::vector<SearchDocument> documents;
    for (const MeetingCue& found : captions.all_cues()) {
        const auto t = archive.media_time(found.meeting_id, found.cue.start_unix_ms);
        // A cue off its recording (the span was moved past it) has no moment to play.
        if (!t) continue;
        // The cue is in its track's language; search finds either language's words on any page.
        LocalizedText body;
        (found.language == Language::kEn ? body.en : body.lt) = plain_cue_text(found.cue.text);
        documents.push_back({.meeting_id = found.meeting_id,
                             .kind = "caption",
                             .title = {},
                             .body = std::move(body),
                             .t = t});
    }
    return documents;
}

SearchSources search_sources(const VotingStore& voting, const CouncilStore& council,
                             const PageRenderer& renderer, const RecordingStore& recordings,
                             RecordingArchive& archive, CaptionStore& captions) {
    SearchSources sources;
    sources.extra = [&voting, &council, &renderer, &recordings, &archive, &captions] {
        auto documents = vote_documents(*voting.snapshot(), *council.snapshot(), renderer);
        auto chapters = chapter_documents(*recordings.snapshot(), archive);
        documents.insert(documents.end(), std::make_move_iterator(chapters.begin()),
                         std::make_move_iterator(chapters.end()));
        auto cues = caption_documents(captions, archive);
        documents.insert(documents.end(), std::make_move_iterator(cues.begin()),
                         std::make_move_iterator(cues.end()));
        return documents;
    };
    // Each only rises, so their sum does.
    sources.version = [&voting, &recordings, &captions] {
        return voting.snapshot()->version + recordings.snapshot()->version +
               captions.snapshot()->version;
    };
    sources.agenda_moment = [&recordings, &archive](
                                std::int64_t meeting_id,
                                std::int64_t agenda_item_id) -> std::optional<double> {
        const auto snapshot = recordings.snapshot();
        for (const Chapter* chapter : snapshot->chapters_of(meeting_id)) {
            if (chapter->kind == ChapterKind::kAgenda && chapter->ref_id == agenda_item_id) {
                return archive.media_time(meeting_id, chapter->at_unix_ms);
            }
        }
        return std::nullopt;
    };
    return sources;
}

}  // namespace councilcast::portal
