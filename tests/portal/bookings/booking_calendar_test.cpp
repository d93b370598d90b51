// The calendar texts a booking's mail carries and an official's feed serves, read back by
// Debian's python3-icalendar (check_booking_ics.py) as a calendar program would read them.
#include "portal/bookings/booking_calendar.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include "tests/support/calendar_check.hpp"

using namespace councilcast::portal;
using namespace councilcast::testing;

namespace {

// 2026-03-27 (Friday, winter time, +02:00) and 2026-03-30 (Monday, summer time, +03:00): the
// clocks went forward on Sunday 29 March at 03:00.
constexpr std::int64_t kFriday0900 = 1774594800000;  // 2026-03-27T07:00:00Z
constexpr std::int64_t kMonday0900 = 1774850400000;  // 2026-03-30T06:00:00Z
constexpr std::int64_t kHalfHour = 30 * 60 * 1000;

const BookingCalendar kCalendar("Elektrėnų savivaldybė", "noreply@elektrenai.lt");

Service service() {
    Service service;
    service.id = 3;
    service.topic_lt = "Statybos leidimai, žemė; kita";
    service.topic_en = "Building permits";
    service.mode = ServiceMode::kInPerson;
    service.place = "Elektrėnai, Rotušės a. 5, 101 kab.";
    return service;
}

Official official() {
    return {.account_id = 9, .display_name = "Jonas Jonaitis", .active = true};
}

Booking booking(std::int64_t start) {
    Booking booking;
    booking.id = 7;
    booking.service_id = 3;
    booking.official_id = 9;
    booking.start_unix_ms = start;
    booking.end_unix_ms = start + kHalfHour;
    booking.state = BookingState::kConfirmed;
    booking.name = "Ona Onaitė";
    booking.email = "ona@example.lt";
    booking.note = "Klausimas: tvora\u0007 prie kelio";
    booking.ics_uid = "booking-7@tv.elektrenai.lt";
    return booking;
}

// What check_booking_ics.py prints for the files: one line per event.
std::string parsed(const std::vector<std::string>& calendars) {
    const auto dir = std::filesystem::temp_directory_path() / "booking-calendar-test";
    std::filesystem::remove_all(dir);
    const CommandResult result = parse_calendars(dir, calendars);
    INFO(result.out, result.err);
    CHECK(result.exit_code == 0);
    return result.out + result.err;
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("an invitation is 09:00 in Vilnius on both sides of the clock change") {
    const std::string output =
        parsed({kCalendar.invitation(booking(kFriday0900), service(), official()),
                kCalendar.invitation(booking(kMonday0900), service(), official())});
    CHECK(contains(output,
                   "REQUEST booking-7@tv.elektrenai.lt 0 2026-03-27T07:00:00Z "
                   "2026-03-27T07:30:00Z 09:00 CONFIRMED mailto:ona@example.lt"));
    CHECK(contains(output,
                   "REQUEST booking-7@tv.elektrenai.lt 0 2026-03-30T06:00:00Z "
                   "2026-03-30T06:30:00Z 09:00 CONFIRMED mailto:ona@example.lt"));
    CHECK(contains(output, "2 calendars, 0 problems"));
}

TEST_CASE("a reschedule and a cancellation keep the UID with the SEQUENCE the store raised") {
    auto moved = booking(kMonday0900);
    moved.ics_sequence = 1;
    auto cancelled = moved;
    cancelled.ics_sequence = 2;
    cancelled.state = BookingState::kCancelled;
    const std::string output = parsed({kCalendar.invitation(moved, service(), official()),
                                       kCalendar.cancellation(cancelled, service(), official())});
    CHECK(contains(output, "REQUEST booking-7@tv.elektrenai.lt 1 "));
    CHECK(contains(output, "CANCEL booking-7@tv.elektrenai.lt 2 2026-03-30T06:00:00Z"));
    CHECK(contains(output, " CANCELLED mailto:ona@example.lt"));
}

TEST_CASE("an official's feed publishes their bookings, a cancelled one marked so") {
    BookingsSnapshot snapshot;
    snapshot.services = {service()};
    auto second = booking(kMonday0900);
    second.id = 8;
    second.ics_uid = "booking-8@tv.elektrenai.lt";
    second.state = BookingState::kCancelled;
    const std::string feed = kCalendar.feed(official(), {booking(kFriday0900), second}, snapshot);
    CHECK(contains(feed, "METHOD:PUBLISH"));
    CHECK(contains(feed, "X-WR-CALNAME:Jonas Jonaitis"));
    CHECK(contains(feed, "SUMMARY;LANGUAGE=lt:Ona Onaitė – Statybos leidimai\\, žemė\\; kita"));
    const std::string output = parsed({feed});
    CHECK(contains(output, "PUBLISH booking-7@tv.elektrenai.lt 0 2026-03-27T07:00:00Z"));
    CHECK(contains(output,
                   "PUBLISH booking-8@tv.elektrenai.lt 0 2026-03-30T06:00:00Z "
                   "2026-03-30T06:30:00Z 09:00 CANCELLED -"));
}

TEST_CASE("texts are escaped, stripped of control characters, and the zone is the IANA one") {
    auto english = booking(kFriday0900);
    english.language = "en";
    const std::string invitation = kCalendar.invitation(english, service(), official());
    CHECK(contains(invitation, "SUMMARY;LANGUAGE=en:Building permits\r\n"));
    CHECK(contains(invitation, "LOCATION;LANGUAGE=en:Elektrėnai\\, Rotušės a. 5\\, 101 kab."));
    CHECK(contains(invitation, "tvora prie kelio"));
    CHECK_FALSE(contains(invitation, "\u0007"));
    CHECK(contains(invitation, "TZID:Europe/Vilnius\r\n"));
    CHECK(contains(invitation, "DTSTART;TZID=Europe/Vilnius:20260327T090000\r\n"));
    CHECK_FALSE(contains(invitation, "freeassociation"));
    CHECK(contains(invitation, "ORGANIZER;CN=Elektrėnų savivaldybė:mailto:noreply@elektrenai.lt"));
    // Only the rules in force since 2003: a short attachment.
    CHECK(invitation.size() < 3000);
}

TEST_CASE("a call's event names the number the official rings; a video call its link") {
    auto call = service();
    call.mode = ServiceMode::kPhone;
    call.place.clear();
    auto phoned = booking(kFriday0900);
    phoned.phone = "+370 600 12345";
    CHECK(contains(kCalendar.invitation(phoned, call, official()),
                   "LOCATION;LANGUAGE=lt:+370 600 12345"));
    auto video = service();
    video.mode = ServiceMode::kVideo;
    video.place.clear();
    video.video_link = "https://meet.example.lt/room-7";
    CHECK(contains(kCalendar.invitation(booking(kFriday0900), video, official()),
                   "LOCATION;LANGUAGE=lt:https://meet.example.lt/room-7"));
}
