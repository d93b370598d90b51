// One person's address however it is spelled: the key a petition counts signers by.
#include "portal/petitions/canonical_email.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using councilcast::portal::canonical_email;
using councilcast::portal::email_domain;

TEST_CASE("an address is lower case, and Gmail's dots and tags are one mailbox") {
    CHECK(canonical_email("Jonas.Jonaitis@Example.LT") == "jonas.jonaitis@example.lt");
    CHECK(canonical_email("jonas.jonaitis+petition@gmail.com") == "jonasjonaitis@gmail.com");
    CHECK(canonical_email("J.O.N.A.S@GoogleMail.com") == "jonas@gmail.com");
    CHECK(canonical_email("ona+x@outlook.com") == "ona@outlook.com");
    // Dots count at providers not known to ignore them.
    CHECK(canonical_email("o.na@outlook.com") == "o.na@outlook.com");
    CHECK(canonical_email("ona+x@example.lt") == "ona+x@example.lt");
}

TEST_CASE("what is not a plausible address has no canonical form") {
    const std::vector<std::string> bad_addresses = {"",
                                                    "@",
                                                    "ona",
                                                    "ona@",
                                                    "@example.lt",
                                                    "ona@@example.lt",
                                                    "ona@example",
                                                    "on a@example.lt",
                                                    "ona@exa mple.lt",
                                                    "ona@.example.lt",
                                                    "ona@example..lt",
                                                    "ona@example.lt.",
                                                    "\"ona\"@example.lt",
                                                    "ona@example.lt\r\nBcc: x@y.lt",
                                                    "ona\x01@example.lt",
                                                    "+tag@gmail.com",
                                                    "...@gmail.com",
                                                    std::string(65, 'a') + "@example.lt",
                                                    "a@" + std::string(250, 'b') + ".lt",
                                                    "ona@ex\xc4\x85mple.lt"};
    for (const std::string& bad : bad_addresses) {
        CAPTURE(bad);
        CHECK_FALSE(canonical_email(bad).has_value());
    }
    CHECK(email_domain("Ona@Example.LT") == "example.lt");
    CHECK(email_domain("not an address").empty());
}
