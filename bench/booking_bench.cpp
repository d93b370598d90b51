// Consultation booking (portal/bookings). Two questions, each with a peer in the same run on the
// same disk; figures only, nothing fails.
//
// 1. Slot search: the free times of one service for a month across 20 officials (weekday
//    hours, a third of them booked), as the resident's page asks for them: BookingStore::
//    free_slots (one read of the month's busy times, then the pure SlotFinder) against the
//    naive search, a minute-by-minute scan of every official's hours with one SQL query per
//    candidate start. p50 and p95.
// 2. Contention: 100 clients (threads) at once for 10 times of one official. Through the store
//    (hold then book, two durable writer jobs; slot rows under a primary key) against one
//    BEGIN IMMEDIATE transaction per attempt on each client's own connection (check, insert,
//    commit; busy_timeout); bookings per second, exactly-10 or not, p99 of an attempt. Then
//    check-then-insert without a transaction (as Easy!Appointments does it): how many double
//    bookings it lets through.
#include <fmt/core.h>
#include <spdlog/spdlog.h>
#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <latch>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/database.hpp"
#include "common/database_writer.hpp"
#include "config/config.hpp"
#include "portal/bookings/booking_store.hpp"
#include "portal/bookings/local_days.hpp"
#include "portal/schema.hpp"
#include "tests/support/demo_process.hpp"

using namespace councilcast;
using namespace councilcast::portal;

namespace {

using Clock = std::chrono::steady_clock;
constexpr std::int64_t kMinuteMs = 60'000;
constexpr int kOfficials = 20;
constexpr int kSearches = 30;
constexpr int kNaiveSearches = 3;
constexpr int kClients = 100;
constexpr int kContendedSlots = 10;
constexpr LocalDate kFirstDay{2027, 2, 1};  // a Monday

double percentile(std::vector<double> values, double p) {
    if (values.empty()) return 0;
    std::sort(values.begin(), values.end());
    const auto index = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1) + 0.5);
    return values[index];
}

double ms_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// A store on a fresh database with one service (30 minutes) and `officials` officials who offer
// it on weekdays 08:00–17:00.
struct Setup {
    std::filesystem::path database;
    std::unique_ptr<DatabaseWriter> writer;
    BookingTimeZone zone;
    std::int64_t now = 0;
    std::unique_ptr<BookingStore> store;
    std::int64_t service_id = 0;

    Setup(const std::string& name, int officials) {
        database = councilcast::testing::fresh_directory(name) / "councilcast.sqlite";
        {
            Database db(database);
            migrate_database(db);
        }
        writer = std::make_unique<DatabaseWriter>(database);
        now = zone.unix_ms(add_days(kFirstDay, -1), 7 * 60);
        store = std::make_unique<BookingStore>(database, *writer, config::Bookings{}, nullptr,
                                               [this] { return now; });
        const auto department =
            block_on(store->save_department({0, "Socialinės paramos skyrius", "Social", 0}, {}));
        Service service;
        service.department_id = department;
        service.topic_lt = "Socialinė parama";
        service.topic_en = "Social support";
        service.place = "Elektrėnai, Trakų g. 2";
        service_id = block_on(store->save_service(service, {}));
        for (int i = 0; i < officials; ++i) {
            block_on(store->save_official({100 + i, fmt::format("Official {}", i), true}, {}));
            AvailabilityRule rule;
            rule.official_id = 100 + i;
            rule.service_id = service_id;
            for (Weekday day = 1; day <= 5; ++day) rule.weekly.push_back({day, 8 * 60, 17 * 60});
            rule.minimum_notice_minutes = 0;
            rule.horizon_days = 90;
            block_on(store->save_rule(rule, {}));
        }
    }
};

// A third of the month's times booked, written straight into the tables in one transaction
// (the store would take minutes of fsyncs to make them).
int book_a_third(Setup& setup) {
    Database db(setup.database);
    db.exec("BEGIN IMMEDIATE");
    db.exec(
        "INSERT INTO booking_hold (id, service_id, official_id, start_unix_ms, end_unix_ms, "
        "occupied_from_unix_ms, occupied_to_unix_ms, expires_unix_ms, client_key, "
        "created_unix_ms, released_unix_ms) VALUES (1, 1, 100, 0, 0, 0, 0, 0, '', 0, 1)");
    int made = 0;
    int n = 0;
    // Each official's own third, so that most times still have someone free.
    for (int day = 0; day < 31; ++day) {
        const LocalDate date = add_days(kFirstDay, day);
        if (weekday_of(date) > 5) continue;
        for (int official = 0; official < kOfficials; ++official) {
            for (int minute = 8 * 60; minute < 17 * 60; minute += 30) {
                ++n;
                if ((day + official + minute / 30) % 3 != 0) continue;
                const std::int64_t start = setup.zone.unix_ms(date, minute);
                const std::int64_t end = start + 30 * kMinuteMs;
                db.cached(
                      "INSERT INTO booking (service_id, official_id, hold_id, start_unix_ms, "
                      "end_unix_ms, occupied_from_unix_ms, occupied_to_unix_ms, state, name, "
                      "email, language, created_unix_ms, ics_uid) VALUES (?, ?, 1, ?, ?, ?, ?, "
                      "'confirmed', 'Ona', 'ona@example.lt', 'lt', 0, ?)")
                    .bind(1, setup.service_id)
                    .bind(2, 100 + official)
                    .bind(3, start)
                    .bind(4, end)
                    .bind(5, start)
                    .bind(6, end)
                    .bind(7, fmt::format("bench-{}", n))
                    .run();
                const std::int64_t id = db.last_insert_rowid();
                for (std::int64_t g = start / (5 * kMinuteMs); g < end / (5 * kMinuteMs); ++g) {
                    db.cached(
                          "INSERT INTO booking_slot (official_id, granule, booking_id) VALUES "
                          "(?, ?, ?)")
                        .bind(1, 100 + official)
                        .bind(2, g)
                        .bind(3, id)
                        .run();
                }
                ++made;
            }
        }
    }
    db.exec("COMMIT");
    return made;
}

