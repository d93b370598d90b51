// Many residents at once, through the store as the pages call it from their threads: a hundred
// for one time get exactly one hold and one booking; a hundred for ten times get exactly ten;
// a hundred submissions of one form book once. The database never holds an overlap.
#include "portal/bookings/booking_store.hpp"

#include <doctest/doctest.h>

#include <latch>
#include <set>
#include <thread>

#include "tests/portal/bookings/booking_fixture.hpp"

using namespace councilcast;
using namespace councilcast::portal;
using namespace councilcast::portal::testing;

namespace {

constexpr int kClients = 100;

// Runs `work(i)` on kClients threads released together.
template <typename Work>
void all_at_once(Work work) {
    std::latch start(kClients);
    std::vector<std::thread> clients;
    for (int i = 0; i < kClients; ++i) {
        clients.emplace_back([&, i] {
            start.arrive_and_wait();
            work(i);
        });
    }
    for (auto& client : clients) client.join();
}

std::string client_address(int i) {
    return fmt::format("198.51.100.{}", i + 1);
}

// Active bookings of one official that overlap another's time (with buffers): always zero.
std::int64_t overlaps(const std::filesystem::path& database) {
    Database db(database, Durability::kNormal, OpenMode::kReadOnly);
    Statement count = db.cached(
        "SELECT count(*) FROM booking a JOIN booking b ON a.official_id = b.official_id AND "
        "a.id < b.id AND a.occupied_from_unix_ms < b.occupied_to_unix_ms AND "
        "b.occupied_from_unix_ms < a.occupied_to_unix_ms WHERE a.state IN ('pending', "
        "'confirmed') AND b.state IN ('pending', 'confirmed')");
    count.step();
    return count.column_int(0);
}

// One official offers the service: one time is one place.
void only_official_a(BookingFixture& f) {
    block_on(f.store->remove_rule(kOfficialB, f.service_id, {}));
}

}  // namespace

TEST_CASE("100 clients hold the same time at once: exactly one gets it, the rest are told") {
    BookingFixture f("booking_contention_hold");
    only_official_a(f);
    const std::int64_t start = f.at(kMonday, 10);
    std::atomic<int> held = 0;
    std::atomic<int> taken = 0;
    std::atomic<int> with_alternatives = 0;
    all_at_once([&](int i) {
        const auto outcome = block_on(f.store->hold(f.hold_request(start, client_address(i))));
        if (outcome.taken) {
            ++taken;
            if (!outcome.nearest.empty() && outcome.nearest.front().start_unix_ms != start) {
                ++with_alternatives;
            }
        } else {
            ++held;
        }
    });
    CHECK(held == 1);
    CHECK(taken == kClients - 1);
    CHECK(with_alternatives == kClients - 1);
    CHECK(f.slot_rows() == 6);
}

TEST_CASE("100 clients hold and book the same time: exactly one booking") {
    BookingFixture f("booking_contention_book");
    only_official_a(f);
    const std::int64_t start = f.at(kMonday, 11);
    std::atomic<int> booked = 0;
    all_at_once([&](int i) {
        const auto outcome = block_on(f.store->hold(f.hold_request(start, client_address(i))));
        if (outcome.taken) return;
        block_on(f.store->book(f.booking_request(outcome.token)));
        ++booked;
    });
    CHECK(booked == 1);
    CHECK(f.events_of(BookingEvent::Kind::kPendingConfirmation).size() == 1);
    CHECK(overlaps(f.database) == 0);
}

TEST_CASE("100 submissions of one hold's form book once") {
    BookingFixture f("booking_contention_form");
    const auto held = block_on(f.store->hold(f.hold_request(f.at(kMonday, 9))));
    std::atomic<int> booked = 0;
    std::atomic<int> replayed = 0;
    std::atomic<int> refused = 0;
    all_at_once([&](int i) {
        // Half send the form's one key (a double click), half another key each (a second tab).
        const std::string key =
            i % 2 == 0 ? std::string("form-key-same-0001") : fmt::format("form-key-tab-{:04}", i);
        try {
            const auto result = block_on(f.store->book(f.booking_request(held.token, key)));
            ++(result.replayed ? replayed : booked);
        } catch (const InvalidInput&) {
            ++refused;
        }
    });
    CHECK(booked == 1);
    CHECK(booked + replayed + refused == kClients);
    CHECK(f.events_of(BookingEvent::Kind::kPendingConfirmation).size() == 1);
}

TEST_CASE("100 clients for ten times: exactly ten bookings, every one at another time") {
    BookingFixture f("booking_contention_ten");
    only_official_a(f);
    auto slots = f.store->free_slots(f.service_id, kMonday, add_days(kMonday, 1));
    REQUIRE(slots.size() >= 10);
    slots.resize(10);
    std::mutex mutex;
    std::set<std::int64_t> starts;
    all_at_once([&](int i) {
        // Each client tries the times in its own order until one holds or all are taken.
        for (std::size_t k = 0; k < slots.size(); ++k) {
            const FreeSlot& slot = slots[(i + k) % slots.size()];
            const auto outcome =
                block_on(f.store->hold(f.hold_request(slot.start_unix_ms, client_address(i))));
            if (outcome.taken) continue;
            const auto booked = block_on(f.store->book(f.booking_request(outcome.token)));
            std::lock_guard lock(mutex);
            CHECK(starts.insert(f.store->booking(booked.booking_id)->start_unix_ms).second);
            return;
        }
    });
    CHECK(starts.size() == 10);
    CHECK(overlaps(f.database) == 0);
    CHECK(f.slot_rows() == 10 * 6);
}
