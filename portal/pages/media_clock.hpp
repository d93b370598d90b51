// Moments and lengths of recordings as people and machines read them.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace councilcast::portal {

// "1:42:05", or "2:05" under an hour; whole seconds, rounded down.
std::string clock_text(double seconds);
// The same to the millisecond, as an editor reads and types it: "1:02:03.5", "0:07.25".
std::string precise_clock_text(double seconds);
// A time an editor typed, the keyboard's and screen reader's way to place a mark: "1:02:03.5",
// "62:03", "3723.5" (spaces around it ignored; at most three fractional digits; minutes and
// seconds two digits below 60 after a larger unit; up to 99 hours). Nothing for anything else.
std::optional<double> parse_clock_text(std::string_view text);
// The same as an HTML duration for <time datetime>: "PT1H42M5S".
std::string duration_iso(double seconds);

}  // namespace councilcast::portal
