#include "portal/bookings/local_days.hpp"

#include <chrono>

#include <fmt/core.h>

namespace councilcast::portal {

namespace {

std::chrono::year_month_day civil(LocalDate date) {
    return {std::chrono::year{date.year}, std::chrono::month{static_cast<unsigned>(date.month)},
            std::chrono::day{static_cast<unsigned>(date.day)}};
}

}  // namespace

// std::chrono's calendar types (C++20, complete in GCC 12; only its time zones are missing).
std::int64_t day_number(LocalDate date) {
    return std::chrono::sys_days{civil(date)}.time_since_epoch().count();
}

LocalDate date_of_day_number(std::int64_t days) {
    const std::chrono::year_month_day date{std::chrono::sys_days{std::chrono::days{days}}};
    return {static_cast<int>(date.year()), static_cast<int>(static_cast<unsigned>(date.month())),
            static_cast<int>(static_cast<unsigned>(date.day()))};
}

LocalDate add_days(LocalDate date, std::int64_t days) {
    return date_of_day_number(day_number(date) + days);
}

Weekday weekday_of(LocalDate date) {
    return static_cast<Weekday>(
        std::chrono::weekday{std::chrono::sys_days{civil(date)}}.iso_encoding());
}

bool valid_date(LocalDate date) {
    return date.year >= 1900 && date.year <= 9999 && civil(date).ok();
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
