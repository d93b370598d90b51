// Wall-clock time in Lithuania (Europe/Vilnius, summer time included) as HTML datetime-local
// fields carry it, to and from UTC seconds: the one place that knows the council's time zone.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace councilcast::portal {

// "2026-03-29T14:30" (or with ":SS") in Europe/Vilnius as UTC seconds. Nothing for text in any
// other form, a date or time that does not exist, or a wall time the clocks skip when summer
// time begins. A wall time that happens twice (the hour the clocks go back) is the first of the
// two. Thread-safe.
std::optional<std::int64_t> vilnius_time_to_unix(std::string_view datetime_local);

// UTC seconds as Europe/Vilnius wall time, "2026-03-29T14:30": what a datetime-local field
// shows. Thread-safe.
std::string unix_to_vilnius_time(std::int64_t unix_seconds);

}  // namespace councilcast::portal
