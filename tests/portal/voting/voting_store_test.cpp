// The council's voting on a real SQLite file through the real writer: ballots counted exactly,
// refusals with their catalogue keys, secret ballots kept apart from the members, and a vote log
// whose chain shows any change made behind the application's back.
#include "portal/voting/voting_store.hpp"

#include <doctest/doctest.h>

#include <fmt/core.h>
#include <atomic>
#include <boost/json.hpp>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "common/database.hpp"
#include "common/database_writer.hpp"
#include "common/error.hpp"
#include "common/unix_time.hpp"
#include "portal/audit/audit_log.hpp"
#include "portal/council/council_store.hpp"
#include "portal/schema.hpp"
#include "portal/voting/voting_events.hpp"
#include "tests/support/demo_process.hpp"
#include "tests/support/refusal.hpp"

using namespace councilcast;
using namespace councilcast::portal;

namespace {

constexpr int kSeats = 25;

// A council of 25 members, its mayor (who chairs and has no vote) and a member whose term has
// ended; one meeting with two agenda items.
struct Fixture {
    std::filesystem::path dir;
    std::filesystem::path database;
    std::unique_ptr<DatabaseWriter> writer;
    std::unique_ptr<CouncilStore> council;
    std::unique_ptr<VotingStore> store;
    std::vector<std::int64_t> members;
    std::int64_t mayor = 0;
    std::int64_t former_member = 0;
    std::int64_t meeting = 0;
    std::int64_t item = 0;
    std::int64_t other_item = 0;

    explicit Fixture(const std::string& name, VotingRules rules = voting_rules(config::Voting{}))
        : dir(testing::fresh_directory(name)), database(dir / "councilcast.sqlite") {
        {
            Database db(database);
            migrate_database(db);
        }
        writer = std::make_unique<DatabaseWriter>(database);
        council = std::make_unique<CouncilStore>(database, dir, *writer);
        for (int i = 1; i <= kSeats; ++i) {
            CouncilMember member;
            member.name = fmt::format("Narys {}", i);
            member.term_start = "2023-04-20";
            members.push_back(block_on(council->add_member(member)));
        }
        CouncilMember chair;
        chair.name = "Meras";
        chair.position = CouncilPosition::kChair;
        chair.term_start = "2023-04-20";
        mayor = block_on(council->add_member(chair));
        CouncilMember former;
        former.name = "Buvęs narys";
        former.term_start = "2019-04-20";
        former.term_end = "2023-04-19";
        former_member = block_on(council->add_member(former));
        Meeting sitting;
        sitting.title = {"Tarybos posėdis", "Council meeting"};
        sitting.starts_unix = now_unix_ms() / 1000;
        meeting = block_on(council->add_meeting(sitting));
        item = block_on(council->add_agenda_item({0, meeting, 0, {"Dėl biudžeto", "Budget"}}));
        other_item =
            block_on(council->add_agenda_item({0, meeting, 0, {"Dėl mokyklų", "Schools"}}));
        store = std::make_unique<VotingStore>(database, *writer, std::move(rules));
    }

    void register_members(int count) {
        for (int i = 0; i < count; ++i) {
            block_on(store->set_registered(meeting, members[i], true, {}));
        }
    }

    std::int64_t open(std::int64_t on_item, std::string question = "", std::int64_t replaces = 0) {
        VotingStore::Opening opening;
        opening.meeting_id = meeting;
        opening.agenda_item_id = on_item;
        opening.motion = {"Pritarti projektui", "To approve the draft"};
        opening.question = std::move(question);
        opening.replaces_vote_id = replaces;
        return block_on(store->open_vote(opening, {}));
    }

    VotingStore::Cast cast(std::int64_t vote, std::int64_t member, Choice choice,
                           std::string key = "") {
        if (key.empty()) key = fmt::format("key-{}-{}-{}", vote, member, ++keys_made);
        return block_on(store->cast(vote, member, choice, key, {}));
    }

    const Vote& vote(std::int64_t id) {
        held = store->snapshot();
        const Vote* found = held->vote(id);
        REQUIRE(found != nullptr);
        return *found;
    }

    std::int64_t count(const std::string& sql) {
        Database db(database, Durability::kNormal, OpenMode::kReadOnly);
        Statement select = db.cached(sql);
        REQUIRE(select.step());
        return select.column_int(0);
    }

