#include "portal/bookings/booking_staff_pages.hpp"

namespace councilcast::portal {

BookingStaffPages::BookingStaffPages(const config::Config& config, BookingStore& store,
                                     const BookingCalendar& calendar, const PageRenderer& renderer,
                                     const Localization& localization)
    : desk_(store, renderer, localization),
      admin_(store, desk_, renderer),
      hours_(store, renderer, localization),
      feed_(store, calendar) {
    feed_.set_public_url(config.server.public_url);
}

ModuleEntries BookingStaffPages::entries() {
    ModuleEntries entries;
    for (ModuleEntries part :
         {desk_.entries(), admin_.entries(), hours_.entries(), feed_.entries()}) {
        for (auto& route : part.routes) entries.routes.push_back(std::move(route));
        for (auto& entry : part.navigation) entries.navigation.push_back(entry);
        for (auto& prefix : part.crawlers.disallow) entries.crawlers.disallow.push_back(prefix);
    }
    return entries;
}

}  // namespace councilcast::portal
