// The public site over HTTP on the real demo: every page type answers in both languages with
// the right headers, documents download as what they are, bad addresses get a clear answer,
// the widgets may be framed only by the configured sites, oEmbed and the sitemap are valid.
#include <libxml/parser.h>

#include <doctest/doctest.h>

#include <fstream>
#include <regex>
#include <sstream>
#include <string>

#include "tests/support/demo_process.hpp"
#include "tests/support/http_client.hpp"

using namespace councilcast::testing;

namespace {

bool contains(const std::string& text, std::string_view part) {
    return text.find(part) != std::string::npos;
}

// The first id in a link of the form href="/<what>/<id>" on a page.
std::string first_id(const std::string& html, const std::string& what) {
    std::smatch match;
    REQUIRE_MESSAGE(std::regex_search(html, match, std::regex("href=\"/" + what + "/([0-9]+)\"")),
                    "no link to /" << what << "/<id>");
    return match[1].str();
}

std::string source_dir() {
    const char* dir = std::getenv("COUNCILCAST_SOURCE_DIR");
    REQUIRE(dir != nullptr);
    return dir;
}

// `serve` with the demo's municipality and a site allowed to frame the widgets.
DemoProcess serve_with_framer(const std::filesystem::path& dir, const std::string& framer) {
    std::ifstream channel(source_dir() + "/tests/support/light_channel.toml");
    std::stringstream light;
    light << channel.rdbuf();
    const auto config = dir / "councilcast.toml";
    std::ofstream(config) << "[municipality]\nwebsite = \"https://www.elektrenai.lt\"\n"
                          << "embed_framers = [\"" << framer << "\"]\n"
                          << light.str();
    return DemoProcess(
        DemoProcess::Command{{"serve", "--config", config.string(), "--listen", "127.0.0.1:0",
                              "--data-dir", (dir / "data").string(), "--seed-demo"}});
}

}  // namespace

TEST_CASE("every public page answers in both languages with the headers a browser needs") {
    const auto dir = fresh_directory("public-pages");
    DemoProcess demo = serve_with_framer(dir, "http://localhost:9");
    HttpClient client;
    const std::string base = demo.base_url();
    HttpResult home = client.get(base);
    REQUIRE(home.status == 200);
    const std::string meeting = first_id(home.body, "meetings");
    const std::string decision = first_id(home.body, "decisions");
    HttpResult council = client.get(base + "council");
    const std::string member = first_id(council.body, "council");

    for (const std::string prefix : {"", "en/"}) {
        for (const std::string& path :
             std::vector<std::string>{std::string(), "meetings", "meetings?year=2026&type=council",
                                      "meetings/" + meeting, "council", "council/" + member,
                                      "decisions", "decisions/" + decision}) {
            CAPTURE(prefix + path);
            HttpResult page = client.get(base + prefix + path);
            CHECK(page.status == 200);
            CHECK(page.header("content-type") == "text/html; charset=utf-8");
            CHECK(page.header("content-language") == (prefix.empty() ? "lt" : "en"));
            CHECK(
                contains(page.body, prefix.empty() ? "<html lang=\"lt\">" : "<html lang=\"en\">"));
            CHECK(contains(page.body, "<meta property=\"og:title\""));
            CHECK(contains(page.body, "<link rel=\"canonical\" href=\"" + base));
            CHECK(page.header("content-security-policy")
                      .ends_with("frame-ancestors 'self' https://www.elektrenai.lt"));
            CHECK(page.header("x-content-type-options") == "nosniff");
        }
    }
}

TEST_CASE("the language switch is remembered: the home page leads back to the chosen language") {
    const auto dir = fresh_directory("public-language");
    DemoProcess demo = serve_with_framer(dir, "http://localhost:9");
    HttpClient client;
    const std::string base = demo.base_url();
    HttpResult to_english = client.get(base + "language?to=en&next=%2Fen%2Fmeetings");
    CHECK(to_english.status == 303);
    CHECK(to_english.header("location") == "/en/meetings");
    CHECK(to_english.header("set-cookie").starts_with("lang=en; "));
    HttpResult home = client.get(base, {{"Cookie", "lang=en"}});
    CHECK(home.status == 303);
    CHECK(home.header("location") == "/en/");
    CHECK(client.get(base, {{"Cookie", "lang=lt"}}).status == 200);
    CHECK(client.get(base + "en/", {{"Cookie", "lang=lt"}}).status == 200);
    // The switch leads only to this site's pages.
    for (const char* next :
         {"%2F%2Fevil.example%2F", "https%3A%2F%2Fevil.example%2F", "%2F%5Cevil.example", "",
          // Browsers drop TAB, CR and LF before parsing a Location: "/\t/x" would be "//x".
          "/%09/evil.example", "%2F%09%2Fevil.example", "%2F%0D%0A%2Fevil.example"}) {
        CAPTURE(next);
        HttpResult away = client.get(base + "language?to=lt&next=" + next);
        CHECK(away.status == 303);
        CHECK(away.header("location") == "/");
    }
    CHECK(client.get(base + "language?to=fr&next=%2F").status == 400);
}

