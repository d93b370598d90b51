// What programs and the picture make of a vote: the open-data object and CSV, the meeting
// stream's events, and the tally burned into the broadcast, each from hand-made snapshots.
#include "portal/voting/vote_json.hpp"

#include <doctest/doctest.h>
#include <boost/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "portal/voting/voting_events.hpp"
#include "portal/voting/voting_picture.hpp"

using namespace councilcast;
using namespace councilcast::portal;
namespace json = boost::json;

namespace {

constexpr std::int64_t kOpened = 1795867200'000;  // 2026-11-28T12:00:00Z

std::filesystem::path source_dir() {
    const char* dir = std::getenv("COUNCILCAST_SOURCE_DIR");
    REQUIRE(dir != nullptr);
    return dir;
}

CouncilSnapshot council() {
    CouncilSnapshot snapshot;
    snapshot.meetings.push_back({.id = 1, .title = {"Tarybos posėdis", ""}});
    snapshot.agenda_items.push_back({.id = 10,
                                     .meeting_id = 1,
                                     .position = 3,
                                     .title = {"Dėl biudžeto „2027“", "On the budget"}});
    snapshot.members.push_back({.id = 100, .name = "Rasa Petrauskienė"});
    snapshot.members.push_back({.id = 101, .name = "Jonas Jonaitis"});
    snapshot.index();
    return snapshot;
}

Vote closed_named_vote() {
    Vote vote;
    vote.id = 7;
    vote.meeting_id = 1;
    vote.agenda_item_id = 10;
    vote.motion = {"Pritarti projektui", ""};
    vote.question = "ordinary";
    vote.opened_unix_ms = kOpened;
    vote.closed_unix_ms = kOpened + 20'500;
    vote.media_time_s = 1234.5;
    vote.status = VoteStatus::kClosed;
    vote.outcome = {VoteResult::kAdopted, true, 21, 11};
    vote.counts = {13, 5, 2, 1};
    vote.registered = 21;
    vote.members = {{100, Choice::kFor}, {101, std::nullopt}};
    return vote;
}

}  // namespace

TEST_CASE("a vote's open-data object has the contract's fields and names") {
    const auto object = vote_object(closed_named_vote(), council());
    CHECK(object.at("id") == 7);
    CHECK(object.at("agenda_item_id") == 10);
    CHECK(object.at("title").at("lt") == "Dėl biudžeto „2027“");
    CHECK(object.at("title").at("en") == "On the budget");
    CHECK(object.at("motion").at("en").is_null());
    CHECK(object.at("kind") == "named");
    CHECK(object.at("opened_at") == "2026-11-28T12:00:00Z");
    CHECK(object.at("closed_at") == "2026-11-28T12:00:20Z");
    CHECK(object.at("closes_at").is_null());
    CHECK(object.at("media_time_s") == 1234.5);
    CHECK(object.at("status") == "closed");
    CHECK(object.at("result") == "adopted");
    CHECK(object.at("counts") ==
          json::parse(R"({"for":13,"against":5,"abstain":2,"not_voting":1})"));
    CHECK(object.at("present") == 21);
    CHECK(object.at("required") == 11);
    CHECK(object.at("manual") == false);
    CHECK(object.at("replaces_vote_id").is_null());
    CHECK(object.at("members") ==
          json::parse(R"([{"member_id":100,"name":"Rasa Petrauskienė","choice":"for"},
                          {"member_id":101,"name":"Jonas Jonaitis","choice":"not_voting"}])"));
}

TEST_CASE("an open vote has no result, no close time and says when its countdown ends") {
    Vote vote = closed_named_vote();
    vote.status = VoteStatus::kOpen;
    vote.closed_unix_ms = 0;
    vote.closes_unix_ms = kOpened + 60'000;
    vote.outcome = {};
    vote.media_time_s.reset();
    const auto object = vote_object(vote, council());
    CHECK(object.at("status") == "open");
    CHECK(object.at("result").is_null());
    CHECK(object.at("closed_at").is_null());
    CHECK(object.at("closes_at") == "2026-11-28T12:01:00Z");
    CHECK(object.at("media_time_s").is_null());
}

TEST_CASE("a meeting's votes as JSON and as CSV") {
    VotingSnapshot voting;
    voting.votes.push_back(closed_named_vote());
    Vote other = closed_named_vote();
    other.id = 8;
    other.meeting_id = 2;
    voting.votes.push_back(other);
    const auto snapshot = council();

    const auto text = meeting_votes_json(voting, snapshot, 1);
    REQUIRE(text);
    const auto parsed = json::parse(*text);
    REQUIRE(parsed.at("votes").as_array().size() == 1);
    CHECK(parsed.at("votes").at(0).at("id") == 7);
    CHECK_FALSE(meeting_votes_json(voting, snapshot, 99));

    const std::string csv = votes_csv(voting, snapshot, 1);
    CHECK(csv.starts_with("\xEF\xBB\xBFid,meeting_id,agenda_item_id,title_lt,"));
    CHECK(csv.find("7,1,10,Dėl biudžeto „2027“,On the budget,named,ordinary,"
                   "2026-11-28T12:00:00Z,2026-11-28T12:00:20Z,1234.5,closed,adopted,13,5,2,1,21,"
                   "11,false,\r\n") != std::string::npos);
    CHECK(csv.find("\n8,") == std::string::npos);
    CHECK(votes_csv(voting, snapshot, 0).find("\n8,2,") != std::string::npos);
}