// The naive peer: every official, every working minute, one query per candidate start.
std::size_t naive_search(Setup& setup) {
    Database db(setup.database, Durability::kNormal, OpenMode::kReadOnly);
    std::size_t free = 0;
    for (int day = 0; day < 28; ++day) {
        const LocalDate date = add_days(kFirstDay, day);
        if (weekday_of(date) > 5) continue;
        for (int official = 0; official < kOfficials; ++official) {
            for (int minute = 8 * 60; minute + 30 <= 17 * 60; ++minute) {
                const std::int64_t start = setup.zone.unix_ms(date, minute);
                Statement overlap = db.cached(
                    "SELECT count(*) FROM booking WHERE official_id = ? AND state IN "
                    "('pending', 'confirmed') AND start_unix_ms < ? AND end_unix_ms > ?");
                overlap.bind(1, 100 + official).bind(2, start + 30 * kMinuteMs).bind(3, start);
                overlap.step();
                if (overlap.column_int(0) == 0 && minute % 30 == 0) ++free;
            }
        }
    }
    return free;
}

void slot_search() {
    fmt::print("Slot search: one service, 20 officials, 4 weeks of weekdays 08:00-17:00\n");
    Setup setup("booking_bench_search", kOfficials);
    const int booked = book_a_third(setup);
    std::vector<double> store_ms;
    std::size_t found = 0;
    for (int i = 0; i < kSearches; ++i) {
        const auto start = Clock::now();
        found =
            setup.store->free_slots(setup.service_id, kFirstDay, add_days(kFirstDay, 27)).size();
        store_ms.push_back(ms_since(start));
    }
    std::vector<double> naive_ms;
    std::size_t naive_found = 0;
    for (int i = 0; i < kNaiveSearches; ++i) {
        const auto start = Clock::now();
        naive_found = naive_search(setup);
        naive_ms.push_back(ms_since(start));
    }
    fmt::print("  {} times booked; {} free start times found (naive: {} free official-times)\n",
               booked, found, naive_found);
    fmt::print("  {:<58} p50 {:>9.2f} ms  p95 {:>9.2f} ms\n",
               "BookingStore::free_slots (one read, pure finder)", percentile(store_ms, 0.5),
               percentile(store_ms, 0.95));
    fmt::print("  {:<58} p50 {:>9.2f} ms  p95 {:>9.2f} ms\n",
               "peer: minute-by-minute scan, a query per candidate", percentile(naive_ms, 0.5),
               percentile(naive_ms, 0.95));
}

struct Contention {
    int succeeded = 0;
    double seconds = 0;
    std::vector<double> attempt_ms;
};

void report(const std::string& what, const Contention& run) {
    fmt::print("  {:<58} {:>3} booked ({})  {:>7.0f} bookings/s  p99 {:>8.2f} ms\n", what,
               run.succeeded, run.succeeded == kContendedSlots ? "exactly 10" : "WRONG",
               run.succeeded / run.seconds, percentile(run.attempt_ms, 0.99));
}

// Runs `attempt(client, slot)` for every client over the slots in its own order until one
// succeeds, all clients released together.
template <typename Attempt>
Contention contend(Attempt attempt) {
    Contention run;
    std::mutex mutex;
    std::latch ready(kClients);
    std::atomic<int> succeeded = 0;
    const auto start = Clock::now();
    std::vector<std::thread> clients;
    for (int c = 0; c < kClients; ++c) {
        clients.emplace_back([&, c] {
            ready.arrive_and_wait();
            std::vector<double> mine;
            for (int k = 0; k < kContendedSlots; ++k) {
                const auto t = Clock::now();
                bool ok = false;
                try {
                    ok = attempt(c, (c + k) % kContendedSlots);
                } catch (const std::exception& e) {
                    // A busy database past its timeout: the attempt failed, as a page would say.
                    spdlog::warn("attempt failed: {}", e.what());
                }
                mine.push_back(ms_since(t));
                if (ok) {
                    ++succeeded;
                    break;
                }
            }
            std::lock_guard lock(mutex);
            run.attempt_ms.insert(run.attempt_ms.end(), mine.begin(), mine.end());
        });
    }
    for (auto& client : clients) client.join();
    run.seconds = ms_since(start) / 1000;
    run.succeeded = succeeded;
    return run;
}

