#include "portal/local_time.hpp"

#include <unicode/gregocal.h>
#include <unicode/timezone.h>

#include <fmt/core.h>

#include <cmath>
#include <memory>
#include <regex>

#include "common/error.hpp"

namespace councilcast::portal {
namespace {

constexpr const char* kZone = "Europe/Vilnius";
const std::regex kDateTimeLocal(R"((\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?)");

// ICU's rules for the zone, looked up once. ICU answers an unknown id with "Etc/Unknown" (plain
// UTC) rather than an error, which would shift every meeting by two or three hours unnoticed.
const icu::TimeZone& vilnius() {
    static const std::unique_ptr<icu::TimeZone> zone = [] {
        std::unique_ptr<icu::TimeZone> found(icu::TimeZone::createTimeZone(kZone));
        icu::UnicodeString id, unknown;
        found->getID(id);
        icu::TimeZone::getUnknown().getID(unknown);
        if (id == unknown) {
            throw Error(fmt::format("ICU has no time zone {}", kZone));
        }
        return found;
    }();
    return *zone;
}

// A calendar is not thread-safe, so each call has its own; the zone is shared only through
// clone(), which is const. Strict, so that 30 February or a skipped wall time is an error
// rather than quietly moved to another day or hour.
std::unique_ptr<icu::GregorianCalendar> new_calendar() {
    UErrorCode status = U_ZERO_ERROR;
    auto calendar = std::make_unique<icu::GregorianCalendar>(vilnius().clone(), status);
    if (U_FAILURE(status)) throw Error(fmt::format("ICU calendar: {}", u_errorName(status)));
    calendar->setLenient(false);
    calendar->setRepeatedWallTimeOption(UCAL_WALLTIME_FIRST);
    return calendar;
}

}  // namespace

std::optional<std::int64_t> vilnius_time_to_unix(std::string_view datetime_local) {
    std::match_results<std::string_view::const_iterator> match;
    if (!std::regex_match(datetime_local.begin(), datetime_local.end(), match, kDateTimeLocal)) {
        return std::nullopt;
    }
    auto number = [&](int index) {
        return match[index].matched ? std::stoi(match[index].str()) : 0;
    };
    auto calendar = new_calendar();
    calendar->clear();
    calendar->set(number(1), number(2) - 1, number(3), number(4), number(5), number(6));
    UErrorCode status = U_ZERO_ERROR;
    const UDate ms = calendar->getTime(status);
    if (U_FAILURE(status)) return std::nullopt;
    return static_cast<std::int64_t>(std::floor(ms / 1000));
}

std::string unix_to_vilnius_time(std::int64_t unix_seconds) {
    auto calendar = new_calendar();
    UErrorCode status = U_ZERO_ERROR;
    calendar->setTime(static_cast<UDate>(unix_seconds) * 1000, status);
    auto field = [&](UCalendarDateFields name) { return calendar->get(name, status); };
    const std::string text =
        fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}", field(UCAL_YEAR), field(UCAL_MONTH) + 1,
                    field(UCAL_DATE), field(UCAL_HOUR_OF_DAY), field(UCAL_MINUTE));
    if (U_FAILURE(status)) throw Error(fmt::format("ICU calendar: {}", u_errorName(status)));
    return text;
}

}  // namespace councilcast::portal
