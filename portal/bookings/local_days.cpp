#include "portal/bookings/local_days.hpp"

#include <fmt/core.h>

namespace councilcast::portal {

// Howard Hinnant's days_from_civil and civil_from_days (public domain): exact for every
// proleptic Gregorian date, with no time zone and no table. std::chrono's calendar types would
// do it, but GCC 12's are incomplete and these are a dozen lines.
std::int64_t day_number(LocalDate date) {
    const std::int64_t y = date.year - (date.month <= 2 ? 1 : 0);
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const std::int64_t yoe = y - era * 400;
    const std::int64_t mp = (date.month + 9) % 12;
    const std::int64_t doy = (153 * mp + 2) / 5 + date.day - 1;
    const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

LocalDate date_of_day_number(std::int64_t days) {
    days += 719468;
    const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    const std::int64_t doe = days - era * 146097;
    const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const std::int64_t mp = (5 * doy + 2) / 153;
    const int day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    const int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    const int year = static_cast<int>(yoe + era * 400 + (month <= 2 ? 1 : 0));
    return {year, month, day};
}

LocalDate add_days(LocalDate date, std::int64_t days) {
    return date_of_day_number(day_number(date) + days);
}

Weekday weekday_of(LocalDate date) {
    // 1970-01-01 was a Thursday (4).
    const std::int64_t days = day_number(date);
    const std::int64_t monday_based = ((days + 3) % 7 + 7) % 7;
    return static_cast<Weekday>(monday_based + 1);
}

bool valid_date(LocalDate date) {
    if (date.year < 1900 || date.year > 9999 || date.month < 1 || date.month > 12 || date.day < 1 ||
        date.day > 31) {
        return false;
    }
    return date_of_day_number(day_number(date)) == date;
}

std::optional<LocalDate> parse_iso_date(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    auto number = [&](std::size_t from, std::size_t to) -> std::optional<int> {
        int value = 0;
        for (std::size_t i = from; i < to; ++i) {
            if (text[i] < '0' || text[i] > '9') return std::nullopt;
            value = value * 10 + (text[i] - '0');
        }
        return value;
    };
    const auto year = number(0, 4);
    const auto month = number(5, 7);
    const auto day = number(8, 10);
    if (!year || !month || !day) return std::nullopt;
    const LocalDate date{*year, *month, *day};
    if (!valid_date(date)) return std::nullopt;
    return date;
}

std::string iso_date(LocalDate date) {
    return fmt::format("{:04}-{:02}-{:02}", date.year, date.month, date.day);
}

}  // namespace councilcast::portal
