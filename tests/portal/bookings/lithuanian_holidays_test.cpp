#include "portal/bookings/lithuanian_holidays.hpp"

#include <doctest/doctest.h>

#include "portal/bookings/local_days.hpp"

namespace councilcast::portal {

TEST_CASE("Easter Sunday by the computus matches the published dates") {
    CHECK(LithuanianHolidays::easter_sunday(2024) == LocalDate{2024, 3, 31});
    CHECK(LithuanianHolidays::easter_sunday(2025) == LocalDate{2025, 4, 20});
    CHECK(LithuanianHolidays::easter_sunday(2026) == LocalDate{2026, 4, 5});
    CHECK(LithuanianHolidays::easter_sunday(2027) == LocalDate{2027, 3, 28});
    CHECK(LithuanianHolidays::easter_sunday(2038) == LocalDate{2038, 4, 25});
}

TEST_CASE("every Lithuanian public holiday of 2027 is one, Easter Monday included") {
    const LithuanianHolidays holidays({{2027, 5, 3}});
    CHECK(holidays.holiday({2027, 1, 1}) == "new_year");
    CHECK(holidays.holiday({2027, 2, 16}) == "state_restoration");
    CHECK(holidays.holiday({2027, 3, 11}) == "independence_restoration");
    CHECK(holidays.holiday({2027, 3, 28}) == "easter_sunday");
    CHECK(holidays.holiday({2027, 3, 29}) == "easter_monday");
    CHECK(holidays.holiday({2027, 5, 1}) == "labour_day");
    CHECK(holidays.holiday({2027, 5, 2}) == "mothers_day");
    CHECK(holidays.holiday({2027, 6, 6}) == "fathers_day");
    CHECK(holidays.holiday({2027, 6, 24}) == "midsummer");
    CHECK(holidays.holiday({2027, 7, 6}) == "statehood");
    CHECK(holidays.holiday({2027, 8, 15}) == "assumption");
    CHECK(holidays.holiday({2027, 11, 1}) == "all_saints");
    CHECK(holidays.holiday({2027, 11, 2}) == "all_souls");
    CHECK(holidays.holiday({2027, 12, 24}) == "christmas_eve");
    CHECK(holidays.holiday({2027, 12, 25}) == "christmas");
    CHECK(holidays.holiday({2027, 12, 26}) == "christmas_second");
    CHECK(holidays.holiday({2027, 5, 3}) == "extra");
    // Ordinary working days around them.
    CHECK_FALSE(holidays.is_holiday({2027, 3, 30}));
    CHECK_FALSE(holidays.is_holiday({2027, 5, 9}));
    CHECK_FALSE(holidays.is_holiday({2027, 6, 7}));
    CHECK_FALSE(holidays.is_holiday({2027, 12, 27}));
}

TEST_CASE("local days count, step and name weekdays across months, leap days and years") {
    CHECK(day_number({1970, 1, 1}) == 0);
    CHECK(weekday_of({2026, 12, 7}) == 1);  // a Monday
    CHECK(weekday_of({2027, 3, 28}) == 7);  // Easter Sunday
    CHECK(add_days({2028, 2, 28}, 1) == LocalDate{2028, 2, 29});
    CHECK(add_days({2026, 12, 31}, 1) == LocalDate{2027, 1, 1});
    CHECK(parse_iso_date("2027-02-29") == std::nullopt);
    CHECK(parse_iso_date("2028-02-29") == LocalDate{2028, 2, 29});
    CHECK(parse_iso_date("2028-2-29") == std::nullopt);
    CHECK(iso_date({2027, 3, 1}) == "2027-03-01");
}

}  // namespace councilcast::portal
