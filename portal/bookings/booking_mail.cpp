#include "portal/bookings/booking_mail.hpp"

#include <fmt/core.h>
#include <boost/algorithm/string/replace.hpp>

#include <chrono>

#include "portal/bookings/booking_views.hpp"
#include "portal/http/responses.hpp"
#include "portal/pages/target.hpp"

namespace councilcast::portal {
namespace {

// Someone could type a victim's address into many booking forms; the rate limits per client
// bound that, and this bounds what one mailbox gets from all of them together.
const MailLimit kConfirmationsPerHour{"booking.confirm", 10, std::chrono::hours{1}};

// A mark the link replaces in each part: the catalogue's text is escaped for HTML, the link
// then put in as an anchor.
constexpr std::string_view kLinkMark = "\x01";

}  // namespace

BookingMail::BookingMail(MailQueue& queue, const PageRenderer& renderer,
                         const Localization& localization, const BookingCalendar& calendar)
    : queue_(queue), renderer_(renderer), localization_(localization), calendar_(calendar) {}

MailMessage BookingMail::compose(const BookingEvent& event, std::string_view name,
                                 std::string_view body_key, std::string_view link_path) const {
    const Booking& booking = event.booking;
    const Language language = stored_language(booking.language);
    const std::int64_t start = booking.start_unix_ms / 1000;
    std::string how;
    switch (event.service.mode) {
        case ServiceMode::kInPerson:
            how = renderer_.format(language, "booking_mail_how_place",
                                   {{"place", event.service.place}});
            break;
        case ServiceMode::kPhone:
            how = renderer_.format(language, "booking_mail_how_phone", {{"phone", booking.phone}});
            break;
        case ServiceMode::kVideo:
            how = renderer_.format(language, "booking_mail_how_video",
                                   {{"video", event.service.video_link}});
            break;
    }
    const MessageArguments arguments{
        {"name", booking.name},
        {"service", topic_in(event.service, language)},
        {"date", localization_.date_with_weekday(language, start)},
        {"time", localization_.time_of_day(language, start)},
        {"official", event.official.display_name},
        {"how", how},
        {"message", booking.cancel_message},
        {"link", kLinkMark},
    };
    const std::string link = public_url_ + localised(language, link_path);
    MailMessage message;
    message.to = booking.email;
    message.subject = renderer_.format(language, std::string(name) + "_subject", arguments);
    const std::string body = renderer_.format(language, body_key, arguments);
    message.text = body;
    boost::algorithm::replace_all(message.text, kLinkMark, link);
    std::string html = "<p>" + html_escape(body) + "</p>";
    boost::algorithm::replace_all(html, "\n\n", "</p><p>");
    boost::algorithm::replace_all(html, "\n", "<br>");
    boost::algorithm::replace_all(html, kLinkMark,
                                  fmt::format("<a href=\"{0}\">{0}</a>", html_escape(link)));
    message.html = "<!DOCTYPE html><html lang=\"" + std::string(language_code(language)) +
                   "\"><meta charset=\"utf-8\"><body>" + html + "</body></html>";
    return message;
}

void BookingMail::on_event(Database& db, const BookingEvent& event) const {
    using Kind = BookingEvent::Kind;
    const Booking& booking = event.booking;
    const std::string own = "/consultations/booking/" + event.manage_token;
    MailHandling handling;
    MailMessage message;
    switch (event.kind) {
        case Kind::kPendingConfirmation:
            message = compose(event, "booking_mail_pending", "booking_mail_pending_body",
                              "/consultations/confirm/" + event.confirmation_token);
            handling.kind = kConfirmationsPerHour.kind_prefix;
            handling.limits.push_back(kConfirmationsPerHour);
            handling.secrets.push_back(event.confirmation_token);
            break;
        case Kind::kConfirmed:
            message = compose(event, "booking_mail_confirmed", "booking_mail_confirmed_body", own);
            message.calendar = calendar_.invitation(booking, event.service, event.official);
            handling.kind = "booking.confirmed";
            handling.secrets.push_back(event.manage_token);
            break;
        case Kind::kRescheduled:
            message =
                compose(event, "booking_mail_rescheduled", "booking_mail_rescheduled_body", own);
            message.calendar = calendar_.invitation(booking, event.service, event.official);
            handling.kind = "booking.rescheduled";
            handling.secrets.push_back(event.manage_token);
            break;
        case Kind::kCancelled:
            // The link offers a new time for the same topic.
            message = compose(event, "booking_mail_cancelled",
                              booking.cancelled_by == CancelledBy::kOfficial
                                  ? "booking_mail_cancelled_by_official_body"
                                  : "booking_mail_cancelled_body",
                              fmt::format("/consultations/{}", event.service.id));
            message.calendar = calendar_.cancellation(booking, event.service, event.official);
            handling.kind = "booking.cancelled";
            break;
        case Kind::kReminder:
            message = compose(event, "booking_mail_reminder", "booking_mail_reminder_body", own);
            handling.kind = "booking.reminder";
            handling.secrets.push_back(event.manage_token);
            break;
    }
    queue_.enqueue_in(db, message, handling);
}

}  // namespace councilcast::portal
