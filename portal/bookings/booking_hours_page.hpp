// An official's own hours (/staff/consultations/hours): their name as residents see it; for
// each service, the weekly hours ("08:00-12:00, 13:00-17:00" a weekday, empty for none, all
// empty: the service is not offered) with the buffers before and after, the minimum notice, how
// many days ahead and a daily maximum; days off and extra hours on one date; and the public
// holidays of the coming year, which are never offered. Officials only, each for themselves;
// every change is audited in the store's transaction.
#pragma once

#include <boost/asio/awaitable.hpp>

#include <cstdint>
#include <functional>
#include <string>

#include "portal/accounts/page_call.hpp"
#include "portal/accounts/page_route.hpp"
#include "portal/accounts/staff_forms.hpp"
#include "portal/bookings/booking_store.hpp"
#include "portal/pages/localization.hpp"
#include "portal/pages/page_renderer.hpp"

namespace councilcast::portal {

class BookingHoursPage {
  public:
    using Response = PageCall::Response;

    // Non-owning references: each outlives this.
    BookingHoursPage(BookingStore& store, const PageRenderer& renderer,
                     const Localization& localization);

    ModuleEntries entries();

  private:
    Response show(PageCall& call);
    boost::asio::awaitable<Response> save_name(PageCall& call);
    boost::asio::awaitable<Response> save_hours(PageCall& call);
    boost::asio::awaitable<Response> add_off(PageCall& call);
    boost::asio::awaitable<Response> add_extra(PageCall& call);
    boost::asio::awaitable<Response> remove_exception(PageCall& call);

    // The page: plain, after a change, or with a refused form.
    Response page(PageCall& call, const FormProblems* problems);
    // A change's end: `write` awaited unless `refused` has problems, then 303 back to the page
    // at `anchor`; else (or when the store refuses) the page with the problems.
    boost::asio::awaitable<Response> finish(PageCall& call, std::string_view anchor,
                                            FormProblems refused,
                                            std::function<boost::asio::awaitable<void>()> write);

    BookingStore& store_;
    const PageRenderer& renderer_;
    const Localization& localization_;
};

}  // namespace councilcast::portal
