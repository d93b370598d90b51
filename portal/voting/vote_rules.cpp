#include "portal/voting/vote_rules.hpp"

#include <algorithm>

namespace councilcast::portal {

const QuestionRule* VotingRules::question(const std::string& id) const {
    auto found = std::find_if(questions.begin(), questions.end(),
                              [&id](const QuestionRule& rule) { return rule.id == id; });
    return found == questions.end() ? nullptr : &*found;
}

VotingRules voting_rules(const config::Voting& voting) {
    VotingRules rules;
    rules.seats = voting.seats;
    rules.change_allowed = voting.change_allowed;
    for (const config::VotingQuestion& question : voting.questions) {
        rules.questions.push_back({question.id, question.title_lt, question.title_en,
                                   question.basis == "all_seats" ? MajorityBasis::kAllSeats
                                                                 : MajorityBasis::kParticipants,
                                   question.numerator, question.denominator, question.strictly,
                                   question.secret});
    }
    return rules;
}

int quorum(int seats) {
    return seats / 2 + 1;
}

int required_for(const QuestionRule& rule, int seats, int participants) {
    const long long basis = rule.basis == MajorityBasis::kAllSeats ? seats : participants;
    const long long share = basis * rule.numerator;
    // More than the share: the next whole vote above it; at least the share: the share rounded
    // up. Integer arithmetic, so 2/3 of 25 is 17 and never 16.999.
    const long long required = rule.strictly ? share / rule.denominator + 1
                                             : (share + rule.denominator - 1) / rule.denominator;
    return static_cast<int>(std::max(required, 1LL));
}

Outcome decide(const QuestionRule& rule, int seats, int registered, const VoteCounts& counts) {
    Outcome outcome;
    outcome.quorum = registered >= quorum(seats);
    outcome.participants = counts.participants();
    outcome.required = required_for(rule, seats, outcome.participants);
    if (!outcome.quorum) {
        outcome.result = VoteResult::kNoQuorum;
    } else {
        outcome.result =
            counts.in_favour >= outcome.required ? VoteResult::kAdopted : VoteResult::kRejected;
    }
    return outcome;
}

}  // namespace councilcast::portal
