// 25 council members voting within the same instant, through the VotingStore (each ballot
// checked, counted once, logged in the hash chain, committed with synchronous=FULL, a fresh
// snapshot published before the member hears back): every ballot's time from cast to
// acknowledgement, p50 and p99. The peer, in the same run on the same disk: 25 bare writer jobs
// of one INSERT each with synchronous=FULL, what the disk alone costs for the same burst. Then
// the same burst on a database already holding a year of votes. Figures only: nothing fails.
#include <fmt/core.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <barrier>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "common/database.hpp"
#include "common/database_writer.hpp"
#include "common/unix_time.hpp"
#include "config/config.hpp"
#include "portal/council/council_store.hpp"
#include "portal/schema.hpp"
#include "portal/voting/vote_rules.hpp"
#include "portal/voting/voting_store.hpp"
#include "tests/support/demo_process.hpp"

using namespace councilcast;
using namespace councilcast::portal;

namespace {

constexpr int kMembers = 25;
constexpr int kRounds = 9;
// A year of a council that votes every three minutes through a two-hour sitting, monthly.
constexpr int kHistoryVotes = 12 * 40;

using Clock = std::chrono::steady_clock;

double percentile(std::vector<double> values, double p) {
    std::sort(values.begin(), values.end());
    const auto index = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1) + 0.5);
    return values[index];
}

double median(std::vector<double> values) {
    return percentile(std::move(values), 0.5);
}

// Runs `cast(i)` on 25 threads released at once; each ballot's milliseconds.
template <typename Cast>
std::vector<double> burst(Cast cast) {
    std::vector<double> latencies(kMembers);
    std::barrier start(kMembers);
    std::vector<std::thread> members;
    for (int i = 0; i < kMembers; ++i) {
        members.emplace_back([&, i] {
            start.arrive_and_wait();
            const auto began = Clock::now();
            cast(i);
            latencies[i] = std::chrono::duration<double, std::milli>(Clock::now() - began).count();
        });
    }
    for (auto& member : members) member.join();
    return latencies;
}

struct Council {
    std::filesystem::path dir;
    std::filesystem::path database;
    std::unique_ptr<DatabaseWriter> writer;
    std::unique_ptr<CouncilStore> council;
    std::unique_ptr<VotingStore> store;
    std::vector<std::int64_t> members;
    std::int64_t meeting = 0;
    std::int64_t item = 0;

    explicit Council(const std::string& name)
        : dir(testing::fresh_directory(name)), database(dir / "councilcast.sqlite") {
        {
            Database db(database);
            migrate_database(db);
            db.exec(
                "CREATE TABLE peer_ballot (id INTEGER PRIMARY KEY, member INTEGER, "
                "choice TEXT, cast_unix_ms INTEGER)");
        }
        writer = std::make_unique<DatabaseWriter>(database);
        council = std::make_unique<CouncilStore>(database, dir, *writer);
        for (int i = 1; i <= kMembers; ++i) {
            CouncilMember member;
            member.name = fmt::format("Narys {}", i);
            member.term_start = "2023-04-20";
            members.push_back(block_on(council->add_member(member)));
        }
        meeting = new_meeting();
        store = std::make_unique<VotingStore>(database, *writer, *council,
                                              voting_rules(config::Voting{}));
        register_all(meeting);
    }

    std::int64_t new_meeting() {
        Meeting sitting;
        sitting.title = {"Posėdis", "Meeting"};
        sitting.starts_unix = now_unix_ms() / 1000;
        const auto id = block_on(council->add_meeting(sitting));
        item = block_on(council->add_agenda_item({0, id, 0, {"Klausimas", "Item"}}));
        return id;
    }

    void register_all(std::int64_t on) {
        for (auto member : members) block_on(store->set_registered(on, member, true, {}));
    }

    std::int64_t open() {
        VotingStore::Opening opening;
        opening.meeting_id = meeting;
        opening.agenda_item_id = item;
        return block_on(store->open_vote(opening, {}));
    }

    // Past sittings with every member voting on every item.
    void add_history(int votes) {
        const std::int64_t now_meeting = meeting;
        const std::int64_t now_item = item;
        for (int v = 0; v < votes; ++v) {
            if (v % 40 == 0) {
                meeting = new_meeting();
                register_all(meeting);
            }
            const auto vote = open();
            burst([&](int i) {
                block_on(store->cast(vote, members[i], Choice::kFor,
                                     fmt::format("history-{}-{}", vote, i), {}));
            });
            block_on(store->close_vote(vote, {}));
        }
        meeting = now_meeting;
        item = now_item;
    }

    std::vector<double> vote_round() {
        const auto vote = open();
        auto latencies = burst([&](int i) {
            block_on(store->cast(vote, members[i], i % 3 == 0 ? Choice::kAgainst : Choice::kFor,
                                 fmt::format("bench-{}-{}", vote, i), {}));
        });
        block_on(store->close_vote(vote, {}));
        return latencies;
    }

    std::vector<double> peer_round() {
        return burst([&](int i) {
            block_on(writer->run(
                [i, this](Database& db) {
                    db.cached(
                          "INSERT INTO peer_ballot (member, choice, cast_unix_ms) VALUES "
                          "(?, 'for', ?)")
                        .bind(1, members[i])
                        .bind(2, now_unix_ms())
                        .run();
                },
                Durability::kFull));
        });
    }
};

void print_rounds(const char* label, const std::vector<std::vector<double>>& rounds) {
    std::vector<double> p50s;
    std::vector<double> p99s;
    std::string each;
    for (const auto& round : rounds) {
        p50s.push_back(percentile(round, 0.5));
        p99s.push_back(percentile(round, 0.99));
        each += fmt::format(" {:.1f}/{:.1f}", p50s.back(), p99s.back());
    }
    std::printf("  %-44s p50 %6.1f ms  p99 %6.1f ms   rounds (p50/p99):%s\n", label, median(p50s),
                median(p99s), each.c_str());
}

}  // namespace

int main() {
    spdlog::set_level(spdlog::level::warn);
    std::printf("voting_bench: %d members cast at the same instant, %d rounds, median of rounds\n",
                kMembers, kRounds);
    Council fresh("voting-bench");
    std::vector<std::vector<double>> ours;
    std::vector<std::vector<double>> peer;
    // Interleaved, each side first in turn, so a busy moment of the machine falls on both.
    for (int round = 0; round < kRounds; ++round) {
        if (round % 2 == 0) {
            ours.push_back(fresh.vote_round());
            peer.push_back(fresh.peer_round());
        } else {
            peer.push_back(fresh.peer_round());
            ours.push_back(fresh.vote_round());
        }
    }
    print_rounds("VotingStore::cast, cast to acknowledged", ours);
    print_rounds("peer: bare INSERT jobs, synchronous=FULL", peer);

    const auto history_began = Clock::now();
    fresh.add_history(kHistoryVotes);
    std::printf("  (%d past votes of %d ballots each written in %.1f s)\n", kHistoryVotes, kMembers,
                std::chrono::duration<double>(Clock::now() - history_began).count());
    std::vector<std::vector<double>> with_history;
    for (int round = 0; round < kRounds; ++round) with_history.push_back(fresh.vote_round());
    print_rounds(fmt::format("VotingStore::cast, {} past votes", kHistoryVotes).c_str(),
                 with_history);
    return 0;
}
