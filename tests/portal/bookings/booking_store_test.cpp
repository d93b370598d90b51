// The store's rules for residents and staff: a time held, booked, confirmed by its link once;
// holds expiring; idempotency keys; cancelling and rescheduling; reminders once, across a
// restart; the staff's writes with their audit entries; the free times the pages read.
#include "portal/bookings/booking_store.hpp"

#include <doctest/doctest.h>

#include "tests/portal/bookings/booking_fixture.hpp"

using namespace councilcast;
using namespace councilcast::portal;
using namespace councilcast::portal::testing;

TEST_CASE("free times: both officials' mornings, the next week, from the pages' read") {
    BookingFixture f("booking_free_times");
    const auto slots = f.store->free_slots(f.service_id, kMonday, add_days(kMonday, 6));
    // Five mornings of six half hours; each time once, whoever takes it.
    CHECK(slots.size() == 5 * 6);
    CHECK(slots.front().start_unix_ms == f.at(kMonday, 9));
    CHECK(f.store->snapshot()->services.size() == 1);
    CHECK(f.store->snapshot()->rules_for_service(f.service_id).size() == 2);
}

TEST_CASE("hold, book, confirm once: the time is taken, the link acts once, events carry tokens") {
    BookingFixture f("booking_flow");
    const std::int64_t start = f.at(kMonday, 10);
    const auto held = block_on(f.store->hold(f.hold_request(start)));
    REQUIRE_FALSE(held.taken);
    CHECK(held.hold.start_unix_ms == start);
    CHECK(held.hold.expires_unix_ms == f.clock.load() + 10 * kMinuteMs);
    CHECK(f.store->hold_by_token(held.token)->id == held.hold.id);

    const auto booked = block_on(f.store->book(f.booking_request(held.token)));
    CHECK(booked.state == BookingState::kPending);
    const auto pending = f.events_of(BookingEvent::Kind::kPendingConfirmation);
    REQUIRE(pending.size() == 1);
    CHECK(pending[0].booking.id == booked.booking_id);
    CHECK(pending[0].service.topic_en == "Building permits");
    CHECK(pending[0].official.display_name == "Rūta Kazlauskienė");
    CHECK(pending[0].booking.ics_sequence == 0);
    CHECK_FALSE(pending[0].confirmation_token.empty());
    CHECK(f.store->by_manage_token(booked.manage_token)->id == booked.booking_id);

    // Both officials offer 10:00; one took it, the other still has it.
    const auto slots = f.store->free_slots(f.service_id, kMonday, kMonday);
    CHECK(slots.size() == 6);
    CHECK(std::count_if(slots.begin(), slots.end(), [&](const FreeSlot& s) {
              return s.start_unix_ms == start && s.official_id != held.hold.official_id;
          }) == 1);

    const std::string token = pending[0].confirmation_token;
    CHECK_FALSE(f.store->by_confirmation_token(token)->used);
    CHECK(block_on(f.store->confirm(token)) == booked.booking_id);
    CHECK(f.store->booking(booked.booking_id)->state == BookingState::kConfirmed);
    CHECK(refusal(f.store->confirm(token)) == "booking_error_link_used");
    CHECK(f.store->by_confirmation_token(token)->used);
    CHECK(f.events_of(BookingEvent::Kind::kConfirmed).size() == 1);
    CHECK(refusal(f.store->confirm("not-a-token")) == "booking_error_token");
}

TEST_CASE(
    "a verified signed-in resident is confirmed at once; account-only services refuse others") {
    BookingFixture f("booking_signed_in");
    const auto held = block_on(f.store->hold(f.hold_request(f.at(kMonday, 9))));
    auto request = f.booking_request(held.token);
    request.account_id = 555;
    request.email_verified = true;
    const auto booked = block_on(f.store->book(request));
    CHECK(booked.state == BookingState::kConfirmed);
    CHECK(f.events_of(BookingEvent::Kind::kConfirmed).size() == 1);
    CHECK(f.events_of(BookingEvent::Kind::kPendingConfirmation).empty());
    CHECK(f.store->account_bookings(555).size() == 1);

    Service service = *f.store->snapshot()->service(f.service_id);
    service.account_required = true;
    block_on(f.store->save_service(service, staff_note("booking.service")));
    const auto other = block_on(f.store->hold(f.hold_request(f.at(kMonday, 9, 30))));
    CHECK(refusal(f.store->book(f.booking_request(other.token))) ==
          "booking_error_account_required");
}

