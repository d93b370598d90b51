#include "common/unix_time.hpp"

#include <fmt/core.h>

namespace councilcast {

std::string rfc3339_utc(std::int64_t unix_seconds) {
    const auto seconds = std::chrono::sys_seconds{std::chrono::seconds{unix_seconds}};
    const auto day = std::chrono::floor<std::chrono::days>(seconds);
    const std::chrono::year_month_day date{day};
    const std::chrono::hh_mm_ss time{seconds - day};
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", static_cast<int>(date.year()),
                       static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                       time.hours().count(), time.minutes().count(), time.seconds().count());
}

}  // namespace councilcast
