#include "portal/search_documents.hpp"

#include <algorithm>
#include <map>

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

std::vector<SearchDocument> annotation_documents(const RecordingsSnapshot& recordings,
                                                 const CouncilSnapshot& council,
                                                 RecordingArchive& archive) {
    std::vector<SearchDocument> documents;
    for (const SpeakerRange& speaker : recordings.speakers) {
        const std::string name = speaker_name(council, speaker);
        documents.push_back({.meeting_id = speaker.meeting_id,
                             .kind = "speaker",
                             .title = {name, name},
                             .body = {},
                             .t = archive.media_time(speaker.meeting_id, speaker.from_unix_ms)});
    }
    for (const RecordingNote& note : recordings.notes) {
        if (!note.is_public) continue;
        documents.push_back({.meeting_id = note.meeting_id,
                             .kind = "note",
                             .title = note.text,
                             .body = {},
                             .t = archive.media_time(note.meeting_id, note.from_unix_ms)});
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

std::vector<SearchDocument> visible_documents(std::vector<SearchDocument> documents,
                                              RecordingArchive& archive) {
    // Asked once per recording, not once per document.
    struct Shown {
        bool published = true;
        std::vector<HiddenRange> hidden;
    };
    std::map<std::int64_t, Shown> recordings;
    std::vector<SearchDocument> visible;
    visible.reserve(documents.size());
    for (auto& document : documents) {
        auto found = recordings.find(document.meeting_id);
        if (found == recordings.end()) {
            Shown shown;
            // A meeting without a recording has nothing hidden: its votes stay as they are.
            shown.published =
                !archive.recording(document.meeting_id) || archive.published(document.meeting_id);
            if (shown.published) shown.hidden = archive.hidden_ranges(document.meeting_id);
            found = recordings.emplace(document.meeting_id, std::move(shown)).first;
        }
        const Shown& shown = found->second;
        const auto& t = document.t;
        const bool hidden =
            !shown.published ||
            (t && std::any_of(shown.hidden.begin(), shown.hidden.end(), [&t](const HiddenRange& r) {
                 return *t >= r.from_s && *t < r.to_s;
             }));
        if (hidden) {
            if (document.kind != "vote") continue;
            document.t.reset();
        }
        visible.push_back(std::move(document));
    }
    return visible;
}

SearchSources search_sources(const VotingStore& voting, const CouncilStore& council,
                             const PageRenderer& renderer, const RecordingStore& recordings,
                             RecordingArchive& archive, CaptionStore& captions) {
    SearchSources sources;
    sources.extra = [&voting, &council, &renderer, &recordings, &archive, &captions] {
        auto documents = vote_documents(*voting.snapshot(), *council.snapshot(), renderer);
        const auto snapshot = recordings.snapshot();
        auto chapters = chapter_documents(*snapshot, archive);
        documents.insert(documents.end(), std::make_move_iterator(chapters.begin()),
                         std::make_move_iterator(chapters.end()));
        auto annotations = annotation_documents(*snapshot, *council.snapshot(), archive);
        documents.insert(documents.end(), std::make_move_iterator(annotations.begin()),
                         std::make_move_iterator(annotations.end()));
        auto cues = caption_documents(captions, archive);
        documents.insert(documents.end(), std::make_move_iterator(cues.begin()),
                         std::make_move_iterator(cues.end()));
        return visible_documents(std::move(documents), archive);
    };
    // All only rise, so their sum does.
    sources.version = [&voting, &recordings, &archive, &captions] {
        return voting.snapshot()->version + recordings.snapshot()->version +
               archive.redactions_version() + captions.snapshot()->version;
    };
    sources.agenda_moment = [&recordings, &archive](
                                std::int64_t meeting_id,
                                std::int64_t agenda_item_id) -> std::optional<double> {
        const auto snapshot = recordings.snapshot();
        for (const Chapter* chapter : snapshot->chapters_of(meeting_id)) {
            if (chapter->kind == ChapterKind::kAgenda && chapter->ref_id == agenda_item_id) {
                // No link into what the public may not see.
                auto moment = archive.media_time(meeting_id, chapter->at_unix_ms);
                if (!archive.published(meeting_id)) return std::nullopt;
                for (const HiddenRange& range : archive.hidden_ranges(meeting_id)) {
                    if (moment && *moment >= range.from_s && *moment < range.to_s) {
                        return std::nullopt;
                    }
                }
                return moment;
            }
        }
        return std::nullopt;
    };
    return sources;
}

}  // namespace councilcast::portal
