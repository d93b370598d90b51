#include "portal/bookings/booking_desk_page.hpp"
#include "portal/accounts/form_checks.hpp"

#include <fmt/core.h>

#include "common/error.hpp"
#include "portal/bookings/local_days.hpp"

namespace councilcast::portal {
namespace asio = boost::asio;
namespace http = boost::beast::http;
using Response = BookingDeskPage::Response;
using Dictionary = ctemplate::TemplateDictionary;
using namespace booking_staff_checks;
using staff_forms::button;
using staff_forms::field;

namespace {

constexpr Bounds kPrivateNote{0, 4'000};
constexpr Bounds kCancelMessage{1, 2'000};

std::string booking_path(std::int64_t id) {
    return fmt::format("/staff/consultations/bookings/{}", id);
}

bool is_admin(const PageCall& call) {
    return call.user().roles.has(Role::kAdmin);
}

// A topic in the page's language, and the language it is written in.
const std::string& topic_of(const PageCall& call, const Service& service) {
    return call.language() == Language::kEn ? service.topic_en : service.topic_lt;
}

std::string state_text(const PageCall& call, const Booking& booking) {
    return call.text("booking_state_" + std::string(booking_state_name(booking.state)));
}

}  // namespace

BookingDeskPage::BookingDeskPage(BookingStore& store, const PageRenderer& renderer,
                                 const Localization& localization)
    : store_(store), renderer_(renderer), localization_(localization) {}

ModuleEntries BookingDeskPage::entries() {
    auto bind = [this](auto method) { return handler_of(this, method); };
    auto now = [this](auto method) { return answer_of(this, method); };
    using http::verb;
    ModuleEntries entries;
    entries.routes = {
        {.method = verb::get,
         .pattern = "/staff/consultations/day",
         .access = kOfficialsAndAdmins,
         .answer = now(&BookingDeskPage::day)},
        {.method = verb::get,
         .pattern = "/staff/consultations/week",
         .access = kOfficialsAndAdmins,
         .answer = now(&BookingDeskPage::week)},
        {.method = verb::get,
         .pattern = "/staff/consultations/bookings/{id}",
         .access = kOfficialsAndAdmins,
         .answer = now(&BookingDeskPage::show)},
    };
    const std::pair<std::string_view, asio::awaitable<Response> (BookingDeskPage::*)(PageCall&)>
        actions[] = {
            {"/staff/consultations/bookings/{id}/attended", &BookingDeskPage::attended},
            {"/staff/consultations/bookings/{id}/no-show", &BookingDeskPage::no_show},
            {"/staff/consultations/bookings/{id}/note", &BookingDeskPage::note},
            {"/staff/consultations/bookings/{id}/cancel", &BookingDeskPage::cancel},
        };
    for (const auto& [pattern, method] : actions) {
        entries.routes.push_back(
            {verb::post, pattern, kOfficialsAndAdmins, FormKind::kShort, bind(method)});
    }
    entries.navigation = {{"/staff/consultations", "booking_desk_nav", kOfficialsAndAdmins, 10}};
    return entries;
}

// ---- shared

std::int64_t BookingDeskPage::official_of(PageCall& call) const {
    const std::string asked = call.query("official");
    if (asked.empty() || !is_admin(call)) return call.user().id;
    const auto id = parse_id(asked);
    if (!id || !store_.snapshot()->official(*id)) throw NotFound();
    return *id;
}

LocalDate BookingDeskPage::date_of(PageCall& call) const {
    const std::string asked = call.query("date");
    if (asked.empty()) return store_.zone().local_date(store_.now());
    const auto date = parse_iso_date(asked);
    if (!date) throw InvalidInput::text("booking_hours_error_date");
    return *date;
}

void BookingDeskPage::fill_card(PageCall& call, Dictionary& list, const Booking& booking,
                                const BookingsSnapshot& snapshot) const {
    const Language language = call.language();
    auto* item = list.AddSectionDictionary("BOOKING");
    auto* card = item->AddIncludeDictionary("BOOKING_CARD");
    card->SetFilename("booking_desk_card.tpl");
    card->SetValue("href", call.path(booking_path(booking.id)));
    card->SetValue("start", localization_.time_of_day(language, booking.start_unix_ms / 1000));
    card->SetValue("end", localization_.time_of_day(language, booking.end_unix_ms / 1000));
    card->SetValue("start_machine", localization_.machine_datetime(booking.start_unix_ms / 1000));
    card->SetValue("end_machine", localization_.machine_datetime(booking.end_unix_ms / 1000));
    if (const Service* service = snapshot.service(booking.service_id)) {
        card->SetValue("topic", topic_of(call, *service));
        card->SetValue("mode",
                       call.text("booking_mode_" + std::string(service_mode_name(service->mode))));
    }
    card->SetValue("topic_lang", language == Language::kEn ? "en" : "lt");
    card->SetValue("name", booking.name);
    card->SetValue("email", booking.email);
    if (!booking.phone.empty())
        card->AddSectionDictionary("PHONE")->SetValue("phone", booking.phone);
    card->SetValue("state", state_text(call, booking));
    if (booking.state == BookingState::kCancelled) card->ShowSection("CANCELLED");
    if (!booking.note.empty()) card->AddSectionDictionary("NOTE")->SetValue("text", booking.note);
}

// ---- the day and the week

Response BookingDeskPage::day(PageCall& call) {
    const std::int64_t official = official_of(call);
    const LocalDate date = date_of(call);
    const auto snapshot = store_.snapshot();
    const BookingTimeZone& zone = store_.zone();
    const Language language = call.language();
    const std::int64_t from = zone.unix_ms(date, 0);
    const std::int64_t to = zone.unix_ms(add_days(date, 1), 0);
    std::vector<Booking> bookings;
    for (Booking& booking : store_.official_bookings(official, from, to)) {
        // An unconfirmed booking that ran out never took the official's time.
        if (booking.state != BookingState::kExpired) bookings.push_back(std::move(booking));
    }
    const std::string who = official == call.user().id ? "" : fmt::format("&official={}", official);
    auto day_href = [&](LocalDate other) {
        return call.path("/staff/consultations/day") + "?date=" + iso_date(other) + who;
    };
    return call.staff_page(
        "booking_desk_day.tpl", call.text("booking_desk_day_title"), http::status::ok,
        [&](Dictionary& body) {
            body.SetValue("date", iso_date(date));
            body.SetValue("date_text", localization_.date_with_weekday(
                                           language, zone.unix_ms(date, 720) / 1000));
            body.SetValue("previous_href", day_href(add_days(date, -1)));
            body.SetValue("next_href", day_href(add_days(date, 1)));
            body.SetValue("today_href", day_href(zone.local_date(store_.now())));
            body.SetValue("week_href",
                          call.path("/staff/consultations/week") + "?date=" + iso_date(date) + who);
            body.SetValue("day_action", call.path("/staff/consultations/day"));
            if (const auto holiday = store_.holidays().holiday(date)) {
                body.AddSectionDictionary("HOLIDAY")->SetValue(
                    "name", call.text("booking_holiday_" + std::string(*holiday)));
            }
            if (bookings.empty()) body.ShowSection("NONE");
            Dictionary* list = bookings.empty() ? nullptr : body.AddSectionDictionary("BOOKINGS");
            for (const Booking& booking : bookings) fill_card(call, *list, booking, *snapshot);
        });
}

Response BookingDeskPage::week(PageCall& call) {
    const std::int64_t official = official_of(call);
    const LocalDate asked = date_of(call);
    const LocalDate monday = add_days(asked, 1 - weekday_of(asked));
    const auto snapshot = store_.snapshot();
    const BookingTimeZone& zone = store_.zone();
    const Language language = call.language();
    const LocalDate today = zone.local_date(store_.now());
    const auto bookings = store_.official_bookings(official, zone.unix_ms(monday, 0),
                                                   zone.unix_ms(add_days(monday, 7), 0));
    const std::string who = official == call.user().id ? "" : fmt::format("&official={}", official);
    auto week_href = [&](LocalDate other) {
        return call.path("/staff/consultations/week") + "?date=" + iso_date(other) + who;
    };
    const LocalDate sunday = add_days(monday, 6);
    return call.staff_page(
        "booking_desk_week.tpl", call.text("booking_desk_week_title"), http::status::ok,
        [&](Dictionary& body) {
            body.SetValue("range_text",
                          localization_.long_date(language, zone.unix_ms(monday, 720) / 1000) +
                              " – " +
                              localization_.long_date(language, zone.unix_ms(sunday, 720) / 1000));
            body.SetValue("previous_href", week_href(add_days(monday, -7)));
            body.SetValue("next_href", week_href(add_days(monday, 7)));
            body.SetValue("today_href", week_href(today));
            for (int offset = 0; offset < 7; ++offset) {
                const LocalDate date = add_days(monday, offset);
                auto* day = body.AddSectionDictionary("DAY");
                day->SetValue("date", iso_date(date));
                day->SetValue("date_text", localization_.date_with_weekday(
                                               language, zone.unix_ms(date, 720) / 1000));
                day->SetValue("href", call.path("/staff/consultations/day") +
                                          "?date=" + iso_date(date) + who);
                if (date == today) day->ShowSection("TODAY");
                if (const auto holiday = store_.holidays().holiday(date)) {
                    day->AddSectionDictionary("HOLIDAY")->SetValue(
                        "name", call.text("booking_holiday_" + std::string(*holiday)));
                }
                Dictionary* list = nullptr;
                for (const Booking& booking : bookings) {
                    if (booking.state == BookingState::kExpired ||
                        !(zone.local_date(booking.start_unix_ms) == date)) {
                        continue;
                    }
                    if (!list) list = day->AddSectionDictionary("BOOKINGS");
                    fill_card(call, *list, booking, *snapshot);
                }
                if (!list) day->ShowSection("NONE");
            }
        });
}

// ---- one booking

Booking BookingDeskPage::booking_of(PageCall& call) const {
    auto booking = store_.booking(call.id("id"));
    // Another official's booking is no business of this one: as if it did not exist.
    if (!booking || (booking->official_id != call.user().id && !is_admin(call))) {
        throw NotFound();
    }
    return std::move(*booking);
}

Response BookingDeskPage::show(PageCall& call) {
    return page(call, nullptr);
}

Response BookingDeskPage::page(PageCall& call, const FormProblems* problems) {
    const Booking booking = booking_of(call);
    const auto snapshot = store_.snapshot();
    const Service* service = snapshot->service(booking.service_id);
    const Language language = call.language();
    const BookingTimeZone& zone = store_.zone();
    const std::string base = call.path(booking_path(booking.id));
    const std::string title = service ? topic_of(call, *service) : state_text(call, booking);
    const bool begun = booking.start_unix_ms <= store_.now();
    StaffForms forms(call.csrf_token(), problems);
    const auto status = problems ? http::status::unprocessable_entity : http::status::ok;
    return call.staff_page("booking_desk_booking.tpl", title, status, [&](Dictionary& body) {
        body.SetValue("topic", title);
        body.SetValue("topic_lang", language == Language::kEn ? "en" : "lt");
        const LocalDate date = zone.local_date(booking.start_unix_ms);
        std::string day_href = call.path("/staff/consultations/day") + "?date=" + iso_date(date);
        if (booking.official_id != call.user().id) {
            day_href += fmt::format("&official={}", booking.official_id);
        }
        body.SetValue("day_href", day_href);
        if (const std::string saved = call.query("saved");
            !problems && (saved == "mark" || saved == "note" || saved == "cancel")) {
            body.AddSectionDictionary("SAVED")->SetValue("text",
                                                         call.text("booking_desk_saved_" + saved));
        }
        body.SetValue(
            "when", localization_.date_with_weekday(language, booking.start_unix_ms / 1000) + ", " +
                        localization_.time_of_day(language, booking.start_unix_ms / 1000) + "–" +
                        localization_.time_of_day(language, booking.end_unix_ms / 1000));
        body.SetValue("start_machine",
                      localization_.machine_datetime(booking.start_unix_ms / 1000));
        if (service) {
            body.SetValue(
                "mode", call.text("booking_mode_" + std::string(service_mode_name(service->mode))));
            const std::string& where =
                service->mode == ServiceMode::kVideo ? service->video_link : service->place;
            if (!where.empty()) body.AddSectionDictionary("PLACE")->SetValue("text", where);
        }
        body.SetValue("state", state_text(call, booking));
        body.SetValue("name", booking.name);
        body.SetValue("email", booking.email);
        if (!booking.phone.empty()) {
            body.AddSectionDictionary("PHONE")->SetValue("phone", booking.phone);
        }
        body.SetValue("language", call.text(booking.language == "en" ? "booking_desk_language_en"
                                                                     : "booking_desk_language_lt"));
        if (!booking.note.empty())
            body.AddSectionDictionary("NOTE")->SetValue("text", booking.note);
        if (!booking.cancel_message.empty()) {
            body.AddSectionDictionary("CANCEL_MESSAGE")->SetValue("text", booking.cancel_message);
        }

        bool shown = false;
        const bool markable = booking.state == BookingState::kConfirmed ||
                              booking.state == BookingState::kAttended ||
                              booking.state == BookingState::kNoShow;
        if (markable && begun) {
            auto* mark = body.AddSectionDictionary("MARK");
            StaffForm attended =
                button("attended", base + "/attended", call.text("booking_desk_mark_attended"));
            attended.compact = true;
            shown |= forms.place(*mark, "ATTENDED_FORM", std::move(attended));
            StaffForm no_show =
                button("no-show", base + "/no-show", call.text("booking_desk_mark_no_show"));
            no_show.compact = true;
            shown |= forms.place(*mark, "NO_SHOW_FORM", std::move(no_show));
        }
        StaffForm note = button("note", base + "/note", call.text("booking_desk_save_note"));
        StaffField text = field("private_note", call.text("booking_desk_field_private_note"),
                                Control::kTextarea, false);
        text.value = booking.private_note;
        note.fields = {std::move(text)};
        shown |= forms.place(body, "NOTE_FORM", std::move(note));
        if (booking.active() && !begun) {
            StaffForm cancel =
                button("cancel", base + "/cancel", call.text("booking_desk_cancel_submit"));
            cancel.fields = {field("message", call.text("booking_desk_field_message"),
                                   Control::kTextarea, true,
                                   call.text("booking_desk_message_hint"))};
            shown |=
                forms.place(*body.AddSectionDictionary("CANCEL"), "CANCEL_FORM", std::move(cancel));
        }
        // A refusal of a form the booking no longer offers (marked before its time, cancelled
        // once it has begun) is said at the top.
        if (problems && !shown && !problems->form_error.empty()) {
            body.AddSectionDictionary("REFUSED")->SetValue("text", problems->form_error);
        }
        forms.summarise(body);
    });
}

// ---- the changes

asio::awaitable<Response> BookingDeskPage::finish(PageCall& call, std::int64_t id,
                                                  std::string_view saved, FormProblems refused,
                                                  std::function<asio::awaitable<void>()> write) {
    if (refused.empty()) {
        try {
            auto pending = write();
            co_await std::move(pending);
            co_return call.redirect(call.path(booking_path(id)) + "?saved=" + std::string(saved));
        } catch (const InvalidInput& e) {
            refused.form_error = call.explain(e);
        }
    }
    co_return page(call, &refused);
}

asio::awaitable<Response> BookingDeskPage::attended(PageCall& call) {
    const std::int64_t id = booking_of(call).id;
    FormProblems refused = staff_forms::problems(call, renderer_, "attended", {});
    auto done = finish(call, id, "mark", std::move(refused), [&] {
        return store_.mark(id, BookingState::kAttended,
                           call.audit_note("booking.mark", "booking", "attended"));
    });
    co_return co_await std::move(done);
}

asio::awaitable<Response> BookingDeskPage::no_show(PageCall& call) {
    const std::int64_t id = booking_of(call).id;
    FormProblems refused = staff_forms::problems(call, renderer_, "no-show", {});
    auto done = finish(call, id, "mark", std::move(refused), [&] {
        return store_.mark(id, BookingState::kNoShow,
                           call.audit_note("booking.mark", "booking", "no_show"));
    });
    co_return co_await std::move(done);
}

asio::awaitable<Response> BookingDeskPage::note(PageCall& call) {
    const std::int64_t id = booking_of(call).id;
    Problems problems;
    std::string text = read_paragraphs(call.form(), "private_note", kPrivateNote,
                                       "booking_desk_error_note", problems);
    FormProblems refused = staff_forms::problems(call, renderer_, "note", problems);
    auto done = finish(call, id, "note", std::move(refused), [&] {
        // The note is private: the audit log says it changed, not what it says.
        return store_.note(id, text, call.audit_note("booking.note", "booking", ""));
    });
    co_return co_await std::move(done);
}

asio::awaitable<Response> BookingDeskPage::cancel(PageCall& call) {
    const std::int64_t id = booking_of(call).id;
    Problems problems;
    std::string message = read_paragraphs(call.form(), "message", kCancelMessage,
                                          "booking_desk_error_message", problems);
    FormProblems refused = staff_forms::problems(call, renderer_, "cancel", problems);
    auto done = finish(call, id, "cancel", std::move(refused), [&] {
        return store_.cancel_by_official(
            id, message, call.audit_note("booking.cancel_by_official", "booking", message));
    });
    co_return co_await std::move(done);
}

}  // namespace councilcast::portal
