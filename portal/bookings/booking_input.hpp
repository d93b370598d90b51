// What a booking's text fields may hold: bounded, valid UTF-8, no control characters, as the
// store checks them before anything is written.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace councilcast::portal {

// A phone number as typed: digits, spaces, + - ( ) and at most kMaxBookingPhone characters;
// may be empty.
inline constexpr std::size_t kMaxBookingPhone = 40;
bool booking_phone_shaped(std::string_view phone);
// The phone, surrounding spaces dropped, else booking_error_phone.
std::string booking_phone(std::string_view text);
// A mail address (common/mail_address.hpp), surrounding spaces dropped, at most 254 characters.
std::string booking_email(std::string_view text);
// "lt" or "en", else booking_error_language.
std::string booking_language(std::string_view text);

}  // namespace councilcast::portal