TEST_CASE("a hold expires: its time is free again and it books nothing") {
    BookingFixture f("booking_hold_expiry");
    const std::int64_t start = f.at(kMonday, 11, 30);
    const auto first = block_on(f.store->hold(f.hold_request(start, "198.51.100.1")));
    const auto second = block_on(f.store->hold(f.hold_request(start, "198.51.100.2")));
    REQUIRE_FALSE(first.taken);
    REQUIRE_FALSE(second.taken);
    CHECK(first.hold.official_id != second.hold.official_id);
    const auto third = block_on(f.store->hold(f.hold_request(start, "198.51.100.3")));
    CHECK(third.taken);
    CHECK_FALSE(third.nearest.empty());
    CHECK(third.nearest.front().start_unix_ms == f.at(kMonday, 11));

    f.advance_minutes(10);
    CHECK(refusal(f.store->book(f.booking_request(first.token))) == "booking_error_hold_expired");
    // The timer tidies; a new hold frees them itself anyway.
    CHECK(block_on(f.store->expire_holds(f.clock.load())) == 2);
    CHECK(block_on(f.store->expire_holds(f.clock.load())) == 0);
    CHECK(f.slot_rows() == 0);
    const auto again = block_on(f.store->hold(f.hold_request(start, "198.51.100.3")));
    CHECK_FALSE(again.taken);
    CHECK(f.store->hold_by_token(first.token)->released_unix_ms != 0);
}

TEST_CASE("an unconfirmed booking gives its time back after confirm_minutes") {
    config::Bookings settings;
    settings.confirm = std::chrono::minutes(30);
    BookingFixture f("booking_unconfirmed", settings);
    f.hold_and_book(f.at(kMonday, 9));
    f.hold_and_book(f.at(kMonday, 9), "198.51.100.2");
    const auto token = f.events_of(BookingEvent::Kind::kPendingConfirmation)[0].confirmation_token;
    CHECK(f.store->free_slots(f.service_id, kMonday, kMonday).size() == 5);
    f.advance_minutes(30);
    CHECK(f.store->free_slots(f.service_id, kMonday, kMonday).size() == 6);
    CHECK(refusal(f.store->confirm(token)) == "booking_error_not_active");
    CHECK(block_on(f.store->expire_holds(f.clock.load())) == 2);
    CHECK(f.slot_rows() == 0);
}

TEST_CASE("one client keeps at most holds_per_client times") {
    BookingFixture f("booking_hold_limit");
    for (int i = 0; i < 3; ++i) {
        CHECK_FALSE(block_on(f.store->hold(f.hold_request(f.at(kMonday, 9 + i)))).taken);
    }
    CHECK(refusal(f.store->hold(f.hold_request(f.at(kMonday, 9, 30)))) ==
          "booking_error_too_many_holds");
    CHECK_FALSE(block_on(f.store->hold(f.hold_request(f.at(kMonday, 9, 30), "203.0.113.9"))).taken);
}

TEST_CASE("a start that is no slot is refused, not reported taken") {
    BookingFixture f("booking_no_slot");
    CHECK(refusal(f.store->hold(f.hold_request(f.at(kMonday, 9, 5)))) == "booking_error_no_slot");
    CHECK(refusal(f.store->hold(f.hold_request(f.at(kMonday, 13)))) == "booking_error_no_slot");
    CHECK(refusal(f.store->hold(f.hold_request(f.at({2027, 1, 16}, 10)))) ==
          "booking_error_no_slot");
    // Within the minimum notice (an hour): 08:00 now, 08:30 is too soon on any day.
    f.clock = f.at(kMonday, 8, 30);
    CHECK(refusal(f.store->hold(f.hold_request(f.at(kMonday, 9)))) == "booking_error_no_slot");
    CHECK(refusal(f.store->hold({999, f.at(kMonday, 10), "198.51.100.1", {}})) ==
          "booking_error_service");
}

