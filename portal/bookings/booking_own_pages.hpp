// The resident's own booking, from the link in their mail: /consultations/booking/<token>
// (what, when, with whom, how; cancel and choose another time while it is ahead), its POST
// .../cancel, and .../reschedule (the topic's free times; its POST holds the new time and
// moves the booking there in one go, or answers 409 with the nearest free times). The store
// spends the link on a move or a cancellation: each acts once.
#pragma once

#include <boost/asio/awaitable.hpp>

#include "portal/accounts/page_call.hpp"
#include "portal/accounts/page_route.hpp"
#include "portal/bookings/booking_rate_limits.hpp"
#include "portal/bookings/booking_store.hpp"
#include "portal/pages/localization.hpp"
#include "portal/pages/page_renderer.hpp"

namespace councilcast::portal {

class BookingOwnPages {
  public:
    using Response = PageCall::Response;

    // Non-owning references: each outlives this.
    BookingOwnPages(BookingStore& store, BookingRateLimits& limits, const PageRenderer& renderer,
                    const Localization& localization);

    ModuleEntries entries();

  private:
    Response own(PageCall& call);
    boost::asio::awaitable<Response> cancel(PageCall& call);
    Response reschedule_form(PageCall& call);
    boost::asio::awaitable<Response> reschedule(PageCall& call);

    Response gone(PageCall& call, const std::string& text);
    // The free times a booking may move to (a month from ?from=), or `nearest` when the time
    // asked for was taken meanwhile, under `notice`.
    Response times(PageCall& call, boost::beast::http::status status, const Booking& booking,
                   const std::string& notice, const std::vector<FreeSlot>* nearest);

    BookingStore& store_;
    BookingRateLimits& limits_;
    const PageRenderer& renderer_;
    const Localization& localization_;
};

}  // namespace councilcast::portal