// The peers' table: a booking row per success, and nothing in the schema against overlaps.
std::filesystem::path peer_database(const std::string& name) {
    auto path = councilcast::testing::fresh_directory(name) / "peer.sqlite";
    Database db(path, Durability::kFull);
    db.exec(
        "CREATE TABLE appointment (id INTEGER PRIMARY KEY, official_id INTEGER, start_unix_ms "
        "INTEGER, end_unix_ms INTEGER, client INTEGER)");
    return path;
}

std::int64_t appointments(const std::filesystem::path& path) {
    Database db(path, Durability::kNormal, OpenMode::kReadOnly);
    Statement count = db.cached("SELECT count(*) FROM appointment");
    count.step();
    return count.column_int(0);
}

// One attempt on a peer's connection: is the time free, then insert; inside BEGIN IMMEDIATE or
// not at all.
bool check_then_insert_in(Database& db, std::int64_t start, int client, bool transaction) {
    Statement check = db.cached(
        "SELECT count(*) FROM appointment WHERE official_id = 100 AND start_unix_ms < ? AND "
        "end_unix_ms > ?");
    check.bind(1, start + 30 * kMinuteMs).bind(2, start);
    check.step();
    const bool free = check.column_int(0) == 0;
    check.reset();
    if (free) {
        db.cached(
              "INSERT INTO appointment (official_id, start_unix_ms, end_unix_ms, client) VALUES "
              "(100, ?, ?, ?)")
            .bind(1, start)
            .bind(2, start + 30 * kMinuteMs)
            .bind(3, client)
            .run();
    }
    if (transaction) db.exec("COMMIT");
    return free;
}

bool check_then_insert(Database& db, std::int64_t start, int client, bool transaction) {
    if (transaction) db.exec("BEGIN IMMEDIATE");
    try {
        return check_then_insert_in(db, start, client, transaction);
    } catch (...) {
        if (transaction) db.exec("ROLLBACK");
        throw;
    }
}

void contention() {
    fmt::print("\nContention: {} clients at once for {} times of one official\n", kClients,
               kContendedSlots);
    Setup setup("booking_bench_contention", 1);
    auto slots = setup.store->free_slots(setup.service_id, kFirstDay, kFirstDay);
    slots.resize(kContendedSlots);
    const Contention store = contend([&](int client, int slot) {
        const auto held = block_on(setup.store->hold(
            {setup.service_id, slots[slot].start_unix_ms, fmt::format("client-{}", client), {}}));
        if (held.taken) return false;
        BookingStore::BookingRequest request;
        request.hold_token = held.token;
        request.name = "Ona Petraitytė";
        request.email = fmt::format("client{}@example.lt", client);
        block_on(setup.store->book(request));
        return true;
    });
    report("BookingStore: hold + book (2 durable jobs, slot rows)", store);

    const auto immediate_path = peer_database("booking_bench_immediate");
    std::vector<std::unique_ptr<Database>> connections;
    for (int c = 0; c < kClients; ++c) {
        connections.push_back(std::make_unique<Database>(immediate_path, Durability::kFull));
    }
    const Contention immediate = contend([&](int client, int slot) {
        return check_then_insert(*connections[client], slots[slot].start_unix_ms, client, true);
    });
    report("peer: BEGIN IMMEDIATE per attempt, own connection each", immediate);

    const auto racy_path = peer_database("booking_bench_racy");
    connections.clear();
    for (int c = 0; c < kClients; ++c) {
        connections.push_back(std::make_unique<Database>(racy_path, Durability::kFull));
    }
    const Contention racy = contend([&](int client, int slot) {
        return check_then_insert(*connections[client], slots[slot].start_unix_ms, client, false);
    });
    const std::int64_t rows = appointments(racy_path);
    fmt::print("  {:<58} {:>3} booked  {:>7.0f} bookings/s  p99 {:>8.2f} ms\n",
               "peer: check-then-insert, no transaction (Easy!Appointments)", racy.succeeded,
               racy.succeeded / racy.seconds, percentile(racy.attempt_ms, 0.99));
    fmt::print("  {:<58} {:>3} double bookings ({} rows for {} times)\n", "",
               rows - kContendedSlots, rows, kContendedSlots);
}

}  // namespace

int main() {
    spdlog::set_level(spdlog::level::warn);
    try {
        slot_search();
        contention();
    } catch (const std::exception& e) {
        fmt::print("booking_bench stopped: {}\n", e.what());
    }
    return 0;
}
