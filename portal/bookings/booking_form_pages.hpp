// The held time and the resident's details: /consultations/hold/<token> shows the time, how
// long it stays held and the form (name, email, phone, a short note, the consultation's
// language); its POST books (303: to the booking's page when a verified signed-in resident is
// confirmed at once, else to "check your mail"), 422 with each error at its field. The form's
// idempotency key makes a second press book nothing more. /consultations/confirm/<token> is the
// mailed link: GET shows a button, POST confirms (mail scanners fetch links, people press
// buttons), once.
#pragma once

#include <boost/asio/awaitable.hpp>

#include "portal/accounts/page_call.hpp"
#include "portal/accounts/page_route.hpp"
#include "portal/accounts/staff_forms.hpp"
#include "portal/bookings/booking_rate_limits.hpp"
#include "portal/bookings/booking_store.hpp"
#include "portal/pages/localization.hpp"
#include "portal/pages/page_renderer.hpp"

namespace councilcast::portal {

class BookingFormPages {
  public:
    using Response = PageCall::Response;

    // What the form takes, checked here field by field before the store checks it again.
    static constexpr std::size_t kMaxName = 100;
    static constexpr std::size_t kMaxNote = 1000;

    // Non-owning references: each outlives this.
    BookingFormPages(BookingStore& store, BookingRateLimits& limits, const PageRenderer& renderer,
                     const Localization& localization);

    ModuleEntries entries();

  private:
    Response details(PageCall& call);
    boost::asio::awaitable<Response> book(PageCall& call);
    Response confirm_form(PageCall& call);
    boost::asio::awaitable<Response> confirm(PageCall& call);

    // The form, for a GET (`problems` null) or a refused POST.
    Response details_page(PageCall& call, const Hold& hold, const Service& service,
                          const FormProblems* problems);
    // The hold's page when the hold is gone: expired or used.
    Response expired(PageCall& call, std::int64_t service_id);

    BookingStore& store_;
    BookingRateLimits& limits_;
    const PageRenderer& renderer_;
    const Localization& localization_;
};

}  // namespace councilcast::portal
