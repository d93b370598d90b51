// The administrators' consultation pages: /staff/consultations (the departments, each renamed
// or reordered in place; the services with their department, length, mode, officials and
// whether they are bookable; the officials, each leading to their week) and
// /staff/consultations/services/<id> (a service's topic and description in both languages,
// department, length, mode with its place or link, languages, whether an account is needed,
// whether residents can book it). Someone at /staff/consultations who is not an administrator
// is an official: they get their day (BookingDeskPage). Every change is audited in the store's
// transaction.
#pragma once

#include <boost/asio/awaitable.hpp>

#include <cstdint>
#include <functional>
#include <string>

#include "portal/accounts/page_call.hpp"
#include "portal/accounts/page_route.hpp"
#include "portal/accounts/staff_forms.hpp"
#include "portal/bookings/booking_desk_page.hpp"
#include "portal/bookings/booking_store.hpp"
#include "portal/pages/page_renderer.hpp"

namespace councilcast::portal {

class BookingAdminPage {
  public:
    using Response = PageCall::Response;

    // Non-owning references: each outlives this.
    BookingAdminPage(BookingStore& store, BookingDeskPage& desk, const PageRenderer& renderer);

    ModuleEntries entries();

  private:
    Response start(PageCall& call);
    Response service(PageCall& call);
    boost::asio::awaitable<Response> add_department(PageCall& call);
    boost::asio::awaitable<Response> save_department(PageCall& call);
    boost::asio::awaitable<Response> add_service(PageCall& call);
    boost::asio::awaitable<Response> save_service(PageCall& call);

    // The departments and services: plain, after a change, or with a refused form.
    Response overview(PageCall& call, const FormProblems* problems);
    // One service's page: plain, after a change, or with its refused form.
    Response service_page(PageCall& call, const FormProblems* problems);
    // The service form filled from `service` (a new one: the defaults).
    StaffForm service_form(PageCall& call, std::string id, std::string action,
                           const Service& service, const BookingsSnapshot& snapshot) const;
    // What a service form carries, checked field by field; `id` 0 for a new one.
    Service read_service(PageCall& call, std::int64_t id, booking_staff_checks::Problems& problems,
                         const BookingsSnapshot& snapshot) const;
    // A change's end: `write` awaited unless `refused` has problems, then 303 to `done`; else
    // (or when the store refuses) `again` with the problems.
    boost::asio::awaitable<Response> finish(
        PageCall& call, std::string done, FormProblems refused,
        std::function<boost::asio::awaitable<void>()> write,
        std::function<Response(PageCall&, const FormProblems*)> again);

    BookingStore& store_;
    BookingDeskPage& desk_;
    const PageRenderer& renderer_;
};

}  // namespace councilcast::portal