TEST_CASE("the same idempotency key holds once and books once") {
    BookingFixture f("booking_idempotency");
    const std::int64_t start = f.at(kMonday, 10);
    const std::string hold_key = "hold-key-0123456789";
    const auto first = block_on(f.store->hold(f.hold_request(start, "198.51.100.1", hold_key)));
    const auto again = block_on(f.store->hold(f.hold_request(start, "198.51.100.1", hold_key)));
    CHECK(again.hold.id == first.hold.id);
    CHECK(again.token != first.token);
    CHECK(f.store->hold_by_token(again.token)->id == first.hold.id);

    const std::string book_key = "book-key-0123456789";
    const auto booked = block_on(f.store->book(f.booking_request(first.token, book_key)));
    const auto replay = block_on(f.store->book(f.booking_request(again.token, book_key)));
    CHECK(replay.booking_id == booked.booking_id);
    CHECK(replay.replayed);
    CHECK(f.store->by_manage_token(replay.manage_token)->id == booked.booking_id);
    CHECK(f.events_of(BookingEvent::Kind::kPendingConfirmation).size() == 1);
    // Without the key, or with another, the used hold books nothing more.
    CHECK(refusal(f.store->book(f.booking_request(first.token))) == "booking_error_hold_expired");
    CHECK(refusal(f.store->book(f.booking_request(first.token, "other-key-0123456789"))) ==
          "booking_error_hold_expired");
    CHECK(refusal(f.store->hold(f.hold_request(start, "198.51.100.1", "bad key!"))) ==
          "booking_error_idempotency_key");
    // The hold's key after its booking gives the hold again (the page shows it booked).
    CHECK(
        block_on(f.store->hold(f.hold_request(start, "198.51.100.1", hold_key))).hold.booking_id ==
        booked.booking_id);
}

TEST_CASE("the resident cancels once; the time is free again") {
    BookingFixture f("booking_cancel");
    const auto booked = f.hold_and_book(f.at(kMonday, 10));
    CHECK(f.slot_rows() == 6);  // 30 minutes of 5-minute granules
    block_on(f.store->cancel(booked.manage_token));
    CHECK(f.slot_rows() == 0);
    const auto booking = f.store->booking(booked.booking_id);
    CHECK(booking->state == BookingState::kCancelled);
    CHECK(booking->cancelled_by == CancelledBy::kResident);
    CHECK(booking->ics_sequence == 1);
    CHECK(refusal(f.store->cancel(booked.manage_token)) == "booking_error_link_used");
    const auto cancelled = f.events_of(BookingEvent::Kind::kCancelled);
    REQUIRE(cancelled.size() == 1);
    CHECK(cancelled[0].manage_token.empty());
    CHECK(cancelled[0].booking.ics_sequence == 1);
}

TEST_CASE("rescheduling moves the booking, keeps its UID, raises SEQUENCE, spends old links") {
    BookingFixture f("booking_reschedule");
    const auto booked = f.hold_and_book(f.at(kMonday, 10));
    const std::string uid = f.store->booking(booked.booking_id)->ics_uid;
    const auto held = block_on(f.store->hold(f.hold_request(f.at(kMonday, 11))));
    CHECK(block_on(f.store->reschedule(booked.manage_token, held.token)) == booked.booking_id);
    const auto moved = f.store->booking(booked.booking_id);
    CHECK(moved->start_unix_ms == f.at(kMonday, 11));
    CHECK(moved->ics_uid == uid);
    CHECK(moved->ics_sequence == 1);
    CHECK(f.slot_rows() == 6);
    const auto events = f.events_of(BookingEvent::Kind::kRescheduled);
    REQUIRE(events.size() == 1);
    CHECK(events[0].previous_start_unix_ms == f.at(kMonday, 10));
    CHECK(f.store->by_manage_token(events[0].manage_token)->id == booked.booking_id);
    CHECK_FALSE(f.store->by_manage_token(booked.manage_token));
    const auto other = block_on(f.store->hold(f.hold_request(f.at(kMonday, 9))));
    CHECK(refusal(f.store->reschedule(booked.manage_token, other.token)) ==
          "booking_error_link_used");
}

TEST_CASE("an official cancels with a message; marks and notes after the time; audit entries") {
    BookingFixture f("booking_staff");
    const auto booked = f.hold_and_book(f.at(kMonday, 9));
    const auto other = f.hold_and_book(f.at(kMonday, 10));
    for (const auto& pending : f.events_of(BookingEvent::Kind::kPendingConfirmation)) {
        block_on(f.store->confirm(pending.confirmation_token));
    }
    CHECK(refusal(f.store->mark(booked.booking_id, BookingState::kAttended,
                                staff_note("booking.mark"))) == "booking_error_mark");
    f.clock = f.at(kMonday, 9, 5);
    block_on(f.store->mark(booked.booking_id, BookingState::kAttended, staff_note("booking.mark")));
    block_on(f.store->mark(booked.booking_id, BookingState::kNoShow, staff_note("booking.mark")));
    CHECK(f.store->booking(booked.booking_id)->state == BookingState::kNoShow);
    block_on(f.store->note(booked.booking_id, "Atsinešė brėžinius.", staff_note("booking.note")));
    CHECK(f.store->booking(booked.booking_id)->private_note == "Atsinešė brėžinius.");

    block_on(f.store->cancel_by_official(other.booking_id, "Susirgau, atsiprašau.",
                                         staff_note("booking.cancel")));
    const auto cancelled = f.events_of(BookingEvent::Kind::kCancelled);
    REQUIRE(cancelled.size() == 1);
    CHECK(cancelled[0].booking.cancelled_by == CancelledBy::kOfficial);
    CHECK(cancelled[0].booking.cancel_message == "Susirgau, atsiprašau.");
    CHECK(refusal(f.store->cancel(other.manage_token)) == "booking_error_not_active");
    CHECK(f.store
              ->official_bookings(f.store->booking(other.booking_id)->official_id, f.at(kMonday, 0),
                                  f.at(add_days(kMonday, 1), 0))
              .size() >= 1);

    Database db(f.database, Durability::kNormal, OpenMode::kReadOnly);
    Statement audit = db.cached("SELECT count(*) FROM audit_log WHERE action LIKE 'booking.%'");
    audit.step();
    // Seed: department, service, two officials, two rules; then mark twice, note, cancel.
    CHECK(audit.column_int(0) == 6 + 4);
}

