#include "portal/http/local_path.hpp"

#include <doctest/doctest.h>

using councilcast::portal::local_path;

TEST_CASE("a next= stays on this site, re-encoded, or is refused") {
    CHECK(local_path("/") == "/");
    CHECK(local_path("/en/meetings?year=2025&type=council") ==
          "/en/meetings?year=2025&type=council");
    CHECK(local_path("/staff/meeting?id=7") == "/staff/meeting?id=7");
    // Encoded bytes stay encoded: a browser reads them as part of this site's path.
    CHECK(local_path("/pos%C4%97d%C5%BEiai") == "/pos%C4%97d%C5%BEiai");
    CHECK(local_path("/%09/evil.example") == "/%09/evil.example");
    // Every way to another site found by the security review, and their neighbours.
    for (const char* elsewhere :
         {"", "//evil.example", "/\t/evil.example", "/\n/evil.example", "/\r/evil.example",
          "/\\evil.example", "\\\\evil.example", "https://evil.example", "evil.example",
          "javascript:alert(1)", "/ /evil.example", "/\x7f/evil.example", "/posėdžiai",
          "meetings/1", "?next=/x"}) {
        CAPTURE(elsewhere);
        CHECK_FALSE(local_path(elsewhere));
    }
    CHECK_FALSE(local_path(std::string_view("/a\0b", 4)));
    CHECK_FALSE(local_path("/" + std::string(600, 'a')));
}
