#include "portal/site/crawlers.hpp"

#include <fmt/core.h>

#include "portal/pages/target.hpp"
#include "portal/pages/xml_writer.hpp"

namespace councilcast::portal {

std::string sitemap_xml(const std::vector<std::string>& paths, const std::string& base_url) {
    XmlWriter xml;
    xml.start("urlset");
    xml.attribute("xmlns", "http://www.sitemaps.org/schemas/sitemap/0.9");
    xml.attribute("xmlns:xhtml", "http://www.w3.org/1999/xhtml");
    for (const std::string& path : paths) {
        for (Language language : kLanguages) {
            xml.start("url");
            xml.element("loc", base_url + localised(language, path));
            for (Language alternate : kLanguages) {
                xml.start("xhtml:link");
                xml.attribute("rel", "alternate");
                xml.attribute("hreflang", language_code(alternate));
                xml.attribute("href", base_url + localised(alternate, path));
                xml.end();
            }
            xml.end();
        }
    }
    xml.end();
    return xml.finish();
}

std::string robots_txt(const std::vector<std::string_view>& disallowed,
                       const std::string& base_url) {
    std::string text = "User-agent: *\n";
    for (std::string_view prefix : disallowed) {
        for (Language language : kLanguages) {
            text += "Disallow: " + localised(language, prefix) + "\n";
        }
    }
    return text + fmt::format("Sitemap: {}/sitemap.xml\n", base_url);
}

}  // namespace councilcast::portal
