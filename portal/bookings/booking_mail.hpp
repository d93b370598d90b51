// Every mail to a resident about their consultation, in the booking's language, queued by the
// store's event sink inside the change's transaction (MailQueue::enqueue_in): the confirmation
// link, the confirmation and a reschedule with the calendar invitation (METHOD:REQUEST), a
// cancellation (by the resident or the official, with the official's message) with
// METHOD:CANCEL, and the reminder before the consultation. A mail and its cause are kept or
// lost together; a reminder marked sent is one whose mail is queued.
#pragma once

#include <string>
#include <string_view>

#include "common/database.hpp"
#include "portal/bookings/booking_calendar.hpp"
#include "portal/bookings/booking_store.hpp"
#include "portal/mail/mail_queue.hpp"
#include "portal/pages/localization.hpp"
#include "portal/pages/page_renderer.hpp"

namespace councilcast::portal {

// Thread-safe: on_event runs on the writer's thread.
class BookingMail {
  public:
    // Non-owning references: each outlives this.
    BookingMail(MailQueue& queue, const PageRenderer& renderer, const Localization& localization,
                const BookingCalendar& calendar);

    // The address links start with ("https://tv.elektrenai.lt"); set before serving.
    void set_public_url(std::string url) { public_url_ = std::move(url); }

    // The store's event sink (BookingStore::set_event_sink). A refused recipient fails the job,
    // and the change with it.
    void on_event(Database& db, const BookingEvent& event) const;

  private:
    // A message from the catalogue's `<name>_subject` and `body_key`, {link} made a link in the
    // HTML part.
    MailMessage compose(const BookingEvent& event, std::string_view name, std::string_view body_key,
                        std::string_view link_path) const;

    MailQueue& queue_;
    const PageRenderer& renderer_;
    const Localization& localization_;
    const BookingCalendar& calendar_;
    std::string public_url_;
};

}  // namespace councilcast::portal
