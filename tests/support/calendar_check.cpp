#include "tests/support/calendar_check.hpp"

#include <fstream>

#include "tests/support/test_browser.hpp"

namespace councilcast::testing {

CommandResult parse_calendars(const std::filesystem::path& dir,
                              const std::vector<std::string>& calendars) {
    std::filesystem::create_directories(dir);
    std::string command =
        "/usr/bin/python3 " +
        shell_quoted(source_dir() + "/tests/portal/bookings/check_booking_ics.py");
    for (std::size_t i = 0; i < calendars.size(); ++i) {
        const auto file = dir / (std::to_string(i) + ".ics");
        std::ofstream(file, std::ios::binary) << calendars[i];
        command += " " + shell_quoted(file.string());
    }
    return run_shell(command);
}

}  // namespace councilcast::testing
