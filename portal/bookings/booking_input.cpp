#include "portal/bookings/booking_input.hpp"

#include <unicode/ustring.h>

#include <optional>

#include "common/error.hpp"
#include "common/mail_address.hpp"

namespace councilcast::portal {

namespace {

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

std::string_view trimmed(std::string_view text) {
    while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
    while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
    return text;
}

// Code points of valid UTF-8, or nothing. ICU (linked for the zone anyway) checks the encoding:
// overlong forms, surrogates and truncated sequences are refused.
std::optional<std::size_t> characters(std::string_view text) {
    UErrorCode status = U_ZERO_ERROR;
    int32_t units = 0;
    u_strFromUTF8(nullptr, 0, &units, text.data(), static_cast<int32_t>(text.size()), &status);
    if (status != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(status)) return std::nullopt;
    std::size_t count = 0;
    for (char c : text) {
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++count;
    }
    return count;
}

// C0 controls, DEL and the C1 controls (U+0080..U+009F, encoded 0xC2 0x80..0x9F).
bool has_control(std::string_view text, std::string_view allowed) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if ((c < 0x20 || c == 0x7f) && allowed.find(text[i]) == std::string_view::npos) {
            return true;
        }
        if (c == 0xC2 && i + 1 < text.size()) {
            const auto next = static_cast<unsigned char>(text[i + 1]);
            if (next >= 0x80 && next <= 0x9f) return true;
        }
    }
    return false;
}

}  // namespace

std::string booking_line(std::string_view text, std::size_t min, std::size_t max,
                         const std::string& key) {
    if (text.size() > max * 4 + 64) throw InvalidInput::text(key);
    const std::string_view line = trimmed(text);
    const auto count = characters(line);
    if (!count || *count < min || *count > max || has_control(line, "")) {
        throw InvalidInput::text(key);
    }
    return std::string(line);
}

std::string booking_text(std::string_view text, std::size_t max, const std::string& key) {
    if (text.size() > max * 4 + 64) throw InvalidInput::text(key);
    std::string unified;
    unified.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\r') {
            unified += '\n';
            if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
        } else {
            unified += text[i];
        }
    }
    const std::string_view body = trimmed(unified);
    const auto count = characters(body);
    if (!count || *count > max || has_control(body, "\n\t")) throw InvalidInput::text(key);
    return std::string(body);
}

std::string booking_phone(std::string_view text) {
    const std::string_view phone = trimmed(text);
    if (phone.size() > 40) throw InvalidInput::text("booking_error_phone");
    for (char c : phone) {
        const bool allowed =
            (c >= '0' && c <= '9') || c == ' ' || c == '+' || c == '-' || c == '(' || c == ')';
        if (!allowed) throw InvalidInput::text("booking_error_phone");
    }
    return std::string(phone);
}

std::string booking_email(std::string_view text) {
    const std::string_view address = trimmed(text);
    if (address.size() > 254 || !is_mail_address(address)) {
        throw InvalidInput::text("booking_error_email");
    }
    return std::string(address);
}

std::string booking_language(std::string_view text) {
    if (text != "lt" && text != "en") throw InvalidInput::text("booking_error_language");
    return std::string(text);
}

}  // namespace councilcast::portal