TEST_CASE("documents download as PDF with their name; bad addresses get a clear answer") {
    const auto dir = fresh_directory("public-documents");
    DemoProcess demo = serve_with_framer(dir, "http://localhost:9");
    HttpClient client;
    const std::string base = demo.base_url();
    const std::string meeting = first_id(client.get(base).body, "meetings");
    const std::string page = client.get(base + "meetings/" + meeting).body;
    const std::string document = first_id(page, "documents");
    HttpResult pdf = client.get(base + "documents/" + document);
    CHECK(pdf.status == 200);
    CHECK(pdf.header("content-type") == "application/pdf");
    CHECK(pdf.body.starts_with("%PDF-"));
    CHECK(pdf.header("content-disposition").starts_with("inline; filename=\"sprendimo-projektas-"));
    CHECK(contains(pdf.header("content-disposition"), "filename*=UTF-8''sprendimo-projektas-"));

    HttpResult missing = client.get(base + "meetings/999999");
    CHECK(missing.status == 404);
    CHECK(contains(missing.body, "Puslapis nerastas"));
    CHECK(contains(client.get(base + "en/no/such/page").body, "Page not found"));
    CHECK(client.get(base + "documents/999999").status == 404);
    CHECK(client.get(base + "documents/x").status == 404);
    CHECK(client.get(base + "photos/..%2f..%2fcouncilcast.sqlite").status == 404);
    HttpResult bad_year = client.get(base + "meetings?year=20x6");
    CHECK(bad_year.status == 400);
    CHECK(contains(bad_year.body, "Metai turi būti keturi skaitmenys"));
    // A page's refusal is a page of the site, in the page's language.
    CHECK(bad_year.header("content-type") == "text/html; charset=utf-8");
    CHECK(contains(bad_year.body, "<html lang=\"lt\""));
    HttpResult bad_year_en = client.get(base + "en/meetings?year=20x6");
    CHECK(bad_year_en.status == 400);
    CHECK(contains(bad_year_en.body, "The year must be four digits"));
    CHECK(contains(bad_year_en.body, "<html lang=\"en\""));
    // A method the page does not take: 405 naming those it does, in the page's language.
    HttpResult posted = client.post(base + "en/council", "x=1");
    CHECK(posted.status == 405);
    CHECK(posted.header("allow") == "GET, HEAD");
    CHECK(contains(posted.body, "<html lang=\"en\""));
    // What players fetch has no English twin.
    CHECK(client.get(base + "en/live/hall/master.m3u8").status == 404);
    CHECK(client.get(base + "live/hall/master.m3u8").status == 200);
    CHECK(client.get(base + "meetings?type=party").status == 400);
    CHECK(client.get(base + "decisions?year=0999").status == 400);
    CHECK(client.get(base + "healthz").status == 200);
}

TEST_CASE("the widgets may be framed by the configured sites, oEmbed and the sitemap work") {
    const auto dir = fresh_directory("public-embed");
    DemoProcess demo = serve_with_framer(dir, "https://vievis.example.lt");
    HttpClient client;
    const std::string base = demo.base_url();
    const std::string meeting = first_id(client.get(base).body, "meetings");
    for (const std::string& path : std::vector<std::string>{
             "embed/live", "embed/upcoming", "embed/meeting/" + meeting, "en/embed/live"}) {
        CAPTURE(path);
        HttpResult widget = client.get(base + path);
        CHECK(widget.status == 200);
        CHECK(widget.header("content-security-policy")
                  .ends_with("frame-ancestors 'self' https://www.elektrenai.lt "
                             "https://vievis.example.lt"));
        CHECK(contains(widget.body, "target=\"_blank\" rel=\"noopener\""));
        CHECK_FALSE(contains(widget.body, "class=\"site-header\""));
    }
    // Account pages are never framed, whatever the configuration says.
    CHECK(client.get(base + "login")
              .header("content-security-policy")
              .ends_with("frame-ancestors 'none'"));

    HttpResult oembed =
        client.get(base + "oembed?format=json&maxwidth=320&url=" + base + "en/meetings/" + meeting);
    CHECK(oembed.status == 200);
    CHECK(oembed.header("content-type") == "application/json");
    CHECK(oembed.header("access-control-allow-origin") == "*");
    CHECK(contains(oembed.body, "\"version\":\"1.0\""));
    CHECK(contains(oembed.body, "\"width\":320"));
    CHECK(contains(oembed.body,
                   "\"html\":\"<iframe src=\\\"" + base + "en/embed/meeting/" + meeting + "\\\""));
    CHECK(client.get(base + "oembed?url=https://elsewhere.example/meetings/" + meeting).status ==
          404);
    CHECK(client.get(base + "oembed?url=" + base + "meetings/" + meeting + "&format=xml").status ==
          501);
    CHECK(client.get(base + "oembed").status == 400);
    const std::string meeting_page = client.get(base + "meetings/" + meeting).body;
    CHECK(contains(meeting_page, "type=\"application/json+oembed\""));

    HttpResult sitemap = client.get(base + "sitemap.xml");
    CHECK(sitemap.status == 200);
    xmlDocPtr parsed = xmlReadMemory(sitemap.body.data(), static_cast<int>(sitemap.body.size()),
                                     "sitemap.xml", nullptr, XML_PARSE_NONET);
    CHECK(parsed != nullptr);
    xmlFreeDoc(parsed);
    CHECK(contains(sitemap.body, "<loc>" + base + "meetings/" + meeting + "</loc>"));
    CHECK(contains(sitemap.body, "hreflang=\"en\" href=\"" + base + "en/meetings/" + meeting));
    HttpResult robots = client.get(base + "robots.txt");
    CHECK(contains(robots.body, "Disallow: /staff/"));
    CHECK(contains(robots.body, "Disallow: /en/account"));
    CHECK(contains(robots.body, "Disallow: /embed/"));
    CHECK(contains(robots.body, "Sitemap: " + base + "sitemap.xml"));
}
