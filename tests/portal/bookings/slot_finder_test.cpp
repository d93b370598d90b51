// The slot finder alone, over hand-made rules: hours, exceptions, buffers, minimum notice,
// horizon, holidays (Easter Monday), the daily maximum, who takes a time, and the weeks around
// both of Vilnius's clock changes.
#include "portal/bookings/slot_finder.hpp"

#include <doctest/doctest.h>

#include <vector>

#include "portal/bookings/local_days.hpp"

namespace councilcast::portal {

namespace {

constexpr std::int64_t kMinuteMs = 60'000;

struct Rules {
    BookingTimeZone zone;
    LithuanianHolidays holidays;
    SlotFinder finder{zone, holidays};
    Service service;
    std::vector<Official> officials{{101, "Rūta Kazlauskienė", true},
                                    {102, "Tomas Žukauskas", true}};
    std::vector<AvailabilityRule> rules;
    std::vector<AvailabilityException> exceptions;
    std::vector<BusyTime> busy;

    Rules() {
        service.id = 1;
        service.duration_minutes = 30;
        rules.push_back(weekdays(101));
    }

    static AvailabilityRule weekdays(std::int64_t official) {
        AvailabilityRule rule;
        rule.official_id = official;
        rule.service_id = 1;
        for (Weekday day = 1; day <= 5; ++day) rule.weekly.push_back({day, 9 * 60, 12 * 60});
        rule.minimum_notice_minutes = 0;
        rule.horizon_days = 366;
        return rule;
    }

    std::int64_t at(LocalDate date, int hour, int minute = 0) const {
        return zone.unix_ms(date, hour * 60 + minute);
    }

    std::vector<FreeSlot> find(LocalDate from, LocalDate to, std::int64_t now) const {
        SlotFinder::Query query;
        query.service = &service;
        for (const auto& rule : rules) query.rules.push_back(&rule);
        for (const auto& official : officials) query.officials.push_back(&official);
        for (const auto& exception : exceptions) query.exceptions.push_back(&exception);
        query.busy = busy;
        query.now_unix_ms = now;
        query.from = from;
        query.to = to;
        return finder.free_slots(query);
    }

    // Local "HH:MM" starts of a day's slots.
    std::vector<int> minutes_on(LocalDate day, std::int64_t now) const {
        std::vector<int> minutes;
        for (const FreeSlot& slot : find(day, day, now)) {
            minutes.push_back(zone.minute_of_day(slot.start_unix_ms));
        }
        return minutes;
    }