    std::shared_ptr<const VotingSnapshot> held;
    int keys_made = 0;
};

using councilcast::testing::refusal;

AuditNote note(std::string action) {
    return [action](std::int64_t id) {
        AuditEntry entry;
        entry.actor_user_id = 7;
        entry.actor = "sekretore@example.lt";
        entry.action = action;
        entry.target = std::to_string(id);
        entry.peer = "127.0.0.1";
        return entry;
    };
}

}  // namespace

TEST_CASE("25 members voting at once are each counted exactly once") {
    Fixture fixture("voting-parallel");
    fixture.register_members(kSeats);
    const std::int64_t vote = fixture.open(fixture.item);

    std::vector<std::thread> voters;
    std::atomic<int> counted = 0;
    for (int i = 0; i < kSeats; ++i) {
        voters.emplace_back([&fixture, &counted, vote, i] {
            const Choice choice = i < 14   ? Choice::kFor
                                  : i < 20 ? Choice::kAgainst
                                           : Choice::kAbstain;
            const auto cast = block_on(fixture.store->cast(vote, fixture.members[i], choice,
                                                           fmt::format("parallel-{:02}", i), {}));
            if (cast == VotingStore::Cast::kCounted) ++counted;
        });
    }
    for (auto& voter : voters) voter.join();
    CHECK(counted == kSeats);
    CHECK(fixture.vote(vote).counts == VoteCounts{14, 6, 5, 0});

    block_on(fixture.store->close_vote(vote, {}));
    const Vote& closed = fixture.vote(vote);
    CHECK(closed.status == VoteStatus::kClosed);
    CHECK(closed.counts == VoteCounts{14, 6, 5, 0});
    CHECK(closed.outcome.result == VoteResult::kAdopted);
    CHECK(closed.outcome.required == 13);
    CHECK(closed.members.size() == kSeats);
    CHECK(fixture.count("SELECT count(*) FROM vote_ballot WHERE vote_id = " +
                        std::to_string(vote)) == kSeats);
}

TEST_CASE("a second ballot replaces the first when the rules allow it") {
    Fixture fixture("voting-change");
    fixture.register_members(13);
    const std::int64_t vote = fixture.open(fixture.item);
    CHECK(fixture.cast(vote, fixture.members[0], Choice::kFor) == VotingStore::Cast::kCounted);
    CHECK(fixture.cast(vote, fixture.members[0], Choice::kAgainst) == VotingStore::Cast::kReplaced);
    CHECK(fixture.vote(vote).counts == VoteCounts{0, 1, 0, 12});
    const auto& members = fixture.vote(vote).members;
    CHECK(members.front() == MemberChoice{fixture.members[0], Choice::kAgainst});
}

TEST_CASE("a second ballot is refused when the rules keep the first") {
    VotingRules rules = voting_rules(config::Voting{});
    rules.change_allowed = false;
    Fixture fixture("voting-no-change", rules);
    fixture.register_members(13);
    const std::int64_t vote = fixture.open(fixture.item);
    fixture.cast(vote, fixture.members[0], Choice::kFor);
    CHECK(refusal(fixture.store->cast(vote, fixture.members[0], Choice::kAgainst, "second-key",
                                      {})) == "voting_error_already_voted");
    CHECK(fixture.vote(vote).counts.in_favour == 1);
}

