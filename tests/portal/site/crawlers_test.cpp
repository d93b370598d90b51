// The sitemap and robots.txt made from what modules contribute.
#include "portal/site/crawlers.hpp"

#include <doctest/doctest.h>

#include <string>

namespace councilcast::portal {

TEST_CASE("each page is listed in both languages with its alternates") {
    const std::string xml = sitemap_xml({"/", "/meetings/5"}, "https://tv.example.lt");
    CHECK(xml.find("<loc>https://tv.example.lt/</loc>") != std::string::npos);
    CHECK(xml.find("<loc>https://tv.example.lt/en/</loc>") != std::string::npos);
    CHECK(xml.find("<loc>https://tv.example.lt/en/meetings/5</loc>") != std::string::npos);
    CHECK(xml.find("hreflang=\"lt\" href=\"https://tv.example.lt/meetings/5\"") !=
          std::string::npos);
}

TEST_CASE("robots.txt keeps crawlers off every prefix a module names, in both languages") {
    CHECK(robots_txt({"/staff/", "/login"}, "https://tv.example.lt") ==
          "User-agent: *\n"
          "Disallow: /staff/\nDisallow: /en/staff/\n"
          "Disallow: /login\nDisallow: /en/login\n"
          "Sitemap: https://tv.example.lt/sitemap.xml\n");
}

}  // namespace councilcast::portal
