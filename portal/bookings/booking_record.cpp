#include "portal/bookings/booking_record.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <array>
#include <utility>

#include "common/enum_names.hpp"

namespace councilcast::portal {

namespace {

constexpr auto kModes = std::to_array<EnumName<ServiceMode>>({
    {ServiceMode::kInPerson, "in_person"},
    {ServiceMode::kPhone, "phone"},
    {ServiceMode::kVideo, "video"},
});

constexpr auto kStates = std::to_array<EnumName<BookingState>>({
    {BookingState::kPending, "pending"},
    {BookingState::kConfirmed, "confirmed"},
    {BookingState::kCancelled, "cancelled"},
    {BookingState::kExpired, "expired"},
    {BookingState::kAttended, "attended"},
    {BookingState::kNoShow, "no_show"},
});

constexpr auto kCancellers = std::to_array<EnumName<CancelledBy>>({
    {CancelledBy::kNobody, ""},
    {CancelledBy::kResident, "resident"},
    {CancelledBy::kOfficial, "official"},
});

template <typename T, typename Matches>
std::vector<const T*> all_of(const std::vector<T>& rows, Matches matches) {
    std::vector<const T*> found;
    for (const T& row : rows) {
        if (matches(row)) found.push_back(&row);
    }
    return found;
}

}  // namespace

std::string_view service_mode_name(ServiceMode mode) {
    return name_of(kModes, mode);
}
std::string_view booking_state_name(BookingState state) {
    return name_of(kStates, state);
}
std::string_view cancelled_by_name(CancelledBy by) {
    return name_of(kCancellers, by);
}
std::optional<ServiceMode> parse_service_mode(std::string_view name) {
    return parse(kModes, name);
}
std::optional<BookingState> parse_booking_state(std::string_view name) {
    return parse(kStates, name);
}
std::optional<CancelledBy> parse_cancelled_by(std::string_view name) {
    return parse(kCancellers, name);
}

const Department* BookingsSnapshot::department(std::int64_t id) const {
    auto it = std::find_if(departments.begin(), departments.end(),
                           [&](const Department& d) { return d.id == id; });
    return it == departments.end() ? nullptr : &*it;
}

const Service* BookingsSnapshot::service(std::int64_t id) const {
    auto it = std::find_if(services.begin(), services.end(),
                           [&](const Service& s) { return s.id == id; });
    return it == services.end() ? nullptr : &*it;
}

const Official* BookingsSnapshot::official(std::int64_t account_id) const {
    auto it = std::find_if(officials.begin(), officials.end(),
                           [&](const Official& o) { return o.account_id == account_id; });
    return it == officials.end() ? nullptr : &*it;
}

const AvailabilityRule* BookingsSnapshot::rule(std::int64_t official_id,
                                               std::int64_t service_id) const {
    auto it = std::find_if(rules.begin(), rules.end(), [&](const AvailabilityRule& r) {
        return r.official_id == official_id && r.service_id == service_id;
    });
    return it == rules.end() ? nullptr : &*it;
}

std::vector<const Service*> BookingsSnapshot::services_of(std::int64_t department_id) const {
    return all_of(services, [&](const Service& s) { return s.department_id == department_id; });
}

std::vector<const AvailabilityRule*> BookingsSnapshot::rules_for_service(
    std::int64_t service_id) const {
    return all_of(rules, [&](const AvailabilityRule& r) {
        const Official* person = official(r.official_id);
        return r.service_id == service_id && person != nullptr && person->active;
    });
}

std::vector<const AvailabilityRule*> BookingsSnapshot::rules_of_official(
    std::int64_t official_id) const {
    return all_of(rules, [&](const AvailabilityRule& r) { return r.official_id == official_id; });
}

std::vector<const AvailabilityException*> BookingsSnapshot::exceptions_of(
    std::int64_t official_id) const {
    return all_of(exceptions,
                  [&](const AvailabilityException& e) { return e.official_id == official_id; });
}

std::string service_path(std::int64_t service_id, std::string_view rest) {
    return fmt::format("/consultations/{}{}", service_id, rest);
}

}  // namespace councilcast::portal