TEST_CASE("a retried ballot with the same key changes nothing and is answered as counted") {
    Fixture fixture("voting-idempotent");
    fixture.register_members(13);
    const std::int64_t vote = fixture.open(fixture.item);
    CHECK(fixture.cast(vote, fixture.members[0], Choice::kFor, "retry-me-1") ==
          VotingStore::Cast::kCounted);
    const auto version = fixture.store->snapshot()->version;
    CHECK(fixture.cast(vote, fixture.members[0], Choice::kFor, "retry-me-1") ==
          VotingStore::Cast::kRepeated);
    // Even a retry carrying another choice: the key names the first request.
    CHECK(fixture.cast(vote, fixture.members[0], Choice::kAgainst, "retry-me-1") ==
          VotingStore::Cast::kRepeated);
    CHECK(fixture.store->snapshot()->version == version);
    CHECK(fixture.vote(vote).counts.in_favour == 1);
    // Another member cannot borrow the key, and a key must look like one.
    CHECK(refusal(fixture.store->cast(vote, fixture.members[1], Choice::kFor, "retry-me-1", {})) ==
          "voting_error_idempotency_key");
    CHECK(refusal(fixture.store->cast(vote, fixture.members[1], Choice::kFor, "short", {})) ==
          "voting_error_idempotency_key");
    CHECK(refusal(fixture.store->cast(vote, fixture.members[1], Choice::kFor, "bad key with spaces",
                                      {})) == "voting_error_idempotency_key");
    // After the close a retry is still told it counted.
    block_on(fixture.store->close_vote(vote, {}));
    CHECK(fixture.cast(vote, fixture.members[0], Choice::kFor, "retry-me-1") ==
          VotingStore::Cast::kRepeated);
}

TEST_CASE("who may not vote is refused with the reason") {
    Fixture fixture("voting-refusals");
    fixture.register_members(14);
    block_on(fixture.store->recuse(fixture.item, fixture.members[13], {}));
    const std::int64_t vote = fixture.open(fixture.item);
    auto refused = [&](std::int64_t member) {
        return refusal(
            fixture.store->cast(vote, member, Choice::kFor, fmt::format("refused-{}", member), {}));
    };
    CHECK(refused(fixture.mayor) == "voting_error_not_member");
    CHECK(refused(fixture.former_member) == "voting_error_not_member");
    CHECK(refused(999999) == "voting_error_not_member");
    CHECK(refused(fixture.members[20]) == "voting_error_not_registered");
    CHECK(refused(fixture.members[13]) == "voting_error_recused");
    CHECK(refusal(fixture.store->cast(424242, fixture.members[0], Choice::kFor, "no-such-vote",
                                      {})) == "voting_error_no_vote");
    // A recusal cannot be declared once the item's vote is open.
    CHECK(refusal(fixture.store->recuse(fixture.item, fixture.members[0], {})) ==
          "voting_error_recusal_during_vote");
    // The recused member is no part of the count: 13 take part.
    CHECK(fixture.vote(vote).counts.participants() == 13);
    CHECK(fixture.vote(vote).registered == 14);
    block_on(fixture.store->close_vote(vote, {}));
    CHECK(refused(fixture.members[0]) == "voting_error_closed");
    CHECK(refusal(fixture.store->close_vote(vote, {})) == "voting_error_not_open");
    // The mayor cannot register either.
    CHECK(refusal(fixture.store->set_registered(fixture.meeting, fixture.mayor, true, {})) ==
          "voting_error_not_member");
}

TEST_CASE(
    "a vote opens only with quorum and one at a time; without quorum at its close it is "
    "not valid") {
    Fixture fixture("voting-quorum");
    fixture.register_members(12);
    VotingStore::Opening opening;
    opening.meeting_id = fixture.meeting;
    opening.agenda_item_id = fixture.item;
    CHECK(refusal(fixture.store->open_vote(opening, {})) == "voting_error_no_quorum");
    fixture.register_members(13);
    const std::int64_t vote = fixture.open(fixture.item);
    CHECK(fixture.vote(vote).outcome.quorum);
    CHECK(refusal(fixture.store->open_vote(opening, {})) == "voting_error_vote_open");
    for (int i = 0; i < 13; ++i) fixture.cast(vote, fixture.members[i], Choice::kFor);
    block_on(fixture.store->set_registered(fixture.meeting, fixture.members[12], false, {}));
    block_on(fixture.store->set_registered(fixture.meeting, fixture.members[11], false, {}));
    block_on(fixture.store->close_vote(vote, {}));
    const Vote& closed = fixture.vote(vote);
    CHECK(closed.outcome.result == VoteResult::kNoQuorum);
    CHECK_FALSE(closed.outcome.quorum);
    CHECK(closed.registered == 11);
    // Those who voted and left still took part.
    CHECK(closed.counts.in_favour == 13);
}

