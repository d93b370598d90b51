// Wall-clock times of the municipality's zone (Europe/Vilnius) to instants and back, by ICU, so
// a 09:00 consultation is 09:00 on both sides of a clock change.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "portal/bookings/booking_record.hpp"

namespace councilcast::portal {

// Immutable; any thread may use it (each thread converts with its own ICU zone object).
class BookingTimeZone {
  public:
    static constexpr std::string_view kDefaultTimeZone = "Europe/Vilnius";

    // Throws councilcast::Error when ICU does not know `zone_id`.
    explicit BookingTimeZone(std::string_view zone_id = kDefaultTimeZone);

    const std::string& zone_id() const { return zone_id_; }

    // The instant of `minute` (0..1440) of the local day `date`. Clock changes resolve as
    // Localization::parse_datetime_local does: a skipped time takes the offset from before the
    // change (03:30 on the spring day is 04:30 summer time), a repeated one is the first.
    std::int64_t unix_ms(LocalDate date, int minute) const;
    // The local day and minute of the day an instant falls on.
    LocalDate local_date(std::int64_t unix_ms) const;
    int minute_of_day(std::int64_t unix_ms) const;
    // The zone's offset from UTC at an instant, in minutes (+120 in winter, +180 in summer).
    int offset_minutes(std::int64_t unix_ms) const;

  private:
    std::string zone_id_;
};

}  // namespace councilcast::portal
