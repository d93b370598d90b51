// Everything staff do with consultations, gathered for the composition root: the
// administrators' departments and services, an official's hours, day, week and bookings, and
// their calendar feed.
#pragma once

#include <string>

#include "config/config.hpp"
#include "portal/accounts/page_route.hpp"
#include "portal/bookings/booking_admin_page.hpp"
#include "portal/bookings/booking_calendar.hpp"
#include "portal/bookings/booking_desk_page.hpp"
#include "portal/bookings/booking_feed_page.hpp"
#include "portal/bookings/booking_hours_page.hpp"
#include "portal/bookings/booking_store.hpp"
#include "portal/pages/localization.hpp"
#include "portal/pages/page_renderer.hpp"

namespace councilcast::portal {

class BookingStaffPages {
  public:
    // Non-owning references: each outlives this.
    BookingStaffPages(const config::Config& config, BookingStore& store,
                      const BookingCalendar& calendar, const PageRenderer& renderer,
                      const Localization& localization);
    BookingStaffPages(const BookingStaffPages&) = delete;
    BookingStaffPages& operator=(const BookingStaffPages&) = delete;

    // The feed's address starts with the site's ([server] public_url, or the listening address).
    void set_public_url(const std::string& url) { feed_.set_public_url(url); }
    ModuleEntries entries();

  private:
    BookingDeskPage desk_;
    BookingAdminPage admin_;
    BookingHoursPage hours_;
    BookingFeedPage feed_;
};

}  // namespace councilcast::portal
