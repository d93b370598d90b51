// Consultation bookings in SQLite: departments, services, officials' hours, holds and bookings
// that can never overlap (one UNIQUE slot row per official and 5-minute granule), tokens,
// reminders, and the snapshot the pages read.
#pragma once

#include <boost/asio/awaitable.hpp>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/database.hpp"
#include "common/database_writer.hpp"
#include "config/config.hpp"
#include "portal/audit/audit_log.hpp"
#include "portal/bookings/booking_record.hpp"
#include "portal/bookings/booking_time_zone.hpp"
#include "portal/bookings/lithuanian_holidays.hpp"
#include "portal/bookings/slot_finder.hpp"

namespace councilcast::portal {

extern const std::string_view kBookingTables;

// Something that happened to a booking that the resident is told of by mail. Handed to the
// event sink inside the writer job's transaction that caused it, so the mail and its cause are
// kept or lost together. Everything is a copy: the sink may keep what it likes.
struct BookingEvent {
    enum class Kind {
        kPendingConfirmation,  // booked, not signed in: confirmation_token asks them to confirm
        kConfirmed,            // confirmed (by the link, or at once for a verified account)
        kCancelled,            // by booking.cancelled_by; booking.cancel_message is the official's
        kRescheduled,          // moved: previous_start_unix_ms was the old time
        kReminder,             // [bookings] reminder_hours_before the start
    };
    Kind kind = Kind::kPendingConfirmation;
    // The booking as the job leaves it: state, times, language (of the mail), ics_uid and
    // ics_sequence (already raised for a change the calendar must learn of).
    Booking booking;
    Service service;
    Official official;
    std::string confirmation_token;  // kPendingConfirmation only
    // The resident's own page (/consultations/booking/<token>): a fresh token in every event
    // but kCancelled, where it is empty. Earlier mails' tokens stay valid until a reschedule.
    std::string manage_token;
    std::int64_t previous_start_unix_ms = 0;  // kRescheduled
    std::int64_t previous_official_id = 0;    // kRescheduled
};

// Thread-safe. Every write is one job of the one DatabaseWriter (Durability::kFull: a booking
// acknowledged is on disk); staff writes append their audit entry in the same transaction. A
// write that changes what the snapshot holds (departments, services, officials, rules,
// exceptions) publishes a fresh BookingsSnapshot before its caller resumes; bookings and holds
// are read live (free_slots, official_bookings, …).
//
// No double booking, by construction: a live hold and an active booking each own the rows
// (official, granule) of booking_slot over [start − buffer before, end + buffer after), with a
// primary key on the pair, so a second claim on any granule fails in the database whatever the
// code above it did. Each hold first frees the expired holds (and unconfirmed bookings past
// [bookings] confirm_minutes) in the same job. A claim that fails is "taken": the outcome says
// so with the nearest free times instead.
//
// Refusals throw InvalidInput::text with a key of portal/messages/<lt|en>/bookings.toml
// ("booking_error_…"). Who is an administrator or an official is the pages' business (the
// Gate); the store checks what it is given: an official's writes name their own account id,
// a resident acts with the tokens mailed or returned to them.
class BookingStore {
  public:
    // Whether an account may take bookings (role official, not disabled); asked when an
    // official is saved. The composition root wires it to the accounts room. Unset: any.
    using IsOfficial = std::function<bool(std::int64_t account_id)>;
    // The time in unix ms; tests set one, `serve` keeps the clock.
    using Clock = std::function<std::int64_t()>;

    // Reads through its own connection; `writer` is not owned and outlives the store. Throws
    // InvalidInput for an extra holiday that is not a date.
    BookingStore(const std::filesystem::path& database_file, DatabaseWriter& writer,
                 config::Bookings settings, IsOfficial is_official = {}, Clock clock = {});
    BookingStore(const BookingStore&) = delete;
    BookingStore& operator=(const BookingStore&) = delete;

    std::shared_ptr<const BookingsSnapshot> snapshot() const { return snapshot_.load(); }
    const config::Bookings& settings() const { return settings_; }
    const BookingTimeZone& zone() const { return zone_; }
    const LithuanianHolidays& holidays() const { return holidays_; }
    std::int64_t now() const;

