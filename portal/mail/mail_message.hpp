// One outgoing message (plain text and HTML, UTF-8) and its MIME form, built and read with GMime.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace councilcast::portal {

struct MailMessage {
    std::string to;       // one bare address: "vardenis@elektrenai.lt"
    std::string subject;  // UTF-8; control characters become spaces
    std::string text;     // the text/plain part, UTF-8
    std::string html;     // the text/html part, UTF-8, already escaped by its template
    // An iCalendar object (RFC 5545) with its METHOD line (a booking's invitation or
    // cancellation), sent as an invite.ics part; empty for none.
    std::string calendar;
};

// Throws InvalidInput unless `address` is one bare address that cannot smuggle anything into a
// header or an SMTP command (is_mail_address, common/mail_address.hpp). Non-ASCII addresses are
// refused too: they would need SMTPUTF8, which a municipal relay may not offer.
void check_mail_address(std::string_view address);

// The whole message as sent: multipart/alternative (text, then HTML), Subject RFC 2047-encoded,
// bodies quoted-printable or base64 (7-bit clean for any relay), Date, Message-ID, From, To, CRLF
// line ends. With a calendar, multipart/mixed around that and the part `text/calendar;
// method=…` named invite.ics (iMIP, RFC 6047). Throws InvalidInput for a bad recipient, text that
// is not UTF-8, or a calendar without its METHOD.
std::string mime_bytes(const MailMessage& message, std::string_view from_address,
                       std::chrono::system_clock::time_point date);

// Reads a message back (the staff page that shows demo mail, tests): decoded subject, the first
// recipient, both parts and the calendar as UTF-8. Parts that are missing come back empty. Throws
// InvalidInput when `mime` is not a message.
MailMessage read_mime(std::string_view mime);

}  // namespace councilcast::portal
