#include "portal/accounts/password_hasher.hpp"

#include <algorithm>

#include <glib.h>
#include <sodium.h>

#include "common/error.hpp"
#include "common/gst_ptr.hpp"

namespace councilcast::portal {
namespace {

constexpr std::size_t kMaxCharacters = 128;
// Longer input is refused before normalising it: NFKC can expand text, and nobody's password
// is this long.
constexpr std::size_t kMaxBytes = kMaxCharacters * 4;

// The same password typed on another keyboard or phone may arrive composed or decomposed
// ("ė" as one code point or two); NFKC makes both hash alike (NIST SP 800-63B 5.1.1.2).
std::string normalised(std::string_view password) {
    GCharPtr text(
        g_utf8_normalize(password.data(), static_cast<gssize>(password.size()), G_NORMALIZE_NFKC));
    return text.get();
}

}  // namespace

PasswordProblem check_password(std::string_view password, std::size_t min_characters) {
    if (password.size() > kMaxBytes) return PasswordProblem::kTooLong;
    if (!g_utf8_validate_len(password.data(), password.size(), nullptr) ||
        password.find('\0') != std::string_view::npos) {
        return PasswordProblem::kNotText;
    }
    const std::string text = normalised(password);
    const auto characters = static_cast<std::size_t>(g_utf8_strlen(text.c_str(), -1));
    if (characters < std::max(min_characters, kMinPasswordCharacters)) {
        return PasswordProblem::kTooShort;
    }
    if (characters > kMaxCharacters) return PasswordProblem::kTooLong;
    return PasswordProblem::kNone;
}

std::string PasswordHasher::hash(std::string_view password) const {
    if (check_password(password) != PasswordProblem::kNone) {
        throw InvalidInput("the password does not meet the length rule");
    }
    const std::string text = normalised(password);
    char encoded[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str_alg(encoded, text.data(), text.size(), kOpsLimit, kMemLimitBytes,
                              crypto_pwhash_ALG_ARGON2ID13) != 0) {
        throw Error("not enough memory to hash a password");
    }
    return encoded;
}

bool PasswordHasher::verify(std::string_view encoded, std::string_view password) const {
    if (encoded.size() >= crypto_pwhash_STRBYTES ||
        check_password(password) != PasswordProblem::kNone) {
        return false;
    }
    const std::string stored(encoded);
    const std::string text = normalised(password);
    return crypto_pwhash_str_verify(stored.c_str(), text.data(), text.size()) == 0;
}

bool PasswordHasher::needs_rehash(std::string_view encoded) const {
    const std::string stored(encoded);
    return crypto_pwhash_str_needs_rehash(stored.c_str(), kOpsLimit, kMemLimitBytes) != 0;
}

}  // namespace councilcast::portal
