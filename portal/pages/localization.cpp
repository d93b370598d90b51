#include "portal/pages/localization.hpp"

#include <fmt/core.h>
#include <unicode/dtptngen.h>
#include <unicode/gregocal.h>
#include <unicode/messagepattern.h>
#include <unicode/msgfmt.h>
#include <unicode/numberformatter.h>
#include <unicode/plurrule.h>
#include <unicode/smpdtfmt.h>
#include <unicode/timezone.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <map>
#include <set>

#include "common/error.hpp"

namespace councilcast::portal {
namespace {

// Thread safety and speed. ICU's date and message formatters keep working state (a Calendar,
// argument buffers) inside the object, so one formatter must not format on two threads at once
// (msgfmt.h: "create separate format instances for each thread"), while building one loads
// locale data and costs far more than a format call. So each thread keeps its own formatters,
// made on first use and found again by what they were made from: the zone, the locale and the
// pattern, never a Localization's address, so nothing in the cache can outlive or mistake the
// object it came from. The caches stay small: two languages, a handful of patterns, one zone.
// Number formatters are ICU's immutable, thread-safe LocalizedNumberFormatter and are shared.

enum DateStyle : std::size_t {
    kLongDate,
    kDateWithWeekday,
    kTimeOfDay,
    kShortDate,
    kMonthHeading,
    kDateStyleCount,
};

// CLDR skeletons: which fields, not their order or punctuation, which the locale decides.
// "Hm" asks for the 24-hour clock even where the locale prefers 12 hours; "yMMMd" is numeric
// in Lithuanian ("2026-11-28") and abbreviated in English ("28 Nov 2026"), as each expects;
// "yMMMM" gives the standalone month name ("lapkritis", not "lapkričio").
constexpr std::array<const char16_t*, kDateStyleCount> kSkeletons = {u"yMMMMd", u"yMMMMEEEEd",
                                                                     u"Hm", u"yMMMd", u"yMMMM"};

constexpr char16_t kMachinePattern[] = u"yyyy-MM-dd'T'HH:mm:ssxxx";
constexpr char16_t kDatetimeLocalPattern[] = u"yyyy-MM-dd'T'HH:mm";
constexpr int kFirstEditableYear = 1900;

std::string utf8(const icu::UnicodeString& text) {
    std::string out;
    text.toUTF8String(out);
    return out;
}

icu::UnicodeString unicode(std::string_view text) {
    return icu::UnicodeString::fromUTF8(
        icu::StringPiece(text.data(), static_cast<std::int32_t>(text.size())));
}

void check(UErrorCode status, std::string_view what) {
    if (U_FAILURE(status)) throw Error(fmt::format("ICU: {}: {}", what, u_errorName(status)));
}

const icu::Locale& icu_locale(Language language) {
    static const icu::Locale lithuanian("lt");
    static const icu::Locale british_english("en", "GB");
    return language == Language::kLt ? lithuanian : british_english;
}

UDate to_udate(std::int64_t unix_seconds) {
    return static_cast<UDate>(unix_seconds) * 1000.0;
}

icu::SimpleDateFormat& date_format(const icu::UnicodeString& zone_id, const icu::Locale& locale,
                                   const icu::UnicodeString& pattern) {
    thread_local std::map<icu::UnicodeString, std::unique_ptr<icu::SimpleDateFormat>> formats;
    icu::UnicodeString key(zone_id);
    key.append(u'\n').append(icu::UnicodeString(locale.getName(), -1, US_INV));
    key.append(u'\n').append(pattern);
    auto it = formats.find(key);
    if (it == formats.end()) {
        UErrorCode status = U_ZERO_ERROR;
        auto format = std::make_unique<icu::SimpleDateFormat>(pattern, locale, status);
        check(status, "date format");
        format->adoptTimeZone(icu::TimeZone::createTimeZone(zone_id));
        it = formats.emplace(std::move(key), std::move(format)).first;
    }
    return *it->second;
}

// A calendar that reads wall-clock fields in a zone, with the clock-change rules documented at
// Localization::parse_datetime_local. ICU applies them only to a lenient calendar; a strict one
// would refuse a skipped time outright.
icu::Calendar& zone_calendar(const icu::UnicodeString& zone_id) {
    thread_local std::map<icu::UnicodeString, std::unique_ptr<icu::Calendar>> calendars;
    auto it = calendars.find(zone_id);
    if (it == calendars.end()) {
        UErrorCode status = U_ZERO_ERROR;
        auto calendar = std::make_unique<icu::GregorianCalendar>(
            icu::TimeZone::createTimeZone(zone_id), icu::Locale::getRoot(), status);
        check(status, "calendar");
        calendar->setRepeatedWallTimeOption(UCAL_WALLTIME_FIRST);
        calendar->setSkippedWallTimeOption(UCAL_WALLTIME_LAST);
        it = calendars.emplace(zone_id, std::move(calendar)).first;
    }
    return *it->second;
}

// A strict calendar in UTC, where no wall time is skipped: it refuses fields that name no day
// or time at all (month 13, 30 February, 24:00), which the lenient zone calendar would roll over.
icu::Calendar& strict_calendar() {
    thread_local std::unique_ptr<icu::Calendar> calendar = [] {
        UErrorCode status = U_ZERO_ERROR;
        auto utc = std::make_unique<icu::GregorianCalendar>(icu::TimeZone::getGMT()->clone(),
                                                            icu::Locale::getRoot(), status);
        check(status, "calendar");
        utc->setLenient(false);
        return utc;
    }();
    return *calendar;
}

}  // namespace

struct Localization::Data {
    struct PerLanguage {
        std::array<icu::UnicodeString, kDateStyleCount> patterns;
        icu::number::LocalizedNumberFormatter numbers;
    };

