#include "portal/bookings/booking_store.hpp"

#include "common/error.hpp"
#include "common/unix_time.hpp"
#include "portal/bookings/local_days.hpp"

namespace councilcast::portal {

namespace {

std::vector<LocalDate> extra_holidays(const config::Bookings& settings) {
    std::vector<LocalDate> dates;
    for (const std::string& text : settings.extra_holidays) {
        auto date = parse_iso_date(text);
        if (!date) throw InvalidInput("[bookings] extra_holidays: not a date: " + text);
        dates.push_back(*date);
    }
    return dates;
}

// The seam's commit only: the other parts build against the declarations while the store is
// written.
[[noreturn]] void not_built(const char* what) {
    throw Error(std::string("BookingStore::") + what + " is not built yet");
}

}  // namespace

BookingStore::BookingStore(const std::filesystem::path& database_file, DatabaseWriter& writer,
                           config::Bookings settings, IsOfficial is_official, Clock clock)
    : writer_(writer),
      settings_(std::move(settings)),
      holidays_(extra_holidays(settings_)),
      finder_(zone_, holidays_),
      is_official_(std::move(is_official)),
      clock_(clock ? std::move(clock) : Clock(now_unix_ms)),
      reader_(database_file, Durability::kNormal, OpenMode::kReadOnly) {
    snapshot_.store(std::make_shared<BookingsSnapshot>());
}

std::int64_t BookingStore::now() const {
    return clock_();
}

BookingStore::Write<std::int64_t> BookingStore::save_department(Department, AuditNote) {
    not_built("save_department");
}
BookingStore::Write<std::int64_t> BookingStore::save_service(Service, AuditNote) {
    not_built("save_service");
}
BookingStore::Write<void> BookingStore::save_official(Official, AuditNote) {
    not_built("save_official");
}
BookingStore::Write<void> BookingStore::save_rule(AvailabilityRule, AuditNote) {
    not_built("save_rule");
}
BookingStore::Write<void> BookingStore::remove_rule(std::int64_t, std::int64_t, AuditNote) {
    not_built("remove_rule");
}
BookingStore::Write<std::int64_t> BookingStore::add_exception(AvailabilityException, AuditNote) {
    not_built("add_exception");
}
BookingStore::Write<void> BookingStore::remove_exception(std::int64_t, std::int64_t, AuditNote) {
    not_built("remove_exception");
}
BookingStore::Write<BookingStore::HoldOutcome> BookingStore::hold(HoldRequest) {
    not_built("hold");
}
BookingStore::Write<BookingStore::Booked> BookingStore::book(BookingRequest) {
    not_built("book");
}
BookingStore::Write<std::int64_t> BookingStore::confirm(std::string) {
    not_built("confirm");
}
BookingStore::Write<void> BookingStore::cancel(std::string) {
    not_built("cancel");
}
BookingStore::Write<std::int64_t> BookingStore::reschedule(std::string, std::string) {
    not_built("reschedule");
}
BookingStore::Write<void> BookingStore::cancel_by_official(std::int64_t, std::string, AuditNote) {
    not_built("cancel_by_official");
}
BookingStore::Write<void> BookingStore::mark(std::int64_t, BookingState, AuditNote) {
    not_built("mark");
}
BookingStore::Write<void> BookingStore::note(std::int64_t, std::string, AuditNote) {
    not_built("note");
}
BookingStore::Write<std::string> BookingStore::create_feed_token(std::int64_t, AuditNote) {
    not_built("create_feed_token");
}
BookingStore::Write<void> BookingStore::revoke_feed_token(std::int64_t, AuditNote) {
    not_built("revoke_feed_token");
}
BookingStore::Write<int> BookingStore::send_reminders(std::int64_t) {
    not_built("send_reminders");
}
BookingStore::Write<int> BookingStore::expire_holds(std::int64_t) {
    not_built("expire_holds");
}

std::vector<FreeSlot> BookingStore::free_slots(std::int64_t, LocalDate, LocalDate) const {
    return {};
}
std::vector<FreeSlot> BookingStore::nearest_free(std::int64_t, std::int64_t, std::size_t) const {
    return {};
}
std::vector<Booking> BookingStore::official_bookings(std::int64_t, std::int64_t,
                                                     std::int64_t) const {
    return {};
}
std::vector<Booking> BookingStore::account_bookings(std::int64_t) const {
    return {};
}
std::optional<Booking> BookingStore::booking(std::int64_t) const {
    return std::nullopt;
}
std::optional<Booking> BookingStore::by_manage_token(std::string_view) const {
    return std::nullopt;
}
std::optional<BookingStore::ConfirmationLookup> BookingStore::by_confirmation_token(
    std::string_view) const {
    return std::nullopt;
}
std::optional<Hold> BookingStore::hold_by_token(std::string_view) const {
    return std::nullopt;
}
std::optional<std::int64_t> BookingStore::official_of_feed_token(std::string_view) const {
    return std::nullopt;
}
bool BookingStore::has_feed_token(std::int64_t) const {
    return false;
}

}  // namespace councilcast::portal
