// Consultation bookings, one struct per row, and the immutable snapshot the pages and the API
// read: departments, services, officials, their weekly rules and exceptions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "portal/pages/localization.hpp"

namespace councilcast::portal {

// How a consultation takes place. Names "in_person", "phone", "video" (booking_mode_<name>).
enum class ServiceMode { kInPerson, kPhone, kVideo };

// pending (waiting for the resident's mail confirmation) → confirmed → attended | no_show;
// pending or confirmed → cancelled; pending → expired (never confirmed in time). Names
// "pending", "confirmed", "cancelled", "expired", "attended", "no_show" (booking_state_<name>).
enum class BookingState { kPending, kConfirmed, kCancelled, kExpired, kAttended, kNoShow };

// Who cancelled: "resident", "official" (booking_cancelled_by is not a catalogue key: the pages
// say it with their own texts).
enum class CancelledBy { kNobody, kResident, kOfficial };

std::string_view service_mode_name(ServiceMode mode);
std::string_view booking_state_name(BookingState state);
std::string_view cancelled_by_name(CancelledBy by);
std::optional<ServiceMode> parse_service_mode(std::string_view name);
std::optional<BookingState> parse_booking_state(std::string_view name);

// A service's free times, "/consultations/<id>", and `rest` after it ("/hold"): Lithuanian,
// the page prefixes a language's path.
std::string service_path(std::int64_t service_id, std::string_view rest = {});
std::optional<CancelledBy> parse_cancelled_by(std::string_view name);

// Monday 1 … Sunday 7 (ISO 8601), as the rules and the catalogue's booking_weekday_<1..7> say.
using Weekday = int;

struct Department {
    std::int64_t id = 0;
    std::string name_lt;  // one line, 2..120 characters
    std::string name_en;  // one line, 2..120 characters
    int position = 0;     // the lists' order, then id
};

struct Service {
    std::int64_t id = 0;
    std::int64_t department_id = 0;
    std::string topic_lt;        // one line, 2..150 characters
    std::string topic_en;        // one line, 2..150 characters
    std::string description_lt;  // plain text, at most 2,000 characters, may be empty
    std::string description_en;
    int duration_minutes = 30;  // 5..480, a multiple of the granule (5)
    ServiceMode mode = ServiceMode::kInPerson;
    std::string place;       // kInPerson: where ("Elektrėnai, Trakų g. 2, 104 kab."); else empty
    std::string video_link;  // kVideo: an https:// link; else empty
    // What the official speaks with the resident: "lt", "en" or both, in that order; never empty.
    std::vector<std::string> languages = {"lt"};
    bool account_required = false;  // only a signed-in resident may book
    bool active = true;             // inactive: not offered (bookings made stay)
    int position = 0;               // order within the department, then id
};

// An account with role `official` that takes bookings, as the bookings room knows it.
struct Official {
    std::int64_t account_id = 0;
    std::string display_name;  // one line, 2..100 characters, shown to residents
    bool active = true;        // inactive: offers no time (bookings made stay)
};

// One stretch of a weekday's working time, in minutes of the local day [start, end).
struct WeeklyRange {
    Weekday weekday = 1;
    int start_minute = 8 * 60;  // 0..1435, a multiple of the granule
    int end_minute = 12 * 60;   // start < end <= 1440, a multiple of the granule
    friend bool operator==(const WeeklyRange&, const WeeklyRange&) = default;
};

// What one official offers for one service: when, and the rules around it.
struct AvailabilityRule {
    std::int64_t official_id = 0;  // the account id
    std::int64_t service_id = 0;
    std::vector<WeeklyRange> weekly;       // several ranges a day allowed; they must not overlap
    int buffer_before_minutes = 0;         // 0..240, a multiple of the granule
    int buffer_after_minutes = 0;          // 0..240, a multiple of the granule
    int minimum_notice_minutes = 24 * 60;  // 0..43,200: no start sooner than now + this
    int horizon_days = 60;                 // 1..366: no start on a local day after today + this
    int daily_maximum = 0;                 // bookings of this service a day; 0: no maximum
};

// A change to an official's usual week: days off (a local date range, inclusive), or extra
// hours on one date (for one service, or every service the official has a rule for).
struct AvailabilityException {
    enum class Kind { kOff, kExtra };
    std::int64_t id = 0;
    std::int64_t official_id = 0;
    Kind kind = Kind::kOff;
    LocalDate from;        // kOff: first day off; kExtra: the date
    LocalDate to;          // kOff: last day off (>= from, at most 366 days later); kExtra: == from
    int start_minute = 0;  // kExtra: the hours [start, end) of the local day
    int end_minute = 0;
    std::int64_t service_id = 0;  // kExtra: 0 for every service of the official's rules
    std::string note;             // the official's own words, at most 200 characters, private
};

// A resident's booking.
struct Booking {
    std::int64_t id = 0;
    std::int64_t service_id = 0;
    std::int64_t official_id = 0;
    std::int64_t start_unix_ms = 0;
    std::int64_t end_unix_ms = 0;
    // What the booking occupies: [start − buffer before, end + buffer after), as booked.
    std::int64_t occupied_from_unix_ms = 0;
    std::int64_t occupied_to_unix_ms = 0;
    BookingState state = BookingState::kPending;
    std::string name;   // 2..100 characters, one line
    std::string email;  // a mail address
    std::string phone;  // may be empty; at most 40 characters of digits, spaces, +, -, (, )
    std::string note;   // the resident's note, at most 1,000 characters
    std::string language = "lt";  // of the resident's mails, and of the consultation
    std::int64_t account_id = 0;  // the signed-in resident who booked; 0: none
    std::int64_t created_unix_ms = 0;
    std::int64_t confirmed_unix_ms = 0;
    std::int64_t cancelled_unix_ms = 0;
    CancelledBy cancelled_by = CancelledBy::kNobody;
    std::string cancel_message;         // the official's message to the resident; may be empty
    std::int64_t reminded_unix_ms = 0;  // the day-before reminder went; 0: not yet
    std::int64_t marked_unix_ms = 0;    // marked attended or no-show
    std::string private_note;           // staff only, at most 4,000 characters
    // The invitation's identity: the UID never changes; SEQUENCE rises with each change
    // (reschedule, cancellation) mailed to the resident.
    std::string ics_uid;  // "booking-<id>-<random>@<host>" style, stable per booking
    int ics_sequence = 0;
    std::int64_t rescheduled_unix_ms = 0;  // last moved to another time; 0: never

