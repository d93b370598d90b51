#include "portal/mail/mail_message.hpp"

#include <gmime/gmime.h>

#include <algorithm>
#include <exception>
#include <memory>

#include "common/c_ptr.hpp"
#include "common/error.hpp"
#include "common/gst_ptr.hpp"
#include "common/mail_address.hpp"

namespace councilcast::portal {
namespace {

using FormatOptionsPtr = CPtr<&g_mime_format_options_free>;

bool is_utf8(std::string_view text) {
    return g_utf8_validate(text.data(), static_cast<gssize>(text.size()), nullptr);
}

void check_utf8(std::string_view text, std::string_view what) {
    if (!is_utf8(text)) throw InvalidInput(std::string(what) + " is not UTF-8 text");
}

// A subject comes from templates filled with user text (a petition's title): a line break there
// must not start a new header, so every control character becomes a space before GMime sees it.
std::string one_line(std::string_view text) {
    std::string line(text);
    std::replace_if(
        line.begin(), line.end(),
        [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; }, ' ');
    return line;
}

GPtr<GMimeTextPart> text_part(const char* subtype, const std::string& content) {
    auto part = GPtr<GMimeTextPart>::adopt(g_mime_text_part_new_with_subtype(subtype));
    // Sets charset=utf-8 (or us-ascii when it fits); the transfer encoding is chosen by
    // g_mime_object_encode once the whole message is assembled.
    g_mime_text_part_set_text(part.get(), content.c_str());
    return part;
}

// GMime 3.2.13 (Debian 12) decodes adjacent base64 encoded-words as one run and stops at the
// first padding, so a long subject loses its end (jstedfast/gmime#133, fixed upstream later).
// Each encoded-word is decoded on its own here; whitespace between two of them is dropped and
// every other run kept, as RFC 2047 6.2 says, after unfolding.
std::string decode_header_text(std::string_view raw) {
    constexpr std::string_view kSpace = " \t\r\n";
    std::string decoded;
    bool previous_encoded = false;
    std::size_t at = 0;
    while (at < raw.size()) {
        const auto word_start = std::min(raw.find_first_not_of(kSpace, at), raw.size());
        std::string space(raw.substr(at, word_start - at));
        std::erase_if(space, [](char c) { return c == '\r' || c == '\n'; });
        if (word_start == raw.size()) break;
        const auto word_end = std::min(raw.find_first_of(kSpace, word_start), raw.size());
        const std::string word(raw.substr(word_start, word_end - word_start));
        const bool encoded = word.starts_with("=?") && word.ends_with("?=");
        if (!(encoded && previous_encoded) && at > 0) decoded += space;
        if (encoded) {
            GCharPtr text(g_mime_utils_header_decode_text(nullptr, word.c_str()));
            decoded += text.get();
        } else {
            decoded += word;
        }
        previous_encoded = encoded;
        at = word_end;
    }
    return decoded;
}

// The calendar's METHOD (RFC 5545 3.7.2), which iMIP repeats as the part's `method` parameter:
// "REQUEST", "CANCEL". Empty when it has none.
std::string calendar_method(std::string_view calendar) {
    constexpr std::string_view kName = "\nMETHOD:";
    const auto at = calendar.find(kName);
    if (at == std::string_view::npos) return {};
    const auto start = at + kName.size();
    const auto end = calendar.find_first_of("\r\n", start);
    std::string method(calendar.substr(start, end == std::string_view::npos ? end : end - start));
    const bool token = !method.empty() && std::all_of(method.begin(), method.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || c == '-';
    });
    return token ? method : std::string();
}

// The invitation as iMIP sends it: text/calendar with its method, as a file a person can also
// open by hand.
GPtr<GMimeTextPart> calendar_part(const std::string& calendar) {
    const std::string method = calendar_method(calendar);
    if (method.empty()) throw InvalidInput("the calendar has no METHOD");
    auto part = text_part("calendar", calendar);
    GMimeObject* object = GMIME_OBJECT(part.get());
    g_mime_object_set_content_type_parameter(object, "method", method.c_str());
    g_mime_object_set_content_type_parameter(object, "name", "invite.ics");
    g_mime_text_part_set_charset(part.get(), "UTF-8");
    g_mime_part_set_filename(GMIME_PART(object), "invite.ics");
    return part;
}

std::string text_of(GMimeObject* object) {
    GCharPtr text(g_mime_text_part_get_text(GMIME_TEXT_PART(object)));
    return text.get();
}

}  // namespace

void check_mail_address(std::string_view address) {
    if (!is_mail_address(address)) {
        throw InvalidInput("\"" + one_line(address.substr(0, kMaxMailAddressBytes)) +
                           "\" is not a mail address such as vardenis@elektrenai.lt");
    }
}

