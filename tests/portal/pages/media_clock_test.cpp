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

TEST_CASE("typed times: 1:02:03.5, 62:03 and 3723.5; anything else refused") {
    CHECK(*parse_clock_text("1:02:03.5") == doctest::Approx(3723.5));
    CHECK(*parse_clock_text("62:03") == doctest::Approx(3723));
    CHECK(*parse_clock_text("3723.5") == doctest::Approx(3723.5));
    CHECK(*parse_clock_text(" 0:07.25 ") == doctest::Approx(7.25));
    CHECK(*parse_clock_text("0:00:00.125") == doctest::Approx(0.125));
    for (const char* bad :
         {"",     ":",       "1:",   ":5",  "1:2",        "1:60",      "1:02:60",    "1:02:03:04",
          "1::2", "1:75:00", "-5",   "+5",  "1.2.3",      "5.",        "1.2345",     "1,5",
          "abc",  "1e3",     "0x10", ".5x", "1:02:03.5x", "100:00:00", "99999999999"}) {
        const std::string typed = bad;
        CAPTURE(typed);
        CHECK_FALSE(parse_clock_text(bad));
    }
    CHECK(precise_clock_text(3723.5) == "1:02:03.5");
    CHECK(precise_clock_text(7.25) == "0:07.25");
    CHECK(precise_clock_text(123) == "2:03");
    CHECK(*parse_clock_text(precise_clock_text(4000.125)) == doctest::Approx(4000.125));
    CHECK(*parse_clock_text(clock_text(6125.4)) == doctest::Approx(6125));
}

}  // namespace councilcast::portal
