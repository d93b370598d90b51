// What the residents' consultation pages and mails share: a topic's texts in the reader's
// language, how it is held, a time as people read it, and the free times as a list of days
// whose buttons hold a time (portal/templates/booking_find_times.tpl).
#pragma once

#include <ctemplate/template.h>

#include <boost/beast/http/status.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "portal/accounts/notice_page.hpp"
#include "portal/accounts/page_call.hpp"
#include "portal/bookings/booking_record.hpp"
#include "portal/bookings/slot_finder.hpp"
#include "portal/pages/language.hpp"
#include "portal/pages/localization.hpp"
#include "portal/pages/page_renderer.hpp"

namespace councilcast::portal {

const std::string& topic_in(const Service& service, Language language);
const std::string& description_in(const Service& service, Language language);
const std::string& department_in(const Department& department, Language language);

// How the consultation takes place, for the pages: "Vieta: …", a call, a video call.
std::string mode_text(const Service& service, Language language, const PageRenderer& renderer);
// The languages a topic is offered in: "Kalbos: lietuvių, anglų".
std::string languages_text(const Service& service, Language language, const PageRenderer& renderer);
std::string minutes_text(const Service& service, Language language, const PageRenderer& renderer);

// "2026 m. gruodžio 7 d., pirmadienis, 09:00" / "Monday, 7 December 2026, 09:00"
std::string when_text(std::int64_t unix_ms, Language language, const Localization& localization);

// What the times list needs besides the slots: where each day's form posts, its CSRF token
// and idempotency key.
struct TimesForm {
    std::string action;
    std::string csrf;
    std::string request;  // the form's idempotency key (new_secret_token): fresh on every page
};

// One DAY section per local day with free times, each with its TIME buttons; `NO_TIMES` with
// `empty_text` when there are none (and the text is not empty). Days are the municipality's
// (Europe/Vilnius), whatever the visitor's device says.
void fill_times(ctemplate::TemplateDictionary& body, const std::vector<FreeSlot>& slots,
                const TimesForm& form, Language language, const Localization& localization,
                const PageRenderer& renderer, const std::string& empty_text);

// A page of free times (booking_find_times.tpl): a topic's, the nearest ones after a time was
// taken meanwhile, or those a booking may move to.
struct TimesPage {
    std::string heading;
    std::string back_href;
    std::string back_text;
    const Service* service = nullptr;  // its facts above the times; nullptr: none
    std::string notice;                // a message above the times; empty: none
    std::string notice_kind = "error";
    std::string intro;
    std::string period;  // "Laikas nuo … iki …"; empty: none
    std::string empty_text;
    std::string previous_href;  // empty: no link
    std::string next_href;
    std::string sign_in_href;  // the topic needs an account and nobody is signed in
    std::string action;        // where the times post
};
boost::beast::http::response<boost::beast::http::string_body> times_page(
    PageCall& call, boost::beast::http::status status, const TimesPage& page,
    const std::vector<FreeSlot>& slots, const Localization& localization,
    const PageRenderer& renderer, const BookingsSnapshot& snapshot);

// A notice among the consultations' pages (portal/accounts/notice_page).
boost::beast::http::response<boost::beast::http::string_body> consultation_notice(
    PageCall& call, boost::beast::http::status status, const Notice& notice);

// Tokens are 43 characters of base64url; anything much longer is not one and is not looked up.
bool token_shaped(std::string_view token);

// A `start` field: the unix ms of a time the page offered (digits only).
std::optional<std::int64_t> parse_start(std::string_view text);

}  // namespace councilcast::portal
