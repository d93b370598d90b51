// A bookings store on a real SQLite file through the real writer, with a clock the test moves,
// one department, one 30-minute service offered by two officials on weekday mornings, and every
// event the store hands its sink kept for the test to read. RESIDENT's and STAFF's tests may
// use it too.
#pragma once

#include <doctest/doctest.h>
#include <fmt/core.h>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "common/database.hpp"
#include "common/database_writer.hpp"
#include "common/error.hpp"
#include "config/config.hpp"
#include "portal/audit/audit_log.hpp"
#include "portal/bookings/booking_store.hpp"
#include "portal/bookings/local_days.hpp"
#include "portal/schema.hpp"
#include "tests/support/demo_process.hpp"
#include "tests/support/refusal.hpp"

namespace councilcast::portal::testing {

inline constexpr std::int64_t kMinuteMs = 60'000;
inline constexpr std::int64_t kOfficialA = 101;
inline constexpr std::int64_t kOfficialB = 102;
// Monday 11 January 2027, an ordinary working week.
inline constexpr LocalDate kMonday{2027, 1, 11};

using councilcast::testing::refusal;

inline AuditNote staff_note(std::string action) {
    return [action = std::move(action)](std::int64_t id) {
        AuditEntry entry;
        entry.actor_user_id = kOfficialA;
        entry.actor = "ruta.kazlauskiene@elektrenai.lt";
        entry.action = action;
        entry.target = fmt::format("booking {}", id);
        entry.peer = "127.0.0.1";
        return entry;
    };
}

struct BookingFixture {
    std::filesystem::path dir;
    std::filesystem::path database;
    std::unique_ptr<DatabaseWriter> writer;
    BookingTimeZone zone;
    std::atomic<std::int64_t> clock;
    std::unique_ptr<BookingStore> store;
    std::mutex events_mutex;
    std::vector<BookingEvent> events;
    std::int64_t department_id = 0;
    std::int64_t service_id = 0;

    explicit BookingFixture(const std::string& name, config::Bookings settings = {})
        : dir(councilcast::testing::fresh_directory(name)),
          database(dir / "councilcast.sqlite"),
          clock(zone.unix_ms(add_days(kMonday, -7), 8 * 60)) {
        {
            Database db(database);
            migrate_database(db);
        }
        writer = std::make_unique<DatabaseWriter>(database);
        open_store(settings);
        seed();
    }

    void open_store(const config::Bookings& settings = {}) {
        store = std::make_unique<BookingStore>(
            database, *writer, settings, [](std::int64_t id) { return id < 1000; },
            [this] { return clock.load(); });
        store->set_event_sink([this](Database&, const BookingEvent& event) {
            std::lock_guard lock(events_mutex);
            events.push_back(event);
        });
    }

    // Closes the store and the writer and opens both again, as a restart does.
    void restart(const config::Bookings& settings = {}) {
        store.reset();
        writer.reset();
        writer = std::make_unique<DatabaseWriter>(database);
        open_store(settings);
    }

    void seed() {
        department_id = block_on(
            store->save_department({0, "Architektūros skyrius", "Architecture Department", 1},
                                   staff_note("booking.department")));
        Service service;
        service.department_id = department_id;
        service.topic_lt = "Statybos leidimai";
        service.topic_en = "Building permits";
        service.duration_minutes = 30;
        service.place = "Elektrėnai, Trakų g. 2, 104 kab.";
        service.languages = {"lt", "en"};
        service_id = block_on(store->save_service(service, staff_note("booking.service")));
        for (auto [id, name] : {std::pair{kOfficialA, "Rūta Kazlauskienė"},
                                std::pair{kOfficialB, "Tomas Žukauskas"}}) {
            block_on(store->save_official({id, name, true}, staff_note("booking.official")));
            block_on(store->save_rule(weekday_mornings(id), staff_note("booking.hours")));
        }
    }

    AvailabilityRule weekday_mornings(std::int64_t official) const {
        AvailabilityRule rule;
        rule.official_id = official;
        rule.service_id = service_id;
        for (Weekday day = 1; day <= 5; ++day) rule.weekly.push_back({day, 9 * 60, 12 * 60});
        rule.minimum_notice_minutes = 60;
        rule.horizon_days = 60;
        return rule;
    }

    std::int64_t at(LocalDate date, int hour, int minute = 0) const {
        return zone.unix_ms(date, hour * 60 + minute);
    }

    void advance_minutes(std::int64_t minutes) { clock += minutes * kMinuteMs; }

    BookingStore::HoldRequest hold_request(std::int64_t start, std::string client = "198.51.100.1",
                                           std::string key = {}) const {
        return {service_id, start, std::move(client), std::move(key)};
    }

    BookingStore::BookingRequest booking_request(std::string hold_token,
                                                 std::string key = {}) const {
        BookingStore::BookingRequest request;
        request.hold_token = std::move(hold_token);
        request.name = "Ona Petraitytė";
        request.email = "ona.petraityte@example.lt";
        request.phone = "+370 600 00000";
        request.note = "Dėl namo Vievyje";
        request.idempotency_key = std::move(key);
        return request;
    }

    // Holds and books `start`; the booking is pending.
    BookingStore::Booked hold_and_book(std::int64_t start, std::string client = "198.51.100.1") {
        const auto held = block_on(store->hold(hold_request(start, std::move(client))));
        REQUIRE_FALSE(held.taken);
        return block_on(store->book(booking_request(held.token)));
    }

    std::vector<BookingEvent> events_of(BookingEvent::Kind kind) {
        std::lock_guard lock(events_mutex);
        std::vector<BookingEvent> found;
        for (const BookingEvent& event : events) {
            if (event.kind == kind) found.push_back(event);
        }
        return found;
    }

    // Slot rows of the database, for the invariants: each active booking and live hold owns
    // exactly its granules.
    std::int64_t slot_rows() {
        Database db(database, Durability::kNormal, OpenMode::kReadOnly);
        Statement count = db.cached("SELECT count(*) FROM booking_slot");
        count.step();
        return count.column_int(0);
    }
};

}  // namespace councilcast::portal::testing
