#include "portal/voting/ballot_texts.hpp"

namespace councilcast::portal::ballot_texts {

const std::string& choice_text(const PageRenderer& renderer, Language language,
                               std::optional<Choice> choice) {
    if (!choice) return renderer.message(language, "voting_choice_not_voting");
    switch (*choice) {
        case Choice::kFor:
            return renderer.message(language, "voting_choice_for");
        case Choice::kAgainst:
            return renderer.message(language, "voting_choice_against");
        case Choice::kAbstain:
            break;
    }
    return renderer.message(language, "voting_choice_abstain");
}

const std::string& outcome_name(const PageRenderer& renderer, Language language, const Vote& vote) {
    if (vote.status == VoteStatus::kOpen) return renderer.message(language, "voting_status_open");
    if (vote.status == VoteStatus::kVoid) return renderer.message(language, "voting_status_void");
    switch (vote.outcome.result) {
        case VoteResult::kAdopted:
            return renderer.message(language, "voting_result_adopted");
        case VoteResult::kRejected:
            return renderer.message(language, "voting_result_rejected");
        case VoteResult::kNoQuorum:
            return renderer.message(language, "voting_result_no_quorum");
        case VoteResult::kNone:
            break;
    }
    return renderer.message(language, "ballot_status_closed");
}

std::string arithmetic(const PageRenderer& renderer, Language language, const Vote& vote,
                       const VotingRules& rules) {
    if (vote.status != VoteStatus::kClosed || vote.outcome.result == VoteResult::kNoQuorum) {
        return {};
    }
    const QuestionRule* rule = rules.question(vote.question);
    std::string text = rule != nullptr && rule->basis == MajorityBasis::kAllSeats
                           ? renderer.format(language, "voting_arithmetic_all_seats",
                                             {{"for", vote.counts.in_favour},
                                              {"required", vote.outcome.required},
                                              {"seats", rules.seats}})
                           : renderer.format(language, "voting_arithmetic",
                                             {{"for", vote.counts.in_favour},
                                              {"participants", vote.outcome.participants},
                                              {"required", vote.outcome.required}});
    // A show of hands says so wherever its result is shown.
    if (!vote.manual) return text;
    return renderer.format(language, "voting_arithmetic_manual", {{"arithmetic", text}});
}

std::string presence(const PageRenderer& renderer, Language language, int registered, int seats) {
    return renderer.format(
        language, "voting_quorum",
        {{"registered", registered}, {"seats", seats}, {"quorum", quorum(seats)}});
}

}  // namespace councilcast::portal::ballot_texts