    // Pending or confirmed: it still takes the official's time.
    bool active() const {
        return state == BookingState::kPending || state == BookingState::kConfirmed;
    }
};

// A time kept for a resident while they fill in the details form.
struct Hold {
    std::int64_t id = 0;
    std::int64_t service_id = 0;
    std::int64_t official_id = 0;
    std::int64_t start_unix_ms = 0;
    std::int64_t end_unix_ms = 0;
    std::int64_t expires_unix_ms = 0;
    std::int64_t booking_id = 0;  // the booking made from it; 0: not (yet) used
    // Released (expired, or used by a booking): it no longer takes the time.
    std::int64_t released_unix_ms = 0;
};

// Immutable once published, like PetitionsSnapshot: any thread reads it without locks. Bookings
// and holds change too often to be in it: the store's reads give them.
struct BookingsSnapshot {
    std::int64_t version = 0;
    std::vector<Department> departments;            // by position, then id
    std::vector<Service> services;                  // by department's position, position, then id
    std::vector<Official> officials;                // by display name
    std::vector<AvailabilityRule> rules;            // by official, service
    std::vector<AvailabilityException> exceptions;  // by official, from

    const Department* department(std::int64_t id) const;
    const Service* service(std::int64_t id) const;
    const Official* official(std::int64_t account_id) const;
    const AvailabilityRule* rule(std::int64_t official_id, std::int64_t service_id) const;
    std::vector<const Service*> services_of(std::int64_t department_id) const;
    // The rules of active officials for a service (whether the service is active or not).
    std::vector<const AvailabilityRule*> rules_for_service(std::int64_t service_id) const;
    std::vector<const AvailabilityRule*> rules_of_official(std::int64_t official_id) const;
    std::vector<const AvailabilityException*> exceptions_of(std::int64_t official_id) const;
};

}  // namespace councilcast::portal
