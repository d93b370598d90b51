// Dates, times, numbers and plural-aware catalogue messages for the pages, in each page language
// and in the municipality's time zone, all formatted by ICU from CLDR data.
#pragma once

#include <concepts>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "portal/pages/language.hpp"

namespace councilcast::portal {

// A calendar day in the municipality's time zone: what meetings are grouped and filtered by.
struct LocalDate {
    int year = 0;
    int month = 0;  // 1–12
    int day = 0;    // 1–31
    friend bool operator==(const LocalDate&, const LocalDate&) = default;
};

// Formats instants (unix seconds, UTC) for people and parses what editors type, in one time zone.
//
// Lithuanian pages use ICU's "lt" locale, English pages "en_GB": British day-month order suits a
// European reader. Every human-readable form comes from a CLDR skeleton, so word order, case
// endings and separators are the locale's own, not ours. Pages render on several threads at
// once; a Localization is immutable and may be shared by all of them.
class Localization {
  public:
    static constexpr std::string_view kDefaultTimeZone = "Europe/Vilnius";

    // `time_zone` is an IANA zone id. Throws councilcast::Error if ICU does not know it.
    explicit Localization(std::string_view time_zone = kDefaultTimeZone);
    ~Localization();
    Localization(const Localization&) = delete;
    Localization& operator=(const Localization&) = delete;

    // The IANA id given at construction: "Europe/Vilnius".
    const std::string& time_zone() const;

    // "2026 m. lapkričio 28 d." / "28 November 2026"
    std::string long_date(Language language, std::int64_t unix_seconds) const;
    // "2026 m. lapkričio 28 d., šeštadienis" / "Saturday, 28 November 2026"
    std::string date_with_weekday(Language language, std::int64_t unix_seconds) const;
    // "14:00" in both languages: the 24-hour clock.
    std::string time_of_day(Language language, std::int64_t unix_seconds) const;
    // For tables: "2026-11-28" / "28 Nov 2026"
    std::string short_date(Language language, std::int64_t unix_seconds) const;
    // A calendar's month heading, in the nominative: "2026 m. lapkritis" / "November 2026"
    std::string month_heading(Language language, std::int64_t unix_seconds) const;
    // For <time datetime="…">: ISO 8601 with the zone's offset, "2026-11-28T14:00:00+02:00".
    std::string machine_datetime(std::int64_t unix_seconds) const;

    // The day an instant falls on in the zone.
    LocalDate local_date(std::int64_t unix_seconds) const;

    // An <input type="datetime-local"> value, "2026-11-28T14:00" (seconds are dropped).
    std::string datetime_local(std::int64_t unix_seconds) const;

    // What an editor typed in <input type="datetime-local">, "YYYY-MM-DDTHH:MM" with optional
    // ":SS", read as wall-clock time in the zone. Years 1900–9999. std::nullopt for anything
    // malformed or out of range ("2026-13-01T10:00", "2026-02-30T10:00", "").
    //
    // Clock changes resolve as iCalendar does (RFC 5545, 3.3.5) and JavaScript Temporal's
    // "compatible" option: a time skipped when the clocks go forward (Vilnius, last Sunday of
    // March, 03:00–03:59) is read with the offset from before the change, so 03:30 is 04:30 summer
    // time; a time that happens twice when they go back (last Sunday of October, 03:00–03:59)
    // is the first of the two, still in summer time (+03:00).
    std::optional<std::int64_t> parse_datetime_local(std::string_view text) const;

    // An integer with the language's digit grouping: "25 000" (a no-break space) / "25,000".
    std::string number(Language language, std::int64_t value) const;

  private:
    struct Data;
    std::unique_ptr<const Data> data_;
};

// One named argument of a catalogue message: a number (for plural, selectordinal and `#`) or a
// text (for select and plain `{name}` slots). Any integer type converts, so
// `{"count", votes.size()}` works.
struct MessageArgument {
    template <std::integral Integer>
    MessageArgument(std::string_view argument_name, Integer number)
        : name(argument_name), value(static_cast<std::int64_t>(number)) {}
    MessageArgument(std::string_view argument_name, std::string_view text)
        : name(argument_name), value(std::string(text)) {}

    std::string name;
    std::variant<std::int64_t, std::string> value;
};

using MessageArguments = std::vector<MessageArgument>;

// What ICU makes of one catalogue text.
struct MessageSyntax {
    // The text has a plural, selectordinal, select or number argument, so it only means
    // something once formatted: "{count, plural, one {# balsas} few {# balsai} other {# balsų}}".
    bool is_pattern = false;
    // The names of all its arguments, sorted, each once: {"count"}.
    std::vector<std::string> arguments;
};

// Reads a catalogue text as an ICU MessageFormat pattern for the language's locale; plain text
// is a valid pattern too. Throws councilcast::Error saying what is wrong, and where, if ICU cannot
// parse it, if it uses a numbered argument ({0}), an argument type the pages cannot fill (date,
// time, spellout, choice, …) or a plural keyword the language does not have ("few" in English,
// a typo such as "fwe" in Lithuanian): otherwise such a branch would silently never be chosen.
MessageSyntax inspect_message(Language language, std::string_view text);

// Formats an ICU MessageFormat pattern with named arguments in the language's locale:
// format_message(kLt, "{count, plural, one {# balsas} few {# balsai} other {# balsų}}",
// {{"count", 22}}) is "22 balsai". Arguments the pattern does not use are ignored. Throws
// councilcast::Error if the pattern is invalid, an argument it uses is missing, or ICU cannot
// format an argument as given (a number for a select).
std::string format_message(Language language, std::string_view pattern,
                           const MessageArguments& arguments);

}  // namespace councilcast::portal
