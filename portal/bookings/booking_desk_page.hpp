// An official's desk: their day (/staff/consultations/day?date=YYYY-MM-DD, also where an
// official lands at /staff/consultations) and week (/staff/consultations/week?date=…), each
// booking with its topic, the resident, their contact and note; a booking's own page
// (/staff/consultations/bookings/<id>): marking it attended or a no-show, private notes, and
// cancelling it with a message the resident is mailed. An official sees and changes only their
// own bookings (another's answer 404, as if there were none); administrators see every
// official's (the day and week take `official=<account id>`), to cover for one who is away.
// Every change is audited in the store's transaction.
#pragma once

#include <boost/asio/awaitable.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "portal/accounts/page_call.hpp"
#include "portal/accounts/page_route.hpp"
#include "portal/accounts/staff_forms.hpp"
#include "portal/bookings/booking_staff_checks.hpp"
#include "portal/bookings/booking_store.hpp"
#include "portal/pages/localization.hpp"
#include "portal/pages/page_renderer.hpp"

namespace councilcast::portal {

class BookingDeskPage {
  public:
    using Response = PageCall::Response;

    // Non-owning references: each outlives this.
    BookingDeskPage(BookingStore& store, const PageRenderer& renderer,
                    const Localization& localization);

    // The day, the week and a booking's page with its changes (/staff/consultations itself is
    // the administrators' page's, which shows anyone else day()).
    ModuleEntries entries();
    Response day(PageCall& call);

  private:
    Response week(PageCall& call);
    Response show(PageCall& call);
    boost::asio::awaitable<Response> attended(PageCall& call);
    boost::asio::awaitable<Response> no_show(PageCall& call);
    boost::asio::awaitable<Response> note(PageCall& call);
    boost::asio::awaitable<Response> cancel(PageCall& call);

    // Whose day or week: the visitor's own, or for an administrator `official=<id>`.
    std::int64_t official_of(PageCall& call) const;
    // The day the query's `date` names (YYYY-MM-DD), or today; InvalidInput for a bad date.
    LocalDate date_of(PageCall& call) const;
    // One booking as a card of the day or week.
    void fill_card(PageCall& call, ctemplate::TemplateDictionary& list, const Booking& booking,
                   const BookingsSnapshot& snapshot) const;
    // The booking of the route's {id}, if the visitor may see it; else NotFound.
    Booking booking_of(PageCall& call) const;
    // The booking's page: plain, after a change, or with a refused form.
    Response page(PageCall& call, const FormProblems* problems);
    // A change's end: `write` awaited unless `refused` has problems, then 303 back to the page
    // with `saved` in its query (or the page with the store's refusal, or with `refused`).
    boost::asio::awaitable<Response> finish(PageCall& call, std::int64_t id, std::string_view saved,
                                            FormProblems refused,
                                            std::function<boost::asio::awaitable<void>()> write);

    BookingStore& store_;
    const PageRenderer& renderer_;
    const Localization& localization_;
};

}  // namespace councilcast::portal
