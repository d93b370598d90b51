// iCalendar (RFC 5545) for consultations, written with libical: the invitation and its
// cancellation that the resident's mails carry, and an official's feed. RESIDENT implements it
// (booking_calendar.cpp); STAFF's feed page uses feed().
#pragma once

#include <string>
#include <vector>

#include "portal/bookings/booking_record.hpp"

namespace councilcast::portal {

// Immutable; any thread.
class BookingCalendar {
  public:
    // The organizer of every event: the municipality's name and mail address ([mail]
    // from_address).
    BookingCalendar(std::string organizer_name, std::string organizer_email);

    // METHOD:REQUEST, one VEVENT: UID booking.ics_uid, SEQUENCE booking.ics_sequence,
    // DTSTART/DTEND with TZID Europe/Vilnius and its VTIMEZONE, SUMMARY the service's topic in
    // the booking's language, LOCATION the place (or the video link, or the phone mode),
    // ORGANIZER the municipality, ATTENDEE the resident. CRLF line ends, folded.
    std::string invitation(const Booking& booking, const Service& service,
                           const Official& official) const;
    // METHOD:CANCEL for the same UID; SEQUENCE is booking.ics_sequence (the store raised it
    // when it cancelled), STATUS:CANCELLED.
    std::string cancellation(const Booking& booking, const Service& service,
                             const Official& official) const;
    // METHOD:PUBLISH: the official's bookings given (the caller picks the active, upcoming
    // ones), each with the resident's name and the service's topic in Lithuanian.
    std::string feed(const Official& official, const std::vector<Booking>& bookings,
                     const BookingsSnapshot& snapshot) const;

  private:
    std::string organizer_name_;
    std::string organizer_email_;
};

}  // namespace councilcast::portal
