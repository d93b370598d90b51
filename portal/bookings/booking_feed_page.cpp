#include "portal/bookings/booking_feed_page.hpp"
#include "portal/accounts/form_checks.hpp"

#include <fmt/core.h>

#include <algorithm>

#include "common/error.hpp"
#include "common/unix_time.hpp"
#include "portal/http/responses.hpp"

namespace councilcast::portal {
namespace asio = boost::asio;
namespace http = boost::beast::http;
using Response = BookingFeedPage::Response;
using Dictionary = ctemplate::TemplateDictionary;
using staff_forms::button;

namespace {

constexpr std::string_view kSuffix = ".ics";
// Longer than any secret the store makes (its tokens are 43 characters): refused unread.
constexpr std::size_t kMaxSecret = 128;
// The feed holds what is still useful in a calendar: the last week, and up to a year ahead.
constexpr std::int64_t kFeedPastMs = 7 * kDayMs;
constexpr std::int64_t kFeedAheadMs = 366 * kDayMs;

bool is_secret(std::string_view text) {
    return !text.empty() && text.size() <= kMaxSecret &&
           std::all_of(text.begin(), text.end(), [](char c) {
               return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '_';
           });
}

}  // namespace

BookingFeedPage::BookingFeedPage(BookingStore& store, const BookingCalendar& calendar)
    : store_(store), calendar_(calendar) {}

ModuleEntries BookingFeedPage::entries() {
    using http::verb;
    ModuleEntries entries;
    entries.routes = {
        {.method = verb::get,
         .pattern = "/staff/consultations/calendar",
         .access = kOfficialsAndAdmins,
         .answer = answer_of(this, &BookingFeedPage::show)},
        {verb::post, "/staff/consultations/calendar", kOfficialsAndAdmins, FormKind::kShort,
         handler_of(this, &BookingFeedPage::create)},
        {verb::post, "/staff/consultations/calendar/revoke", kOfficialsAndAdmins, FormKind::kShort,
         handler_of(this, &BookingFeedPage::revoke)},
        open_route("/consultations/calendar/{name}", answer_of(this, &BookingFeedPage::feed),
                   Addresses::kProgram),
    };
    entries.crawlers.disallow = {"/consultations/calendar/"};
    return entries;
}

Response BookingFeedPage::show(PageCall& call) {
    return page(call, std::nullopt);
}

Response BookingFeedPage::page(PageCall& call, const std::optional<std::string>& secret) {
    const std::int64_t me = call.user().id;
    StaffForms forms(call.csrf_token(), nullptr);
    return call.staff_page(
        "booking_desk_calendar.tpl", call.text("booking_feed_title"), http::status::ok,
        [&](Dictionary& body) {
            if (call.query("saved") == "revoke") {
                body.AddSectionDictionary("SAVED")->SetValue(
                    "text", call.text("booking_feed_saved_revoke"));
            }
            if (secret) {
                std::string base = public_url_;
                while (base.ends_with('/')) base.pop_back();
                body.AddSectionDictionary("NEW_URL")->SetValue(
                    "url", base + "/consultations/calendar/" + *secret + std::string(kSuffix));
            }
            const bool active = store_.has_feed_token(me);
            if (active) {
                body.AddSectionDictionary("ACTIVE")->SetValue("text",
                                                              call.text("booking_feed_active"));
            } else {
                body.ShowSection("NO_FEED");
            }
            StaffForm create = button("create", call.path("/staff/consultations/calendar"),
                                      call.text("booking_feed_create"));
            create.compact = true;
            forms.place(body, "CREATE_FORM", std::move(create));
            if (active) {
                StaffForm revoke =
                    button("revoke", call.path("/staff/consultations/calendar/revoke"),
                           call.text("booking_feed_revoke"));
                revoke.compact = true;
                forms.place(body, "REVOKE_FORM", std::move(revoke));
            }
        });
}

// The new address is this answer's alone: a redirect would put the secret in a URL.
asio::awaitable<Response> BookingFeedPage::create(PageCall& call) {
    auto made = store_.create_feed_token(call.user().id,
                                         call.audit_note("booking.feed.create", "official"));
    const std::string secret = co_await std::move(made);
    co_return page(call, secret);
}

asio::awaitable<Response> BookingFeedPage::revoke(PageCall& call) {
    auto revoked = store_.revoke_feed_token(call.user().id,
                                            call.audit_note("booking.feed.revoke", "official"));
    co_await std::move(revoked);
    co_return call.redirect(call.path("/staff/consultations/calendar") + "?saved=revoke");
}

Response BookingFeedPage::feed(PageCall& call) {
    std::string_view name = call.parameter("name");
    if (!name.ends_with(kSuffix)) throw NotFound();
    name.remove_suffix(kSuffix.size());
    if (!is_secret(name)) throw NotFound();
    const auto official_id = store_.official_of_feed_token(name);
    if (!official_id) throw NotFound();
    const auto snapshot = store_.snapshot();
    const Official* official = snapshot->official(*official_id);
    if (!official) throw NotFound();
    const std::int64_t now = store_.now();
    std::vector<Booking> bookings;
    for (Booking& booking :
         store_.official_bookings(*official_id, now - kFeedPastMs, now + kFeedAheadMs)) {
        if (booking.active() || booking.state == BookingState::kAttended) {
            bookings.push_back(std::move(booking));
        }
    }
    // Private, like the address: no shared cache may keep a copy.
    auto response =
        text_response(call.request(), http::status::ok, "text/calendar; charset=utf-8",
                      calendar_.feed(*official, bookings, *snapshot), "private, no-store");
    response.set(http::field::content_disposition, "inline; filename=\"konsultacijos.ics\"");
    response.set("X-Robots-Tag", "noindex");
    return response;
}

}  // namespace councilcast::portal
