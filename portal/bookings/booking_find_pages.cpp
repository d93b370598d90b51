#include "portal/bookings/booking_find_pages.hpp"

#include <fmt/core.h>

#include "common/error.hpp"
#include "portal/bookings/booking_views.hpp"
#include "portal/bookings/local_days.hpp"
#include "portal/pages/target.hpp"

namespace councilcast::portal {
namespace asio = boost::asio;
namespace http = boost::beast::http;
using Response = BookingFindPages::Response;
using Dictionary = ctemplate::TemplateDictionary;

BookingFindPages::BookingFindPages(BookingStore& store, BookingRateLimits& limits,
                                   const PageRenderer& renderer, const Localization& localization)
    : store_(store), limits_(limits), renderer_(renderer), localization_(localization) {}

ModuleEntries BookingFindPages::entries() {
    using http::verb;
    ModuleEntries entries;
    entries.routes = {
        open_route("/consultations", answer_of(this, &BookingFindPages::topics)),
        open_route("/consultations/{id}", answer_of(this, &BookingFindPages::times)),
        {verb::post, "/consultations/{id}/hold", kAnyone, FormKind::kShort,
         handler_of(this, &BookingFindPages::hold)},
    };
    entries.crawlers.sitemap_paths = [] { return std::vector<std::string>{"/consultations"}; };
    return entries;
}

const Service* BookingFindPages::service_of(PageCall& call,
                                            const BookingsSnapshot& snapshot) const {
    const Service* service = snapshot.service(call.id("id"));
    if (!service || !service->active || !snapshot.department(service->department_id)) {
        throw NotFound();
    }
    return service;
}

Response BookingFindPages::topics(PageCall& call) {
    const Language language = call.language();
    const auto snapshot = store_.snapshot();
    PageFrame frame;
    frame.title = call.text("booking_find_title");
    frame.alternate_path = localised(other_language(language), "/consultations");
    frame.nav_current = "consultations";
    frame.description = call.text("booking_find_intro");
    return call.page(http::status::ok, "booking_find.tpl", std::move(frame), [&](Dictionary& body) {
        bool any = false;
        for (const Department& department : snapshot->departments) {
            Dictionary* shown = nullptr;
            for (const Service* service : snapshot->services_of(department.id)) {
                if (!service->active) continue;
                if (!shown) {
                    shown = body.AddSectionDictionary("DEPARTMENT");
                    shown->SetIntValue("id", department.id);
                    shown->SetValue("name", department_in(department, language));
                }
                auto* item = shown->AddSectionDictionary("SERVICE");
                item->SetValue("href", call.path(service_path(service->id)));
                item->SetValue("topic", topic_in(*service, language));
                const std::string& description = description_in(*service, language);
                if (!description.empty()) {
                    item->AddSectionDictionary("DESCRIPTION")->SetValue("text", description);
                }
                item->SetValue("minutes", minutes_text(*service, language, renderer_));
                item->SetValue("mode", call.text("booking_mode_" +
                                                 std::string(service_mode_name(service->mode))));
                item->AddSectionDictionary("LANGUAGES")
                    ->SetValue("text", languages_text(*service, language, renderer_));
                if (service->account_required) item->ShowSection("ACCOUNT");
                any = true;
            }
        }
        if (!any) body.ShowSection("EMPTY");
    });
}

Response BookingFindPages::times(PageCall& call) {
    const Language language = call.language();
    const auto snapshot = store_.snapshot();
    const Service* service = service_of(call, *snapshot);
    const LocalDate today = store_.zone().local_date(store_.now());
    LocalDate from = today;
    if (const std::string asked = call.query("from"); !asked.empty()) {
        const auto parsed = parse_iso_date(asked);
        if (!parsed) throw InvalidInput::text("booking_find_error_date");
        // Earlier days have no free time; the page starts today.
        if (today < *parsed) from = *parsed;
    }
    const LocalDate to = add_days(from, kDaysShown - 1);
    const auto slots = store_.free_slots(service->id, from, to);
    const std::string base = call.path(service_path(service->id));
    TimesPage page;
    page.heading = topic_in(*service, language);
    page.back_href = call.path("/consultations");
    page.back_text = call.text("booking_find_back");
    page.service = service;
    page.intro = renderer_.format(language, "booking_find_times_intro",
                                  {{"minutes", store_.settings().hold.count()}});
    page.period = renderer_.format(
        language, "booking_find_period",
        {{"from", localization_.long_date(language, store_.zone().unix_ms(from, 12 * 60) / 1000)},
         {"to", localization_.long_date(language, store_.zone().unix_ms(to, 12 * 60) / 1000)}});
    page.empty_text = call.text("booking_find_no_times");
    if (today < from) {
        const LocalDate previous = add_days(from, -kDaysShown);
        page.previous_href = base + "?from=" + iso_date(today < previous ? previous : today);
    }
    // The longest horizon an official may set is a year ahead.
    if (day_number(from) + kDaysShown <= day_number(today) + 366) {
        page.next_href = base + "?from=" + iso_date(add_days(from, kDaysShown));
    }
    if (service->account_required && !call.signed_in()) page.sign_in_href = call.path("/login");
    page.action = call.path(service_path(service->id, "/hold"));
    return times_page(call, http::status::ok, page, slots, localization_, renderer_, *snapshot);
}

asio::awaitable<Response> BookingFindPages::hold(PageCall& call) {
    const Language language = call.language();
    const auto snapshot = store_.snapshot();
    const Service* service = service_of(call, *snapshot);
    const Service shown = *service;
    const auto start = parse_start(call.form().get("start"));
    if (!start) throw InvalidInput::text("booking_error_no_slot");
    TimesPage page;
    page.heading = topic_in(shown, language);
    page.back_href = call.path(service_path(shown.id));
    page.back_text = call.text("booking_find_choose");
    page.service = service;
    page.intro = renderer_.format(language, "booking_find_times_intro",
                                  {{"minutes", store_.settings().hold.count()}});
    page.action = call.path(service_path(shown.id, "/hold"));
    if (shown.account_required && !call.signed_in()) {
        page.sign_in_href = call.path("/login");
        co_return times_page(call, http::status::forbidden, page, {}, localization_, renderer_,
                             *snapshot);
    }
    if (const auto wait = limits_.take_hold(call.context().client()); wait.count() > 0) {
        co_return too_many_page(call, renderer_, "booking_find_too_many", wait);
    }
    BookingStore::HoldOutcome outcome;
    try {
        auto holding = store_.hold({.service_id = shown.id,
                                    .start_unix_ms = *start,
                                    .client_key = call.context().client().to_string(),
                                    .idempotency_key = call.form().get("request")});
        outcome = co_await std::move(holding);
    } catch (const InvalidInput& refusal) {
        page.notice = call.explain(refusal);
        page.empty_text = call.text("booking_find_no_times");
        const auto nearest = store_.nearest_free(shown.id, *start, 5);
        co_return times_page(call, http::status::unprocessable_entity, page, nearest, localization_,
                             renderer_, *snapshot);
    }
    if (outcome.taken) {
        page.heading = call.text("booking_find_taken_title");
        page.notice =
            call.text(outcome.nearest.empty() ? "booking_find_taken_none" : "booking_find_taken");
        co_return times_page(call, http::status::conflict, page, outcome.nearest, localization_,
                             renderer_, *snapshot);
    }
    co_return call.redirect(call.path("/consultations/hold/" + outcome.token));
}

}  // namespace councilcast::portal
