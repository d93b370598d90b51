// What officials and administrators type into the consultation staff forms: a day's hours,
// clock times, dates and bounded numbers, read as a person means them or refused at the field.
#include "portal/bookings/booking_staff_checks.hpp"

#include <doctest/doctest.h>

using namespace councilcast::portal;
using namespace councilcast::portal::booking_staff_checks;

TEST_CASE("a day's hours are read in order, with any dash, and refused when they make no sense") {
    using Ranges = std::vector<DayRange>;
    CHECK(parse_day_ranges("", 5) == Ranges{});
    CHECK(parse_day_ranges("  ", 5) == Ranges{});
    CHECK(parse_day_ranges("09:00-12:00", 5) == Ranges{{540, 720}});
    CHECK(parse_day_ranges("13:00 – 16:30; 8.00-12.00", 5) == Ranges{{480, 720}, {780, 990}});
    CHECK(parse_day_ranges("8:00\xE2\x80\x94"
                           "9:15,",
                           5) == Ranges{{480, 555}});
    CHECK(parse_day_ranges("00:00-24:00", 5) == Ranges{{0, 1440}});
    // Touching ranges are fine; overlapping ones are a typing mistake.
    CHECK(parse_day_ranges("09:00-12:00, 12:00-13:00", 5) == Ranges{{540, 720}, {720, 780}});
    CHECK_FALSE(parse_day_ranges("09:00-12:00, 11:00-13:00", 5));
    CHECK_FALSE(parse_day_ranges("12:00-09:00", 5));
    CHECK_FALSE(parse_day_ranges("09:00-09:00", 5));
    CHECK_FALSE(parse_day_ranges("09:03-12:00", 5));  // off the 5-minute granule
    CHECK_FALSE(parse_day_ranges("25:00-26:00", 5));
    CHECK_FALSE(parse_day_ranges("09:60-10:00", 5));
    CHECK_FALSE(parse_day_ranges("9-12", 5));
    CHECK_FALSE(parse_day_ranges("09:00", 5));
    CHECK_FALSE(parse_day_ranges("<script>", 5));
    CHECK(format_day_ranges({{480, 720}, {780, 1440}}) ==
          "08:00\xE2\x80\x93"
          "12:00, 13:00\xE2\x80\x93"
          "24:00");
    CHECK(parse_day_ranges(format_day_ranges({{480, 720}, {780, 1440}}), 5) ==
          Ranges{{480, 720}, {780, 1440}});
}

TEST_CASE("clock times") {
    CHECK(parse_clock("14:30") == 870);
    CHECK(parse_clock("7:05") == 425);
    CHECK(parse_clock("24:00") == 1440);
    CHECK_FALSE(parse_clock("24:05"));
    CHECK_FALSE(parse_clock("14:3"));
    CHECK_FALSE(parse_clock("-1:00"));
    CHECK_FALSE(parse_clock(""));
    CHECK(format_clock(425) == "07:05");
}

TEST_CASE("form fields are tidied, bounded in characters and named when refused") {
    const FormData form = FormData::parse(
        "name=++%C5%BDem%C4%97s+%C5%AAkio++skyrius+&short=%C4%85&minutes=15&big=100000&word=x"
        "&text=a%0D%0A%0D%0A%0D%0Ab+");
    Problems problems;
    CHECK(read_line(form, "name", {2, 100}, "key_name", problems) == "Žemės Ūkio skyrius");
    CHECK(read_line(form, "short", {2, 100}, "key_short", problems) == "ą");
    CHECK(read_number(form, "minutes", {0, 120}, "key_minutes", problems) == 15);
    CHECK(read_number(form, "big", {0, 120}, "key_big", problems) == 0);
    CHECK(read_number(form, "word", {0, 120}, "key_word", problems) == 0);
    CHECK(read_number(form, "missing", {1, 120}, "key_missing", problems) == 1);
    CHECK(read_paragraphs(form, "text", {0, 10}, "key_text", problems) == "a\n\nb");
    CHECK_FALSE(read_date(form, "nodate", "key_date", problems));
    CHECK(problems.size() == 5);
    CHECK(problems.at("short").key == "key_short");
    CHECK(problems.at("big").bounds.max == 120);
    CHECK_FALSE(problems.contains("name"));
    CHECK_FALSE(problems.contains("text"));
}
