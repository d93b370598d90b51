// The one check of a mail address's shape: configuration, accounts and outgoing mail use it.
#pragma once

#include <cstddef>
#include <string_view>

namespace councilcast {

inline constexpr std::size_t kMaxMailAddressBytes = 254;  // RFC 5321 4.5.3.1.3, less the <>
inline constexpr std::size_t kMaxMailLocalPartBytes = 64;

// One '@' between a local part of 1..64 bytes and a domain of dot-separated, non-empty labels;
// 254 bytes at most; printable ASCII only, and nothing a mail header could be tricked with (no
// spaces, controls, quotes, angle brackets, brackets, commas, colons, semicolons, parentheses
// or backslashes). Quoted local parts and address literals, which RFC 5321 allows, are refused:
// nobody types them into a council's forms. A domain without a dot ("localhost") passes: a
// sender on a local relay uses one.
bool is_mail_address(std::string_view address);

}  // namespace councilcast
