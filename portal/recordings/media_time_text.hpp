// A moment of a recording as an editor types and reads it: "1:02:03.5", "62:03", "3723.5"
// (hours, minutes, seconds and tenths to thousandths), the keyboard's and screen reader's way
// to place a mark without dragging.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace councilcast::portal {

// Seconds from the recording's start, or nothing for anything else: at most three fractional
// digits; minutes and seconds below 60 after a larger unit; up to 99 hours.
std::optional<double> parse_media_time(std::string_view text);

// "1:02:03.5", "2:03", "0:07.25": what parse_media_time reads back, to the millisecond.
std::string media_time_text(double seconds);

}  // namespace councilcast::portal