TEST_CASE("a countdown closes the vote when it ends, at its end") {
    Fixture fixture("voting-countdown");
    fixture.register_members(13);
    VotingStore::Opening opening;
    opening.meeting_id = fixture.meeting;
    opening.agenda_item_id = fixture.item;
    opening.countdown_seconds = 30;
    const std::int64_t vote = block_on(fixture.store->open_vote(opening, {}));
    const std::int64_t closes = fixture.vote(vote).closes_unix_ms;
    CHECK(closes > 0);
    const auto version = fixture.store->snapshot()->version;
    block_on(fixture.store->close_due_votes(closes - 1));
    CHECK(fixture.store->snapshot()->version == version);
    block_on(fixture.store->close_due_votes(closes + 200));
    const Vote& closed = fixture.vote(vote);
    CHECK(closed.status == VoteStatus::kClosed);
    CHECK(closed.closed_unix_ms == closes);
    CHECK(closed.outcome.result == VoteResult::kRejected);
    CHECK(closed.counts.not_voting == 13);
    opening.countdown_seconds = 601;
    CHECK(refusal(fixture.store->open_vote(opening, {})) == "voting_error_countdown");
}

TEST_CASE("a secret ballot keeps who voted apart from what they chose, and is final") {
    Fixture fixture("voting-secret");
    fixture.register_members(15);
    const std::int64_t vote = fixture.open(fixture.item, "personnel_secret");
    CHECK(fixture.vote(vote).kind == VoteKind::kSecret);
    for (int i = 0; i < 10; ++i) {
        fixture.cast(vote, fixture.members[i], i < 6 ? Choice::kFor : Choice::kAgainst);
    }
    CHECK(refusal(fixture.store->cast(vote, fixture.members[0], Choice::kAgainst, "change-secret",
                                      {})) == "voting_error_secret_cast");
    // While it is open, nobody watching the counts can match a change to a member: only how
    // many have cast shows.
    CHECK(fixture.vote(vote).counts == VoteCounts{0, 0, 0, 5});
    CHECK(fixture.vote(vote).outcome.participants == 15);
    CHECK(fixture.vote(vote).outcome.required == 8);
    CHECK(fixture.vote(vote).members.empty());

    Database db(fixture.database, Durability::kNormal, OpenMode::kReadOnly);
    auto columns = [&db](const std::string& table) {
        std::vector<std::string> names;
        Statement select = db.cached("SELECT name FROM pragma_table_info('" + table + "')");
        while (select.step()) names.push_back(select.column_text(0));
        return names;
    };
    CHECK(columns("vote_secret_participation") == std::vector<std::string>{"vote_id", "member_id"});
    CHECK(columns("vote_secret_choice") == std::vector<std::string>{"vote_id", "token", "choice"});
    CHECK(fixture.count("SELECT count(*) FROM vote_ballot") == 0);
    CHECK(fixture.count("SELECT count(*) FROM vote_secret_participation") == 10);
    CHECK(fixture.count("SELECT count(*) FROM vote_secret_choice") == 10);
    // The log records who took part, never a choice.
    CHECK(fixture.count("SELECT count(*) FROM vote_log WHERE event = 'ballot' AND detail LIKE "
                        "'%choice%'") == 0);
    // Nor can a secret choice be changed in the database.
    Database writable(fixture.database);
    CHECK_THROWS(writable.exec("UPDATE vote_secret_choice SET choice = 'for'"));
    CHECK_THROWS(writable.exec("DELETE FROM vote_secret_participation"));

    block_on(fixture.store->close_vote(vote, {}));
    // The five who cast nothing took part as abstaining: 6 of 15 is short of the 8 needed.
    CHECK(fixture.vote(vote).outcome.result == VoteResult::kRejected);
    CHECK(fixture.vote(vote).outcome.required == 8);
    CHECK(fixture.vote(vote).counts == VoteCounts{6, 4, 0, 5});
}

