// Mail addresses as people type them, made into the one form an account is found by.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace councilcast::portal {

// Trims spaces and lowercases, then checks the shape: one '@', a local part of 1..64 and a
// domain of 1..253 printable ASCII characters with a dot, nothing a mail header could be
// tricked with (no spaces, controls, quotes, angle brackets, commas or semicolons); 254 at most.
// Nothing when the address is not usable. Lowercasing the local part is not RFC 5321's rule
// but what every mailbox provider does, and it stops "Jonas@" and "jonas@" being two accounts.
std::optional<std::string> normalise_email(std::string_view typed);

}  // namespace councilcast::portal
