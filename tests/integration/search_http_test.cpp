// Search over HTTP on the real portal: the demo's record with a few items changed in its
// database (a hostile title among them) before the portal starts, so the index built at start
// holds them. Lithuanian forms, ranking, escaping, refusals in the visitor's language, the page
// in both languages and the API's CORS.
#include <doctest/doctest.h>

#include <boost/json.hpp>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "tests/support/demo_process.hpp"
#include "tests/support/http_client.hpp"

using namespace councilcast::testing;
namespace json = boost::json;

namespace {

bool contains(const std::string& text, std::string_view part) {
    return text.find(part) != std::string::npos;
}

std::string source_dir() {
    const char* dir = std::getenv("COUNCILCAST_SOURCE_DIR");
    REQUIRE(dir != nullptr);
    return dir;
}

// `serve` with the demo's municipality and one light test channel.
DemoProcess serve(const std::filesystem::path& dir) {
    std::ifstream channel(source_dir() + "/tests/support/light_channel.toml");
    std::stringstream light;
    light << channel.rdbuf();
    const auto config = dir / "councilcast.toml";
    std::ofstream(config) << light.str();
    return DemoProcess(
        DemoProcess::Command{{"serve", "--config", config.string(), "--listen", "127.0.0.1:0",
                              "--data-dir", (dir / "data").string(), "--seed-demo"}});
}

// Runs SQL on the stopped portal's database with Debian's sqlite3.
void change_record(const std::filesystem::path& data_dir, const std::string& sql) {
    const std::string command =
        "sqlite3 '" + (data_dir / "councilcast.sqlite").string() + "' \"" + sql + "\"";
    REQUIRE(std::system(command.c_str()) == 0);
}

json::array results(const HttpResult& answer) {
    REQUIRE(answer.status == 200);
    return json::parse(answer.body).at("results").as_array();
}

std::string text(const json::value& hit, const char* field) {
    return std::string(hit.at(field).as_string());
}

}  // namespace

