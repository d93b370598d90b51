// The consultations for programs: GET /api/v1/consultations/services (departments and their
// active topics) and GET /api/v1/consultations/slots?service=ID&from=YYYY-MM-DD&to=YYYY-MM-DD
// (free start times, ISO 8601 with the Vilnius offset, at most kMaxDays days), CORS-open like
// the other open-data APIs, refusals as RFC 9457 problem details. Booking itself is the pages'
// (CSRF-protected forms). Described in portal/api/openapi.json.
#pragma once

#include "portal/accounts/page_call.hpp"
#include "portal/accounts/page_route.hpp"
#include "portal/bookings/booking_rate_limits.hpp"
#include "portal/bookings/booking_store.hpp"
#include "portal/pages/localization.hpp"
#include "portal/pages/page_renderer.hpp"

namespace councilcast::portal {

class BookingApi {
  public:
    // The longest period /slots answers for: two months.
    static constexpr int kMaxDays = 62;

    // Non-owning references: each outlives this.
    BookingApi(const BookingStore& store, BookingRateLimits& limits, const PageRenderer& renderer,
               const Localization& localization);

    ModuleEntries entries();

  private:
    Reply services(PageCall& call) const;
    Reply slots(PageCall& call) const;

    const BookingStore& store_;
    BookingRateLimits& limits_;
    const PageRenderer& renderer_;
    const Localization& localization_;
};

}  // namespace councilcast::portal
