#include "portal/bookings/booking_input.hpp"

#include <algorithm>
#include <optional>

#include "common/error.hpp"
#include "common/mail_address.hpp"
#include "common/typed_text.hpp"

namespace councilcast::portal {

bool booking_phone_shaped(std::string_view phone) {
    return phone.size() <= kMaxBookingPhone && std::all_of(phone.begin(), phone.end(), [](char c) {
               return (c >= '0' && c <= '9') || c == ' ' || c == '+' || c == '-' || c == '(' ||
                      c == ')';
           });
}

std::string booking_phone(std::string_view text) {
    const std::string_view phone = trimmed(text);
    if (!booking_phone_shaped(phone)) throw InvalidInput::text("booking_error_phone");
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