    std::string time_zone;
    icu::UnicodeString zone_id;
    std::array<PerLanguage, kLanguages.size()> languages;

    std::string format(Language language, DateStyle style, std::int64_t unix_seconds) const {
        const auto& patterns = languages[static_cast<std::size_t>(language)].patterns;
        icu::UnicodeString out;
        date_format(zone_id, icu_locale(language), patterns[style])
            .format(to_udate(unix_seconds), out);
        return utf8(out);
    }

    std::string format_fixed(const char16_t* pattern, std::int64_t unix_seconds) const {
        icu::UnicodeString out;
        date_format(zone_id, icu::Locale::getRoot(), icu::UnicodeString(pattern))
            .format(to_udate(unix_seconds), out);
        return utf8(out);
    }
};

Localization::Localization(std::string_view time_zone) {
    auto data = std::make_unique<Data>();
    data->time_zone = std::string(time_zone);
    data->zone_id = unicode(time_zone);
    // ICU answers an unknown id with "Etc/Unknown", which is UTC: every date would be off by
    // two or three hours without a word. Custom ids ("GMT+2") have no clock changes.
    icu::UnicodeString canonical;
    UBool is_system_id = false;
    UErrorCode status = U_ZERO_ERROR;
    icu::TimeZone::getCanonicalID(data->zone_id, canonical, is_system_id, status);
    if (U_FAILURE(status) || !is_system_id || canonical == UNICODE_STRING_SIMPLE("Etc/Unknown")) {
        throw Error(fmt::format("unknown time zone '{}': give an IANA zone id such as {}",
                                time_zone, kDefaultTimeZone));
    }
    for (Language language : kLanguages) {
        auto& per_language = data->languages[static_cast<std::size_t>(language)];
        const icu::Locale& locale = icu_locale(language);
        std::unique_ptr<icu::DateTimePatternGenerator> generator(
            icu::DateTimePatternGenerator::createInstance(locale, status));
        check(status, "date pattern generator");
        for (std::size_t style = 0; style < kDateStyleCount; ++style) {
            per_language.patterns[style] =
                generator->getBestPattern(icu::UnicodeString(kSkeletons[style]), status);
            check(status, "date pattern");
        }
        per_language.numbers = icu::number::NumberFormatter::withLocale(locale);
    }
    data_ = std::move(data);
}

Localization::~Localization() = default;

const std::string& Localization::time_zone() const {
    return data_->time_zone;
}

std::string Localization::long_date(Language language, std::int64_t unix_seconds) const {
    return data_->format(language, kLongDate, unix_seconds);
}

std::string Localization::date_with_weekday(Language language, std::int64_t unix_seconds) const {
    return data_->format(language, kDateWithWeekday, unix_seconds);
}

std::string Localization::time_of_day(Language language, std::int64_t unix_seconds) const {
    return data_->format(language, kTimeOfDay, unix_seconds);
}

std::string Localization::short_date(Language language, std::int64_t unix_seconds) const {
    return data_->format(language, kShortDate, unix_seconds);
}

std::string Localization::month_heading(Language language, std::int64_t unix_seconds) const {
    return data_->format(language, kMonthHeading, unix_seconds);
}

std::string Localization::machine_datetime(std::int64_t unix_seconds) const {
    return data_->format_fixed(kMachinePattern, unix_seconds);
}

std::string Localization::datetime_local(std::int64_t unix_seconds) const {
    return data_->format_fixed(kDatetimeLocalPattern, unix_seconds);
}

LocalDate Localization::local_date(std::int64_t unix_seconds) const {
    icu::Calendar& calendar = zone_calendar(data_->zone_id);
    UErrorCode status = U_ZERO_ERROR;
    calendar.setTime(to_udate(unix_seconds), status);
    LocalDate date;
    date.year = calendar.get(UCAL_EXTENDED_YEAR, status);
    date.month = calendar.get(UCAL_MONTH, status) + 1;
    date.day = calendar.get(UCAL_DATE, status);
    check(status, "local date");
    return date;
}

std::optional<std::int64_t> Localization::parse_datetime_local(std::string_view text) const {
    // The shape is fixed digit for digit, so it is checked here: ICU's date parser would also
    // take "2026-1-5T9:5" and stop quietly before trailing text.
    constexpr std::string_view kShape = "dddd-dd-ddTdd:dd:dd";
    if (text.size() != kShape.size() && text.size() != kShape.size() - 3) return std::nullopt;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const bool digit = text[i] >= '0' && text[i] <= '9';
        if (kShape[i] == 'd' ? !digit : text[i] != kShape[i]) return std::nullopt;
    }
    auto field = [&](std::size_t position, std::size_t length) {
        int value = 0;
        std::from_chars(text.data() + position, text.data() + position + length, value);
        return value;
    };
    const int year = field(0, 4);
    const int month = field(5, 2);
    const int day = field(8, 2);
    const int hour = field(11, 2);
    const int minute = field(14, 2);
    const int second = text.size() == kShape.size() ? field(17, 2) : 0;
    if (year < kFirstEditableYear) return std::nullopt;

