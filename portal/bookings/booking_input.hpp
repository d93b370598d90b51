// What a booking's text fields may hold: bounded, valid UTF-8, no control characters, as the
// store checks them before anything is written.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace councilcast::portal {

// One line: surrounding spaces dropped; then valid UTF-8 without any control character and
// `min`..`max` characters, else InvalidInput::text(`key`).
std::string booking_line(std::string_view text, std::size_t min, std::size_t max,
                         const std::string& key);
// Free text: "\r\n" and "\r" become "\n", surrounding blank space dropped; then valid UTF-8
// whose only control characters are line feeds and tabs, at most `max` characters (may be
// empty), else InvalidInput::text(`key`).
std::string booking_text(std::string_view text, std::size_t max, const std::string& key);
// A phone number as typed: digits, spaces, + - ( ) and at most 40 characters; may be empty.
std::string booking_phone(std::string_view text);
// A mail address (common/mail_address.hpp), surrounding spaces dropped, at most 254 characters.
std::string booking_email(std::string_view text);
// "lt" or "en", else booking_error_language.
std::string booking_language(std::string_view text);

}  // namespace councilcast::portal
