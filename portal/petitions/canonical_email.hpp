// One person's mail address however it is spelled, so a petition counts them once.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace councilcast::portal {

// The address in the form two spellings of one mailbox share, or nothing when `email` is not
// a plausible address (one '@', a local part of 1..64 and a domain of 1..253 characters of
// printable ASCII, no spaces; the domain with a dot). Lower case throughout: every large
// provider treats local parts case-insensitively, though RFC 5321 lets a server not to.
// For the providers listed in canonical_email.cpp (Gmail), dots in the local part and a
// "+tag" are ignored and googlemail.com is gmail.com, as those providers deliver them to one
// mailbox. Other providers' local parts are kept whole: many treat dots as significant.
std::optional<std::string> canonical_email(std::string_view email);

// The domain of a plausible address, lower case ("example.com"); empty otherwise.
std::string email_domain(std::string_view email);

}  // namespace councilcast::portal
