// An official's calendar feed: /staff/consultations/calendar makes a secret address (shown once:
// the store keeps only its digest; a new one ends the old) or revokes it, and
// /consultations/calendar/<secret>.ics is the feed itself (METHOD:PUBLISH, their bookings from a
// week back to a year ahead that still take their time), which calendar programs fetch without
// signing in. An unknown or revoked secret answers 404, like any missing page.
#pragma once

#include <boost/asio/awaitable.hpp>

#include <optional>
#include <string>

#include "portal/accounts/page_call.hpp"
#include "portal/accounts/page_route.hpp"
#include "portal/accounts/staff_forms.hpp"
#include "portal/bookings/booking_calendar.hpp"
#include "portal/bookings/booking_store.hpp"

namespace councilcast::portal {

class BookingFeedPage {
  public:
    using Response = PageCall::Response;

    // Non-owning references: each outlives this. `public_url`: the site's address
    // ([server] public_url, "https://…/"), which the feed's address starts with.
    BookingFeedPage(BookingStore& store, const BookingCalendar& calendar);

    void set_public_url(std::string public_url) { public_url_ = std::move(public_url); }
    ModuleEntries entries();

  private:
    Response show(PageCall& call);
    boost::asio::awaitable<Response> create(PageCall& call);
    boost::asio::awaitable<Response> revoke(PageCall& call);
    Response feed(PageCall& call);

    // The page; `secret`: the address just made, shown this once.
    Response page(PageCall& call, const std::optional<std::string>& secret);

    BookingStore& store_;
    const BookingCalendar& calendar_;
    std::string public_url_;
};

}  // namespace councilcast::portal
