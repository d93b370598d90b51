// Feeds and open data as other people's software meets them: the real demo over HTTP, its feeds
// parsed by Debian's feedparser and icalendar, the API read by a real HTTP client.
#include <doctest/doctest.h>

#include <cstdio>
#include <fstream>

#include <boost/json.hpp>

#include "tests/support/demo_process.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/raw_http.hpp"

using namespace councilcast::testing;
using namespace std::chrono_literals;
namespace json = boost::json;

namespace {

std::string source_dir() {
    const char* dir = std::getenv("COUNCILCAST_SOURCE_DIR");
    REQUIRE(dir != nullptr);
    return dir;
}

std::string python() {
    const char* chosen = std::getenv("COUNCILCAST_PYTHON");
    // Debian's interpreter: the one python3-feedparser and python3-icalendar are installed for,
    // whatever else is on PATH.
    return chosen ? chosen : "/usr/bin/python3";
}

struct CommandResult {
    int status = -1;
    std::string output;
};

CommandResult run(const std::string& command) {
    CommandResult result;
    FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
    REQUIRE(pipe != nullptr);
    char chunk[4096];
    std::size_t n;
    while ((n = std::fread(chunk, 1, sizeof chunk, pipe)) > 0) result.output.append(chunk, n);
    result.status = ::pclose(pipe);
    return result;
}

}  // namespace

TEST_CASE("both languages' feeds and calendars parse with feedparser and icalendar") {
    const auto data_dir = fresh_directory("open-data-feeds");
    const auto fetched = fresh_directory("open-data-feeds-fetched");
    DemoProcess demo(data_dir);
    HttpClient client;
    for (const std::string path :
         {"feeds/meetings.atom", "feeds/decisions.atom", "feeds/meetings.ics",
          "en/feeds/meetings.atom", "en/feeds/decisions.atom", "en/feeds/meetings.ics",
          "api/v1/meetings"}) {
        CAPTURE(path);
        HttpResult result = client.get(demo.base_url() + path);
        REQUIRE(result.status == 200);
        CHECK(result.header("access-control-allow-origin") == "*");
        std::string name = path;
        std::replace(name.begin(), name.end(), '/', '_');
        std::ofstream(fetched / name, std::ios::binary) << result.body;
    }
    const CommandResult checked =
        run(python() + " '" + source_dir() + "/tests/integration/check_feeds.py' '" +
            fetched.string() + "' '" + demo.base_url() + "'");
    INFO(checked.output);
    CHECK(checked.status == 0);
    CHECK(checked.output.find("check_feeds: 0 problems") != std::string::npos);
}

TEST_CASE("feeds say what they are, may be cached, and answer HEAD and a repeat with 304") {
    const auto data_dir = fresh_directory("open-data-feed-headers");
    DemoProcess demo(data_dir);
    HttpClient client;

    HttpResult atom = client.get(demo.base_url() + "en/feeds/decisions.atom");
    REQUIRE(atom.status == 200);
    CHECK(atom.header("content-type") == "application/atom+xml; charset=utf-8");
    CHECK(atom.header("content-language") == "en");
    CHECK(atom.header("cache-control") == "public, max-age=300");
    CHECK(atom.body.find("<feed xml:lang=\"en\"") != std::string::npos);
    // No public_url in the demo's config: links name the address the portal listens on.
    CHECK(atom.body.find("<link rel=\"self\" type=\"application/atom+xml\" href=\"" +
                         demo.base_url() + "en/feeds/decisions.atom\"/>") != std::string::npos);

    // A Host header of anyone's choosing never reaches the links: the feed is cached publicly.
    RawConnection raw("127.0.0.1", demo.port());
    REQUIRE(
        raw.send("GET /feeds/meetings.atom HTTP/1.1\r\nHost: evil.example\r\n"
                 "Connection: close\r\n\r\n"));
    const std::string forged = raw.read_until_closed(std::chrono::seconds(10));
    CHECK(forged.starts_with("HTTP/1.1 200"));
    CHECK(forged.find("evil.example") == std::string::npos);
    CHECK(forged.find("<id>" + demo.base_url() + "feeds/meetings.atom</id>") != std::string::npos);

    HttpResult calendar = client.get(demo.base_url() + "feeds/meetings.ics");
    REQUIRE(calendar.status == 200);
    CHECK(calendar.header("content-type") == "text/calendar; charset=utf-8");
    CHECK(calendar.header("content-disposition") == "inline; filename=\"posedziai.ics\"");
    CHECK(calendar.body.find("UID:meeting-1@127.0.0.1\r\n") != std::string::npos);

    HttpResult head = client.head(demo.base_url() + "feeds/meetings.ics");
    CHECK(head.status == 200);
    CHECK(head.body.empty());
    CHECK(head.header("content-length") == std::to_string(calendar.body.size()));

    const std::string etag = calendar.header("etag");
    REQUIRE_FALSE(etag.empty());
    HttpResult repeat =
        client.get(demo.base_url() + "feeds/meetings.ics", {{"If-None-Match", etag}});
    CHECK(repeat.status == 304);
    CHECK(repeat.body.empty());
    HttpResult since = client.get(demo.base_url() + "feeds/meetings.atom",
                                  {{"If-Modified-Since", calendar.header("last-modified")}});
    CHECK(since.status == 304);
}

