// Passwords: the length rule and argon2id hashing (libsodium); a password is never kept in clear.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace councilcast::portal {

enum class PasswordProblem { kNone, kTooShort, kTooLong, kNotText };

// The fewest characters any stored password has: new ones need [accounts] min_password_length
// (12 unless configured, as OWASP ASVS 4.0 V2.1.1 asks), older ones may be this short and still
// sign in.
inline constexpr std::size_t kMinPasswordCharacters = 8;

// `min_characters` to 128 characters (Unicode code points after NFKC), no composition rules
// (NIST SP 800-63B, OWASP ASVS 2.1). The caller turns the problem into a message in the user's
// language.
PasswordProblem check_password(std::string_view password,
                               std::size_t min_characters = kMinPasswordCharacters);

class PasswordHasher {
  public:
    // OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane.
    static constexpr unsigned long long kOpsLimit = 2;
    static constexpr std::size_t kMemLimitBytes = 19 * 1024 * 1024;

    // An encoded argon2id string ("$argon2id$v=19$m=19456,t=2,p=1$salt$hash") with a fresh salt.
    // Takes tens of milliseconds on purpose: call it off the network threads. Throws Error when
    // memory runs out. The password must pass check_password.
    std::string hash(std::string_view password) const;
    // False for a wrong password or a malformed stored value.
    bool verify(std::string_view encoded, std::string_view password) const;
    // True when the stored hash used other parameters: hash again after a successful login.
    bool needs_rehash(std::string_view encoded) const;
};

}  // namespace councilcast::portal