TEST_CASE("a void vote is kept and marked, and a re-vote replaces it") {
    Fixture fixture("voting-revote");
    fixture.register_members(13);
    const std::int64_t first = fixture.open(fixture.item);
    fixture.cast(first, fixture.members[0], Choice::kFor);
    block_on(fixture.store->void_vote(first, note("vote.void")));
    const Vote& voided = fixture.vote(first);
    CHECK(voided.status == VoteStatus::kVoid);
    CHECK(voided.outcome.result == VoteResult::kNone);
    CHECK(voided.counts.in_favour == 1);
    CHECK(refusal(fixture.store->void_vote(first, {})) == "voting_error_void");
    CHECK(refusal(fixture.store->announce(first, {})) == "voting_error_not_closed");

    // Only a void vote on the same item can be replaced.
    VotingStore::Opening opening;
    opening.meeting_id = fixture.meeting;
    opening.agenda_item_id = fixture.other_item;
    opening.replaces_vote_id = first;
    CHECK(refusal(fixture.store->open_vote(opening, {})) == "voting_error_replaces");
    const std::int64_t second = fixture.open(fixture.item, "", first);
    CHECK(fixture.vote(second).replaces_vote_id == first);
    CHECK(fixture.vote(second).counts.in_favour == 0);
    fixture.cast(second, fixture.members[0], Choice::kAgainst);
    block_on(fixture.store->close_vote(second, {}));
    block_on(fixture.store->announce(second, {}));
    CHECK(fixture.vote(second).announced);
    CHECK(fixture.store->snapshot()->votes_of(fixture.meeting).size() == 2);
    // A member's record lists the counted vote, not the void one.
    const auto history = fixture.store->snapshot()->votes_with_member(fixture.members[0]);
    REQUIRE(history.size() == 1);
    CHECK(history[0]->id == second);
}

TEST_CASE("a show of hands entered by the secretary is closed, marked manual and audited") {
    Fixture fixture("voting-manual");
    VotingStore::ManualResult result;
    result.meeting_id = fixture.meeting;
    result.agenda_item_id = fixture.item;
    result.motion = {"Pritarti", "To approve"};
    result.counts = {13, 5, 2, 1};
    result.registered = 22;
    const std::int64_t vote =
        block_on(fixture.store->enter_manual_result(result, note("vote.manual")));
    const Vote& manual = fixture.vote(vote);
    CHECK(manual.manual);
    CHECK(manual.status == VoteStatus::kClosed);
    CHECK(manual.outcome.result == VoteResult::kAdopted);
    CHECK(manual.outcome.required == 11);
    CHECK(manual.members.empty());
    CHECK(fixture.count("SELECT count(*) FROM audit_log WHERE action = 'vote.manual' AND target "
                        "= '" +
                        std::to_string(vote) + "'") == 1);
    result.registered = 20;  // fewer present than counted
    CHECK(refusal(fixture.store->enter_manual_result(result, {})) == "voting_error_manual_counts");
}

TEST_CASE("each write publishes a snapshot and tells the listener which meeting changed") {
    Fixture fixture("voting-listener");
    std::vector<std::int64_t> told;
    std::int64_t seen_version = 0;
    fixture.store->set_listener([&](const VotingSnapshot& snapshot, std::int64_t meeting_id) {
        told.push_back(meeting_id);
        seen_version = snapshot.version;
    });
    const auto before = fixture.store->snapshot();
    block_on(fixture.store->set_registered(fixture.meeting, fixture.members[0], true, {}));
    CHECK(told == std::vector<std::int64_t>{fixture.meeting});
    CHECK(seen_version == fixture.store->snapshot()->version);
    CHECK(fixture.store->snapshot()->version > before->version);
    // The old snapshot is untouched; the new one has the member present.
    CHECK(before->sitting(fixture.meeting) == nullptr);
    const Sitting* sitting = fixture.store->snapshot()->sitting(fixture.meeting);
    REQUIRE(sitting != nullptr);
    CHECK(sitting->registered.contains(fixture.members[0]));
    CHECK_FALSE(sitting->chain_head.empty());
    // Registering again is no change: nothing is published.
    block_on(fixture.store->set_registered(fixture.meeting, fixture.members[0], true, {}));
    CHECK(told.size() == 1);

    block_on(fixture.store->set_current_item(fixture.meeting, fixture.other_item, 754.5, {}));
    block_on(fixture.store->set_speaker(fixture.meeting, "Rasa Petrauskienė", "Tarybos narė", {}));
    sitting = fixture.store->snapshot()->sitting(fixture.meeting);
    CHECK(sitting->current_item_id == fixture.other_item);
    CHECK(sitting->item_media_time_s == 754.5);
    CHECK(sitting->speaker_name == "Rasa Petrauskienė");
    CHECK(told.size() == 3);
    CHECK(refusal(fixture.store->set_speaker(fixture.meeting, std::string(101, 'a'), "", {})) ==
          "voting_error_speaker");
    CHECK(refusal(fixture.store->set_speaker(fixture.meeting, "Line\nbreak", "", {})) ==
          "voting_error_speaker");
    CHECK(refusal(fixture.store->set_current_item(fixture.meeting, 999, std::nullopt, {})) ==
          "voting_error_no_item");
}

