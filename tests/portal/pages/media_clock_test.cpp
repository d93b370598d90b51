#include "portal/pages/media_clock.hpp"

#include <doctest/doctest.h>

namespace councilcast::portal {

TEST_CASE("moments read as clocks and as HTML durations") {
    CHECK(clock_text(0) == "0:00");
    CHECK(clock_text(125.9) == "2:05");
    CHECK(clock_text(6125.4) == "1:42:05");
    CHECK(clock_text(-3) == "0:00");
    CHECK(duration_iso(6125.4) == "PT1H42M5S");
    CHECK(duration_iso(59) == "PT59S");
    CHECK(duration_iso(3600) == "PT1H0M0S");
}

TEST_CASE("typed times read as seconds on a recording, and nothing else does") {
    CHECK(*parse_clock_text("1:02:03.5") == doctest::Approx(3723.5));
    CHECK(*parse_clock_text("62:03") == doctest::Approx(3723));
    CHECK(*parse_clock_text("3723.5") == doctest::Approx(3723.5));
    CHECK(*parse_clock_text("0:07") == doctest::Approx(7));
    CHECK(*parse_clock_text("0:00:00.125") == doctest::Approx(0.125));
    CHECK(*parse_clock_text(clock_text(6125.4)) == doctest::Approx(6125));
    for (const char* bad :
         {"",    ":",   "1:",  ":5",   "1:60",       "1:2:3:4",      "1:75:00",
          "-5",  "+5",  " 5",  "5 ",   "1.2.3",      "5.",           "5.1234",
          "1,5", "abc", "1e3", "0x10", "1:02:03.5x", "100000:00:00", "99999999999"}) {
        const std::string typed = bad;
        CAPTURE(typed);
        CHECK_FALSE(parse_clock_text(bad));
    }
}

}  // namespace councilcast::portal