    // Called on the writer's thread inside the job's transaction for every event (see
    // BookingEvent): it may write (enqueue mail) through `db`; it throws to refuse the whole
    // write. Set before the first write. Unset: events are dropped.
    using EventSink = std::function<void(Database& db, const BookingEvent& event)>;
    void set_event_sink(EventSink sink) { event_sink_ = std::move(sink); }
    // Told of every snapshot published, on the writer's thread: quick, never throwing.
    using Listener = std::function<void(const BookingsSnapshot&)>;
    void set_listener(Listener listener) { listener_ = std::move(listener); }

    template <typename T>
    using Write = boost::asio::awaitable<T>;

    // ---- administrators (each with its audit entry, called with the row's id) ----

    // id 0: a new one. Resolves to its id. Refused for a field out of bounds or an unknown id.
    Write<std::int64_t> save_department(Department department, AuditNote audit);
    // Refused for an unknown department, a duration, place or link that does not fit the mode.
    Write<std::int64_t> save_service(Service service, AuditNote audit);
    // An account that takes bookings, by its account id (new or changed). Refused unless
    // IsOfficial says so. `audit` gets the account id.
    Write<void> save_official(Official official, AuditNote audit);

    // ---- an official's hours (audit called with the official's account id) ----

    // Replaces the rule of (rule.official_id, rule.service_id). Bookings already made stay.
    Write<void> save_rule(AvailabilityRule rule, AuditNote audit);
    Write<void> remove_rule(std::int64_t official_id, std::int64_t service_id, AuditNote audit);
    // Resolves to the exception's id (audit gets it too).
    Write<std::int64_t> add_exception(AvailabilityException exception, AuditNote audit);
    // Refused unless the exception is the official's.
    Write<void> remove_exception(std::int64_t official_id, std::int64_t exception_id,
                                 AuditNote audit);

    // ---- residents ----

    struct HoldRequest {
        std::int64_t service_id = 0;
        std::int64_t start_unix_ms = 0;  // one of free_slots()'s starts
        // Who asks (the client's address; at most 64 characters): at most
        // [bookings] holds_per_client live holds each.
        std::string client_key;
        // The form's hidden field (8..64 of [A-Za-z0-9_-]); empty: none. The same key gives
        // the same hold while it lives (a double click holds once).
        std::string idempotency_key;
    };
    struct HoldOutcome {
        bool taken = false;  // someone else has the time: see `nearest`
        Hold hold;           // not taken
        std::string token;   // not taken: the hold's token (/consultations/hold/<token>)
        // Taken: up to five free starts nearest the one asked for, nearest first.
        std::vector<FreeSlot> nearest;
    };
    // Keeps the time for [bookings] hold_minutes. Refused for an unknown or inactive service,
    // a start that is no slot of it (past, too soon, beyond the horizon, a holiday, outside
    // the hours), or too many live holds of the client.
    Write<HoldOutcome> hold(HoldRequest request);

    struct BookingRequest {
        std::string hold_token;
        std::string name;             // 2..100 characters, one line
        std::string email;            // a mail address
        std::string phone;            // may be empty
        std::string note;             // may be empty, at most 1,000 characters
        std::string language = "lt";  // one of the service's languages
        // The signed-in resident, 0 for none (then an account_required service refuses), and
        // whether `email` is that account's verified address: confirmed at once, no mail.
        std::int64_t account_id = 0;
        bool email_verified = false;
        // The form's hidden field (as HoldRequest's): the same key with the same hold token
        // gives the same booking (replayed = true, a fresh manage token).
        std::string idempotency_key;
    };
    struct Booked {
        std::int64_t booking_id = 0;
        BookingState state = BookingState::kPending;  // pending or confirmed
        std::string manage_token;                     // the resident's page
        bool replayed = false;
    };
    // Turns a live hold into a booking: pending (kPendingConfirmation) or, for a verified
    // signed-in resident, confirmed (kConfirmed). Refused for an unknown, expired or used hold
    // (booking_error_hold_expired) or a field out of bounds.
    Write<Booked> book(BookingRequest request);