    UErrorCode status = U_ZERO_ERROR;
    icu::Calendar& strict = strict_calendar();
    strict.clear();
    strict.set(year, month - 1, day, hour, minute, second);
    strict.getTime(status);
    if (U_FAILURE(status)) return std::nullopt;

    icu::Calendar& calendar = zone_calendar(data_->zone_id);
    calendar.clear();
    calendar.set(year, month - 1, day, hour, minute, second);
    const UDate instant = calendar.getTime(status);
    if (U_FAILURE(status)) return std::nullopt;
    return static_cast<std::int64_t>(instant / 1000.0);
}

std::string Localization::number(Language language, std::int64_t value) const {
    UErrorCode status = U_ZERO_ERROR;
    const auto formatted = data_->languages[static_cast<std::size_t>(language)]
                               .numbers.formatInt(value, status)
                               .toString(status);
    check(status, "number");
    return utf8(formatted);
}

namespace {

// "few, many, one, other": what a translator may write instead of a wrong plural keyword.
std::string keywords(const icu::PluralRules& rules) {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::StringEnumeration> all(rules.getKeywords(status));
    check(status, "plural keywords");
    std::set<std::string> sorted;
    while (const char* keyword = all->next(nullptr, status)) sorted.insert(keyword);
    std::string list;
    for (const auto& keyword : sorted) list += (list.empty() ? "" : ", ") + keyword;
    return list;
}

struct ParsedMessage {
    MessageSyntax syntax;
    std::unique_ptr<icu::MessageFormat> format;
};

// Both the load-time check and the formatter read a pattern here, so a pattern that passed the
// check formats with exactly the arguments the check found.
ParsedMessage parse_message(Language language, std::string_view text) {
    const icu::UnicodeString pattern = unicode(text);
    UParseError where{};
    UErrorCode status = U_ZERO_ERROR;
    icu::MessagePattern parsed(pattern, &where, status);
    if (status == U_DEFAULT_KEYWORD_MISSING) {
        throw Error("a plural, selectordinal or select argument has no 'other' branch");
    }
    if (U_FAILURE(status)) {
        throw Error(fmt::format(
            "not a valid ICU message pattern ({} at character {}, after \"{}\")",
            u_errorName(status), where.offset, utf8(icu::UnicodeString(where.preContext))));
    }
    const icu::Locale& locale = icu_locale(language);
    std::set<std::string> names;
    ParsedMessage message;
    for (std::int32_t i = 0; i < parsed.countParts(); ++i) {
        const icu::MessagePattern::Part& part = parsed.getPart(i);
        if (part.getType() != UMSGPAT_PART_TYPE_ARG_START) continue;
        const icu::MessagePattern::Part& name = parsed.getPart(i + 1);
        if (name.getType() != UMSGPAT_PART_TYPE_ARG_NAME) {
            throw Error(fmt::format("argument {{{}}} is numbered: give it a name, as {{count}}",
                                    utf8(parsed.getSubstring(name))));
        }
        const std::string argument = utf8(parsed.getSubstring(name));
        names.insert(argument);
        switch (part.getArgType()) {
            case UMSGPAT_ARG_TYPE_NONE:
                break;
            case UMSGPAT_ARG_TYPE_SIMPLE: {
                // Pages pass integers and texts only: a date or a spelled-out number has
                // nothing to format.
                const std::string type = utf8(parsed.getSubstring(parsed.getPart(i + 2)));
                if (type != "number") {
                    throw Error(fmt::format(
                        "argument '{}' has type '{}': only number, plural, selectordinal and "
                        "select are supported",
                        argument, type));
                }
                message.syntax.is_pattern = true;
                break;
            }
            case UMSGPAT_ARG_TYPE_PLURAL:
            case UMSGPAT_ARG_TYPE_SELECTORDINAL: {
                const bool ordinal = part.getArgType() == UMSGPAT_ARG_TYPE_SELECTORDINAL;
                std::unique_ptr<icu::PluralRules> rules(icu::PluralRules::forLocale(
                    locale, ordinal ? UPLURAL_TYPE_ORDINAL : UPLURAL_TYPE_CARDINAL, status));
                check(status, "plural rules");
                const std::int32_t limit = parsed.getLimitPartIndex(i);
                for (std::int32_t j = i + 2; j < limit; ++j) {
                    const icu::MessagePattern::Part& inner = parsed.getPart(j);
                    if (inner.getType() == UMSGPAT_PART_TYPE_MSG_START) {
                        j = parsed.getLimitPartIndex(j);
                    } else if (inner.getType() == UMSGPAT_PART_TYPE_ARG_SELECTOR) {
                        const icu::UnicodeString keyword = parsed.getSubstring(inner);
                        if (!keyword.startsWith(u'=') && !rules->isKeyword(keyword)) {
                            throw Error(fmt::format(
                                "argument '{}': '{}' is not one of the {} {} plural categories "
                                "({})",
                                argument, utf8(keyword), language_code(language),
                                ordinal ? "ordinal" : "cardinal", keywords(*rules)));
                        }
                    }
                }
                message.syntax.is_pattern = true;
                break;
            }
            case UMSGPAT_ARG_TYPE_SELECT:
                message.syntax.is_pattern = true;
                break;
            case UMSGPAT_ARG_TYPE_CHOICE:
                throw Error(
                    fmt::format("argument '{}' is a choice: use plural, which knows the "
                                "language's forms",
                                argument));
        }
    }
    message.syntax.arguments.assign(names.begin(), names.end());
    message.format = std::make_unique<icu::MessageFormat>(pattern, locale, where, status);
    check(status, "message format");
    return message;
}

struct CompiledMessage {
    std::unique_ptr<icu::MessageFormat> format;
    std::vector<std::string> arguments;
    std::vector<icu::UnicodeString> argument_names;
};

const CompiledMessage& compiled_message(Language language, std::string_view pattern) {
    thread_local std::array<std::map<std::string, CompiledMessage, std::less<>>, kLanguages.size()>
        caches;
    auto& cache = caches[static_cast<std::size_t>(language)];
    auto it = cache.find(pattern);
    if (it == cache.end()) {
        ParsedMessage parsed = parse_message(language, pattern);
        CompiledMessage compiled{std::move(parsed.format), std::move(parsed.syntax.arguments), {}};
        for (const auto& name : compiled.arguments)
            compiled.argument_names.push_back(unicode(name));
        it = cache.emplace(std::string(pattern), std::move(compiled)).first;
    }
    return it->second;
}

}  // namespace

