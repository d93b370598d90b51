#include "portal/bookings/slot_finder.hpp"

#include <algorithm>
#include <map>
#include <utility>

#include "common/unix_time.hpp"
#include "portal/bookings/local_days.hpp"

namespace councilcast::portal {

namespace {

// One official's busy times, sorted: the store never lets two overlap, so both ends rise.
struct OfficialDay {
    const AvailabilityRule* rule = nullptr;
    std::vector<std::pair<std::int64_t, std::int64_t>> busy;  // occupied [from, to)
    std::map<std::int64_t, int> all_by_day;  // busy times that start on a local day, any service
    std::map<std::int64_t, int> service_by_day;  // … of this service
    std::vector<const AvailabilityException*> exceptions;

    bool overlaps(std::int64_t from, std::int64_t to) const {
        // The first busy time that ends after `from`; it overlaps when it starts before `to`.
        auto it = std::upper_bound(busy.begin(), busy.end(), from,
                                   [](std::int64_t at, const auto& b) { return at < b.second; });
        return it != busy.end() && it->first < to;
    }
    bool day_off(LocalDate date) const {
        return std::any_of(exceptions.begin(), exceptions.end(), [&](const auto* e) {
            return e->kind == AvailabilityException::Kind::kOff && e->from <= date && date <= e->to;
        });
    }
};

int count_on(const std::map<std::int64_t, int>& counts, std::int64_t day) {
    auto it = counts.find(day);
    return it == counts.end() ? 0 : it->second;
}

}  // namespace

SlotFinder::SlotFinder(const BookingTimeZone& zone, const LithuanianHolidays& holidays)
    : zone_(zone), holidays_(holidays) {}

std::vector<FreeSlot> SlotFinder::free_slots(const Query& query) const {
    const Service* service = query.service;
    if (service == nullptr || !service->active || service->duration_minutes <= 0) return {};
    const std::int64_t first = day_number(query.from);
    const std::int64_t last = std::min(day_number(query.to), first + 366);
    if (last < first) return {};
    const std::int64_t today = day_number(zone_.local_date(query.now_unix_ms));
    const std::int64_t duration_ms = service->duration_minutes * kMinuteMs;

    std::vector<OfficialDay> officials;
    for (const AvailabilityRule* rule : query.rules) {
        if (rule == nullptr || rule->service_id != service->id) continue;
        const bool active = std::any_of(
            query.officials.begin(), query.officials.end(), [&](const Official* official) {
                return official != nullptr && official->account_id == rule->official_id &&
                       official->active;
            });
        if (!active) continue;
        OfficialDay day;
        day.rule = rule;
        for (const BusyTime& busy : query.busy) {
            if (busy.official_id != rule->official_id) continue;
            day.busy.emplace_back(busy.occupied_from_unix_ms, busy.occupied_to_unix_ms);
            const std::int64_t on = day_number(zone_.local_date(busy.start_unix_ms));
            ++day.all_by_day[on];
            if (busy.service_id == service->id) ++day.service_by_day[on];
        }
        std::sort(day.busy.begin(), day.busy.end());
        for (const AvailabilityException* exception : query.exceptions) {
            if (exception != nullptr && exception->official_id == rule->official_id) {
                day.exceptions.push_back(exception);
            }
        }
        officials.push_back(std::move(day));
    }

    // start → the official who takes it, and that official's busy times that day.
    std::map<std::int64_t, std::pair<std::int64_t, int>> chosen;
    for (std::int64_t number = std::max(first, today); number <= last; ++number) {
        const LocalDate date = date_of_day_number(number);
        if (holidays_.is_holiday(date)) continue;
        const Weekday weekday = weekday_of(date);
        for (const OfficialDay& official : officials) {
            const AvailabilityRule& rule = *official.rule;
            if (number > today + rule.horizon_days || official.day_off(date)) continue;
            if (rule.daily_maximum > 0 &&
                count_on(official.service_by_day, number) >= rule.daily_maximum) {
                continue;
            }
            std::vector<std::pair<int, int>> ranges;
            for (const WeeklyRange& range : rule.weekly) {
                if (range.weekday == weekday)
                    ranges.emplace_back(range.start_minute, range.end_minute);
            }
            for (const AvailabilityException* extra : official.exceptions) {
                if (extra->kind == AvailabilityException::Kind::kExtra && extra->from == date &&
                    (extra->service_id == 0 || extra->service_id == service->id)) {
                    ranges.emplace_back(extra->start_minute, extra->end_minute);
                }
            }
            const int load = count_on(official.all_by_day, number);
            const std::int64_t earliest =
                query.now_unix_ms + rule.minimum_notice_minutes * kMinuteMs;
            for (const auto& [range_start, range_end] : ranges) {
                for (int minute = range_start; minute + service->duration_minutes <= range_end;
                     minute += service->duration_minutes) {
                    const std::int64_t start = zone_.unix_ms(date, minute);
                    const std::int64_t end = start + duration_ms;
                    // A wall time the spring clock change skips does not exist: no slot.
                    if (start < earliest || zone_.minute_of_day(start) != minute) continue;
                    if (official.overlaps(start - rule.buffer_before_minutes * kMinuteMs,
                                          end + rule.buffer_after_minutes * kMinuteMs)) {
                        continue;
                    }
                    auto [it, inserted] =
                        chosen.try_emplace(start, std::pair{rule.official_id, load});
                    if (!inserted) {
                        auto& [who, their_load] = it->second;
                        if (load < their_load || (load == their_load && rule.official_id < who)) {
                            it->second = {rule.official_id, load};
                        }
                    }
                }
            }
        }
    }
    std::vector<FreeSlot> slots;
    slots.reserve(chosen.size());
    for (const auto& [start, who] : chosen) {
        slots.push_back({start, start + duration_ms, who.first});
    }
    return slots;
}

std::optional<FreeSlot> SlotFinder::slot_at(Query query, std::int64_t start_unix_ms) const {
    query.from = zone_.local_date(start_unix_ms);
    query.to = query.from;
    for (const FreeSlot& slot : free_slots(query)) {
        if (slot.start_unix_ms == start_unix_ms) return slot;
    }
    return std::nullopt;
}

std::vector<FreeSlot> SlotFinder::nearest(const Query& query, std::int64_t around_unix_ms,
                                          std::size_t count) const {
    std::vector<FreeSlot> slots = free_slots(query);
    const auto distance = [&](const FreeSlot& slot) {
        const std::int64_t d = slot.start_unix_ms - around_unix_ms;
        return d < 0 ? -d : d;
    };
    std::stable_sort(slots.begin(), slots.end(), [&](const FreeSlot& a, const FreeSlot& b) {
        return distance(a) < distance(b);
    });
    if (slots.size() > count) slots.resize(count);
    return slots;
}

}  // namespace councilcast::portal
