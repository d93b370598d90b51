// The council's voting arithmetic: quorum, majorities and results at their edges.
#include "portal/voting/vote_rules.hpp"

#include <doctest/doctest.h>

#include "config/config.hpp"

using namespace councilcast;
using namespace councilcast::portal;

namespace {

const VotingRules kDefaults = voting_rules(config::Voting{});

const QuestionRule& rule(const char* id) {
    const QuestionRule* found = kDefaults.question(id);
    REQUIRE(found != nullptr);
    return *found;
}

}  // namespace

TEST_CASE("the default questions are the four of Lithuanian practice, ordinary first") {
    REQUIRE(kDefaults.questions.size() == 4);
    CHECK(kDefaults.seats == 25);
    CHECK(kDefaults.change_allowed);
    CHECK(kDefaults.questions.front().id == "ordinary");
    CHECK(rule("veto_override").basis == MajorityBasis::kAllSeats);
    CHECK(rule("two_thirds").basis == MajorityBasis::kAllSeats);
    CHECK_FALSE(rule("two_thirds").strictly);
    CHECK(rule("personnel_secret").secret);
    CHECK(kDefaults.question("unknown") == nullptr);
}

TEST_CASE("quorum is more than half of all seats: 13 of 25, 12 is not enough") {
    CHECK(quorum(25) == 13);
    CHECK(quorum(24) == 13);
    CHECK(quorum(15) == 8);
    const VoteCounts counts{10, 1, 1, 0};
    CHECK(decide(rule("ordinary"), 25, 12, counts).result == VoteResult::kNoQuorum);
    CHECK_FALSE(decide(rule("ordinary"), 25, 12, counts).quorum);
    const Outcome at_quorum = decide(rule("ordinary"), 25, 13, counts);
    CHECK(at_quorum.quorum);
    CHECK(at_quorum.result == VoteResult::kAdopted);
}

TEST_CASE("13 for of 21 taking part needs 11 and passes") {
    const VoteCounts counts{13, 5, 2, 1};
    const Outcome outcome = decide(rule("ordinary"), 25, 21, counts);
    CHECK(outcome.participants == 21);
    CHECK(outcome.required == 11);
    CHECK(outcome.result == VoteResult::kAdopted);
}

TEST_CASE("a tie does not pass") {
    const Outcome outcome = decide(rule("ordinary"), 25, 20, {10, 10, 0, 0});
    CHECK(outcome.required == 11);
    CHECK(outcome.result == VoteResult::kRejected);
    CHECK(decide(rule("ordinary"), 25, 20, {11, 9, 0, 0}).result == VoteResult::kAdopted);
}

TEST_CASE("registered members who do not vote count as taking part, as abstaining") {
    // 11 for, 9 against, 3 not voting: 23 taking part need 12.
    const Outcome outcome = decide(rule("ordinary"), 25, 23, {11, 9, 0, 3});
    CHECK(outcome.participants == 23);
    CHECK(outcome.required == 12);
    CHECK(outcome.result == VoteResult::kRejected);
    // Without them, 11 of 20 would have passed.
    CHECK(decide(rule("ordinary"), 25, 23, {11, 9, 0, 0}).result == VoteResult::kAdopted);
}

TEST_CASE("recused members are left out of the counts but count for quorum") {
    // 15 registered, 4 recused: 11 take part, 6 is a majority of them.
    const Outcome outcome = decide(rule("ordinary"), 25, 15, {6, 5, 0, 0});
    CHECK(outcome.quorum);
    CHECK(outcome.participants == 11);
    CHECK(outcome.required == 6);
    CHECK(outcome.result == VoteResult::kAdopted);
}

TEST_CASE("upholding a returned decision needs more than half of all seats") {
    CHECK(required_for(rule("veto_override"), 25, 14) == 13);
    CHECK(decide(rule("veto_override"), 25, 14, {12, 2, 0, 0}).result == VoteResult::kRejected);
    CHECK(decide(rule("veto_override"), 25, 14, {13, 1, 0, 0}).result == VoteResult::kAdopted);
    // Everyone present voting for is not enough when too few are present.
    CHECK(decide(rule("veto_override"), 25, 13, {12, 0, 0, 1}).result == VoteResult::kRejected);
}

TEST_CASE("two thirds of all seats is 17 of 25, whoever takes part") {
    CHECK(required_for(rule("two_thirds"), 25, 20) == 17);
    CHECK(required_for(rule("two_thirds"), 24, 20) == 16);
    CHECK(decide(rule("two_thirds"), 25, 25, {16, 9, 0, 0}).result == VoteResult::kRejected);
    CHECK(decide(rule("two_thirds"), 25, 25, {17, 8, 0, 0}).result == VoteResult::kAdopted);
}

TEST_CASE("a majority of no one taking part still needs a vote") {
    CHECK(required_for(rule("ordinary"), 25, 0) == 1);
    const QuestionRule at_least_half{"half", "", "", MajorityBasis::kParticipants, 1, 2, false};
    CHECK(required_for(at_least_half, 25, 0) == 1);
    CHECK(required_for(at_least_half, 25, 20) == 10);
    CHECK(required_for(at_least_half, 25, 21) == 11);
}

TEST_CASE("a configured question becomes a rule") {
    config::Voting voting;
    voting.seats = 15;
    voting.change_allowed = false;
    voting.questions = {{"budget", "Biudžetas", "Budget", "all_seats", 3, 5, true, false}};
    const VotingRules rules = voting_rules(voting);
    CHECK(rules.seats == 15);
    CHECK_FALSE(rules.change_allowed);
    REQUIRE(rules.questions.size() == 1);
    CHECK(rules.questions[0] == QuestionRule{"budget", "Biudžetas", "Budget",
                                             MajorityBasis::kAllSeats, 3, 5, true, false});
    // More than 3/5 of 15 (9): 10.
    CHECK(required_for(rules.questions[0], 15, 12) == 10);
}