TEST_CASE("search finds Lithuanian forms, ranks titles first and escapes what it shows") {
    const auto dir = fresh_directory("search-http");
    {
        DemoProcess seeded = serve(dir);
        REQUIRE(seeded.stop() == 0);
    }
    // Words the demo's record does not have, so every hit below is one of these items.
    change_record(
        dir / "data",
        "UPDATE agenda_item SET title_lt = 'Dėl <script>alert(1)</script> Žaliakalnio žemės "
        "sklypų' WHERE id = 1;"
        "UPDATE agenda_item SET description_lt = 'Šalia Žaliakalnio bus tiesiamas kelias.' "
        "WHERE id = 2;"
        "UPDATE agenda_item SET description_lt = 'Pūkelio gatvės sprendimą priėmė komitetas.' "
        "WHERE id = 3;");
    DemoProcess portal = serve(dir);
    HttpClient client;
    const std::string api = portal.base_url() + "api/v1/search?q=";

    SUBCASE("the API: forms, diacritics, ranking, escaping, moments") {
        // "sprendimas" finds "sprendimą", "zemes" and "žemė" find "žemės".
        auto hits = results(client.get(api + "pukelio%20sprendimas"));
        REQUIRE(hits.size() == 1);
        CHECK(hits[0].at("meeting_id").as_int64() == 1);
        CHECK(contains(text(hits[0], "snippet"), "<mark>sprendimą</mark>"));
        CHECK(hits[0].at("t").is_null());
        CHECK(text(hits[0], "url") == "/meetings/1");
        for (const char* query : {"zemes%20zaliakalnio", "%C5%BEem%C4%97%20%C5%BEaliakalnio"}) {
            CAPTURE(query);
            hits = results(client.get(api + query));
            REQUIRE(!hits.empty());
            CHECK(contains(text(hits[0], "title"), "Žaliakalnio žemės sklypų"));
        }
        // Both the item's title and its decision's title (if it has one) come before the
        // item that has the word only in its description.
        hits = results(client.get(api + "zaliakalnio"));
        REQUIRE(hits.size() >= 2);
        const auto& last = hits[hits.size() - 1];
        CHECK(contains(text(last, "snippet"), "<mark>Žaliakalnio</mark>"));
        CHECK_FALSE(contains(text(last, "title"), "Žaliakalnio"));
        for (std::size_t i = 0; i + 1 < hits.size(); ++i) {
            CHECK(contains(text(hits[i], "title"), "Žaliakalnio"));
        }
        // The title is plain text in JSON; the snippet is HTML with the text escaped.
        CHECK(contains(text(hits[0], "title"), "<script>alert(1)</script>"));
        // A query typed so far finds the words it begins.
        CHECK(!results(client.get(api + "zaliakaln")).empty());
    }

    SUBCASE("the API's refusals and headers") {
        HttpResult answer = client.get(api + "zaliakalnio");
        CHECK(answer.header("access-control-allow-origin") == "*");
        CHECK(answer.header("content-type") == "application/json");
        // Punctuation or FTS5 syntax alone finds nothing, and never fails.
        for (const char* query : {"%2A%2A%2A", "%22", "%E2%80%94", "NEAR%28%29", "a%22%20OR%20b"}) {
            CAPTURE(query);
            CHECK(results(client.get(api + query)).empty());
        }
        for (const std::string& bad :
             {portal.base_url() + "api/v1/search", api, api + "%20%20", api + std::string(201, 'a'),
              api + "a&page=0", api + "a&page=99", api + "a&lang=de", api + "a&sort=date"}) {
            CAPTURE(bad);
            answer = client.get(bad, {{"Accept-Language", "en"}});
            CHECK(answer.status == 400);
            CHECK(answer.header("content-type") == "application/problem+json");
            CHECK(answer.header("access-control-allow-origin") == "*");
            CHECK(answer.header("content-language") == "en");
        }
        answer = client.get(portal.base_url() + "api/v1/search");
        CHECK(answer.status == 400);
        CHECK(contains(answer.body, "Nurodykite, ko ieškoti"));
        answer = client.options(api + "a");
        CHECK(answer.status == 204);
        CHECK(answer.header("access-control-allow-origin") == "*");
    }

    SUBCASE("the page in both languages, without JavaScript") {
        HttpResult page = client.get(portal.base_url() + "search?q=zaliakalnio");
        REQUIRE(page.status == 200);
        CHECK(contains(page.body, "<html lang=\"lt\""));
        CHECK(contains(page.body, "<label for=\"search-q\">"));
        CHECK(contains(page.body, "name=\"q\" value=\"zaliakalnio\""));
        CHECK(
            contains(page.body, "&lt;script&gt;alert(1)&lt;/script&gt; <mark>Žaliakalnio</mark>"));
        CHECK_FALSE(contains(page.body, "<script>alert"));
        CHECK(contains(page.body, "href=\"/meetings/1\""));
        CHECK(contains(page.body, "role=\"status\">Rast"));
        CHECK(contains(page.body, "aria-current=\"page\">Paieška"));

        page = client.get(portal.base_url() + "en/search?q=zaliakalnio");
        REQUIRE(page.status == 200);
        CHECK(contains(page.body, "<html lang=\"en\""));
        CHECK(contains(page.body, "href=\"/en/meetings/1\""));
        // The item found by its Lithuanian description shows that text, marked as Lithuanian.
        CHECK(contains(page.body, "search-result__snippet\" lang=\"lt\">"));
        CHECK(contains(page.body, "Šalia <mark>Žaliakalnio</mark> bus tiesiamas kelias."));
        CHECK(contains(page.body, "results</p>"));

        page = client.get(portal.base_url() + "en/search?q=%E2%80%94");
        CHECK(page.status == 200);
        CHECK(contains(page.body, "Nothing found"));
        page = client.get(portal.base_url() + "search");
        CHECK(page.status == 200);
        CHECK_FALSE(contains(page.body, "role=\"status\""));

        page = client.get(portal.base_url() + "en/search?q=" + std::string(201, 'a'));
        CHECK(page.status == 400);
        CHECK(contains(page.body, "200 characters at most"));
        page = client.get(portal.base_url() + "search?q=a&page=x");
        CHECK(page.status == 400);
        CHECK(contains(page.body, "Netinkamas puslapio numeris"));
    }
}