TEST_CASE("the open-data API over HTTP: CORS, errors, CSV downloads, the preflight") {
    const auto data_dir = fresh_directory("open-data-api");
    DemoProcess demo(data_dir);
    HttpClient client;
    const std::string api = demo.base_url() + "api/v1/";

    HttpResult meetings = client.get(api + "meetings?type=council");
    REQUIRE(meetings.status == 200);
    CHECK(meetings.header("content-type") == "application/json");
    CHECK(meetings.header("access-control-allow-origin") == "*");
    const auto list = json::parse(meetings.body).at("meetings").as_array();
    REQUIRE(list.size() == 9);
    const auto id = list[0].at("id").as_int64();

    HttpResult meeting = client.get(api + "meetings/" + std::to_string(id));
    REQUIRE(meeting.status == 200);
    const auto agenda = json::parse(meeting.body).at("agenda").as_array();
    REQUIRE(agenda.size() == 5);
    CHECK(agenda[0].at("position") == 1);
    CHECK(agenda[0].at("decision").at("outcome").is_string());

    HttpResult council = client.get(api + "council");
    CHECK(council.status == 200);
    CHECK(json::parse(council.body).at("committees").as_array().size() == 4);
    CHECK(council.header("access-control-allow-origin") == "*");

    HttpResult bad = client.get(api + "meetings?year=twenty");
    CHECK(bad.status == 400);
    CHECK(bad.header("content-type") == "application/problem+json");
    CHECK(bad.header("access-control-allow-origin") == "*");
    CHECK(json::parse(bad.body).at("detail").as_string().find("year=2026") != std::string::npos);
    CHECK(client.get(api + "decisions?year=2026&type=council").status == 400);

    HttpResult unknown = client.get(api + "meetings/999999");
    CHECK(unknown.status == 404);
    CHECK(unknown.header("access-control-allow-origin") == "*");
    CHECK(json::parse(unknown.body).at("detail") == "Tokio posėdžio nėra.");
    HttpResult english = client.get(api + "meetings/999999", {{"Accept-Language", "en"}});
    CHECK(json::parse(english.body).at("detail") == "No such meeting.");

    for (const std::string table : {"meetings", "agenda-items", "decisions", "members"}) {
        CAPTURE(table);
        HttpResult csv = client.get(api + table + ".csv");
        REQUIRE(csv.status == 200);
        CHECK(csv.header("content-type") == "text/csv; charset=utf-8");
        CHECK(csv.header("content-disposition") == "attachment; filename=\"" + table + ".csv\"");
        CHECK(csv.header("access-control-allow-origin") == "*");
        CHECK(
            csv.body.starts_with("\xEF\xBB\xBF"
                                 "id,"));
        CHECK(csv.body.ends_with("\r\n"));
    }
    CHECK(client.get(api + "members.csv").body.find("Rasa Petrauskienė") != std::string::npos);

    HttpResult preflight =
        client.options(api + "meetings", {{"Origin", "https://data.example.org"},
                                          {"Access-Control-Request-Method", "GET"},
                                          {"Access-Control-Request-Headers", "if-none-match"}});
    CHECK(preflight.status == 204);
    CHECK(preflight.header("access-control-allow-origin") == "*");
    CHECK(preflight.header("access-control-allow-methods") == "GET, HEAD");
    HttpResult post = client.post(api + "meetings", "year=2026");
    CHECK(post.status == 405);
    CHECK(post.header("allow") == "GET, HEAD, OPTIONS");
    CHECK(json::parse(post.body).at("status") == 405);

    // The live channels' contract is unchanged, and every one of these counted as the API.
    HttpResult live = client.get(api + "live");
    CHECK(live.status == 200);
    CHECK(json::parse(live.body).at("channels").as_array()[0].at("id") == "hall");
    HttpResult metrics = client.get(demo.base_url() + "metrics");
    CHECK(metrics.body.find("councilcast_http_requests_total{kind=\"api\",code=\"4xx\"}") !=
          std::string::npos);
}
