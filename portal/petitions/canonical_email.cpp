#include "portal/petitions/canonical_email.hpp"

#include <algorithm>
#include <array>

namespace councilcast::portal {

namespace {

constexpr std::size_t kMaxLocal = 64;    // RFC 5321 4.5.3.1.1
constexpr std::size_t kMaxDomain = 253;  // RFC 1035, without the final dot
constexpr std::size_t kMaxAddress = 254;

// How a provider treats the local part. Only providers known to deliver the variants to one
// mailbox are listed: a wrong entry would merge two people.
struct Provider {
    std::string_view domain;
    std::string_view canonical_domain;
    bool ignores_dots;  // "a.b.c" is "abc"
    bool plus_tags;     // "name+anything" is "name"
};

constexpr std::array kProviders = {
    // Gmail ignores dots and delivers +tags; googlemail.com is the same service.
    Provider{"gmail.com", "gmail.com", true, true},
    Provider{"googlemail.com", "gmail.com", true, true},
    // Outlook.com, iCloud, Fastmail and Proton deliver "name+tag" to "name"; dots count.
    Provider{"outlook.com", "outlook.com", false, true},
    Provider{"hotmail.com", "hotmail.com", false, true},
    Provider{"live.com", "live.com", false, true},
    Provider{"icloud.com", "icloud.com", false, true},
    Provider{"me.com", "me.com", false, true},
    Provider{"fastmail.com", "fastmail.com", false, true},
    Provider{"proton.me", "proton.me", false, true},
    Provider{"protonmail.com", "protonmail.com", false, true},
};

char lower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

std::string lowered(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), lower);
    return out;
}

// Printable ASCII without space and the characters no address carries unquoted; quoted local
// parts and internationalised addresses are refused (a petition form need not take them).
bool address_character(char c) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7f) return false;
    return std::string_view("\"(),:;<>[\\]@").find(c) == std::string_view::npos;
}

bool plausible_domain(std::string_view domain) {
    if (domain.empty() || domain.size() > kMaxDomain) return false;
    if (domain.find('.') == std::string_view::npos) return false;
    if (domain.front() == '.' || domain.back() == '.' || domain.front() == '-') return false;
    if (domain.find("..") != std::string_view::npos) return false;
    return std::all_of(domain.begin(), domain.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '-' || c == '.';
    });
}

struct Parts {
    std::string_view local;
    std::string_view domain;
};

std::optional<Parts> split(std::string_view email) {
    if (email.size() > kMaxAddress) return std::nullopt;
    const auto at = email.find('@');
    if (at == std::string_view::npos || email.find('@', at + 1) != std::string_view::npos) {
        return std::nullopt;
    }
    Parts parts{email.substr(0, at), email.substr(at + 1)};
    if (parts.local.empty() || parts.local.size() > kMaxLocal) return std::nullopt;
    if (!std::all_of(parts.local.begin(), parts.local.end(), address_character)) {
        return std::nullopt;
    }
    if (!plausible_domain(parts.domain)) return std::nullopt;
    return parts;
}

}  // namespace

std::optional<std::string> canonical_email(std::string_view email) {
    const auto parts = split(email);
    if (!parts) return std::nullopt;
    std::string local = lowered(parts->local);
    std::string domain = lowered(parts->domain);
    const auto provider = std::find_if(kProviders.begin(), kProviders.end(),
                                       [&domain](const Provider& p) { return p.domain == domain; });
    if (provider != kProviders.end()) {
        if (provider->plus_tags) {
            if (const auto plus = local.find('+'); plus != std::string::npos) local.resize(plus);
        }
        if (provider->ignores_dots) std::erase(local, '.');
        // "+tag@gmail.com" or "...@gmail.com" leaves no mailbox: not an address.
        if (local.empty()) return std::nullopt;
        domain = std::string(provider->canonical_domain);
    }
    return local + "@" + domain;
}

std::string email_domain(std::string_view email) {
    const auto parts = split(email);
    return parts ? lowered(parts->domain) : std::string();
}

}  // namespace councilcast::portal
