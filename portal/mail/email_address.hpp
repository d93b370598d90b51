// Mail addresses as people type them, made into the one form an account is found by.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace councilcast::portal {

// Trims spaces and lowercases, then checks the shape (is_mail_address, common/mail_address.hpp)
// and that the domain has a dot. Nothing when the address is not usable. Lowercasing the local part
// is not RFC 5321's rule but what every mailbox provider does, and it stops "Jonas@" and "jonas@"
// being two accounts.
std::optional<std::string> normalise_email(std::string_view typed);

}  // namespace councilcast::portal