MessageSyntax inspect_message(Language language, std::string_view text) {
    return parse_message(language, text).syntax;
}

std::string format_message(Language language, std::string_view pattern,
                           const MessageArguments& arguments) {
    const CompiledMessage& message = compiled_message(language, pattern);
    std::vector<icu::Formattable> values;
    values.reserve(message.arguments.size());
    for (const auto& name : message.arguments) {
        auto given = std::find_if(arguments.begin(), arguments.end(),
                                  [&](const MessageArgument& a) { return a.name == name; });
        // ICU would print the bare "{count}" into the page.
        if (given == arguments.end()) {
            throw Error(fmt::format("message argument '{}' is missing for \"{}\"", name, pattern));
        }
        if (const auto* number = std::get_if<std::int64_t>(&given->value)) {
            values.emplace_back(*number);
        } else {
            values.emplace_back(unicode(std::get<std::string>(given->value)));
        }
    }
    icu::UnicodeString out;
    UErrorCode status = U_ZERO_ERROR;
    message.format->format(message.argument_names.data(), values.data(),
                           static_cast<std::int32_t>(values.size()), out, status);
    if (U_FAILURE(status)) {
        throw Error(fmt::format("cannot format \"{}\" with its arguments: {}", pattern,
                                u_errorName(status)));
    }
    return utf8(out);
}

}  // namespace councilcast::portal