    void book(std::int64_t official, std::int64_t start, int before = 0, int after = 0,
              std::int64_t service_id = 1) {
        busy.push_back({official, service_id, start, start - before * kMinuteMs,
                        start + (30 + after) * kMinuteMs});
    }
};

constexpr LocalDate kMonday{2027, 1, 11};
constexpr LocalDate kSaturday{2027, 1, 16};

std::vector<int> hours(std::initializer_list<std::pair<int, int>> times) {
    std::vector<int> minutes;
    for (auto [h, m] : times) minutes.push_back(h * 60 + m);
    return minutes;
}

}  // namespace

TEST_CASE("a weekday's hours give one slot per duration; a weekend gives none") {
    Rules r;
    const std::int64_t now = r.at({2027, 1, 4}, 8);
    CHECK(r.minutes_on(kMonday, now) ==
          hours({{9, 0}, {9, 30}, {10, 0}, {10, 30}, {11, 0}, {11, 30}}));
    CHECK(r.find(kSaturday, add_days(kSaturday, 1), now).empty());
    for (const FreeSlot& slot : r.find(kMonday, kMonday, now)) {
        CHECK(slot.official_id == 101);
        CHECK(slot.end_unix_ms - slot.start_unix_ms == 30 * kMinuteMs);
    }
}

TEST_CASE("several ranges a day, each filled on its own") {
    Rules r;
    r.rules[0].weekly = {{1, 8 * 60, 9 * 60}, {1, 13 * 60, 14 * 60 + 15}};
    CHECK(r.minutes_on(kMonday, r.at({2027, 1, 4}, 8)) ==
          hours({{8, 0}, {8, 30}, {13, 0}, {13, 30}}));
}

TEST_CASE("a day off takes the day away, extra hours add a Saturday") {
    Rules r;
    const std::int64_t now = r.at({2027, 1, 4}, 8);
    AvailabilityException off;
    off.official_id = 101;
    off.kind = AvailabilityException::Kind::kOff;
    off.from = kMonday;
    off.to = add_days(kMonday, 1);
    r.exceptions.push_back(off);
    AvailabilityException extra;
    extra.official_id = 101;
    extra.kind = AvailabilityException::Kind::kExtra;
    extra.from = extra.to = kSaturday;
    extra.start_minute = 10 * 60;
    extra.end_minute = 11 * 60;
    r.exceptions.push_back(extra);
    // Another official's exception changes nothing of 101's.
    AvailabilityException others = off;
    others.official_id = 102;
    others.from = others.to = add_days(kMonday, 2);
    r.exceptions.push_back(others);

    CHECK(r.minutes_on(kMonday, now).empty());
    CHECK(r.minutes_on(add_days(kMonday, 1), now).empty());
    CHECK(r.minutes_on(add_days(kMonday, 2), now).size() == 6);
    CHECK(r.minutes_on(kSaturday, now) == hours({{10, 0}, {10, 30}}));
}

TEST_CASE("buffers keep a new booking's margins clear of another's") {
    Rules r;
    r.rules[0].buffer_before_minutes = 15;
    r.rules[0].buffer_after_minutes = 15;
    // 10:00–10:30 booked with 15 minutes either side: 9:45–10:45 taken.
    r.book(101, r.at(kMonday, 10), 15, 15);
    CHECK(r.minutes_on(kMonday, r.at({2027, 1, 4}, 8)) == hours({{9, 0}, {11, 0}, {11, 30}}));
}

TEST_CASE("a booking without buffers blocks only its own time") {
    Rules r;
    r.book(101, r.at(kMonday, 10));
    CHECK(r.minutes_on(kMonday, r.at({2027, 1, 4}, 8)) ==
          hours({{9, 0}, {9, 30}, {10, 30}, {11, 0}, {11, 30}}));
}

TEST_CASE("nothing in the past or within the minimum notice") {
    Rules r;
    r.rules[0].minimum_notice_minutes = 60;
    // 9:10 on the day: 10:10 is the earliest start, so 10:30 is the first.
    CHECK(r.minutes_on(kMonday, r.at(kMonday, 9, 10)) == hours({{10, 30}, {11, 0}, {11, 30}}));
    r.rules[0].minimum_notice_minutes = 0;
    CHECK(r.minutes_on(kMonday, r.at(kMonday, 9, 10)) ==
          hours({{9, 30}, {10, 0}, {10, 30}, {11, 0}, {11, 30}}));
    CHECK(r.minutes_on(kMonday, r.at(kMonday, 13)).empty());
}

TEST_CASE("nothing beyond the horizon") {
    Rules r;
    r.rules[0].horizon_days = 7;
    const std::int64_t now = r.at(kMonday, 8);
    CHECK(r.minutes_on(add_days(kMonday, 7), now).size() == 6);
    CHECK(r.minutes_on(add_days(kMonday, 8), now).empty());
    const auto month = r.find(kMonday, add_days(kMonday, 30), now);
    REQUIRE_FALSE(month.empty());
    CHECK(r.zone.local_date(month.back().start_unix_ms) == add_days(kMonday, 7));
}

TEST_CASE("no slot on a public holiday: Easter Monday, Christmas Eve, an extra day off") {
    Rules r;
    r.holidays = LithuanianHolidays({{2027, 4, 7}});
    const std::int64_t now = r.at({2027, 3, 1}, 8);
    CHECK(r.minutes_on({2027, 3, 29}, now).empty());  // Easter Monday 2027
    CHECK(r.minutes_on({2027, 3, 30}, now).size() == 6);
    CHECK(r.minutes_on({2027, 3, 11}, now).empty());  // Thursday, Independence restored
    CHECK(r.minutes_on({2027, 4, 7}, now).empty());   // the extra day
    CHECK(r.minutes_on({2027, 4, 8}, now).size() == 6);
    CHECK(r.minutes_on({2027, 12, 24}, r.at({2027, 12, 1}, 8)).empty());  // Friday, Kūčios
}

TEST_CASE("the daily maximum counts the service's bookings of the day") {
    Rules r;
    r.rules[0].daily_maximum = 2;
    const std::int64_t now = r.at({2027, 1, 4}, 8);
    r.book(101, r.at(kMonday, 9));
    CHECK(r.minutes_on(kMonday, now).size() == 5);
    // Another service's booking takes its time but does not count towards this maximum.
    r.book(101, r.at(kMonday, 11), 0, 0, 2);
    CHECK(r.minutes_on(kMonday, now) == hours({{9, 30}, {10, 0}, {10, 30}, {11, 30}}));
    r.book(101, r.at(kMonday, 10));
    CHECK(r.minutes_on(kMonday, now).empty());
    CHECK(r.minutes_on(add_days(kMonday, 1), now).size() == 6);
}

TEST_CASE("a time two officials offer goes to the one less booked that day") {
    Rules r;
    r.rules.push_back(Rules::weekdays(102));
    const std::int64_t now = r.at({2027, 1, 4}, 8);
    // Equal: the lower account id.
    auto slots = r.find(kMonday, kMonday, now);
    REQUIRE(slots.size() == 6);
    CHECK(slots[0].official_id == 101);
    // 101 has a booking that day (of another service), so 102 takes every shared time.
    r.book(101, r.at(kMonday, 11, 30), 0, 0, 2);
    slots = r.find(kMonday, kMonday, now);
    REQUIRE(slots.size() == 6);
    for (const FreeSlot& slot : slots) CHECK(slot.official_id == 102);
    // An inactive official offers nothing.
    r.officials[1].active = false;
    CHECK(r.find(kMonday, kMonday, now).size() == 5);
}

TEST_CASE("09:00 stays 09:00 local across the autumn and spring clock changes") {
    Rules r;
    r.rules[0].weekly = {{1, 9 * 60, 9 * 60 + 30}, {2, 9 * 60, 9 * 60 + 30},
                         {3, 9 * 60, 9 * 60 + 30}, {4, 9 * 60, 9 * 60 + 30},
                         {5, 9 * 60, 9 * 60 + 30}, {6, 2 * 60, 4 * 60},
                         {7, 2 * 60, 4 * 60}};
    // Autumn 2026: summer time ends on Sunday 25 October at 04:00 (+03:00 → +02:00).
    const auto autumn = r.find({2026, 10, 22}, {2026, 10, 27}, r.at({2026, 10, 1}, 8));
    std::vector<std::int64_t> nine;
    for (const FreeSlot& slot : autumn) {
        if (r.zone.minute_of_day(slot.start_unix_ms) == 9 * 60) nine.push_back(slot.start_unix_ms);
    }
    REQUIRE(nine.size() == 4);  // Thu 22, Fri 23, Mon 26, Tue 27
    constexpr std::int64_t kHourMs = 60 * kMinuteMs;
    constexpr std::int64_t kDayMs = 24 * kHourMs;
    CHECK(nine[0] % kDayMs == 6 * kHourMs);  // 06:00 UTC in summer time
    CHECK(nine[1] % kDayMs == 6 * kHourMs);
    CHECK(nine[2] % kDayMs == 7 * kHourMs);  // 07:00 UTC in winter time
    CHECK(nine[3] % kDayMs == 7 * kHourMs);
    CHECK(nine[2] - nine[1] == 3 * kDayMs + kHourMs);
    // The repeated night hour gives each wall time once, the first (summer) one.
    std::vector<int> sunday;
    for (const FreeSlot& slot : autumn) {
        if (r.zone.local_date(slot.start_unix_ms) == LocalDate{2026, 10, 25}) {
            sunday.push_back(r.zone.minute_of_day(slot.start_unix_ms));
            CHECK(slot.end_unix_ms - slot.start_unix_ms == 30 * kMinuteMs);
        }
    }
    CHECK(sunday == hours({{2, 0}, {2, 30}, {3, 0}, {3, 30}}));

    // Spring 2028: summer time begins on Sunday 26 March at 03:00 (+02:00 → +03:00). (In 2027
    // the change falls on Easter Sunday, a holiday.)
    const auto spring = r.find({2028, 3, 24}, {2028, 3, 28}, r.at({2028, 3, 1}, 8));
    std::vector<std::int64_t> spring_nine;
    std::vector<int> spring_sunday;
    for (const FreeSlot& slot : spring) {
        const int minute = r.zone.minute_of_day(slot.start_unix_ms);
        if (minute == 9 * 60) spring_nine.push_back(slot.start_unix_ms);
        if (r.zone.local_date(slot.start_unix_ms) == LocalDate{2028, 3, 26}) {
            spring_sunday.push_back(minute);
        }
    }
    REQUIRE(spring_nine.size() == 3);  // Fri 24, Mon 27, Tue 28
    CHECK(spring_nine[0] % kDayMs == 7 * kHourMs);
    CHECK(spring_nine[1] % kDayMs == 6 * kHourMs);
    CHECK(spring_nine[2] % kDayMs == 6 * kHourMs);
    // 03:00–03:59 never happens that night: the range 02:00–04:00 holds one real hour, so
    // 02:00 and 02:30 only; nothing at a wall time that does not exist.
    CHECK(spring_sunday == hours({{2, 0}, {2, 30}}));
    for (std::size_t i = 1; i < spring.size(); ++i) {
        CHECK(spring[i - 1].start_unix_ms < spring[i].start_unix_ms);
    }
}

TEST_CASE("slot_at says whether one start is free and who takes it; nearest orders by distance") {
    Rules r;
    r.rules.push_back(Rules::weekdays(102));
    const std::int64_t now = r.at({2027, 1, 4}, 8);
    SlotFinder::Query query;
    query.service = &r.service;
    for (const auto& rule : r.rules) query.rules.push_back(&rule);
    for (const auto& official : r.officials) query.officials.push_back(&official);
    query.now_unix_ms = now;
    query.from = kMonday;
    query.to = add_days(kMonday, 4);
    CHECK(r.finder.slot_at(query, r.at(kMonday, 10))->official_id == 101);
    CHECK_FALSE(r.finder.slot_at(query, r.at(kMonday, 10, 5)));
    CHECK_FALSE(r.finder.slot_at(query, r.at(kSaturday, 10)));
    query.busy.push_back({101, 1, r.at(kMonday, 10), r.at(kMonday, 10), r.at(kMonday, 10, 30)});
    query.busy.push_back({102, 1, r.at(kMonday, 10), r.at(kMonday, 10), r.at(kMonday, 10, 30)});
    CHECK_FALSE(r.finder.slot_at(query, r.at(kMonday, 10)));
    const auto nearest = r.finder.nearest(query, r.at(kMonday, 10), 3);
    REQUIRE(nearest.size() == 3);
    CHECK(nearest[0].start_unix_ms == r.at(kMonday, 9, 30));
    CHECK(nearest[1].start_unix_ms == r.at(kMonday, 10, 30));
    CHECK(nearest[2].start_unix_ms == r.at(kMonday, 9));
}

}  // namespace councilcast::portal
