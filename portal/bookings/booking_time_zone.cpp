#include "portal/bookings/booking_time_zone.hpp"

#include <unicode/basictz.h>
#include <unicode/timezone.h>
#include <unicode/unistr.h>

#include <map>

#include "common/error.hpp"
#include "common/unix_time.hpp"
#include "portal/bookings/local_days.hpp"

namespace councilcast::portal {

namespace {

// ICU's zone objects are not documented as safe to share between threads, so each thread keeps
// its own, one per zone id.
const icu::BasicTimeZone& zone_for(const std::string& zone_id) {
    thread_local std::map<std::string, std::unique_ptr<icu::TimeZone>> zones;
    auto it = zones.find(zone_id);
    if (it == zones.end()) {
        std::unique_ptr<icu::TimeZone> zone(
            icu::TimeZone::createTimeZone(icu::UnicodeString::fromUTF8(zone_id)));
        it = zones.emplace(zone_id, std::move(zone)).first;
    }
    return dynamic_cast<const icu::BasicTimeZone&>(*it->second);
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
    return a / b - ((a % b != 0 && (a < 0) != (b < 0)) ? 1 : 0);
}

}  // namespace

BookingTimeZone::BookingTimeZone(std::string_view zone_id) : zone_id_(zone_id) {
    std::unique_ptr<icu::TimeZone> zone(
        icu::TimeZone::createTimeZone(icu::UnicodeString::fromUTF8(zone_id_)));
    if (*zone == icu::TimeZone::getUnknown() ||
        dynamic_cast<const icu::BasicTimeZone*>(zone.get()) == nullptr) {
        throw Error("unknown time zone " + zone_id_);
    }
}

std::int64_t BookingTimeZone::unix_ms(LocalDate date, int minute) const {
    const std::int64_t wall = day_number(date) * kDayMs + minute * kMinuteMs;
    std::int32_t raw = 0;
    std::int32_t dst = 0;
    UErrorCode status = U_ZERO_ERROR;
    // UCAL_TZ_LOCAL_FORMER for both: a skipped wall time takes the offset from before the
    // change, a repeated one is the first (RFC 5545, 3.3.5), as parse_datetime_local reads them.
    zone_for(zone_id_).getOffsetFromLocal(static_cast<UDate>(wall), UCAL_TZ_LOCAL_FORMER,
                                          UCAL_TZ_LOCAL_FORMER, raw, dst, status);
    if (U_FAILURE(status)) throw Error("ICU could not convert a local time");
    return wall - raw - dst;
}

int BookingTimeZone::offset_minutes(std::int64_t unix_ms) const {
    std::int32_t raw = 0;
    std::int32_t dst = 0;
    UErrorCode status = U_ZERO_ERROR;
    zone_for(zone_id_).getOffset(static_cast<UDate>(unix_ms), false, raw, dst, status);
    if (U_FAILURE(status)) throw Error("ICU could not find a zone offset");
    return static_cast<int>((raw + dst) / kMinuteMs);
}

LocalDate BookingTimeZone::local_date(std::int64_t unix_ms) const {
    const std::int64_t wall = unix_ms + offset_minutes(unix_ms) * kMinuteMs;
    return date_of_day_number(floor_div(wall, kDayMs));
}

int BookingTimeZone::minute_of_day(std::int64_t unix_ms) const {
    const std::int64_t wall = unix_ms + offset_minutes(unix_ms) * kMinuteMs;
    return static_cast<int>((wall - floor_div(wall, kDayMs) * kDayMs) / kMinuteMs);
}

}  // namespace councilcast::portal
