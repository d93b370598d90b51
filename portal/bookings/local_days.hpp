// Calendar arithmetic on local dates (days, weekdays, ISO text): what the slot finder, the
// holidays and the pages count with, without a time zone.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "portal/bookings/booking_record.hpp"

namespace councilcast::portal {

// Days since 1970-01-01 (proleptic Gregorian).
std::int64_t day_number(LocalDate date);
LocalDate date_of_day_number(std::int64_t days);
LocalDate add_days(LocalDate date, std::int64_t days);
// Monday 1 … Sunday 7.
Weekday weekday_of(LocalDate date);
// A real date of years 1900..9999.
bool valid_date(LocalDate date);
// "2026-12-07"; std::nullopt for anything else, or a date that does not exist.
std::optional<LocalDate> parse_iso_date(std::string_view text);
std::string iso_date(LocalDate date);
inline bool operator<(LocalDate a, LocalDate b) {
    return day_number(a) < day_number(b);
}
inline bool operator<=(LocalDate a, LocalDate b) {
    return day_number(a) <= day_number(b);
}

}  // namespace councilcast::portal
