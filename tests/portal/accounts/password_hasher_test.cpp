#include "portal/accounts/password_hasher.hpp"

#include <doctest/doctest.h>

#include <sodium.h>

#include "common/error.hpp"

using namespace councilcast;
using namespace councilcast::portal;

namespace {

std::string repeat(std::string_view piece, int times) {
    std::string text;
    for (int i = 0; i < times; ++i) text += piece;
    return text;
}

}  // namespace

TEST_CASE("passwords are 8 to 128 characters, counted as characters, not bytes") {
    CHECK(check_password("1234567") == PasswordProblem::kTooShort);
    CHECK(check_password("12345678") == PasswordProblem::kNone);
    CHECK(check_password("žąsėlės") == PasswordProblem::kTooShort);  // 7 letters, 14 bytes
    CHECK(check_password("žąsėlėsš") == PasswordProblem::kNone);
    CHECK(check_password(repeat("ł", 128)) == PasswordProblem::kNone);  // 256 bytes
    CHECK(check_password(repeat("ł", 129)) == PasswordProblem::kTooLong);
    CHECK(check_password(repeat("a", 100000)) == PasswordProblem::kTooLong);
    CHECK(check_password("abcdefg\xff") == PasswordProblem::kNotText);
    CHECK(check_password(std::string("abcd\0efgh", 9)) == PasswordProblem::kNotText);
    CHECK(check_password("no rules: all lowercase is fine") == PasswordProblem::kNone);
}

TEST_CASE("a new password needs the configured length; a shorter stored one still signs in") {
    CHECK(check_password("elevenchars", 12) == PasswordProblem::kTooShort);
    CHECK(check_password("twelve chars", 12) == PasswordProblem::kNone);
    CHECK(check_password("ąčęėįšųūžąčę", 12) == PasswordProblem::kNone);  // 12 letters, 24 bytes
    // Never below the floor every stored password met.
    CHECK(check_password("1234567", 4) == PasswordProblem::kTooShort);
    const PasswordHasher hasher;
    const std::string stored = hasher.hash("ninechars");
    CHECK(hasher.verify(stored, "ninechars"));
}

TEST_CASE("argon2id hashes verify the right password only") {
    PasswordHasher hasher;
    const std::string encoded = hasher.hash("Tarybos posėdis 2026");
    CHECK(encoded.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
    CHECK(encoded.find("posėdis") == std::string::npos);
    CHECK(hasher.verify(encoded, "Tarybos posėdis 2026"));
    CHECK_FALSE(hasher.verify(encoded, "tarybos posėdis 2026"));
    CHECK_FALSE(hasher.verify(encoded, ""));
    CHECK_FALSE(hasher.verify("not a hash", "Tarybos posėdis 2026"));
    CHECK_FALSE(hasher.verify(repeat("$", 1000), "Tarybos posėdis 2026"));
    CHECK(hasher.hash("Tarybos posėdis 2026") != encoded);  // a fresh salt each time
    CHECK_FALSE(hasher.needs_rehash(encoded));
    CHECK_THROWS_AS(hasher.hash("short"), InvalidInput);
}

TEST_CASE("a password typed composed or decomposed is the same password") {
    PasswordHasher hasher;
    const std::string composed = "sėkmės linkiu";                    // ė as U+0117
    const std::string decomposed = "se\xcc\x87kme\xcc\x87s linkiu";  // e + U+0307
    CHECK(hasher.verify(hasher.hash(composed), decomposed));
}

TEST_CASE("a hash made with weaker parameters asks to be redone") {
    PasswordHasher hasher;
    char weak[crypto_pwhash_STRBYTES];
    REQUIRE(crypto_pwhash_str_alg(weak, "12345678", 8, 1, 8 * 1024 * 1024,
                                  crypto_pwhash_ALG_ARGON2ID13) == 0);
    CHECK(hasher.verify(weak, "12345678"));
    CHECK(hasher.needs_rehash(weak));
}
