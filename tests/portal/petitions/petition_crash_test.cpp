// kill -9 of a process in the middle of a signing burst: every confirmation it acknowledged is
// there after a restart, and the counts equal the confirmed rows (nothing lost from the tally,
// nothing folded twice), round after round.
#include "portal/petitions/petition_store.hpp"

#include <doctest/doctest.h>

#include <fmt/core.h>
#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "tests/portal/petitions/petition_fixture.hpp"

using namespace councilcast;
using namespace councilcast::portal;
using namespace councilcast::portal::testing;

namespace {

constexpr int kSigners = 6;
constexpr int kMaxPerSigner = 4000;  // the child ends by itself should nobody kill it
constexpr int kAcknowledgedBeforeKill = 250;

// The child: signers sign and confirm as fast as the writer lets them, one of them tallying as
// it goes, and report each confirmation once its write returned ("email eldership\n", one
// write(2) each, so lines never interleave).
[[noreturn]] void sign_until_killed(const std::filesystem::path& database, std::int64_t petition_id,
                                    int round, int report) {
    try {
        DatabaseWriter writer(database);
        PetitionStore store(database, writer, quick_settings(), test_elderships);
        std::vector<std::thread> signers;
        for (int s = 0; s < kSigners; ++s) {
            signers.emplace_back([&, s] {
                for (int i = 0; i < kMaxPerSigner; ++i) {
                    PetitionStore::Signing signing;
                    signing.petition_id = petition_id;
                    signing.name = "Jonas Jonaitis";
                    signing.email = fmt::format("r{}.s{}.n{}@example.lt", round, s, i);
                    signing.eldership_id = (s + i) % 4;
                    signing.declared_eligible = true;
                    signing.consent = true;
                    signing.client_address = "198.51.100.7";
                    const auto result = block_on(store.sign(signing));
                    block_on(store.confirm(result.confirmation_token));
                    const std::string line =
                        fmt::format("{} {}\n", signing.email, signing.eldership_id);
                    if (::write(report, line.data(), line.size()) < 0) ::_exit(3);
                    if (s == 0 && i % 7 == 0) block_on(store.tally());
                }
            });
        }
        for (auto& signer : signers) signer.join();
    } catch (...) {
        ::_exit(2);
    }
    ::_exit(0);
}

struct Acknowledged {
    std::string email;
    std::int64_t eldership_id = 0;
};

// Runs one child; kills it once `kill_after` confirmations were reported. Every whole line it
// reported, the ones still in the pipe after the kill included.
std::vector<Acknowledged> burst_and_kill(const std::filesystem::path& database,
                                         std::int64_t petition_id, int round, int kill_after) {
    int pipe_ends[2];
    REQUIRE(::pipe(pipe_ends) == 0);
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        ::close(pipe_ends[0]);
        sign_until_killed(database, petition_id, round, pipe_ends[1]);
    }
    ::close(pipe_ends[1]);
    std::vector<Acknowledged> acknowledged;
    std::string pending;
    bool killed = false;
    char buffer[4096];
    for (;;) {
        const ssize_t n = ::read(pipe_ends[0], buffer, sizeof buffer);
        if (n <= 0) break;
        pending.append(buffer, static_cast<std::size_t>(n));
        for (auto end = pending.find('\n'); end != std::string::npos; end = pending.find('\n')) {
            const std::string line = pending.substr(0, end);
            pending.erase(0, end + 1);
            const auto space = line.find(' ');
            acknowledged.push_back({line.substr(0, space), std::stoll(line.substr(space + 1))});
        }
        if (!killed && static_cast<int>(acknowledged.size()) >= kill_after) {
            ::kill(child, SIGKILL);
            killed = true;
        }
    }
    ::close(pipe_ends[0]);
    int status = 0;
    ::waitpid(child, &status, 0);
    CHECK(killed);
    CHECK((WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL));
    return acknowledged;
}

}  // namespace

TEST_CASE(
    "kill -9 during a signing burst loses no acknowledged confirmation and counts none twice") {
    std::filesystem::path database;
    std::int64_t petition_id = 0;
    {
        // Closed before any child starts: no thread of this process runs during fork().
        PetitionFixture fixture("petition-kill");
        petition_id = fixture.open_petition();
        database = fixture.database;
    }

    std::map<std::string, std::int64_t> all_acknowledged;
    for (int round = 0; round < 3; ++round) {
        CAPTURE(round);
        for (const auto& ack :
             burst_and_kill(database, petition_id, round, kAcknowledgedBeforeKill)) {
            all_acknowledged.emplace(ack.email, ack.eldership_id);
        }
        CHECK(all_acknowledged.size() >=
              static_cast<std::size_t>((round + 1) * kAcknowledgedBeforeKill));

        // Restarted: the store folds what the killed one had not.
        DatabaseWriter writer(database);
        PetitionStore store(database, writer, quick_settings(), test_elderships);
        block_on(store.tally());

        std::map<std::string, std::int64_t> confirmed;
        std::map<std::int64_t, std::int64_t> confirmed_by_eldership;
        {
            Database db(database, Durability::kNormal, OpenMode::kReadOnly);
            Statement select = db.cached(
                "SELECT email, eldership_id FROM petition_signature WHERE petition_id = ? AND "
                "confirmed_unix_ms <> 0 AND invalidated_unix_ms = 0");
            select.bind(1, petition_id);
            while (select.step()) {
                confirmed.emplace(select.column_text(0), select.column_int(1));
                ++confirmed_by_eldership[select.column_int(1)];
            }
        }
        std::size_t lost = 0;
        for (const auto& [email, eldership] : all_acknowledged) {
            if (!confirmed.contains(email)) ++lost;
        }
        CHECK(lost == 0);
        const auto snapshot = store.snapshot();
        const Petition* petition = snapshot->petition(petition_id);
        REQUIRE(petition != nullptr);
        CHECK(petition->signature_count == static_cast<std::int64_t>(confirmed.size()));
        CHECK(petition->signatures_by_eldership == confirmed_by_eldership);
        // A confirmation may have been written but not yet reported when the kill came: never
        // the other way round.
        CHECK(confirmed.size() >= all_acknowledged.size());
    }
}
