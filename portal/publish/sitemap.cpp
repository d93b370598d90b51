#include "portal/publish/sitemap.hpp"

#include <fmt/core.h>

#include "portal/pages/xml_writer.hpp"
#include "portal/publish/council_views.hpp"

namespace councilcast::portal {
namespace {

void add_url(XmlWriter& xml, const std::string& base_url, const std::string& path) {
    for (Language language : kLanguages) {
        xml.start("url");
        xml.element("loc", base_url + localised_path(language, path));
        for (Language alternate : kLanguages) {
            xml.start("xhtml:link");
            xml.attribute("rel", "alternate");
            xml.attribute("hreflang", language_code(alternate));
            xml.attribute("href", base_url + localised_path(alternate, path));
            xml.end();
        }
        xml.end();
    }
}

}  // namespace

std::string sitemap_xml(const CouncilSnapshot& council, const std::string& base_url) {
    XmlWriter xml;
    xml.start("urlset");
    xml.attribute("xmlns", "http://www.sitemaps.org/schemas/sitemap/0.9");
    xml.attribute("xmlns:xhtml", "http://www.w3.org/1999/xhtml");
    for (const char* path : {"/", "/meetings", "/council", "/decisions"}) {
        add_url(xml, base_url, path);
    }
    for (const auto& meeting : council.meetings) {
        add_url(xml, base_url, fmt::format("/meetings/{}", meeting.id));
    }
    for (const auto& member : council.members) {
        add_url(xml, base_url, fmt::format("/council/{}", member.id));
    }
    for (const auto& decision : council.decisions) {
        add_url(xml, base_url, fmt::format("/decisions/{}", decision.id));
    }
    xml.end();
    return xml.finish();
}

std::string robots_txt(const std::string& base_url) {
    return fmt::format(
        "User-agent: *\n"
        "Disallow: /staff/\nDisallow: /en/staff/\n"
        "Disallow: /account\nDisallow: /en/account\n"
        "Disallow: /login\nDisallow: /en/login\n"
        "Disallow: /embed/\nDisallow: /en/embed/\n"
        "Sitemap: {}/sitemap.xml\n",
        base_url);
}

}  // namespace councilcast::portal
