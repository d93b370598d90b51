// What a petition's fields may hold: bounded, valid UTF-8, no control characters, as the
// store checks them before anything is written.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace councilcast::portal {

// "lt" or "en", else petition_error_language.
std::string language(std::string_view text);
// A client address as the HTTP boundary gives it (IPv4, IPv6 with an optional zone, at most
// 64 characters), else petition_error_address.
std::string client_address(std::string_view text);

}  // namespace councilcast::portal
