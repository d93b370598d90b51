// Wall-clock instants as the database stores them: milliseconds since the Unix epoch.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace councilcast {

inline constexpr std::int64_t kMinuteMs = 60'000;
inline constexpr std::int64_t kHourMs = 60 * kMinuteMs;
inline constexpr std::int64_t kDayMs = 24 * kHourMs;

inline std::int64_t unix_ms(std::chrono::system_clock::time_point time) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
}

inline std::int64_t now_unix_ms() {
    return unix_ms(std::chrono::system_clock::now());
}

// "2026-11-28T12:00:00Z": RFC 3339 in UTC, as the open data and feeds give times.
std::string rfc3339_utc(std::int64_t unix_seconds);

}  // namespace councilcast