    // The link from the pending mail (acts once: a second use is refused with
    // booking_error_link_used). pending → confirmed (kConfirmed). Resolves to the booking id.
    Write<std::int64_t> confirm(std::string confirmation_token);
    // By the resident (kCancelled). Refused for a booking no longer active.
    Write<void> cancel(std::string manage_token);
    // Moves the booking to the new hold's time (same service), frees the old time, keeps the
    // ICS UID and raises its SEQUENCE (kRescheduled with a fresh manage token; every earlier
    // manage token is spent). Resolves to the booking id. The new hold was claimed while the
    // old time was still the booking's, so a move to a time overlapping its own (with buffers)
    // at the same official is refused as taken: the resident picks another.
    Write<std::int64_t> reschedule(std::string manage_token, std::string hold_token);

    // ---- staff on a booking (audit called with the booking id) ----

    // kCancelled with the official's message (at most 2,000 characters, may be empty).
    Write<void> cancel_by_official(std::int64_t booking_id, std::string message, AuditNote audit);
    // A confirmed booking whose time has begun → kAttended or kNoShow (again to correct).
    Write<void> mark(std::int64_t booking_id, BookingState outcome, AuditNote audit);
    // The private note (at most 4,000 characters; empty clears it).
    Write<void> note(std::int64_t booking_id, std::string text, AuditNote audit);
    // A new secret for the official's ICS feed (any older one stops working). Audit gets the
    // official's account id.
    Write<std::string> create_feed_token(std::int64_t official_id, AuditNote audit);
    Write<void> revoke_feed_token(std::int64_t official_id, AuditNote audit);

    // ---- timers (the composition root runs them) ----

    // kReminder for every confirmed booking starting within [bookings] reminder_hours_before
    // of `now_unix_ms` and not reminded yet; each marked reminded in the job that emits its
    // event, so a reminder goes once across restarts. Resolves to how many.
    Write<int> send_reminders(std::int64_t now_unix_ms);
    // Releases expired holds and expires unconfirmed bookings past [bookings] confirm_minutes.
    // Resolves to how many were released. hold() does the same first, so this only tidies.
    Write<int> expire_holds(std::int64_t now_unix_ms);

    // ---- reads ----

    // The free starts of a service over local days [from, to] (at most 366 days), as of now().
    // Empty for an unknown or inactive service.
    std::vector<FreeSlot> free_slots(std::int64_t service_id, LocalDate from, LocalDate to) const;
    // Up to `count` free starts nearest `around_unix_ms`, within a week either side.
    std::vector<FreeSlot> nearest_free(std::int64_t service_id, std::int64_t around_unix_ms,
                                       std::size_t count) const;
    // An official's bookings (any state) starting in [from, to), by start.
    std::vector<Booking> official_bookings(std::int64_t official_id, std::int64_t from_unix_ms,
                                           std::int64_t to_unix_ms) const;
    // A signed-in resident's bookings, newest start first (at most 100).
    std::vector<Booking> account_bookings(std::int64_t account_id) const;
    std::optional<Booking> booking(std::int64_t booking_id) const;
    // What a manage link opens; nothing for an unknown or spent token.
    std::optional<Booking> by_manage_token(std::string_view manage_token) const;
    // What a confirmation link opens, for the page that asks before it confirms.
    struct ConfirmationLookup {
        Booking booking;
        bool used = false;  // the link already acted
    };
    std::optional<ConfirmationLookup> by_confirmation_token(std::string_view token) const;
    // A hold by its token (released ones too: their page says the time ran out).
    std::optional<Hold> hold_by_token(std::string_view hold_token) const;
    // The official whose feed the secret opens.
    std::optional<std::int64_t> official_of_feed_token(std::string_view feed_token) const;
    bool has_feed_token(std::int64_t official_id) const;

  private:
    template <typename Change>
    auto write(Change change);
    void publish(Database& db);
    std::shared_ptr<BookingsSnapshot> load(Database& db) const;
    void emit(Database& db, const BookingEvent& event) const;

    DatabaseWriter& writer_;
    const config::Bookings settings_;
    const BookingTimeZone zone_;
    const LithuanianHolidays holidays_;
    const SlotFinder finder_;
    IsOfficial is_official_;
    Clock clock_;
    EventSink event_sink_;
    Listener listener_;
    std::int64_t version_ = 0;  // writer's thread only
    bool changed_ = false;      // writer's thread only: the snapshot must be reloaded
    std::atomic<std::shared_ptr<const BookingsSnapshot>> snapshot_;
    mutable std::mutex reader_mutex_;  // guards reader_
    mutable Database reader_;
};

}  // namespace councilcast::portal
