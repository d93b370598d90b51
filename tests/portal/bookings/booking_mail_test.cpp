// Every mail a resident gets about a consultation, composed by BookingMail from the store's
// real events and stored by the real mail queue, read back as a mail program reads it: the
// confirmation link, the confirmation with its invitation, the move with a higher SEQUENCE, the
// official's cancellation with their message and METHOD:CANCEL, and the reminder, each in the
// booking's language.
#include "portal/bookings/booking_mail.hpp"

#include <doctest/doctest.h>

#include "portal/mail/mail_message.hpp"
#include "tests/portal/bookings/booking_fixture.hpp"
#include "tests/support/test_browser.hpp"

using namespace councilcast;
using namespace councilcast::portal;
using namespace councilcast::portal::testing;

namespace {

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

struct Mailer {
    BookingFixture& fixture;
    PageRenderer renderer{councilcast::testing::source_dir() + "/portal/templates",
                          councilcast::testing::source_dir() + "/portal/messages"};
    Localization localization;
    BookingCalendar calendar{"Elektrėnų savivaldybė", "noreply@elektrenai.lt"};
    MailQueue queue{fixture.database, "noreply@elektrenai.lt", *fixture.writer};
    BookingMail mail{queue, renderer, localization, calendar};

    explicit Mailer(BookingFixture& booking_fixture) : fixture(booking_fixture) {
        mail.set_public_url("https://tv.elektrenai.lt");
    }

    // The event's mail, queued in a writer job as the store's sink does, and read back.
    MailMessage send(const BookingEvent& event) {
        const auto before = queue.recent(1);
        fixture.writer->execute([&](Database& db) { mail.on_event(db, event); });
        const auto after = queue.recent(1);
        REQUIRE(after.size() == 1);
        REQUIRE((before.empty() || before.front().id != after.front().id));
        return read_mime(*queue.mime(after.front().id));
    }
};

}  // namespace

TEST_CASE("a resident's mails say what happened in their language, with the invitation") {
    BookingFixture fixture("booking-mail");
    Mailer mailer(fixture);
    const std::int64_t start = fixture.at(kMonday, 9);
    auto held = block_on(fixture.store->hold(fixture.hold_request(start)));
    auto request = fixture.booking_request(held.token);
    request.language = "en";
    block_on(fixture.store->book(request));

    const auto pending = fixture.events_of(BookingEvent::Kind::kPendingConfirmation);
    REQUIRE(pending.size() == 1);
    const MailMessage ask = mailer.send(pending.front());
    CHECK(ask.to == "ona.petraityte@example.lt");
    CHECK(ask.subject == "Confirm your consultation on Monday, 11 January 2027");
    CHECK(contains(ask.text, "https://tv.elektrenai.lt/en/consultations/confirm/" +
                                 pending.front().confirmation_token));
    CHECK(contains(ask.html, "<a href=\"https://tv.elektrenai.lt/en/consultations/confirm/"));
    CHECK(ask.calendar.empty());

    block_on(fixture.store->confirm(pending.front().confirmation_token));
    const auto confirmed = fixture.events_of(BookingEvent::Kind::kConfirmed);
    REQUIRE(confirmed.size() == 1);
    const MailMessage yes = mailer.send(confirmed.front());
    CHECK(yes.subject == "Consultation on Monday, 11 January 2027 at 09:00: Building permits");
    CHECK(contains(yes.text, "Place: Elektrėnai, Trakų g. 2, 104 kab."));
    CHECK(contains(yes.text, "/en/consultations/booking/" + confirmed.front().manage_token));
    CHECK(contains(yes.calendar, "METHOD:REQUEST"));
    CHECK(contains(yes.calendar, "SEQUENCE:0"));
    CHECK(contains(yes.calendar, "DTSTART;TZID=Europe/Vilnius:20270111T090000"));

    // Moved to 10:00: a new invitation for the same UID, one revision up.
    const auto later = block_on(
        fixture.store->hold(fixture.hold_request(fixture.at(kMonday, 10), "198.51.100.2")));
    block_on(fixture.store->reschedule(confirmed.front().manage_token, later.token));
    const auto moved = fixture.events_of(BookingEvent::Kind::kRescheduled);
    REQUIRE(moved.size() == 1);
    const MailMessage move = mailer.send(moved.front());
    CHECK(move.subject == "Your consultation has moved to Monday, 11 January 2027 at 10:00");
    CHECK(contains(move.calendar, "SEQUENCE:1"));
    CHECK(contains(move.calendar, "UID:" + confirmed.front().booking.ics_uid));

    // The official cancels with a message: it is in the mail, and the calendar drops the event.
    block_on(fixture.store->cancel_by_official(moved.front().booking.id,
                                               "I am ill; please choose another day.",
                                               staff_note("booking.cancel")));
    const auto cancelled = fixture.events_of(BookingEvent::Kind::kCancelled);
    REQUIRE(cancelled.size() == 1);
    const MailMessage off = mailer.send(cancelled.front());
    CHECK(off.subject == "Consultation cancelled: Monday, 11 January 2027 at 10:00");
    CHECK(contains(off.text, "Their message: I am ill; please choose another day."));
    CHECK(contains(off.text, "https://tv.elektrenai.lt/en/consultations/" +
                                 std::to_string(fixture.service_id)));
    CHECK(contains(off.calendar, "METHOD:CANCEL"));
    CHECK(contains(off.calendar, "STATUS:CANCELLED"));
}

TEST_CASE("the reminder goes in Lithuanian with the way the consultation is held") {
    BookingFixture fixture("booking-mail-reminder");
    Mailer mailer(fixture);
    const auto booked = fixture.hold_and_book(fixture.at(kMonday, 11));
    const auto pending = fixture.events_of(BookingEvent::Kind::kPendingConfirmation);
    REQUIRE(pending.size() == 1);
    block_on(fixture.store->confirm(pending.front().confirmation_token));
    CHECK(block_on(fixture.store->send_reminders(fixture.at(kMonday, 8))) == 1);
    const auto reminders = fixture.events_of(BookingEvent::Kind::kReminder);
    REQUIRE(reminders.size() == 1);
    CHECK(reminders.front().booking.id == booked.booking_id);
    const MailMessage reminder = mailer.send(reminders.front());
    CHECK(reminder.subject == "Primename: konsultacija 2027 m. sausio 11 d., pirmadienis 11:00");
    CHECK(contains(reminder.text, "Sveiki, Ona Petraitytė,"));
    CHECK(contains(reminder.text, "Vieta: Elektrėnai, Trakų g. 2, 104 kab."));
    CHECK(contains(reminder.text, "https://tv.elektrenai.lt/consultations/booking/" +
                                      reminders.front().manage_token));
    CHECK(reminder.calendar.empty());
}
