// The council's voting rules as arithmetic: quorum, the majority a question needs, and a vote's
// result. Pure functions of counts and settings, so every edge is a unit test.
#pragma once

#include <string>
#include <vector>

#include "config/config.hpp"

namespace councilcast::portal {

// How many votes "for" a question needs, and of what.
enum class MajorityBasis {
    kParticipants,  // of the members taking part: registered, not recused (voting or not)
    kAllSeats,      // of all the council's seats (a returned decision, qualified majorities)
};

// One kind of question ([[voting.question]] in the config). `required_for` is the smallest
// number of votes for that passes: more than numerator/denominator of the basis when `strictly`
// (a majority: more than 1/2), else at least that share (2/3 of all seats: 17 of 25).
struct QuestionRule {
    std::string id;        // "ordinary", "veto_override", "two_thirds"; [a-z0-9_]{1,32}
    std::string title_lt;  // shown to the chair when opening a vote
    std::string title_en;
    MajorityBasis basis = MajorityBasis::kParticipants;
    int numerator = 1;
    int denominator = 2;
    bool strictly = true;
    bool secret = false;  // votes on this kind of question are secret by default

    bool operator==(const QuestionRule&) const = default;
};

struct VotingRules {
    int seats = 25;  // all council seats; the mayor chairs and is not one of them
    // The last vote a member casts before the vote closes counts; false: the first one stands.
    // Secret votes are never changed (nothing links a member to a choice to change).
    bool change_allowed = true;
    std::vector<QuestionRule> questions;  // at least "ordinary"; the first is the default

    const QuestionRule* question(const std::string& id) const;
};

// The rules [voting] in the configuration sets (already validated by its loader).
VotingRules voting_rules(const config::Voting& voting);

// More than half of all seats: 13 of 25.
int quorum(int seats);

// The votes for a question needs, given the members taking part.
int required_for(const QuestionRule& rule, int seats, int participants);

enum class Choice { kFor, kAgainst, kAbstain };

struct VoteCounts {
    int in_favour = 0;
    int against = 0;
    int abstain = 0;
    int not_voting = 0;  // registered, not recused, cast nothing: taking part, as abstaining

    int participants() const { return in_favour + against + abstain + not_voting; }
    bool operator==(const VoteCounts&) const = default;
};

enum class VoteResult { kNone, kAdopted, kRejected, kNoQuorum };

struct Outcome {
    VoteResult result = VoteResult::kNone;
    bool quorum = false;   // registered members (recused included) are more than half the seats
    int participants = 0;  // counts.participants()
    int required = 0;      // votes for needed
};

// The result of a closed vote: no quorum, else adopted when in_favour >= required. A tie never
// passes (required is always more than half when `strictly`).
Outcome decide(const QuestionRule& rule, int seats, int registered, const VoteCounts& counts);

}  // namespace councilcast::portal
