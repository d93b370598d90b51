// `councilcast audit verify` as an administrator (or an auditor with a copy of the data
// directory) runs it: the real binary on a database the voting store wrote, then the same
// database changed behind the application's back with Debian's sqlite3.
#include <doctest/doctest.h>
#include <fmt/core.h>

#include <algorithm>
#include <cstdlib>
#include <string>

#include "common/database.hpp"
#include "common/database_writer.hpp"
#include "portal/council/council_store.hpp"
#include "portal/schema.hpp"
#include "portal/voting/vote_rules.hpp"
#include "portal/voting/voting_store.hpp"
#include "tests/support/demo_process.hpp"
#include "tests/support/shell_command.hpp"
#include "tests/support/test_browser.hpp"

using namespace councilcast;
using namespace councilcast::portal;

namespace {

// A sitting with 13 members registered, one named vote with one ballot, closed, and an audit
// entry: 16 vote-log entries (ballot is entry 15).
void hold_a_vote(const std::filesystem::path& database, const std::filesystem::path& dir) {
    {
        Database db(database);
        migrate_database(db);
    }
    DatabaseWriter writer(database);
    CouncilStore council(database, dir, writer);
    std::vector<std::int64_t> members;
    for (int i = 1; i <= 13; ++i) {
        CouncilMember member;
        member.name = fmt::format("Narys {}", i);
        member.term_start = "2023-04-20";
        members.push_back(block_on(council.add_member(member)));
    }
    Meeting meeting;
    meeting.title = {"Posėdis", "Meeting"};
    const auto meeting_id = block_on(council.add_meeting(meeting));
    const auto item = block_on(council.add_agenda_item({0, meeting_id, 0, {"Klausimas", ""}}));
    VotingStore store(database, writer, voting_rules(config::Voting{}));
    for (auto member : members) block_on(store.set_registered(meeting_id, member, true, {}));
    VotingStore::Opening opening;
    opening.meeting_id = meeting_id;
    opening.agenda_item_id = item;
    const auto vote = block_on(store.open_vote(opening, {}));
    block_on(store.cast(vote, members[0], Choice::kFor, "cli-test-ballot", {}));
    block_on(store.close_vote(vote, [](std::int64_t id) {
        AuditEntry entry;
        entry.actor = "sekretore@example.lt";
        entry.action = "vote.close";
        entry.target = std::to_string(id);
        entry.peer = "127.0.0.1";
        return entry;
    }));
    writer.flush();
}

}  // namespace

TEST_CASE(
    "audit verify passes an intact database and names the first entry changed behind its "
    "back") {
    const auto dir = testing::fresh_directory("audit-verify");
    const auto database = dir / "councilcast.sqlite";
    hold_a_vote(database, dir);
    const std::string verify = testing::shell_quoted(testing::councilcast_binary()) +
                               " audit verify --data-dir " + testing::shell_quoted(dir.string());
    const std::string sqlite = "sqlite3 " + testing::shell_quoted(database.string()) + " ";

    testing::CommandResult intact = testing::run_shell(verify);
    INFO(intact.err);
    CHECK(intact.exit_code == 0);
    CHECK(intact.out.find("vote log intact (16 entries, head ") != std::string::npos);
    CHECK(intact.out.find("audit log intact (1 entries)") != std::string::npos);
    CHECK(std::count(intact.out.begin(), intact.out.end(), '\n') == 1);

    // The triggers stop the obvious way in.
    CHECK(testing::run_shell(
              sqlite + testing::shell_quoted("UPDATE vote_log SET detail = '{}' WHERE id = 15"))
              .exit_code != 0);

    // An attacker with the file drops the trigger first: the audit log ...
    CHECK(testing::run_shell(sqlite + testing::shell_quoted(
                                          "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET "
                                          "actor = 'someone@else.lt' WHERE id = 1"))
              .exit_code == 0);
    testing::CommandResult audit = testing::run_shell(verify);
    CHECK(audit.exit_code == 1);
    CHECK(audit.err.find("audit log entry 1 ") != std::string::npos);

    // ... and the vote log, turning a vote for into a vote against.
    CHECK(testing::run_shell(
              sqlite + testing::shell_quoted("DROP TRIGGER vote_log_no_update; UPDATE vote_log SET "
                                             "detail = replace(detail, '\"for\"', '\"against\"') "
                                             "WHERE event = 'ballot'"))
              .exit_code == 0);
    testing::CommandResult votes = testing::run_shell(verify);
    CHECK(votes.exit_code == 1);
    CHECK(votes.out.empty());
    CHECK(votes.err.find("vote log entry 15 (ballot, meeting 1)") != std::string::npos);

    testing::CommandResult missing = testing::run_shell(verify + "/nothing-here");
    CHECK(missing.exit_code == 2);
    CHECK(missing.err.find("has no database") != std::string::npos);
}
