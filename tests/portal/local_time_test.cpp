// Lithuanian wall time to UTC and back, across both clock changes of the year.
#include "portal/local_time.hpp"

#include <doctest/doctest.h>

#include <thread>
#include <vector>

using namespace councilcast::portal;

namespace {

constexpr std::int64_t kHour = 3600;
// 2026-01-15T12:00:00Z and 2026-07-01T11:00:00Z.
constexpr std::int64_t kWinterNoonUtc = 1768478400;
constexpr std::int64_t kSummer11Utc = 1782903600;

}  // namespace

TEST_CASE("winter time is UTC+2 and summer time UTC+3") {
    CHECK(vilnius_time_to_unix("2026-01-15T14:00") == kWinterNoonUtc);
    CHECK(vilnius_time_to_unix("2026-07-01T14:00") == kSummer11Utc);
    CHECK(vilnius_time_to_unix("2026-07-01T14:00:30") == kSummer11Utc + 30);
    CHECK(unix_to_vilnius_time(kWinterNoonUtc) == "2026-01-15T14:00");
    CHECK(unix_to_vilnius_time(kSummer11Utc) == "2026-07-01T14:00");
    // Just before midnight UTC is already the next day in Vilnius.
    CHECK(unix_to_vilnius_time(kWinterNoonUtc + 11 * kHour) == "2026-01-16T01:00");
}

TEST_CASE("the hour skipped in March does not exist; the hour repeated in October is the first") {
    // 29 March 2026: 03:00 becomes 04:00.
    CHECK_FALSE(vilnius_time_to_unix("2026-03-29T03:30").has_value());
    CHECK(*vilnius_time_to_unix("2026-03-29T04:00") - *vilnius_time_to_unix("2026-03-29T02:59") ==
          60);
    // 25 October 2026: 04:00 becomes 03:00 again; 03:30 first happens at 00:30 UTC.
    const auto repeated = vilnius_time_to_unix("2026-10-25T03:30");
    REQUIRE(repeated.has_value());
    CHECK(unix_to_vilnius_time(*repeated) == "2026-10-25T03:30");
    CHECK(unix_to_vilnius_time(*repeated + kHour) == "2026-10-25T03:30");
    CHECK(*vilnius_time_to_unix("2026-10-25T04:00") - *repeated == 2 * kHour - 30 * 60);
}

TEST_CASE("anything but a real datetime-local value is refused") {
    for (const char* text :
         {"", "2026-02-30T10:00", "2026-13-01T10:00", "2026-01-01T24:00", "2026-01-01T10:60",
          "2026-01-01 10:00", "2026-01-01", "26-01-01T10:00", "2026-01-01T10:00Z",
          "2026-01-01T10:00+02:00", " 2026-01-01T10:00", "abc"}) {
        CAPTURE(text);
        CHECK_FALSE(vilnius_time_to_unix(text).has_value());
    }
    CHECK(vilnius_time_to_unix("2028-02-29T10:00").has_value());
}

TEST_CASE("every value of a year goes there and back, from several threads at once") {
    auto round_trips = [] {
        int wrong = 0;
        for (std::int64_t t = kWinterNoonUtc; t < kWinterNoonUtc + 366 * 24 * kHour;
             t += 7 * kHour + 60) {
            const auto back = vilnius_time_to_unix(unix_to_vilnius_time(t));
            // In the repeated hour the wall time names the first instant.
            if (!back || (*back != t && *back != t - kHour)) ++wrong;
        }
        return wrong;
    };
    std::vector<int> wrong(4);
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < wrong.size(); ++i) {
        threads.emplace_back([&, i] { wrong[i] = round_trips(); });
    }
    for (auto& thread : threads) thread.join();
    for (int count : wrong) CHECK(count == 0);
}
