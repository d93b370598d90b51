// What a petition's fields may hold: bounded, valid UTF-8, no control characters, as the
// store checks them before anything is written.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace councilcast::portal {

// Valid UTF-8 (no overlong forms, no surrogates, nothing above U+10FFFF).
bool valid_utf8(std::string_view text);
// Code points in valid UTF-8.
std::size_t characters(std::string_view utf8);

// One line: surrounding spaces dropped; then valid UTF-8 without any control character and
// `min`..`max` characters, else InvalidInput::text(`key`, {min, max}).
std::string one_line(std::string_view text, std::size_t min, std::size_t max,
                     const std::string& key);
// Paragraphs: "\r\n" and "\r" become "\n", surrounding blank space dropped; then valid UTF-8
// whose only control characters are line feeds and tabs, `min`..`max` characters, else
// InvalidInput::text(`key`, {min, max}).
std::string paragraphs(std::string_view text, std::size_t min, std::size_t max,
                       const std::string& key);
// "lt" or "en", else petition_error_language.
std::string language(std::string_view text);
// A client address as the HTTP boundary gives it (IPv4, IPv6 with an optional zone, at most
// 64 characters), else petition_error_address.
std::string client_address(std::string_view text);

}  // namespace councilcast::portal
