// What administrators and officials type into the consultation staff forms, read and checked
// before anything is written: one-line and paragraph text bounded in characters, whole numbers
// in a range, dates, clock times and a day's hours ("09:00-12:00, 13:00-16:00"), every problem
// named by its field so a refused form comes back with each error at its field, in the
// visitor's language. The store checks again.
#pragma once

#include <boost/asio/awaitable.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "portal/accounts/form_checks.hpp"
#include "portal/http/form_data.hpp"
#include "portal/pages/localization.hpp"

namespace councilcast::portal::booking_staff_checks {

using Bounds = FieldBounds;

using Problem = FieldProblem;
using Problems = FieldProblems;

// Part of a local day, in minutes after midnight: [start, end).
struct DayRange {
    int start_minute = 0;
    int end_minute = 0;
    friend bool operator==(const DayRange&, const DayRange&) = default;
};

// "HH:MM" (or "H:MM", "HH.MM") from 00:00 to 24:00; nothing for anything else.
std::optional<int> parse_clock(std::string_view text);
// "09:05"; 1440 is "24:00".
std::string format_clock(int minute);

// A day's hours: ranges "09:00-12:00" (a hyphen or dash, spaces allowed) separated by commas or
// semicolons, each start before its end, on `granule_minutes` boundaries, none overlapping;
// returned in order. Empty text is no hours. Nothing for anything malformed.
std::optional<std::vector<DayRange>> parse_day_ranges(std::string_view text, int granule_minutes);
// "09:00–12:00, 13:00–16:00": what parse_day_ranges reads back.
std::string format_day_ranges(const std::vector<DayRange>& ranges);

// A whole number in `bounds`; otherwise `problem_key` at `field` (and `bounds.min` returned).
std::int64_t read_number(const FormData& form, std::string_view field, Bounds bounds,
                         std::string_view problem_key, Problems& problems);
// A date field ("YYYY-MM-DD", local_days' parse_iso_date); otherwise `problem_key` at `field`.
std::optional<LocalDate> read_date(const FormData& form, std::string_view field,
                                   std::string_view problem_key, Problems& problems);
// A clock-time field ("HH:MM") on `granule_minutes` boundaries; otherwise `problem_key`.
std::optional<int> read_clock(const FormData& form, std::string_view field, int granule_minutes,
                              std::string_view problem_key, Problems& problems);
// A checkbox: "1" when ticked.
bool ticked(const FormData& form, std::string_view field);

// A save whose new row's id the page does not need (it goes back to a list).
boost::asio::awaitable<void> without_id(boost::asio::awaitable<std::int64_t> write);

}  // namespace councilcast::portal::booking_staff_checks
