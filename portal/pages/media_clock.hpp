// Moments and lengths of recordings as people and machines read them.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace councilcast::portal {

// "1:42:05", or "2:05" under an hour; whole seconds, rounded down.
std::string clock_text(double seconds);
// A time someone typed: "1:02:03.5", "62:03", "3723.5" or "0:07" (seconds under 60, minutes
// under 60 after hours; at most 3 decimals; at most 99999 hours). Nothing for anything else.
std::optional<double> parse_clock_text(std::string_view text);
// The same as an HTML duration for <time datetime>: "PT1H42M5S".
std::string duration_iso(double seconds);

}  // namespace councilcast::portal
