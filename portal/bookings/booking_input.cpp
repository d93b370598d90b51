#include "portal/bookings/booking_input.hpp"

#include <optional>

#include "common/error.hpp"
#include "common/mail_address.hpp"
#include "common/typed_text.hpp"

namespace councilcast::portal {

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
