// What search finds beyond the council's record, made from other rooms' snapshots for the
// search room, which never includes them: the composition root's bridge (see vote_summaries).
#pragma once

#include "portal/council/council_store.hpp"
#include "portal/pages/page_renderer.hpp"
#include "portal/recordings/caption_store.hpp"
#include "portal/recordings/recording_archive.hpp"
#include "portal/recordings/recording_store.hpp"
#include "portal/search/search_document.hpp"
#include "portal/voting/voting_store.hpp"

namespace councilcast::portal {

// Each closed vote of `voting` as a search document: its motion (or, without one, its item's
// title), the item, the outcome and counts in both languages, at its moment in the recording.
std::vector<SearchDocument> vote_documents(const VotingSnapshot& voting,
                                           const CouncilSnapshot& council,
                                           const PageRenderer& renderer);

// The speaker and note chapters of every recording as search documents, at their moments. An
// agenda item's or a vote's chapter is not one: the item and the vote are found themselves, at
// the same moment.
std::vector<SearchDocument> chapter_documents(const RecordingsSnapshot& recordings,
                                              RecordingArchive& archive);

// Who spoke (kind "speaker": the member's or guest's name) and the public notes (kind "note";
// an internal one never) of every recording, each at its start.
std::vector<SearchDocument> annotation_documents(const RecordingsSnapshot& recordings,
                                                 const CouncilSnapshot& council,
                                                 RecordingArchive& archive);

// What the public may find of the recordings: `documents` less the chapters (and notes,
// captions: every document of a kind other than "vote") of an unpublished recording and those
// whose moment is inside a hidden (redacted) range; a vote, which is the council's record, stays
// but loses its moment there. Kept in a function of its own, so every part's documents pass it.
std::vector<SearchDocument> visible_documents(std::vector<SearchDocument> documents,
                                              RecordingArchive& archive);

// Every caption cue as a search document (kind "caption"), in its track's language, at its
// start on the recording: the hit plays the meeting from the words found.
std::vector<SearchDocument> caption_documents(CaptionStore& captions, RecordingArchive& archive);

// The votes (each closed one: motion, agenda item, outcome and counts, at its moment in the
// recording) and the recordings' speaker and note chapters as search documents; an agenda item
// links to its chapter's moment. Every reference is kept by the functions and must outlive them.
SearchSources search_sources(const VotingStore& voting, const CouncilStore& council,
                             const PageRenderer& renderer, const RecordingStore& recordings,
                             RecordingArchive& archive, CaptionStore& captions);

}  // namespace councilcast::portal
