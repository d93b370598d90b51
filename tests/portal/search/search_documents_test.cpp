// The votes search finds, as the composition root makes them from the voting room's snapshot:
// closed votes only, their motion, item and outcome in both languages, at their moment.
#include "portal/search_documents.hpp"

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>

#include "portal/search/search_index.hpp"

using namespace councilcast;
using namespace councilcast::portal;

namespace {

std::filesystem::path source_dir() {
    const char* dir = std::getenv("COUNCILCAST_SOURCE_DIR");
    REQUIRE_MESSAGE(dir != nullptr, "COUNCILCAST_SOURCE_DIR is set by CTest; run through ctest");
    return dir;
}

Vote vote(std::int64_t id, VoteStatus status, LocalizedText motion) {
    Vote vote;
    vote.id = id;
    vote.meeting_id = 1;
    vote.agenda_item_id = 10;
    vote.motion = std::move(motion);
    vote.question = "ordinary";
    vote.media_time_s = 1234.5;
    vote.status = status;
    vote.outcome = {VoteResult::kAdopted, true, 21, 11};
    vote.counts = {13, 5, 2, 1};
    return vote;
}

}  // namespace

TEST_CASE("closed votes are search documents with their motion, item, outcome and moment") {
    const PageRenderer renderer(source_dir() / "portal" / "templates",
                                source_dir() / "portal" / "messages");
    CouncilSnapshot council;
    council.meetings.push_back({.id = 1, .title = {"Tarybos posėdis", ""}});
    council.agenda_items.push_back(
        {.id = 10, .meeting_id = 1, .position = 1, .title = {"Dėl biudžeto", "On the budget"}});
    council.index();
    VotingSnapshot voting;
    voting.votes.push_back(vote(1, VoteStatus::kClosed, {"Pritarti projektui", ""}));
    voting.votes.push_back(vote(2, VoteStatus::kOpen, {"Dar balsuojama", ""}));
    voting.votes.push_back(vote(3, VoteStatus::kVoid, {"Anuliuota", ""}));
    voting.votes.push_back(vote(4, VoteStatus::kClosed, {}));

    const auto documents = vote_documents(voting, council, renderer);
    REQUIRE(documents.size() == 2);
    CHECK(documents[0].kind == "vote");
    CHECK(documents[0].meeting_id == 1);
    CHECK(documents[0].t == 1234.5);
    CHECK(documents[0].title.lt == "Pritarti projektui");
    CHECK(documents[0].body.lt.starts_with("Dėl biudžeto. PRIIMTA: už 13"));
    CHECK(documents[0].body.en.starts_with("On the budget. "));
    // Without a motion the item's title is the vote's.
    CHECK(documents[1].title.lt == "Dėl biudžeto");
    CHECK(documents[1].title.en == "On the budget");

    const SearchIndex index(documents, {});
    const auto results = index.search(*fts_query("projektas biudzetas "), Language::kLt, 20, 0);
    REQUIRE(results.hits.size() == 1);
    CHECK(results.hits[0].t == 1234.5);
}