TEST_CASE("the picture shows the open vote, then the result for 20 s, in the channel's language") {
    const PageRenderer messages(source_dir() / "portal" / "templates",
                                source_dir() / "portal" / "messages");
    VotingRules rules;
    VotingSnapshot voting;
    Vote vote = closed_named_vote();
    vote.status = VoteStatus::kOpen;
    vote.closed_unix_ms = 0;
    vote.closes_unix_ms = kOpened + 60'000;
    vote.outcome = {};
    voting.votes.push_back(vote);
    voting.sittings[1] = Sitting{.meeting_id = 1,
                                 .current_item_id = 10,
                                 .speaker_name = "Rasa Petrauskienė",
                                 .speaker_role = "Tarybos narė"};
    const auto snapshot = council();

    auto open = voting_picture(voting, snapshot, rules, 1, messages, Language::kLt, kOpened);
    REQUIRE(open.tally);
    CHECK(open.tally->item_title == "Dėl biudžeto „2027“");
    CHECK(open.tally->counts[0] == vote_overlay::OverlayCount{"Už", 13});
    CHECK(open.tally->counts[3] == vote_overlay::OverlayCount{"Nebalsavo", 1});
    CHECK(open.tally->presence_text == "Užsiregistravo 21 iš 25; kvorumas – 13");
    CHECK(open.tally->countdown_ends_unix_ms == kOpened + 60'000);
    CHECK(open.tally->outcome == vote_overlay::OverlayOutcome::kOpen);
    CHECK(open.tally->result_text.empty());
    REQUIRE(open.speaker);
    CHECK(open.speaker->name == "Rasa Petrauskienė");

    voting.votes[0] = closed_named_vote();
    const std::int64_t closed = voting.votes[0].closed_unix_ms;
    auto result = voting_picture(voting, snapshot, rules, 1, messages, Language::kLt, closed);
    REQUIRE(result.tally);
    CHECK(result.tally->result_text == "PRIIMTA");
    CHECK(result.tally->arithmetic_text == "13 už iš 21 dalyvavusio; reikėjo 11");
    CHECK(result.tally->visible_until_unix_ms == closed + 20'000);
    CHECK(result.tally->countdown_ends_unix_ms == 0);

    auto english = voting_picture(voting, snapshot, rules, 1, messages, Language::kEn, closed);
    REQUIRE(english.tally);
    CHECK(english.tally->item_title == "On the budget");
    CHECK(english.tally->counts[0].label == "For");
    CHECK(english.tally->result_text == "ADOPTED");
    CHECK(english.tally->arithmetic_text == "13 for out of 21 members taking part; 11 needed");

    voting.votes[0].manual = true;
    voting.votes[0].counts.in_favour = 12;
    voting.votes[0].outcome.participants = 22;
    auto manual = voting_picture(voting, snapshot, rules, 1, messages, Language::kLt, closed);
    CHECK(manual.tally->arithmetic_text ==
          "12 už iš 22 dalyvavusių; reikėjo 11 (balsuota rankų pakėlimu)");

    CHECK_FALSE(
        voting_picture(voting, snapshot, rules, 1, messages, Language::kLt, closed + 20'000).tally);
    voting.votes[0].status = VoteStatus::kVoid;
    CHECK_FALSE(voting_picture(voting, snapshot, rules, 1, messages, Language::kLt, closed).tally);
}

TEST_CASE("a long title is cut on a character boundary within the overlay's limit") {
    const PageRenderer messages(source_dir() / "portal" / "templates",
                                source_dir() / "portal" / "messages");
    CouncilSnapshot snapshot = council();
    std::string title;
    while (title.size() < 3 * vote_overlay::kMaxOverlayTextBytes) title += "ąčęėįšųūž ";
    snapshot.agenda_items[0].title.lt = title;
    snapshot.index();
    VotingSnapshot voting;
    voting.votes.push_back(closed_named_vote());
    const auto picture = voting_picture(voting, snapshot, VotingRules{}, 1, messages, Language::kLt,
                                        voting.votes[0].closed_unix_ms);
    REQUIRE(picture.tally);
    const std::string& cut = picture.tally->item_title;
    CHECK(cut.size() <= vote_overlay::kMaxOverlayTextBytes);
    CHECK(title.starts_with(cut));
    CHECK((static_cast<unsigned char>(title[cut.size()]) & 0xC0) != 0x80);
}