TEST_CASE("every write is on the log and in the audit log, and the chain shows tampering") {
    Fixture fixture("voting-chain");
    fixture.register_members(13);
    const std::int64_t vote = fixture.open(fixture.item);
    block_on(fixture.store->cast(vote, fixture.members[0], Choice::kFor, "audited-ballot",
                                 note("vote.cast")));
    block_on(fixture.store->close_vote(vote, note("vote.close")));
    CHECK(fixture.count("SELECT count(*) FROM vote_log") == 13 + 1 + 1 + 1);
    CHECK(fixture.count("SELECT count(*) FROM audit_log WHERE action LIKE 'vote.%'") == 2);
    {
        Database db(fixture.database, Durability::kNormal, OpenMode::kReadOnly);
        CHECK(VotingStore::verify_chain(db).empty());
    }
    Database db(fixture.database);
    CHECK_THROWS(db.exec("UPDATE vote_log SET detail = '{}' WHERE id = 14"));
    CHECK_THROWS(db.exec("DELETE FROM vote_log WHERE id = 14"));
    // Someone with the file drops the trigger first.
    db.exec("DROP TRIGGER vote_log_no_update");
    db.exec("UPDATE vote_log SET detail = replace(detail, '\"for\"', '\"against\"') WHERE id = 15");
    const std::string broken = VotingStore::verify_chain(db);
    CHECK(broken.find("entry 15 ") != std::string::npos);
    CHECK(broken.find("ballot") != std::string::npos);
}

TEST_CASE("a deleted entry breaks the chain at the gap") {
    Fixture fixture("voting-chain-gap");
    fixture.register_members(13);
    Database db(fixture.database);
    db.exec("DROP TRIGGER vote_log_no_delete");
    db.exec("DELETE FROM vote_log WHERE id = 5");
    CHECK(VotingStore::verify_chain(db).find("entry 5 is missing") != std::string::npos);
}

TEST_CASE("a write to one meeting leaves the others' votes in the snapshot as they were") {
    Fixture fixture("voting-two-meetings");
    Meeting other;
    other.title = {"Kitas posėdis", "Another meeting"};
    other.starts_unix = now_unix_ms() / 1000;
    const auto other_meeting = block_on(fixture.council->add_meeting(other));
    const auto other_item =
        block_on(fixture.council->add_agenda_item({0, other_meeting, 0, {"Klausimas", ""}}));
    fixture.register_members(13);
    const std::int64_t first = fixture.open(fixture.item);
    fixture.cast(first, fixture.members[0], Choice::kFor);
    for (int i = 0; i < 13; ++i) {
        block_on(fixture.store->set_registered(other_meeting, fixture.members[i], true, {}));
    }
    VotingStore::Opening opening;
    opening.meeting_id = other_meeting;
    opening.agenda_item_id = other_item;
    const std::int64_t second = block_on(fixture.store->open_vote(opening, {}));
    fixture.cast(second, fixture.members[1], Choice::kAgainst);

    // A store started now reads the same as the one that made every change.
    VotingStore fresh(fixture.database, *fixture.writer, voting_rules(config::Voting{}));
    for (const auto& snapshot : {fixture.store->snapshot(), fresh.snapshot()}) {
        REQUIRE(snapshot->votes.size() == 2);
        CHECK(snapshot->votes[0].id == first);
        CHECK(snapshot->votes[1].id == second);
        CHECK(snapshot->open_vote(fixture.meeting)->counts == VoteCounts{1, 0, 0, 12});
        CHECK(snapshot->open_vote(other_meeting)->counts == VoteCounts{0, 1, 0, 12});
        CHECK(snapshot->sittings.size() == 2);
        CHECK(snapshot->sitting(other_meeting)->registered.size() == 13);
        CHECK(snapshot->sitting(fixture.meeting)->chain_head !=
              snapshot->sitting(other_meeting)->chain_head);
    }
}

