#include "portal/bookings/booking_form_pages.hpp"

#include "portal/bookings/booking_input.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <map>

#include "common/error.hpp"
#include "common/secret_token.hpp"
#include "common/typed_text.hpp"
#include "portal/bookings/booking_input.hpp"
#include "portal/bookings/booking_views.hpp"
#include "portal/mail/email_address.hpp"
#include "portal/pages/target.hpp"

namespace councilcast::portal {
namespace asio = boost::asio;
namespace http = boost::beast::http;
using Response = BookingFormPages::Response;
using Dictionary = ctemplate::TemplateDictionary;

namespace {

// The store's refusals that belong to one field of the form, shown at it.
const std::map<std::string, std::string, std::less<>> kFieldOfRefusal = {
    {"booking_error_name", "name"},         {"booking_error_email", "email"},
    {"booking_error_phone", "phone"},       {"booking_error_note", "note"},
    {"booking_error_language", "language"},
};

// What the details form carries, tidied, with each problem's catalogue text by field.
struct Details {
    std::string name;
    std::string email;
    std::string phone;
    std::string note;
    std::string language;
    std::map<std::string, std::string, std::less<>> problems;
};

Details read_details(PageCall& call, const PageRenderer& renderer, const Service& service,
                     const std::optional<std::string>& account_email) {
    const Language language = call.language();
    const FormData& form = call.form();
    Details details;
    details.name = tidy_line(form.get("name"));
    if (characters(details.name) < 2 || characters(details.name) > BookingFormPages::kMaxName) {
        details.problems["name"] = renderer.format(language, "booking_form_error_name",
                                                   {{"max", BookingFormPages::kMaxName}});
    }
    if (account_email) {
        details.email = *account_email;
    } else if (auto email = normalise_email(form.get("email")); email) {
        details.email = *email;
    } else {
        details.problems["email"] = call.text("booking_form_error_email");
    }
    details.phone = tidy_line(form.get("phone"));
    if (!booking_phone_shaped(details.phone)) {
        details.problems["phone"] = call.text("booking_form_error_phone");
    } else if (details.phone.empty() && service.mode == ServiceMode::kPhone) {
        details.problems["phone"] = call.text("booking_form_error_phone_required");
    }
    details.note = form.get("note");
    if (characters(details.note) > BookingFormPages::kMaxNote) {
        details.problems["note"] = renderer.format(language, "booking_form_error_note",
                                                   {{"max", BookingFormPages::kMaxNote}});
    }
    details.language =
        service.languages.size() == 1 ? service.languages.front() : form.get("language");
    if (std::find(service.languages.begin(), service.languages.end(), details.language) ==
        service.languages.end()) {
        details.problems["language"] = call.text("booking_form_error_language");
    }
    return details;
}

StaffField field(std::string name, std::string label, std::string hint, bool required,
                 Control control = Control::kText) {
    StaffField field;
    field.name = std::move(name);
    field.label = std::move(label);
    field.hint = std::move(hint);
    field.required = required;
    field.control = control;
    return field;
}

}  // namespace

BookingFormPages::BookingFormPages(BookingStore& store, BookingRateLimits& limits,
                                   const PageRenderer& renderer, const Localization& localization)
    : store_(store), limits_(limits), renderer_(renderer), localization_(localization) {}

ModuleEntries BookingFormPages::entries() {
    using http::verb;
    ModuleEntries entries;
    entries.routes = {
        {.method = verb::get,
         .pattern = "/consultations/hold/{token}",
         .access = kAnyone,
         .answer = answer_of(this, &BookingFormPages::details)},
        {verb::post, "/consultations/hold/{token}", kAnyone, FormKind::kShort,
         handler_of(this, &BookingFormPages::book)},
        {.method = verb::get,
         .pattern = "/consultations/confirm/{token}",
         .access = kAnyone,
         .answer = answer_of(this, &BookingFormPages::confirm_form)},
        {verb::post, "/consultations/confirm/{token}", kAnyone, FormKind::kShort,
         handler_of(this, &BookingFormPages::confirm)},
    };
    // Private links and forms: nothing for a search engine.
    entries.crawlers.disallow = {"/consultations/hold/", "/consultations/confirm/",
                                 "/consultations/booking/"};
    return entries;
}

Response BookingFormPages::expired(PageCall& call, std::int64_t service_id) {
    return consultation_notice(
        call, http::status::gone,
        {.title = call.text("booking_form_expired_title"),
         .text = call.text("booking_form_expired"),
         .kind = "error",
         .link = call.path(service_id ? service_path(service_id) : "/consultations"),
         .link_text = call.text("booking_find_choose")});
}

Response BookingFormPages::details(PageCall& call) {
    if (!call.query("sent").empty()) {
        return consultation_notice(call, http::status::ok,
                                   {.title = call.text("booking_form_pending_title"),
                                    .text = call.text("booking_form_pending")});
    }
    const std::string& token = call.parameter("token");
    const auto hold = token_shaped(token) ? store_.hold_by_token(token) : std::nullopt;
    if (!hold) throw NotFound();
    const auto snapshot = store_.snapshot();
    const Service* service = snapshot->service(hold->service_id);
    if (!service || hold->released_unix_ms != 0 || hold->expires_unix_ms <= store_.now()) {
        return expired(call, hold->service_id);
    }
    return details_page(call, *hold, *service, nullptr);
}

Response BookingFormPages::details_page(PageCall& call, const Hold& hold, const Service& service,
                                        const FormProblems* problems) {
    const Language language = call.language();
    const User* user = call.signed_in();
    const bool verified = user != nullptr && user->verified;
    const auto snapshot = store_.snapshot();
    StaffForms forms(call.csrf_token(), problems);
    PageFrame frame;
    frame.title = call.text("booking_form_title") + " – " + topic_in(service, language);
    frame.alternate_path = localised(other_language(language), call.target().path);
    frame.nav_current = "consultations";
    const auto status = problems ? http::status::unprocessable_entity : http::status::ok;

    std::vector<StaffField> fields;
    fields.push_back(field("name", call.text("booking_form_field_name"), "", true));
    if (!verified) {
        fields.push_back(field("email", call.text("booking_form_field_email"),
                               call.text("booking_form_email_hint"), true));
    }
    const bool phone_needed = service.mode == ServiceMode::kPhone;
    fields.push_back(field(
        "phone",
        call.text(phone_needed ? "booking_form_field_phone_required" : "booking_form_field_phone"),
        call.text(phone_needed ? "booking_form_phone_required_hint" : "booking_form_phone_hint"),
        phone_needed));
    fields.push_back(
        field("note", call.text("booking_form_field_note"),
              renderer_.format(language, "booking_form_note_hint", {{"max", kMaxNote}}), false,
              Control::kTextarea));
    if (service.languages.size() > 1) {
        StaffField choice =
            field("language", call.text("booking_form_field_language"), "", true, Control::kSelect);
        choice.value = std::string(language_code(language));
        for (const auto& code : service.languages) {
            choice.options.emplace_back(code, call.text(code == "en" ? "booking_find_language_en"
                                                                     : "booking_find_language_lt"));
        }
        fields.push_back(std::move(choice));
    }
    const std::int64_t now = store_.now();
    const auto minutes_left =
        std::max<std::int64_t>(1, (hold.expires_unix_ms - now + 59999) / 60000);
    const std::string time = when_text(hold.start_unix_ms, language, localization_);
    const std::string token = call.parameter("token");
    // A key the form carries back: the same page pressed twice books once. A refused form keeps
    // the key it came with.
    const std::string request = problems ? problems->values.get("request") : new_secret_token();
    return call.page(status, "booking_form.tpl", std::move(frame), [&](Dictionary& body) {
        body.SetValue("back_href", call.path(service_path(service.id)));
        body.SetValue("service", topic_in(service, language));
        body.SetValue("when", time);
        body.SetValue("datetime", localization_.machine_datetime(hold.start_unix_ms / 1000));
        body.SetValue("how", mode_text(service, language, renderer_));
        body.SetValue(
            "held",
            renderer_.format(
                language, "booking_form_held",
                {{"time", time},
                 {"until", localization_.time_of_day(language, hold.expires_unix_ms / 1000)}}));
        body.SetValue("remaining", renderer_.format(language, "booking_form_remaining",
                                                    {{"minutes", minutes_left}}));
        if (verified) {
            body.AddSectionDictionary("SIGNED_IN")
                ->SetValue("text", call.text("booking_form_signed_in", "email", user->email));
        }
        forms.place(body, "BOOK_FORM",
                    {.id = "book",
                     .action = call.path("/consultations/hold/" + token),
                     .submit = call.text("booking_form_submit"),
                     .hidden = {{"request", request}},
                     .fields = std::move(fields)});
        forms.summarise(body);
    });
}

asio::awaitable<Response> BookingFormPages::book(PageCall& call) {
    const std::string token = call.parameter("token");
    const auto hold = token_shaped(token) ? store_.hold_by_token(token) : std::nullopt;
    if (!hold) throw NotFound();
    const auto snapshot = store_.snapshot();
    const Service* found = snapshot->service(hold->service_id);
    if (!found) co_return expired(call, 0);
    const Service service = *found;
    if (const auto wait = limits_.take_booking(call.context().client()); wait.count() > 0) {
        co_return too_many_page(call, renderer_, "booking_find_too_many", wait);
    }
    const User* user = call.signed_in();
    std::optional<std::string> account_email;
    if (user != nullptr && user->verified) account_email = user->email;
    const Details details = read_details(call, renderer_, service, account_email);
    FormProblems refused;
    refused.form_id = "book";
    refused.values = call.form();
    for (const auto& [name, text] : details.problems) refused.field_errors[name] = text;
    if (details.problems.empty()) {
        try {
            auto booking = store_.book({.hold_token = token,
                                        .name = details.name,
                                        .email = details.email,
                                        .phone = details.phone,
                                        .note = details.note,
                                        .language = details.language,
                                        .account_id = user ? user->id : 0,
                                        .email_verified = account_email.has_value(),
                                        .idempotency_key = call.form().get("request")});
            const auto booked = co_await std::move(booking);
            if (booked.state == BookingState::kConfirmed) {
                co_return call.redirect(call.path("/consultations/booking/" + booked.manage_token) +
                                        "?confirmed=1");
            }
            co_return call.redirect(call.path("/consultations/hold/" + token) + "?sent=1");
        } catch (const InvalidInput& refusal) {
            if (refusal.key() == "booking_error_hold_expired") co_return expired(call, service.id);
            const auto at = kFieldOfRefusal.find(refusal.key());
            if (at != kFieldOfRefusal.end()) {
                refused.field_errors[at->second] = call.explain(refusal);
            } else {
                refused.form_error = call.explain(refusal);
            }
        }
    }
    const auto current = store_.hold_by_token(token);
    if (!current || current->released_unix_ms != 0) co_return expired(call, service.id);
    co_return details_page(call, *current, service, &refused);
}

Response BookingFormPages::confirm_form(PageCall& call) {
    const std::string& token = call.parameter("token");
    const auto found = token_shaped(token) ? store_.by_confirmation_token(token) : std::nullopt;
    if (found && found->used && !call.query("done").empty()) {
        return consultation_notice(call, http::status::ok,
                                   {.title = call.text("booking_own_title"),
                                    .text = call.text("booking_own_confirmed_now")});
    }
    if (!found || found->used || !found->booking.active()) {
        return consultation_notice(call, http::status::gone,
                                   {.title = call.text("booking_own_gone_title"),
                                    .text = call.text("booking_form_confirm_gone"),
                                    .kind = "error",
                                    .link = call.path("/consultations"),
                                    .link_text = call.text("booking_find_back")});
    }
    const Language language = call.language();
    const auto snapshot = store_.snapshot();
    const Service* service = snapshot->service(found->booking.service_id);
    std::string intro = call.text("booking_form_confirm_intro");
    if (service) {
        intro += " " + topic_in(*service, language) + ", " +
                 when_text(found->booking.start_unix_ms, language, localization_) + ".";
    }
    return consultation_notice(call, http::status::ok,
                               {.title = call.text("booking_form_confirm_title"),
                                .text = intro,
                                .action = call.path("/consultations/confirm/" + token),
                                .submit = call.text("booking_form_confirm_submit")});
}

asio::awaitable<Response> BookingFormPages::confirm(PageCall& call) {
    const std::string token = call.parameter("token");
    if (!token_shaped(token)) throw NotFound();
    try {
        auto confirming = store_.confirm(token);
        co_await std::move(confirming);
    } catch (const InvalidInput& refusal) {
        co_return consultation_notice(call, http::status::gone,
                                      {.title = call.text("booking_own_gone_title"),
                                       .text = call.explain(refusal),
                                       .kind = "error",
                                       .link = call.path("/consultations"),
                                       .link_text = call.text("booking_find_back")});
    }
    co_return call.redirect(call.path("/consultations/confirm/" + token) + "?done=1");
}

}  // namespace councilcast::portal
