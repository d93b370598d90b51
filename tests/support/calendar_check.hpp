// Calendars as another program reads them: Debian's python3-icalendar parses each one
// (tests/portal/bookings/check_booking_ics.py) and prints one line per event.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "tests/support/shell_command.hpp"

namespace councilcast::testing {

// Writes each calendar to a file of `dir` (made if missing) and runs the checker on them all.
CommandResult parse_calendars(const std::filesystem::path& dir,
                              const std::vector<std::string>& calendars);

}  // namespace councilcast::testing
