#include "portal/bookings/booking_calendar.hpp"

#include <libical/ical.h>

#include <fmt/core.h>

#include <algorithm>

#include "common/c_ptr.hpp"
#include "common/error.hpp"
#include "common/unix_time.hpp"
#include "portal/pages/xml_writer.hpp"

namespace councilcast::portal {
namespace {

using IcalComponentPtr = CPtr<&icalcomponent_free>;
using IcalStringPtr = CPtr<&icalmemory_free_buffer, char>;

// Bookings are made with officials of a Lithuanian municipality, on its wall clock.
constexpr const char* kZoneName = "Europe/Vilnius";
// Zone rules older than this are left out of the VTIMEZONE: Lithuania has kept the EU's
// summer-time rule since 2003, and the whole history (back to 1880, with second offsets) makes
// every attachment ten times longer for nothing a calendar program needs.
constexpr std::int64_t kRulesSinceUnix = 1041379200;  // 2003-01-01T00:00:00Z

icaltimezone* municipal_zone() {
    icaltimezone* zone = icaltimezone_get_builtin_timezone(kZoneName);
    if (!zone) throw Error("libical: no time zone data for Europe/Vilnius (install tzdata)");
    return zone;
}

icaltimetype utc_time(std::int64_t unix_ms) {
    return icaltime_from_timet_with_zone(static_cast<time_t>(unix_ms / 1000), 0,
                                         icaltimezone_get_utc_timezone());
}

// The zone's VTIMEZONE under its IANA name. libical names its built-in zones with a prefix of
// its own ("/freeassociation.sourceforge.net/Europe/Vilnius"); programs such as Outlook map
// the plain IANA id to their own zone, the prefixed one they may not.
icalcomponent* timezone_component() {
    icalcomponent* zone = icalcomponent_new_clone(icaltimezone_get_component(municipal_zone()));
    icaltimezone_truncate_vtimezone(zone, utc_time(kRulesSinceUnix * 1000), icaltime_null_time(),
                                    1);
    icalproperty* tzid = icalcomponent_get_first_property(zone, ICAL_TZID_PROPERTY);
    if (tzid) icalproperty_set_tzid(tzid, kZoneName);
    return zone;
}

// A date-time on the municipality's wall clock with TZID=Europe/Vilnius: a 09:00 consultation
// reads 09:00 whatever the reader's zone, and stays 09:00 across a clock change.
template <class Make>
icalproperty* local_time(Make make, std::int64_t unix_ms) {
    icaltimetype local = icaltime_convert_to_zone(utc_time(unix_ms), municipal_zone());
    local.zone = nullptr;  // written as local time; the TZID parameter names its zone
    icalproperty* property = make(local);
    icalproperty_add_parameter(property, icalparameter_new_tzid(kZoneName));
    return property;
}

icalproperty* with_language(icalproperty* property, const std::string& language) {
    icalproperty_add_parameter(property, icalparameter_new_language(language.c_str()));
    return property;
}

// One booking as a VEVENT, its texts ready in the reader's language.
struct CalendarEvent {
    std::string uid;
    int sequence = 0;
    std::int64_t start_unix_ms = 0;
    std::int64_t end_unix_ms = 0;
    std::string summary;
    std::string description;
    std::string location;
    std::string attendee_name;
    std::string attendee_email;  // empty: no ATTENDEE
    bool cancelled = false;
    std::string language;
};

struct Organizer {
    const std::string& name;
    const std::string& email;
};

icalcomponent* new_calendar(icalproperty_method method, std::string_view language) {
    icalcomponent* calendar = icalcomponent_new_vcalendar();
    icalcomponent_add_property(calendar, icalproperty_new_version("2.0"));
    icalcomponent_add_property(
        calendar, icalproperty_new_prodid(
                      fmt::format("-//councilcast//Consultations//{}", language).c_str()));
    icalcomponent_add_property(calendar, icalproperty_new_calscale("GREGORIAN"));
    icalcomponent_add_property(calendar, icalproperty_new_method(method));
    icalcomponent_add_component(calendar, timezone_component());
    return calendar;
}

icalproperty* organizer_property(const Organizer& organizer) {
    icalproperty* property =
        icalproperty_new_organizer(("mailto:" + printable(organizer.email)).c_str());
    if (!organizer.name.empty()) {
        icalproperty_add_parameter(property,
                                   icalparameter_new_cn(printable(organizer.name).c_str()));
    }
    return property;
}

icalproperty* attendee_property(const CalendarEvent& event) {
    icalproperty* property =
        icalproperty_new_attendee(("mailto:" + printable(event.attendee_email)).c_str());
    if (!event.attendee_name.empty()) {
        icalproperty_add_parameter(property,
                                   icalparameter_new_cn(printable(event.attendee_name).c_str()));
    }
    icalproperty_add_parameter(property, icalparameter_new_role(ICAL_ROLE_REQPARTICIPANT));
    // The resident chose the time themselves: nothing to answer.
    icalproperty_add_parameter(property, icalparameter_new_partstat(ICAL_PARTSTAT_ACCEPTED));
    icalproperty_add_parameter(property, icalparameter_new_rsvp(ICAL_RSVP_FALSE));
    return property;
}

void add_text(icalcomponent* component, icalproperty* (*make)(const char*), const std::string& text,
              const std::string& language) {
    if (text.empty()) return;
    icalproperty* property = make(printable(text).c_str());
    icalproperty_add_parameter(property, icalparameter_new_language(language.c_str()));
    icalcomponent_add_property(component, property);
}

icalcomponent* vevent(const CalendarEvent& event, const Organizer& organizer,
                      std::int64_t now_unix_ms) {
    if (event.uid.empty()) throw Error("a booking's calendar event needs its UID");
    if (event.end_unix_ms <= event.start_unix_ms) throw Error("a booking must end after it starts");
    icalcomponent* component = icalcomponent_new_vevent();
    icalcomponent_add_property(component, icalproperty_new_uid(printable(event.uid).c_str()));
    icalcomponent_add_property(component, icalproperty_new_sequence(event.sequence));
    icalcomponent_add_property(component, icalproperty_new_dtstamp(utc_time(now_unix_ms)));
    icalcomponent_add_property(component,
                               local_time(&icalproperty_new_dtstart, event.start_unix_ms));
    icalcomponent_add_property(component, local_time(&icalproperty_new_dtend, event.end_unix_ms));
    add_text(component, &icalproperty_new_summary, event.summary, event.language);
    add_text(component, &icalproperty_new_description, event.description, event.language);
    add_text(component, &icalproperty_new_location, event.location, event.language);
    icalcomponent_add_property(component, organizer_property(organizer));
    if (!event.attendee_email.empty()) {
        icalcomponent_add_property(component, attendee_property(event));
    }
    icalcomponent_add_property(
        component,
        icalproperty_new_status(event.cancelled ? ICAL_STATUS_CANCELLED : ICAL_STATUS_CONFIRMED));
    icalcomponent_add_property(component, icalproperty_new_transp(ICAL_TRANSP_OPAQUE));
    return component;
}

std::string text_of(const IcalComponentPtr& calendar) {
    IcalStringPtr text(icalcomponent_as_ical_string_r(calendar.get()));
    if (!text) throw Error("libical: cannot write the calendar");
    return std::string(text.get());
}

// Where the consultation happens, as a calendar program shows it: the office, the video
// call's link, or for a call the number the official rings.
std::string location_of(const Booking& booking, const Service& service) {
    switch (service.mode) {
        case ServiceMode::kInPerson:
            return service.place;
        case ServiceMode::kVideo:
            return service.video_link;
        case ServiceMode::kPhone:
            return booking.phone;
    }
    return {};
}

const std::string& topic_in(const Service& service, std::string_view language) {
    return language == "en" && !service.topic_en.empty() ? service.topic_en : service.topic_lt;
}

// The resident's event: their booking in their language, with the official's name and what
// they wrote for the official to prepare.
CalendarEvent resident_event(const Booking& booking, const Service& service,
                             const Official& official) {
    CalendarEvent event;
    event.uid = booking.ics_uid;
    event.sequence = booking.ics_sequence;
    event.start_unix_ms = booking.start_unix_ms;
    event.end_unix_ms = booking.end_unix_ms;
    event.language = booking.language == "en" ? "en" : "lt";
    event.summary = topic_in(service, event.language);
    event.description = official.display_name;
    if (!booking.note.empty()) event.description += "\n\n" + booking.note;
    event.location = location_of(booking, service);
    event.attendee_name = booking.name;
    event.attendee_email = booking.email;
    return event;
}

}  // namespace

BookingCalendar::BookingCalendar(std::string organizer_name, std::string organizer_email)
    : organizer_name_(std::move(organizer_name)), organizer_email_(std::move(organizer_email)) {}

std::string BookingCalendar::invitation(const Booking& booking, const Service& service,
                                        const Official& official) const {
    const CalendarEvent event = resident_event(booking, service, official);
    IcalComponentPtr calendar(new_calendar(ICAL_METHOD_REQUEST, event.language));
    icalcomponent_add_component(calendar.get(),
                                vevent(event, {organizer_name_, organizer_email_}, now_unix_ms()));
    return text_of(calendar);
}

std::string BookingCalendar::cancellation(const Booking& booking, const Service& service,
                                          const Official& official) const {
    CalendarEvent event = resident_event(booking, service, official);
    event.cancelled = true;
    IcalComponentPtr calendar(new_calendar(ICAL_METHOD_CANCEL, event.language));
    icalcomponent_add_component(calendar.get(),
                                vevent(event, {organizer_name_, organizer_email_}, now_unix_ms()));
    return text_of(calendar);
}

std::string BookingCalendar::feed(const Official& official, const std::vector<Booking>& bookings,
                                  const BookingsSnapshot& snapshot) const {
    IcalComponentPtr calendar(new_calendar(ICAL_METHOD_PUBLISH, "lt"));
    // The name calendar apps show for a subscription (Apple, Google and Outlook read it).
    icalproperty* name = icalproperty_new_x(printable(official.display_name).c_str());
    icalproperty_set_x_name(name, "X-WR-CALNAME");
    icalcomponent_add_property(calendar.get(), name);
    const std::int64_t now = now_unix_ms();
    for (const Booking& booking : bookings) {
        const Service* service = snapshot.service(booking.service_id);
        if (!service) continue;
        // The official's own copy: the resident and their contact, the topic in Lithuanian.
        CalendarEvent event;
        event.uid = booking.ics_uid;
        event.sequence = booking.ics_sequence;
        event.start_unix_ms = booking.start_unix_ms;
        event.end_unix_ms = booking.end_unix_ms;
        event.language = "lt";
        event.summary = booking.name + " – " + service->topic_lt;
        event.description = booking.email;
        if (!booking.phone.empty()) event.description += "\n" + booking.phone;
        if (!booking.note.empty()) event.description += "\n\n" + booking.note;
        event.location = location_of(booking, *service);
        event.cancelled = !booking.active();
        icalcomponent_add_component(calendar.get(),
                                    vevent(event, {organizer_name_, organizer_email_}, now));
    }
    return text_of(calendar);
}

}  // namespace councilcast::portal