TEST_CASE("a meeting's stream hears of each change of a vote, and of its agenda and speaker") {
    Fixture fixture("voting-events");
    struct Sent {
        std::int64_t meeting;
        std::string id, name;
        boost::json::value data;
    };
    std::mutex mutex;
    std::vector<Sent> sent;
    VotingEvents events(*fixture.council, [&](std::int64_t meeting, std::string id,
                                              std::string name, std::string data) {
        std::lock_guard lock(mutex);
        sent.push_back({meeting, std::move(id), std::move(name), boost::json::parse(data)});
    });
    fixture.store->set_listener([&](const VotingSnapshot& snapshot, std::int64_t meeting) {
        events.on_change(snapshot, meeting);
    });
    auto taken = [&] {
        std::lock_guard lock(mutex);
        return std::exchange(sent, {});
    };

    fixture.register_members(13);
    CHECK(taken().empty());  // registering alone changes no vote, item or speaker

    block_on(fixture.store->set_current_item(fixture.meeting, fixture.item, 61.5, {}));
    auto agenda = taken();
    REQUIRE(agenda.size() == 1);
    CHECK(agenda[0].name == "agenda");
    CHECK(agenda[0].data.at("agenda_item_id") == fixture.item);
    CHECK(agenda[0].data.at("title").at("lt") == "Dėl biudžeto");
    CHECK(agenda[0].data.at("media_time_s") == 61.5);
    CHECK(agenda[0].data.at("speaker").is_null());

    block_on(fixture.store->set_speaker(fixture.meeting, "Narys 1", "Tarybos narys", {}));
    agenda = taken();
    REQUIRE(agenda.size() == 1);
    CHECK(agenda[0].data.at("speaker").at("name") == "Narys 1");

    const std::int64_t vote = fixture.open(fixture.item);
    auto opened = taken();
    REQUIRE(opened.size() == 1);
    CHECK(opened[0].name == "vote");
    CHECK(opened[0].meeting == fixture.meeting);
    CHECK(opened[0].data.at("id") == vote);
    CHECK(opened[0].data.at("status") == "open");
    CHECK(opened[0].data.at("counts").at("not_voting") == 13);

    fixture.cast(vote, fixture.members[0], Choice::kFor, "same-key-1");
    auto counted = taken();
    REQUIRE(counted.size() == 1);
    CHECK(counted[0].data.at("counts").at("for") == 1);
    CHECK(counted[0].id != opened[0].id);
    fixture.cast(vote, fixture.members[0], Choice::kFor, "same-key-1");
    CHECK(taken().empty());  // a retried request changes nothing, so nothing is sent

    block_on(fixture.store->close_vote(vote, {}));
    auto closed = taken();
    REQUIRE(closed.size() == 1);
    CHECK(closed[0].data.at("status") == "closed");
    CHECK(closed[0].data.at("result") == "rejected");
}

TEST_CASE("an agenda item that was voted on cannot be removed, and the editor is told why") {
    Fixture fixture("voting-item-kept");
    fixture.register_members(13);
    fixture.open(fixture.item);
    try {
        block_on(fixture.council->remove_agenda_item(fixture.item));
        FAIL("the item was removed");
    } catch (const InvalidInput& e) {
        CHECK(e.key() == "council_item_in_use");
    }
    CHECK(fixture.council->snapshot()->agenda_item(fixture.item) != nullptr);
    block_on(fixture.council->remove_agenda_item(fixture.other_item));
    CHECK(fixture.council->snapshot()->agenda_item(fixture.other_item) == nullptr);
}

TEST_CASE("clearing the speaker, with no role given, leaves no lower third") {
    Fixture fixture("voting-speaker-clear");
    block_on(fixture.store->set_speaker(fixture.meeting, "Narys 1", "Tarybos narys", {}));
    block_on(fixture.store->set_speaker(fixture.meeting, "", "", {}));
    const Sitting* sitting = fixture.store->snapshot()->sitting(fixture.meeting);
    REQUIRE(sitting != nullptr);
    CHECK(sitting->speaker_name.empty());
    CHECK(sitting->speaker_role.empty());
}
