#include "tests/support/booking_seed.hpp"

#include <doctest/doctest.h>

#include "common/database.hpp"
#include "common/database_writer.hpp"
#include "portal/bookings/booking_store.hpp"

namespace councilcast::testing {
namespace {

std::int64_t account_id(const std::filesystem::path& data_dir, const std::string& email) {
    Database db(database_of(data_dir), Durability::kNormal, OpenMode::kReadOnly);
    auto select = db.cached("SELECT id FROM user WHERE email = ?");
    select.bind(1, email);
    REQUIRE(select.step());
    return select.column_int(0);
}

portal::AuditNote note() {
    return [](std::int64_t id) {
        portal::AuditEntry entry;
        entry.actor = "test seed";
        entry.action = "booking.seed";
        entry.target = std::to_string(id);
        entry.peer = "cli";
        return entry;
    };
}

}  // namespace

std::filesystem::path database_of(const std::filesystem::path& data_dir) {
    return data_dir / "councilcast.sqlite";
}

BookingSeed seed_bookings(const std::filesystem::path& data_dir,
                          const std::string& official_email) {
    BookingSeed seeded;
    seeded.official = account_id(data_dir, official_email);
    DatabaseWriter writer(database_of(data_dir));
    portal::BookingStore store(database_of(data_dir), writer, config::Bookings{});
    const auto department = block_on(store.save_department(
        {.name_lt = "Statybos skyrius", .name_en = "Building department"}, note()));
    portal::Service service;
    service.department_id = department;
    service.topic_lt = "Statybos leidimai";
    service.topic_en = "Building permits";
    service.description_lt = "Ką reikia žinoti prieš statant.";
    service.description_en = "What to know before you build.";
    service.duration_minutes = 30;
    service.mode = portal::ServiceMode::kInPerson;
    service.place = "Elektrėnai, Rotušės a. 5, 101 kab.";
    service.languages = {"lt", "en"};
    seeded.service = block_on(store.save_service(service, note()));
    service.topic_lt = "Žemės klausimai telefonu";
    service.topic_en = "Land questions by phone";
    service.description_lt.clear();
    service.description_en.clear();
    service.mode = portal::ServiceMode::kPhone;
    service.place.clear();
    service.languages = {"lt"};
    seeded.phone_service = block_on(store.save_service(service, note()));
    block_on(store.save_official(
        {.account_id = seeded.official, .display_name = "Rūta Valdininkė", .active = true},
        note()));
    for (const std::int64_t topic : {seeded.service, seeded.phone_service}) {
        portal::AvailabilityRule rule;
        rule.official_id = seeded.official;
        rule.service_id = topic;
        for (int day = 1; day <= 7; ++day) rule.weekly.push_back({day, 8 * 60, 20 * 60});
        rule.buffer_after_minutes = 10;
        rule.minimum_notice_minutes = 0;
        rule.horizon_days = 30;
        block_on(store.save_rule(rule, note()));
    }
    return seeded;
}

}  // namespace councilcast::testing
