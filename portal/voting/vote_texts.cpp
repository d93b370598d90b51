#include "portal/voting/vote_texts.hpp"

namespace councilcast::portal {

std::string result_arithmetic(const Vote& vote, const VotingRules& rules,
                              const PageRenderer& messages, Language language) {
    const QuestionRule* rule = rules.question(vote.question);
    std::string text = rule && rule->basis == MajorityBasis::kAllSeats
                           ? messages.format(language, "voting_arithmetic_all_seats",
                                             {{"for", vote.counts.in_favour},
                                              {"required", vote.outcome.required},
                                              {"seats", rules.seats}})
                           : messages.format(language, "voting_arithmetic",
                                             {{"for", vote.counts.in_favour},
                                              {"participants", vote.outcome.participants},
                                              {"required", vote.outcome.required}});
    if (!vote.manual) return text;
    return messages.format(language, "voting_arithmetic_manual", {{"arithmetic", text}});
}

}  // namespace councilcast::portal