std::string mime_bytes(const MailMessage& message, std::string_view from_address,
                       std::chrono::system_clock::time_point date) {
    check_mail_address(message.to);
    check_mail_address(from_address);
    check_utf8(message.subject, "the subject");
    check_utf8(message.text, "the text part");
    check_utf8(message.html, "the HTML part");

    const std::string from(from_address);
    auto mime = GPtr<GMimeMessage>::adopt(g_mime_message_new(TRUE));
    g_mime_message_add_mailbox(mime.get(), GMIME_ADDRESS_TYPE_FROM, nullptr, from.c_str());
    g_mime_message_add_mailbox(mime.get(), GMIME_ADDRESS_TYPE_TO, nullptr, message.to.c_str());
    g_mime_message_set_subject(mime.get(), one_line(message.subject).c_str(), "utf-8");

    const auto seconds =
        std::chrono::duration_cast<std::chrono::seconds>(date.time_since_epoch()).count();
    CPtr<&g_date_time_unref> when(g_date_time_new_from_unix_utc(seconds));
    g_mime_message_set_date(mime.get(), when.get());
    // Our own domain on the right of the @, so the id is ours and unique across our messages.
    const std::string domain = from.substr(from.rfind('@') + 1);
    GCharPtr message_id(g_mime_utils_generate_message_id(domain.c_str()));
    g_mime_message_set_message_id(mime.get(), message_id.get());

    auto alternative =
        GPtr<GMimeMultipart>::adopt(g_mime_multipart_new_with_subtype("alternative"));
    // Least preferred first (RFC 2046 5.1.4): clients that read HTML show the last part.
    auto plain = text_part("plain", message.text);
    auto html = text_part("html", message.html);
    g_mime_multipart_add(alternative.get(), GMIME_OBJECT(plain.get()));
    g_mime_multipart_add(alternative.get(), GMIME_OBJECT(html.get()));
    if (message.calendar.empty()) {
        g_mime_message_set_mime_part(mime.get(), GMIME_OBJECT(alternative.get()));
    } else {
        check_utf8(message.calendar, "the calendar");
        auto mixed = GPtr<GMimeMultipart>::adopt(g_mime_multipart_new_with_subtype("mixed"));
        auto invite = calendar_part(message.calendar);
        g_mime_multipart_add(mixed.get(), GMIME_OBJECT(alternative.get()));
        g_mime_multipart_add(mixed.get(), GMIME_OBJECT(invite.get()));
        g_mime_message_set_mime_part(mime.get(), GMIME_OBJECT(mixed.get()));
    }
    // 7-bit: a relay without 8BITMIME must still carry Lithuanian letters intact.
    g_mime_object_encode(GMIME_OBJECT(mime.get()), GMIME_ENCODING_CONSTRAINT_7BIT);

    FormatOptionsPtr options(g_mime_format_options_new());
    g_mime_format_options_set_newline_format(options.get(), GMIME_NEWLINE_FORMAT_DOS);
    GCharPtr bytes(g_mime_object_to_string(GMIME_OBJECT(mime.get()), options.get()));
    return bytes.get();
}

MailMessage read_mime(std::string_view mime) {
    auto stream =
        GPtr<GMimeStream>::adopt(g_mime_stream_mem_new_with_buffer(mime.data(), mime.size()));
    auto parser = GPtr<GMimeParser>::adopt(g_mime_parser_new_with_stream(stream.get()));
    auto parsed = GPtr<GMimeMessage>::adopt(g_mime_parser_construct_message(parser.get(), nullptr));
    if (!parsed) throw InvalidInput("not a mail message");

    MailMessage message;
    GMimeHeaderList* headers = g_mime_object_get_header_list(GMIME_OBJECT(parsed.get()));
    if (GMimeHeader* subject = g_mime_header_list_get_header(headers, "Subject")) {
        message.subject = decode_header_text(g_mime_header_get_raw_value(subject));
    }
    InternetAddressList* to = g_mime_message_get_to(parsed.get());
    if (to && internet_address_list_length(to) > 0) {
        InternetAddress* first = internet_address_list_get_address(to, 0);
        if (INTERNET_ADDRESS_IS_MAILBOX(first)) {
            message.to = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(first));
        }
    }
    // Each leaf, depth first: an invitation's alternative sits one level down in its mixed part.
    struct Reading {
        MailMessage* message;
        std::exception_ptr error;
    } reading{&message, nullptr};
    // A C callback: nothing may leave it, so an exception waits until GMime has returned.
    GMimeObjectForeachFunc take_part = [](GMimeObject*, GMimeObject* part, gpointer data) {
        auto& reading = *static_cast<Reading*>(data);
        if (reading.error || !GMIME_IS_TEXT_PART(part)) return;
        try {
            MailMessage& message = *reading.message;
            GMimeContentType* type = g_mime_object_get_content_type(part);
            if (g_mime_content_type_is_type(type, "text", "plain") && message.text.empty()) {
                message.text = text_of(part);
            } else if (g_mime_content_type_is_type(type, "text", "html") && message.html.empty()) {
                message.html = text_of(part);
            } else if (g_mime_content_type_is_type(type, "text", "calendar") &&
                       message.calendar.empty()) {
                message.calendar = text_of(part);
            }
        } catch (...) {
            reading.error = std::current_exception();
        }
    };
    g_mime_message_foreach(parsed.get(), take_part, &reading);
    if (reading.error) std::rethrow_exception(reading.error);
    return message;
}

}  // namespace councilcast::portal