TEST_CASE("reminders go once, even across a restart") {
    BookingFixture f("booking_reminders");
    const auto booked = f.hold_and_book(f.at(kMonday, 10));
    block_on(f.store->confirm(
        f.events_of(BookingEvent::Kind::kPendingConfirmation)[0].confirmation_token));
    CHECK(block_on(f.store->send_reminders(f.clock.load())) == 0);
    f.clock = f.at(add_days(kMonday, -1), 10, 30);
    CHECK(block_on(f.store->send_reminders(f.clock.load())) == 1);
    CHECK(block_on(f.store->send_reminders(f.clock.load())) == 0);
    f.restart();
    CHECK(block_on(f.store->send_reminders(f.clock.load())) == 0);
    const auto reminders = f.events_of(BookingEvent::Kind::kReminder);
    REQUIRE(reminders.size() == 1);
    CHECK(reminders[0].booking.id == booked.booking_id);
    CHECK(f.store->booking(booked.booking_id)->reminded_unix_ms != 0);
}

TEST_CASE("an event sink that throws refuses the whole write") {
    BookingFixture f("booking_sink_refuses");
    f.store->set_event_sink([](Database&, const BookingEvent&) { throw Error("mail queue full"); });
    const auto held = block_on(f.store->hold(f.hold_request(f.at(kMonday, 10))));
    CHECK_THROWS_AS(block_on(f.store->book(f.booking_request(held.token))), Error);
    // The hold is still there to book once the queue takes mail again.
    CHECK(f.store->hold_by_token(held.token)->booking_id == 0);
    CHECK(f.slot_rows() == 6);
}

TEST_CASE("staff writes are checked: hours, buffers, exceptions, officials, feed tokens") {
    BookingFixture f("booking_staff_checks");
    auto rule = f.weekday_mornings(kOfficialA);
    rule.weekly.push_back({1, 11 * 60, 13 * 60});
    CHECK(refusal(f.store->save_rule(rule, {})) == "booking_error_hours");
    rule = f.weekday_mornings(kOfficialA);
    rule.buffer_after_minutes = 7;
    CHECK(refusal(f.store->save_rule(rule, {})) == "booking_error_buffer");
    CHECK(refusal(f.store->save_official({5000, "Ne valdininkas", true}, {})) ==
          "booking_error_official");

    AvailabilityException off;
    off.official_id = kOfficialA;
    off.from = kMonday;
    off.to = kMonday;
    const auto id = block_on(f.store->add_exception(off, staff_note("booking.exception")));
    AvailabilityException extra;
    extra.official_id = kOfficialB;
    extra.kind = AvailabilityException::Kind::kOff;
    extra.from = kMonday;
    extra.to = kMonday;
    block_on(f.store->add_exception(extra, {}));
    CHECK(f.store->free_slots(f.service_id, kMonday, kMonday).empty());
    CHECK(refusal(f.store->remove_exception(kOfficialB, id, {})) ==
          "booking_error_exception_not_found");
    block_on(f.store->remove_exception(kOfficialA, id, {}));
    CHECK(f.store->free_slots(f.service_id, kMonday, kMonday).size() == 6);

    const std::string feed = block_on(f.store->create_feed_token(kOfficialA, {}));
    CHECK(f.store->official_of_feed_token(feed) == kOfficialA);
    CHECK(f.store->has_feed_token(kOfficialA));
    const std::string renewed = block_on(f.store->create_feed_token(kOfficialA, {}));
    CHECK_FALSE(f.store->official_of_feed_token(feed));
    block_on(f.store->revoke_feed_token(kOfficialA, {}));
    CHECK_FALSE(f.store->official_of_feed_token(renewed));
}
