#include "portal/bookings/lithuanian_holidays.hpp"

#include <algorithm>

#include "portal/bookings/local_days.hpp"

namespace councilcast::portal {

namespace {

struct FixedHoliday {
    int month;
    int day;
    std::string_view name;
};

// The Labour Code of the Republic of Lithuania, article 123 (as amended to 2026).
constexpr FixedHoliday kFixed[] = {
    {1, 1, "new_year"},        {2, 16, "state_restoration"}, {3, 11, "independence_restoration"},
    {5, 1, "labour_day"},      {6, 24, "midsummer"},         {7, 6, "statehood"},
    {8, 15, "assumption"},     {11, 1, "all_saints"},        {11, 2, "all_souls"},
    {12, 24, "christmas_eve"}, {12, 25, "christmas"},        {12, 26, "christmas_second"},
};

// The first Sunday of a month (Mother's Day in May, Father's Day in June).
LocalDate first_sunday(int year, int month) {
    const LocalDate first{year, month, 1};
    return add_days(first, (7 - weekday_of(first)) % 7);
}

}  // namespace

LithuanianHolidays::LithuanianHolidays(std::vector<LocalDate> extra) : extra_(std::move(extra)) {
    std::sort(extra_.begin(), extra_.end());
}

// The anonymous Gregorian computus (Meeus/Jones/Butcher): ICU's calendars know no moveable
// feasts, nor do Boost.Date_Time or libical; the computus is a dozen lines of arithmetic.
LocalDate LithuanianHolidays::easter_sunday(int year) {
    const int a = year % 19;
    const int b = year / 100;
    const int c = year % 100;
    const int d = b / 4;
    const int e = b % 4;
    const int f = (b + 8) / 25;
    const int g = (b - f + 1) / 3;
    const int h = (19 * a + b - d - g + 15) % 30;
    const int i = c / 4;
    const int k = c % 4;
    const int l = (32 + 2 * e + 2 * i - h - k) % 7;
    const int m = (a + 11 * h + 22 * l) / 451;
    const int month = (h + l - 7 * m + 114) / 31;
    const int day = (h + l - 7 * m + 114) % 31 + 1;
    return {year, month, day};
}

std::optional<std::string_view> LithuanianHolidays::holiday(LocalDate date) const {
    for (const FixedHoliday& fixed : kFixed) {
        if (fixed.month == date.month && fixed.day == date.day) return fixed.name;
    }
    const LocalDate easter = easter_sunday(date.year);
    if (date == easter) return "easter_sunday";
    if (date == add_days(easter, 1)) return "easter_monday";
    if (date.month == 5 && date == first_sunday(date.year, 5)) return "mothers_day";
    if (date.month == 6 && date == first_sunday(date.year, 6)) return "fathers_day";
    if (std::binary_search(extra_.begin(), extra_.end(), date)) return "extra";
    return std::nullopt;
}

}  // namespace councilcast::portal
