// kill -9 of a process in the middle of a booking rush: every booking it acknowledged is there
// after a restart, no two active bookings overlap, and the slot rows are exactly those of the
// active bookings and live holds (nothing claimed by a write that never committed).
#include "portal/bookings/booking_store.hpp"

#include <doctest/doctest.h>

#include <fmt/core.h>
#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <set>
#include <string>
#include <thread>
#include <vector>

#include "tests/portal/bookings/booking_fixture.hpp"

using namespace councilcast;
using namespace councilcast::portal;
using namespace councilcast::portal::testing;

namespace {

constexpr int kBookers = 4;
constexpr int kAcknowledgedBeforeKill = 60;

// The child: bookers hold and book every morning time of eight weeks, each in its own order, and
// report each booking once book() returned ("id\n", one write(2) each).
[[noreturn]] void book_until_killed(const std::filesystem::path& database, std::int64_t service_id,
                                    std::int64_t now, int report) {
    try {
        DatabaseWriter writer(database);
        BookingStore store(database, writer, config::Bookings{}, nullptr, [now] { return now; });
        const auto slots = store.free_slots(service_id, kMonday, add_days(kMonday, 55));
        std::vector<std::thread> bookers;
        for (int b = 0; b < kBookers; ++b) {
            bookers.emplace_back([&, b] {
                for (std::size_t i = 0; i < slots.size(); ++i) {
                    const FreeSlot& slot = slots[(i * kBookers + b) % slots.size()];
                    const auto held = block_on(store.hold(
                        {service_id, slot.start_unix_ms, fmt::format("c{}-{}", b, i), {}}));
                    if (held.taken) continue;
                    BookingStore::BookingRequest request;
                    request.hold_token = held.token;
                    request.name = "Jonas Jonaitis";
                    request.email = fmt::format("b{}.n{}@example.lt", b, i);
                    const auto booked = block_on(store.book(request));
                    const std::string line = fmt::format("{}\n", booked.booking_id);
                    if (::write(report, line.data(), line.size()) < 0) ::_exit(3);
                }
            });
        }
        for (auto& booker : bookers) booker.join();
    } catch (...) {
        ::_exit(2);
    }
    ::_exit(0);
}

std::int64_t count(const std::filesystem::path& database, const std::string& sql) {
    Database db(database, Durability::kNormal, OpenMode::kReadOnly);
    Statement select = db.cached(sql);
    select.step();
    return select.column_int(0);
}

}  // namespace

TEST_CASE("kill -9 mid-rush: acknowledged bookings survive, slot rows match, no overlap") {
    BookingFixture f("booking_crash");
    const std::int64_t now = f.clock.load();
    const std::int64_t service_id = f.service_id;
    f.store.reset();
    f.writer.reset();

    int pipe_ends[2];
    REQUIRE(::pipe(pipe_ends) == 0);
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        ::close(pipe_ends[0]);
        book_until_killed(f.database, service_id, now, pipe_ends[1]);
    }
    ::close(pipe_ends[1]);
    std::set<std::int64_t> acknowledged;
    std::string pending;
    char buffer[512];
    bool killed = false;
    for (;;) {
        const ssize_t n = ::read(pipe_ends[0], buffer, sizeof buffer);
        if (n <= 0) break;
        pending.append(buffer, static_cast<std::size_t>(n));
        for (std::size_t end; (end = pending.find('\n')) != std::string::npos;) {
            acknowledged.insert(std::stoll(pending.substr(0, end)));
            pending.erase(0, end + 1);
        }
        if (!killed && acknowledged.size() >= kAcknowledgedBeforeKill) {
            ::kill(child, SIGKILL);
            killed = true;
        }
    }
    ::close(pipe_ends[0]);
    int status = 0;
    ::waitpid(child, &status, 0);
    CHECK(killed);
    CHECK(WIFSIGNALED(status));

    // A restart: the store opens the file as the crash left it.
    f.clock = now;
    f.restart();
    for (std::int64_t id : acknowledged) {
        const auto booking = f.store->booking(id);
        REQUIRE(booking);
        CHECK(booking->state == BookingState::kPending);
    }
    {
        Database db(f.database, Durability::kNormal, OpenMode::kReadOnly);
        Statement check = db.cached("PRAGMA integrity_check");
        REQUIRE(check.step());
        CHECK(check.column_text(0) == "ok");
    }
    CHECK(count(f.database,
                "SELECT count(*) FROM booking a JOIN booking b ON a.official_id = b.official_id "
                "AND a.id < b.id AND a.occupied_from_unix_ms < b.occupied_to_unix_ms AND "
                "b.occupied_from_unix_ms < a.occupied_to_unix_ms") == 0);
    // Each booking owns its six granules, each live hold its own; nothing else has a row.
    CHECK(count(f.database, "SELECT count(*) FROM booking_slot") ==
          6 * (count(f.database, "SELECT count(*) FROM booking") +
               count(f.database,
                     "SELECT count(*) FROM booking_hold WHERE booking_id = 0 AND "
                     "released_unix_ms = 0")));
    CHECK(count(f.database,
                "SELECT count(*) FROM booking_slot s LEFT JOIN booking b ON b.id = s.booking_id "
                "LEFT JOIN booking_hold h ON h.id = s.hold_id WHERE b.id IS NULL AND h.id IS "
                "NULL") == 0);
    // The time the child held but never booked comes free once its holds expire.
    f.advance_minutes(10);
    block_on(f.store->expire_holds(f.clock.load()));
    CHECK(count(f.database, "SELECT count(*) FROM booking_slot") ==
          6 * count(f.database, "SELECT count(*) FROM booking"));
}
