// How a resident finds a time: /consultations (departments and their topics),
// /consultations/<service> (free times by day; ?from=YYYY-MM-DD) and the POST that holds the
// chosen time (/consultations/<service>/hold → 303 to the details form, or 409 with the
// nearest free times when someone took it meanwhile). Every form works without script;
// booking.js only adds the month grid.
#pragma once

#include <boost/asio/awaitable.hpp>

#include "config/config.hpp"
#include "portal/accounts/page_call.hpp"
#include "portal/accounts/page_route.hpp"
#include "portal/bookings/booking_rate_limits.hpp"
#include "portal/bookings/booking_store.hpp"
#include "portal/pages/localization.hpp"
#include "portal/pages/page_renderer.hpp"

namespace councilcast::portal {

class BookingFindPages {
  public:
    using Response = PageCall::Response;

    // Days of free times one page shows: a month, which the script's grid draws.
    static constexpr int kDaysShown = 31;

    // Non-owning references: each outlives this.
    BookingFindPages(BookingStore& store, BookingRateLimits& limits, const PageRenderer& renderer,
                     const Localization& localization);

    ModuleEntries entries();

  private:
    Response topics(PageCall& call);
    Response times(PageCall& call);
    boost::asio::awaitable<Response> hold(PageCall& call);

    const Service* service_of(PageCall& call, const BookingsSnapshot& snapshot) const;

    BookingStore& store_;
    BookingRateLimits& limits_;
    const PageRenderer& renderer_;
    const Localization& localization_;
};

}  // namespace councilcast::portal
