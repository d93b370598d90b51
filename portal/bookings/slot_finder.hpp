// The free start times of a service: pure computation over the officials' rules, exceptions,
// holidays, the bookings and live holds already made, and the time now. No database.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "portal/bookings/booking_record.hpp"
#include "portal/bookings/booking_time_zone.hpp"
#include "portal/bookings/lithuanian_holidays.hpp"

namespace councilcast::portal {

// A time a resident may pick, and the official who takes it.
struct FreeSlot {
    std::int64_t start_unix_ms = 0;
    std::int64_t end_unix_ms = 0;
    std::int64_t official_id = 0;
    friend bool operator==(const FreeSlot&, const FreeSlot&) = default;
};

// What an official's time already holds: an active booking or a live hold, with its buffers.
struct BusyTime {
    std::int64_t official_id = 0;
    std::int64_t service_id = 0;
    std::int64_t start_unix_ms = 0;          // the consultation itself (for the day's counts)
    std::int64_t occupied_from_unix_ms = 0;  // start − its buffer before
    std::int64_t occupied_to_unix_ms = 0;    // end + its buffer after
};

// Stateless apart from its (non-owned) zone and holidays, which outlive it; any thread.
//
// A candidate start is free for an official when: the official and the service are active;
// its local day is within [from, to], not a holiday, not inside a day-off exception, and
// within the rule's horizon (today + horizon_days, today being `now`'s local day); the start
// is at least the minimum notice after `now`; [start, start + duration) lies inside one of the
// day's ranges (the weekday's ranges, or an extra-hours exception's); [start − buffer before,
// end + buffer after) overlaps no busy time of that official; and the official has fewer than
// daily_maximum busy times of the service that day. Candidates step from each range's start by
// the service's duration. When several officials are free at one start, the slot goes to the
// one with the fewest busy times that local day (then the lowest account id).
class SlotFinder {
  public:
    SlotFinder(const BookingTimeZone& zone, const LithuanianHolidays& holidays);

    struct Query {
        const Service* service = nullptr;            // required
        std::vector<const AvailabilityRule*> rules;  // the service's rules
        std::vector<const Official*> officials;      // at least those of `rules`
        std::vector<const AvailabilityException*>
            exceptions;              // of those officials (others ignored)
        std::vector<BusyTime> busy;  // of those officials, any service
        std::int64_t now_unix_ms = 0;
        LocalDate from;  // first local day, inclusive
        LocalDate to;    // last local day, inclusive (at most 366 days after `from`)
        int granule_minutes = 5;
    };

    // Every free start in order, one per start instant.
    std::vector<FreeSlot> free_slots(const Query& query) const;
    // The slot at exactly `start_unix_ms` if it is free (and who takes it); `query.from` and
    // `to` are ignored (the start's own day is searched).
    std::optional<FreeSlot> slot_at(Query query, std::int64_t start_unix_ms) const;
    // Up to `count` free starts nearest to `around_unix_ms` (before or after it, nearest first),
    // searched within `query.from`..`to`: what "taken meanwhile" offers instead.
    std::vector<FreeSlot> nearest(const Query& query, std::int64_t around_unix_ms,
                                  std::size_t count) const;

  private:
    const BookingTimeZone& zone_;
    const LithuanianHolidays& holidays_;
};

}  // namespace councilcast::portal
