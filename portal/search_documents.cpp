#include "portal/search_documents.hpp"

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

SearchSources search_sources(const VotingStore& voting, const CouncilStore& council,
                             const PageRenderer& renderer) {
    SearchSources sources;
    sources.extra = [&voting, &council, &renderer] {
        return vote_documents(*voting.snapshot(), *council.snapshot(), renderer);
    };
    sources.version = [&voting] { return voting.snapshot()->version; };
    return sources;
}

}  // namespace councilcast::portal
