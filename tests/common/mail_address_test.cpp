#include "common/mail_address.hpp"

#include <doctest/doctest.h>

#include <string>

using councilcast::is_mail_address;

TEST_CASE("a mail address has one @, a local part and a domain, and nothing a header could use") {
    for (const char* good : {"ona@example.lt", "a+tag@sub.example.lt", "noreply@localhost",
                             "Vardenis.Pavardenis@Elektrenai.LT"}) {
        CHECK_MESSAGE(is_mail_address(good), good);
    }
    for (const char* bad :
         {"", "ona", "@example.lt", "ona@", "ona@@example.lt", "ona@example..lt", "ona@.lt",
          "ona@example.lt.", "ona@example.lt\r\nBcc: all@example.lt", "ona smith@example.lt",
          "<ona@example.lt>", "ona@example.lt,jonas@example.lt", "\"ona\"@example.lt",
          "onà@example.lt", "ona@elektrėnai.lt", "ona;x@example.lt", "ona@[192.0.2.1]",
          "o\\na@example.lt"}) {
        CHECK_MESSAGE(!is_mail_address(bad), bad);
    }
    CHECK_FALSE(is_mail_address(std::string(65, 'a') + "@example.lt"));
    CHECK(is_mail_address(std::string(64, 'a') + "@example.lt"));
    CHECK_FALSE(is_mail_address("a@" + std::string(250, 'b') + ".lt"));
    CHECK(is_mail_address("a@" + std::string(248, 'b') + ".lt"));
}
