#include "portal/bookings/booking_own_pages.hpp"

#include "common/error.hpp"
#include "portal/bookings/booking_find_pages.hpp"
#include "portal/bookings/booking_views.hpp"
#include "portal/bookings/local_days.hpp"
#include "portal/pages/target.hpp"

namespace councilcast::portal {
namespace asio = boost::asio;
namespace http = boost::beast::http;
using Response = BookingOwnPages::Response;
using Dictionary = ctemplate::TemplateDictionary;

namespace {

std::string own_path(std::string_view token, std::string_view rest = {}) {
    return "/consultations/booking/" + std::string(token) + std::string(rest);
}

}  // namespace

BookingOwnPages::BookingOwnPages(BookingStore& store, BookingRateLimits& limits,
                                 const PageRenderer& renderer, const Localization& localization)
    : store_(store), limits_(limits), renderer_(renderer), localization_(localization) {}

ModuleEntries BookingOwnPages::entries() {
    using http::verb;
    ModuleEntries entries;
    entries.routes = {
        {.method = verb::get,
         .pattern = "/consultations/booking/{token}",
         .access = kAnyone,
         .answer = answer_of(this, &BookingOwnPages::own)},
        {verb::post, "/consultations/booking/{token}/cancel", kAnyone, FormKind::kShort,
         handler_of(this, &BookingOwnPages::cancel)},
        {.method = verb::get,
         .pattern = "/consultations/booking/{token}/reschedule",
         .access = kAnyone,
         .answer = answer_of(this, &BookingOwnPages::reschedule_form)},
        {verb::post, "/consultations/booking/{token}/reschedule", kAnyone, FormKind::kShort,
         handler_of(this, &BookingOwnPages::reschedule)},
    };
    return entries;
}

Response BookingOwnPages::gone(PageCall& call, const std::string& text) {
    return consultation_notice(call, http::status::gone,
                               {.title = call.text("booking_own_gone_title"),
                                .text = text,
                                .kind = "error",
                                .link = call.path("/consultations"),
                                .link_text = call.text("booking_find_back")});
}

Response BookingOwnPages::own(PageCall& call) {
    const std::string& token = call.parameter("token");
    const auto booking = token_shaped(token) ? store_.by_manage_token(token) : std::nullopt;
    // Cancelling spends the link: what the resident sees after their cancel is this notice.
    if (!booking && !call.query("cancelled").empty()) {
        return consultation_notice(call, http::status::ok,
                                   {.title = call.text("booking_own_title"),
                                    .text = call.text("booking_own_cancelled"),
                                    .link = call.path("/consultations"),
                                    .link_text = call.text("booking_find_back")});
    }
    if (!booking) return gone(call, call.text("booking_own_gone"));
    const Language language = call.language();
    const auto snapshot = store_.snapshot();
    const Service* service = snapshot->service(booking->service_id);
    const Official* official = snapshot->official(booking->official_id);
    if (!service) return gone(call, call.text("booking_own_gone"));
    PageFrame frame;
    frame.title = call.text("booking_own_title");
    frame.alternate_path = localised(other_language(language), call.target().path);
    frame.nav_current = "consultations";
    const bool ahead = booking->active() && booking->start_unix_ms > store_.now();
    return call.page(http::status::ok, "booking_own.tpl", std::move(frame), [&](Dictionary& body) {
        std::string notice;
        if (booking->state == BookingState::kCancelled) {
            notice = booking->cancelled_by == CancelledBy::kOfficial
                         ? call.text("booking_own_cancelled_by_official", "message",
                                     booking->cancel_message)
                         : call.text("booking_own_cancelled");
        } else if (!call.query("confirmed").empty()) {
            notice = call.text("booking_own_confirmed_now");
        }
        if (!notice.empty()) {
            auto* shown = body.AddSectionDictionary("NOTICE");
            shown->SetValue("text", notice);
            shown->SetValue("kind", "ok");
        }
        body.SetValue("service", topic_in(*service, language));
        body.SetValue("when", when_text(booking->start_unix_ms, language, localization_));
        body.SetValue("datetime", localization_.machine_datetime(booking->start_unix_ms / 1000));
        body.SetValue("official", official ? official->display_name : "");
        std::string how = mode_text(*service, language, renderer_);
        if (service->mode == ServiceMode::kVideo) how += " " + service->video_link;
        body.SetValue("how", how);
        body.SetValue(
            "state", call.text("booking_state_" + std::string(booking_state_name(booking->state))));
        if (ahead) {
            auto* change = body.AddSectionDictionary("CHANGE");
            change->SetValue("reschedule_href", call.path(own_path(token, "/reschedule")));
            change->SetValue("cancel_action", call.path(own_path(token, "/cancel")));
            change->SetValue("csrf", call.csrf_token());
        }
    });
}

asio::awaitable<Response> BookingOwnPages::cancel(PageCall& call) {
    const std::string token = call.parameter("token");
    if (!token_shaped(token)) co_return gone(call, call.text("booking_own_gone"));
    try {
        auto cancelling = store_.cancel(token);
        co_await std::move(cancelling);
    } catch (const InvalidInput& refusal) {
        co_return gone(call, call.explain(refusal));
    }
    co_return call.redirect(call.path(own_path(token)) + "?cancelled=1");
}

Response BookingOwnPages::times(PageCall& call, http::status status, const Booking& booking,
                                const std::string& notice, const std::vector<FreeSlot>* nearest) {
    const auto snapshot = store_.snapshot();
    const Service* service = snapshot->service(booking.service_id);
    if (!service) return gone(call, call.text("booking_own_gone"));
    const std::string token = call.parameter("token");
    const LocalDate today = store_.zone().local_date(store_.now());
    LocalDate from = today;
    if (const auto asked = parse_iso_date(call.query("from")); asked && today < *asked) {
        from = *asked;
    }
    const LocalDate to = add_days(from, BookingFindPages::kDaysShown - 1);
    TimesPage page;
    page.heading = call.text("booking_own_reschedule_title");
    page.back_href = call.path(own_path(token));
    page.back_text = call.text("booking_own_title");
    page.service = service;
    page.notice = notice;
    page.intro = call.text("booking_own_reschedule_intro");
    page.empty_text = call.text("booking_find_no_times");
    page.action = call.path(own_path(token, "/reschedule"));
    const std::string base = page.action;
    if (!nearest) {
        if (today < from) {
            const LocalDate previous = add_days(from, -BookingFindPages::kDaysShown);
            page.previous_href = base + "?from=" + iso_date(today < previous ? previous : today);
        }
        page.next_href = base + "?from=" + iso_date(add_days(from, BookingFindPages::kDaysShown));
    }
    const auto slots = nearest ? *nearest : store_.free_slots(service->id, from, to);
    return times_page(call, status, page, slots, localization_, renderer_, *snapshot);
}

Response BookingOwnPages::reschedule_form(PageCall& call) {
    if (!call.query("moved").empty()) {
        return consultation_notice(call, http::status::ok,
                                   {.title = call.text("booking_own_title"),
                                    .text = call.text("booking_own_rescheduled")});
    }
    const std::string& token = call.parameter("token");
    const auto booking = token_shaped(token) ? store_.by_manage_token(token) : std::nullopt;
    if (!booking) return gone(call, call.text("booking_own_gone"));
    if (!booking->active() || booking->start_unix_ms <= store_.now()) {
        return gone(call, call.text("booking_own_past"));
    }
    return times(call, http::status::ok, *booking, {}, nullptr);
}

asio::awaitable<Response> BookingOwnPages::reschedule(PageCall& call) {
    const std::string token = call.parameter("token");
    const auto booking = token_shaped(token) ? store_.by_manage_token(token) : std::nullopt;
    if (!booking) co_return gone(call, call.text("booking_own_gone"));
    if (!booking->active() || booking->start_unix_ms <= store_.now()) {
        co_return gone(call, call.text("booking_own_past"));
    }
    const Booking current = *booking;
    const auto start = parse_start(call.form().get("start"));
    if (!start) throw InvalidInput::text("booking_error_no_slot");
    if (const auto wait = limits_.take_hold(call.context().client()); wait.count() > 0) {
        co_return too_many_page(call, renderer_, "booking_find_too_many", wait);
    }
    try {
        auto holding = store_.hold({.service_id = current.service_id,
                                    .start_unix_ms = *start,
                                    .client_key = call.context().client().to_string(),
                                    .idempotency_key = call.form().get("request")});
        const auto held = co_await std::move(holding);
        if (held.taken) {
            co_return times(
                call, http::status::conflict, current,
                call.text(held.nearest.empty() ? "booking_find_taken_none" : "booking_find_taken"),
                &held.nearest);
        }
        auto moving = store_.reschedule(token, held.token);
        co_await std::move(moving);
    } catch (const InvalidInput& refusal) {
        co_return times(call, http::status::unprocessable_entity, current, call.explain(refusal),
                        nullptr);
    }
    co_return call.redirect(call.path(own_path(token, "/reschedule")) + "?moved=1");
}

}  // namespace councilcast::portal
