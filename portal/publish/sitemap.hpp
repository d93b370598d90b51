// The sitemap (sitemaps.org 0.9) and robots.txt: every public page in both languages, so search
// engines find each meeting, member and decision.
#pragma once

#include <string>

#include "portal/council/council_snapshot.hpp"

namespace councilcast::portal {

// `base_url`: the site's address without the trailing slash. Each page is listed in Lithuanian
// with its English alternate (xhtml:link hreflang), and in English with its Lithuanian one.
std::string sitemap_xml(const CouncilSnapshot& council, const std::string& base_url);

// Crawlers may read the public pages and not the account or staff pages; names the sitemap.
std::string robots_txt(const std::string& base_url);

}  // namespace councilcast::portal
