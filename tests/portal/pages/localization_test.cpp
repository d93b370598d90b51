#include "portal/pages/localization.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "common/error.hpp"

using namespace councilcast;
using namespace councilcast::portal;
using namespace std::chrono_literals;

namespace {

// Unix seconds of a UTC wall-clock time, computed independently of ICU.
std::int64_t utc(int year, unsigned month, unsigned day, int hour, int minute = 0, int second = 0) {
    const std::chrono::sys_days date = std::chrono::year(year) / month / day;
    const auto time = date + std::chrono::hours(hour) + std::chrono::minutes(minute) +
                      std::chrono::seconds(second);
    return std::chrono::duration_cast<std::chrono::seconds>(time.time_since_epoch()).count();
}

const Localization& vilnius() {
    static const Localization instance;
    return instance;
}

// 28 November 2026, 14:00 in Vilnius, winter time (EET, +02:00).
const std::int64_t kWinterMeeting = utc(2026, 11, 28, 12);
// 23 June 2026, 14:00 in Vilnius, summer time (EEST, +03:00).
const std::int64_t kSummerMeeting = utc(2026, 6, 23, 11);

constexpr std::string_view kVotesLt =
    "{count, plural, one {# balsas} few {# balsai} other {# balsų}}";
constexpr std::string_view kVotesEn = "{count, plural, one {# vote} other {# votes}}";

std::string inspect_error(Language language, std::string_view text) {
    try {
        inspect_message(language, text);
    } catch (const Error& e) {
        return e.what();
    }
    return {};
}

bool contains(const std::string& text, std::string_view part) {
    return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("the time zone is Europe/Vilnius unless another known zone is given") {
    CHECK(vilnius().time_zone() == "Europe/Vilnius");
    CHECK(Localization("Europe/Riga").time_zone() == "Europe/Riga");
    for (const char* unknown : {"Europe/Vilnus", "", "GMT+2", "Etc/Unknown", "vilnius"}) {
        CAPTURE(unknown);
        CHECK_THROWS_WITH_AS(Localization{unknown}, doctest::Contains("unknown time zone"), Error);
    }
    // The zone is the one given, not the machine's: New York is seven hours behind in November.
    CHECK(Localization("America/New_York").time_of_day(Language::kEn, kWinterMeeting) == "07:00");
}

TEST_CASE("a winter meeting in Lithuanian and English") {
    const auto lt = Language::kLt;
    const auto en = Language::kEn;
    CHECK(vilnius().long_date(lt, kWinterMeeting) == "2026 m. lapkričio 28 d.");
    CHECK(vilnius().long_date(en, kWinterMeeting) == "28 November 2026");
    CHECK(vilnius().date_with_weekday(lt, kWinterMeeting) ==
          "2026 m. lapkričio 28 d., šeštadienis");
    CHECK(vilnius().date_with_weekday(en, kWinterMeeting) == "Saturday, 28 November 2026");
    CHECK(vilnius().time_of_day(lt, kWinterMeeting) == "14:00");
    CHECK(vilnius().time_of_day(en, kWinterMeeting) == "14:00");
    CHECK(vilnius().short_date(lt, kWinterMeeting) == "2026-11-28");
    CHECK(vilnius().short_date(en, kWinterMeeting) == "28 Nov 2026");
    CHECK(vilnius().month_heading(lt, kWinterMeeting) == "2026 m. lapkritis");
    CHECK(vilnius().month_heading(en, kWinterMeeting) == "November 2026");
    CHECK(vilnius().machine_datetime(kWinterMeeting) == "2026-11-28T14:00:00+02:00");
    CHECK(vilnius().datetime_local(kWinterMeeting) == "2026-11-28T14:00");
}

TEST_CASE("a summer meeting is at the same wall-clock time with the summer offset") {
    CHECK(vilnius().long_date(Language::kLt, kSummerMeeting) == "2026 m. birželio 23 d.");
    CHECK(vilnius().date_with_weekday(Language::kLt, kSummerMeeting) ==
          "2026 m. birželio 23 d., antradienis");
    CHECK(vilnius().date_with_weekday(Language::kEn, kSummerMeeting) == "Tuesday, 23 June 2026");
    CHECK(vilnius().time_of_day(Language::kLt, kSummerMeeting) == "14:00");
    CHECK(vilnius().month_heading(Language::kLt, kSummerMeeting) == "2026 m. birželis");
    CHECK(vilnius().machine_datetime(kSummerMeeting) == "2026-06-23T14:00:00+03:00");
}

TEST_CASE("the clocks change at 01:00 UTC on the last Sundays of March and October") {
    // Forward: 03:00 EET becomes 04:00 EEST.
    CHECK(vilnius().machine_datetime(utc(2026, 3, 29, 0, 59, 59)) == "2026-03-29T02:59:59+02:00");
    CHECK(vilnius().machine_datetime(utc(2026, 3, 29, 1)) == "2026-03-29T04:00:00+03:00");
    // Back: 04:00 EEST becomes 03:00 EET, so 03:xx happens twice.
    CHECK(vilnius().machine_datetime(utc(2026, 10, 25, 0, 59, 59)) == "2026-10-25T03:59:59+03:00");
    CHECK(vilnius().machine_datetime(utc(2026, 10, 25, 1)) == "2026-10-25T03:00:00+02:00");
    CHECK(vilnius().time_of_day(Language::kLt, utc(2026, 10, 25, 1, 30)) == "03:30");
}

TEST_CASE("the local day decides the month a meeting is listed under") {
    // 22:30 UTC on 30 November is already 1 December in Vilnius.
    CHECK(vilnius().local_date(utc(2026, 11, 30, 22, 30)) == LocalDate{2026, 12, 1});
    CHECK(vilnius().local_date(utc(2026, 11, 30, 21, 59)) == LocalDate{2026, 11, 30});
    // The last evening of the year stays in its year.
    CHECK(vilnius().local_date(utc(2026, 12, 31, 21, 30)) == LocalDate{2026, 12, 31});
    CHECK(vilnius().local_date(utc(2026, 12, 31, 22, 0)) == LocalDate{2027, 1, 1});
    CHECK(vilnius().local_date(kSummerMeeting) == LocalDate{2026, 6, 23});
    CHECK(vilnius().local_date(0) == LocalDate{1970, 1, 1});
}

TEST_CASE("an editor's datetime-local value is wall-clock time in Vilnius") {
    CHECK(vilnius().parse_datetime_local("2026-11-28T14:00") == kWinterMeeting);
    CHECK(vilnius().parse_datetime_local("2026-06-23T14:00") == kSummerMeeting);
    CHECK(vilnius().parse_datetime_local("2026-11-28T14:00:30") == kWinterMeeting + 30);
    CHECK(vilnius().parse_datetime_local("2024-02-29T09:05") == utc(2024, 2, 29, 7, 5));
    CHECK(vilnius().parse_datetime_local("1900-01-01T00:00").has_value());
    CHECK(vilnius().parse_datetime_local("9999-12-31T23:59").has_value());
    for (const std::string text : {"2026-11-28T14:00", "2026-06-23T09:30", "2026-10-25T04:00"}) {
        CAPTURE(text);
        CHECK(vilnius().datetime_local(*vilnius().parse_datetime_local(text)) == text);
    }
}

TEST_CASE("a time skipped or repeated by a clock change resolves as iCalendar does") {
    // 03:30 on 29 March 2026 never happens: read with the winter offset, it is 04:30 summer time.
    const auto skipped = vilnius().parse_datetime_local("2026-03-29T03:30");
    REQUIRE(skipped);
    CHECK(*skipped == utc(2026, 3, 29, 1, 30));
    CHECK(vilnius().machine_datetime(*skipped) == "2026-03-29T04:30:00+03:00");
    CHECK(vilnius().parse_datetime_local("2026-03-29T02:59") == utc(2026, 3, 29, 0, 59));
    CHECK(vilnius().parse_datetime_local("2026-03-29T04:00") == utc(2026, 3, 29, 1));
    // 03:30 on 25 October 2026 happens twice: the first, still in summer time, is meant.
    const auto repeated = vilnius().parse_datetime_local("2026-10-25T03:30");
    REQUIRE(repeated);
    CHECK(*repeated == utc(2026, 10, 25, 0, 30));
    CHECK(vilnius().machine_datetime(*repeated) == "2026-10-25T03:30:00+03:00");
    CHECK(vilnius().parse_datetime_local("2026-10-25T04:00") == utc(2026, 10, 25, 2));
}

TEST_CASE("malformed or impossible datetime-local values are refused") {
    for (const char* text : {
             "",
             "x",
             "2026-13-01T10:00",     // month 13
             "2026-00-10T10:00",     // month 0
             "2026-02-30T10:00",     // 30 February
             "2025-02-29T10:00",     // not a leap year
             "2026-11-00T10:00",     // day 0
             "2026-11-28T24:00",     // hour 24
             "2026-11-28T14:60",     // minute 60
             "2026-11-28T14:00:60",  // second 60
             "1899-12-31T23:59",     // before the first editable year
             "0026-11-28T14:00",     // a slip of the keyboard, not the year 26
             "2026-11-28 14:00",
             "2026-11-28t14:00",
             "2026-11-28T14:00Z",
             "2026-11-28T14:00+02:00",
             "2026-11-28T14:00:5",
             "2026-11-28T14:00:00.000",
             "2026-11-28",
             "2026-1-5T9:05",
             " 2026-11-28T14:00",
             "2026-11-28T14:00 ",
             "+2026-11-28T14:0",
             "2026-11-28T1a:00",
             "２０２６-11-28T14:00",
         }) {
        CAPTURE(text);
        CHECK_FALSE(vilnius().parse_datetime_local(text).has_value());
    }
    CHECK_FALSE(
        vilnius().parse_datetime_local(std::string_view("2026-11-28T14:00\0", 17)).has_value());
}

TEST_CASE("integers are grouped as each language writes them") {
    CHECK(vilnius().number(Language::kLt, 25000) == "25\u00a0000");
    CHECK(vilnius().number(Language::kEn, 25000) == "25,000");
    CHECK(vilnius().number(Language::kLt, 1234567) == "1\u00a0234\u00a0567");
    CHECK(vilnius().number(Language::kEn, 1234567) == "1,234,567");
    CHECK(vilnius().number(Language::kLt, 999) == "999");
    CHECK(vilnius().number(Language::kEn, 0) == "0");
    CHECK(vilnius().number(Language::kLt, -5000) == "\u22125\u00a0000");
    CHECK(vilnius().number(Language::kEn, -5000) == "-5,000");
}

TEST_CASE("plural forms follow each language's rules") {
    struct Case {
        int count;
        const char* lt;
        const char* en;
    };
    const Case cases[] = {
        {0, "0 balsų", "0 votes"},       {1, "1 balsas", "1 vote"},
        {2, "2 balsai", "2 votes"},      {5, "5 balsai", "5 votes"},
        {10, "10 balsų", "10 votes"},    {11, "11 balsų", "11 votes"},
        {12, "12 balsų", "12 votes"},    {21, "21 balsas", "21 votes"},
        {22, "22 balsai", "22 votes"},   {25, "25 balsai", "25 votes"},
        {100, "100 balsų", "100 votes"}, {101, "101 balsas", "101 votes"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.count);
        CHECK(format_message(Language::kLt, kVotesLt, {{"count", c.count}}) == c.lt);
        CHECK(format_message(Language::kEn, kVotesEn, {{"count", c.count}}) == c.en);
    }
    // `#` is the number in the language's own format.
    CHECK(format_message(Language::kLt, kVotesLt, {{"count", 25001}}) == "25\u00a0001 balsas");
    CHECK(format_message(Language::kEn, kVotesEn, {{"count", 25001}}) == "25,001 votes");
    // Any integer type converts.
    const std::vector<int> votes(3);
    CHECK(format_message(Language::kLt, kVotesLt, {{"count", votes.size()}}) == "3 balsai");
}

TEST_CASE("messages take named numbers and texts") {
    CHECK(format_message(Language::kEn, "{name} voted {choice, select, yes {for} other {against}}",
                         {{"name", "Ona"}, {"choice", "yes"}}) == "Ona voted for");
    CHECK(format_message(Language::kLt, "Dalyvauja {present, number} iš {members, number}",
                         {{"present", 1200}, {"members", 25000}, {"unused", 1}}) ==
          "Dalyvauja 1\u00a0200 iš 25\u00a0000");
    CHECK(format_message(Language::kEn,
                         "{place, selectordinal, one {#st} two {#nd} few {#rd} "
                         "other {#th}} item",
                         {{"place", 22}}) == "22nd item");
    CHECK(format_message(Language::kEn, "No arguments at all", {}) == "No arguments at all");
    // An apostrophe between letters is text, as translators write it.
    CHECK(format_message(Language::kEn, "the council's {count, plural, one {vote} other {votes}}",
                         {{"count", 2}}) == "the council's votes");
}

TEST_CASE("formatting a message with missing or mistyped arguments fails loudly") {
    CHECK_THROWS_WITH_AS(format_message(Language::kLt, kVotesLt, {}),
                         doctest::Contains("'count' is missing"), Error);
    CHECK_THROWS_WITH_AS(format_message(Language::kLt, kVotesLt, {{"cuont", 1}}),
                         doctest::Contains("'count' is missing"), Error);
    CHECK_THROWS_AS(format_message(Language::kEn, "{choice, select, yes {for} other {against}}",
                                   {{"choice", 1}}),
                    Error);
    CHECK_THROWS_AS(format_message(Language::kEn, "{count, plural, one {#}", {{"count", 1}}),
                    Error);
}

TEST_CASE("catalogue texts are inspected before anyone formats them") {
    const MessageSyntax votes = inspect_message(Language::kLt, kVotesLt);
    CHECK(votes.is_pattern);
    CHECK(votes.arguments == std::vector<std::string>{"count"});
    const MessageSyntax nested = inspect_message(
        Language::kEn,
        "{n, plural, one {{who} and # other} other {{who} and # others}} {n, number}");
    CHECK(nested.is_pattern);
    CHECK(nested.arguments == std::vector<std::string>{"n", "who"});
    // Plain texts with {name} slots, as the account pages fill them, are not patterns.
    const MessageSyntax plain = inspect_message(Language::kLt, "Išsiuntėme laišką adresu {email}.");
    CHECK_FALSE(plain.is_pattern);
    CHECK(plain.arguments == std::vector<std::string>{"email"});
    CHECK_FALSE(inspect_message(Language::kEn, "It's a plain text.").is_pattern);
}

TEST_CASE("broken catalogue texts are refused with what is wrong") {
    CHECK(
        contains(inspect_error(Language::kLt,
                               "{count, plural, one {# balsas} fwe {# balsai} "
                               "other {# balsų}}"),
                 "'fwe' is not one of the lt cardinal plural categories (few, many, one, other)"));
    CHECK(contains(inspect_error(Language::kEn,
                                 "{count, plural, one {# vote} few {# votes} "
                                 "other {# votes}}"),
                   "'few' is not one of the en cardinal plural categories (one, other)"));
    CHECK(contains(inspect_error(Language::kEn, "{count, plural, one {# vote}}"),
                   "no 'other' branch"));
    CHECK(contains(inspect_error(Language::kEn, "{count, plural, one {# vote} other {# votes}"),
                   "not a valid ICU message pattern"));
    CHECK(contains(inspect_error(Language::kEn, "{count plural, one {#} other {#}}"),
                   "not a valid ICU message pattern"));
    CHECK(contains(inspect_error(Language::kEn, "{0} votes"), "numbered"));
    CHECK(contains(inspect_error(Language::kEn, "on {when, date, long}"), "type 'date'"));
    CHECK(contains(inspect_error(Language::kEn, "{n, spellout}"), "type 'spellout'"));
    CHECK(contains(inspect_error(Language::kEn, "{n, choice, 0#none|1#one}"), "choice"));
    CHECK(contains(inspect_error(Language::kEn, "an { unclosed brace"),
                   "not a valid ICU message pattern"));
}

TEST_CASE("dates, numbers and messages format the same on many threads at once") {
    const std::string expected_date = vilnius().date_with_weekday(Language::kLt, kWinterMeeting);
    const std::string expected_votes = format_message(Language::kLt, kVotesLt, {{"count", 22}});
    std::vector<std::thread> threads;
    std::vector<int> mismatches(4, 0);
    for (std::size_t t = 0; t < mismatches.size(); ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < 500; ++i) {
                const std::int64_t minute = kWinterMeeting + 60 * (i % 7);
                if (vilnius().date_with_weekday(Language::kLt, minute) != expected_date ||
                    vilnius().time_of_day(Language::kEn, minute) !=
                        "14:0" + std::to_string(i % 7) ||
                    format_message(Language::kLt, kVotesLt, {{"count", 22}}) != expected_votes ||
                    vilnius().parse_datetime_local("2026-11-28T14:00") != kWinterMeeting ||
                    vilnius().number(Language::kEn, 25000) != "25,000") {
                    ++mismatches[t];
                }
            }
        });
    }
    for (auto& thread : threads) thread.join();
    for (int count : mismatches) CHECK(count == 0);
}
