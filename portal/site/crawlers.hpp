// The sitemap (sitemaps.org 0.9) and robots.txt, from what the modules contribute
// (CrawlerEntries): every public page in both languages, so search engines find each meeting,
// member and decision, and none of the account or staff pages.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace councilcast::portal {

// `base_url`: the site's address without the trailing slash; `paths` without the /en prefix.
// Each page is listed in Lithuanian with its English alternate (xhtml:link hreflang), and in
// English with its Lithuanian one.
std::string sitemap_xml(const std::vector<std::string>& paths, const std::string& base_url);

// Crawlers may read everything but the `disallowed` prefixes (in both languages); names the
// sitemap.
std::string robots_txt(const std::vector<std::string_view>& disallowed,
                       const std::string& base_url);

}  // namespace councilcast::portal
