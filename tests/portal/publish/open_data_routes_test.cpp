// The HTTP rules of feeds and open data, request in, response out: which paths answer, CORS,
// conditional requests, errors, and where absolute links point.
#include "portal/publish/open_data_routes.hpp"

#include <doctest/doctest.h>
#include <boost/json.hpp>

#include "common/database.hpp"
#include "portal/council/demo_council.hpp"
#include "portal/pages/target.hpp"
#include "portal/schema.hpp"
#include "tests/support/demo_process.hpp"

using namespace councilcast;
using namespace councilcast::portal;
namespace http = boost::beast::http;

namespace {

constexpr std::int64_t kNow = 1795867200;  // 2026-11-28T12:00:00Z

std::filesystem::path source_dir() {
    const char* dir = std::getenv("COUNCILCAST_SOURCE_DIR");
    REQUIRE(dir != nullptr);
    return dir;
}

// The demo's council in a scratch database, behind the routes as the portal builds them.
struct Fixture {
    std::filesystem::path dir = testing::fresh_directory("open-data-routes");
    config::Config config;
    std::unique_ptr<DatabaseWriter> writer;
    std::unique_ptr<CouncilStore> council;
    PageRenderer messages{source_dir() / "portal" / "templates",
                          source_dir() / "portal" / "messages"};

    explicit Fixture(std::string public_url = {}) {
        config.server.public_url = std::move(public_url);
        {
            Database db(dir / "councilcast.sqlite");
            migrate_database(db);
        }
        writer = std::make_unique<DatabaseWriter>(dir / "councilcast.sqlite");
        council = std::make_unique<CouncilStore>(dir / "councilcast.sqlite", dir, *writer);
        seed_demo_council(*council, kNow, "hall");
    }

    std::optional<http::response<http::string_body>> ask(
        std::string_view target, http::verb method = http::verb::get,
        std::vector<std::pair<http::field, std::string>> headers = {}, bool bound = true) {
        OpenDataRoutes routes(config, *council, messages);
        if (bound) routes.set_fallback_url("http://127.0.0.1:8080");
        Request request{method, target, 11};
        request.set(http::field::host, "tv.elektrenai.lt");
        for (auto& [field, value] : headers) request.set(field, value);
        return routes.answer(request, *Target::parse(target));
    }

    http::response<http::string_body> get(std::string_view target) {
        auto answer = ask(target);
        REQUIRE(answer);
        return std::move(*answer);
    }
};

std::string header(const http::response<http::string_body>& res, http::field field) {
    auto it = res.find(field);
    return it == res.end() ? std::string() : std::string(it->value());
}

}  // namespace

TEST_CASE("only the feeds and open-data paths are answered here") {
    Fixture fixture;
    for (const char* mine :
         {"/feeds/meetings.atom", "/en/feeds/meetings.atom", "/feeds/decisions.atom",
          "/en/feeds/decisions.atom", "/feeds/meetings.ics", "/en/feeds/meetings.ics",
          "/api/v1/meetings", "/api/v1/meetings/", "/api/v1/meetings/1", "/api/v1/decisions",
          "/api/v1/council", "/api/v1/meetings.csv", "/api/v1/agenda-items.csv",
          "/api/v1/decisions.csv", "/api/v1/members.csv"}) {
        CAPTURE(mine);
        auto answer = fixture.ask(mine);
        REQUIRE(answer);
        CHECK(answer->result() == http::status::ok);
        CHECK(header(*answer, http::field::access_control_allow_origin) == "*");
        CHECK(header(*answer, http::field::cache_control) == "public, max-age=300");
    }
    for (const char* theirs : {"/", "/en/", "/api/v1/live", "/api/v1/openapi.json", "/feeds",
                               "/feeds/other.atom", "/en/api/v1/meetings", "/api/v2/meetings",
                               "/api/v1/meetings/1/agenda", "/meetings/1", "/documents/1"}) {
        CAPTURE(theirs);
        CHECK_FALSE(fixture.ask(theirs));
    }
}

TEST_CASE("content types, file names and languages of each kind of answer") {
    Fixture fixture;
    auto atom = fixture.get("/en/feeds/meetings.atom");
    CHECK(header(atom, http::field::content_type) == "application/atom+xml; charset=utf-8");
    CHECK(header(atom, http::field::content_language) == "en");
    auto calendar = fixture.get("/feeds/meetings.ics");
    CHECK(header(calendar, http::field::content_type) == "text/calendar; charset=utf-8");
    CHECK(header(calendar, http::field::content_disposition) ==
          "inline; filename=\"posedziai.ics\"");
    CHECK(header(calendar, http::field::content_language) == "lt");
    auto csv = fixture.get("/api/v1/agenda-items.csv");
    CHECK(header(csv, http::field::content_type) == "text/csv; charset=utf-8");
    CHECK(header(csv, http::field::content_disposition) ==
          "attachment; filename=\"agenda-items.csv\"");
    CHECK(
        csv.body().starts_with("\xEF\xBB\xBF"
                               "id,meeting_id,"));
    auto json = fixture.get("/api/v1/council");
    CHECK(header(json, http::field::content_type) == "application/json");
    CHECK(boost::json::parse(json.body()).at("members").as_array().size() == 26);
}

// Never to the Host a request named: anyone may send one, and the feeds are cached publicly
// under an ETag that does not vary by it (issue 10, finding 10).
TEST_CASE("feeds link to public_url when it is set, else to the address the portal listens on") {
    Fixture configured("https://tv.example.lt");
    CHECK(configured.get("/feeds/meetings.atom")
              .body()
              .find("<id>https://tv.example.lt/feeds/meetings.atom</id>") != std::string::npos);

    Fixture fixture;
    for (const char* host : {"tv.elektrenai.lt", "evil.example", "evil.example/\"><script>"}) {
        auto feed =
            fixture.ask("/feeds/meetings.atom", http::verb::get, {{http::field::host, host}});
        CHECK(feed->body().find("evil") == std::string::npos);
        CHECK(feed->body().find("tv.elektrenai.lt") == std::string::npos);
        CHECK(feed->body().find("<id>http://127.0.0.1:8080/feeds/meetings.atom</id>") !=
              std::string::npos);
    }
    auto calendar = fixture.ask("/feeds/meetings.ics", http::verb::get,
                                {{http::field::host, "TV.Elektrenai.LT:8443"}});
    CHECK(calendar->body().find("UID:meeting-1@127.0.0.1\r\n") != std::string::npos);
    CHECK(calendar->body().find("URL:http://127.0.0.1:8080/meetings/1\r\n") != std::string::npos);
    // Before the portal has bound its socket: the configured listen address, never nothing.
    fixture.config.server.listen = "127.0.0.1:8090";
    auto unbound = fixture.ask("/feeds/meetings.ics", http::verb::get,
                               {{http::field::host, "bad host"}}, false);
    CHECK(unbound->result() == http::status::ok);
    CHECK(unbound->body().find("URL:http://127.0.0.1:8090/meetings/1\r\n") != std::string::npos);
}

TEST_CASE("a repeat request with the validator gets 304 until the record changes") {
    Fixture fixture;
    auto first = fixture.get("/api/v1/meetings");
    const std::string etag = header(first, http::field::etag);
    CHECK(etag.starts_with("W/\""));
    const std::string last_modified = header(first, http::field::last_modified);
    CHECK(last_modified.ends_with(" GMT"));

    auto again = fixture.ask("/api/v1/meetings", http::verb::get,
                             {{http::field::if_none_match, "\"other\", " + etag}});
    CHECK(again->result() == http::status::not_modified);
    CHECK(again->body().empty());
    CHECK(header(*again, http::field::etag) == etag);
    CHECK(header(*again, http::field::access_control_allow_origin) == "*");
    auto since = fixture.ask("/feeds/meetings.atom", http::verb::get,
                             {{http::field::if_modified_since, last_modified}});
    CHECK(since->result() == http::status::not_modified);
    auto stale = fixture.ask("/feeds/meetings.atom", http::verb::get,
                             {{http::field::if_modified_since, "Thu, 01 Jan 2015 00:00:00 GMT"}});
    CHECK(stale->result() == http::status::ok);

    block_on(fixture.council->set_meeting_status(1, MeetingStatus::kCancelled));
    auto changed =
        fixture.ask("/api/v1/meetings", http::verb::get, {{http::field::if_none_match, etag}});
    CHECK(changed->result() == http::status::ok);
    CHECK(header(*changed, http::field::etag) != etag);
}

TEST_CASE("HEAD has the headers and length without the body") {
    Fixture fixture;
    auto get = fixture.get("/api/v1/decisions.csv");
    auto head = fixture.ask("/api/v1/decisions.csv", http::verb::head);
    CHECK(head->result() == http::status::ok);
    CHECK(head->body().empty());
    CHECK(header(*head, http::field::content_length) == std::to_string(get.body().size()));
    CHECK(header(*head, http::field::content_disposition) ==
          "attachment; filename=\"decisions.csv\"");
}

// Other methods are the router's to refuse (open_data_http_test asks over HTTP).
TEST_CASE("OPTIONS answers the CORS preflight") {
    Fixture fixture;
    auto preflight = fixture.ask("/api/v1/meetings/1", http::verb::options,
                                 {{http::field::origin, "https://data.example.org"},
                                  {http::field::access_control_request_method, "GET"}});
    REQUIRE(preflight);
    CHECK(preflight->result() == http::status::no_content);
    CHECK(header(*preflight, http::field::access_control_allow_origin) == "*");
    CHECK(header(*preflight, http::field::access_control_allow_methods) == "GET, HEAD");
    CHECK(preflight->body().empty());
}

TEST_CASE(
    "bad filters are 400 and unknown meetings 404, as problem details in the client's language") {
    Fixture fixture;
    for (const char* bad :
         {"/api/v1/meetings?year=26", "/api/v1/meetings?type=plenary",
          "/api/v1/decisions?type=council", "/api/v1/council?year=2026",
          "/api/v1/meetings.csv?year=2026&year=2027", "/api/v1/meetings?yaer=2026"}) {
        CAPTURE(bad);
        auto answer = fixture.ask(bad);
        REQUIRE(answer);
        CHECK(answer->result() == http::status::bad_request);
        CHECK(header(*answer, http::field::content_type) == "application/problem+json");
        CHECK(header(*answer, http::field::content_language) == "lt");
        CHECK(header(*answer, http::field::access_control_allow_origin) == "*");
        CHECK(header(*answer, http::field::cache_control) == "no-store");
        const auto problem = boost::json::parse(answer->body());
        CHECK(problem.at("status") == 400);
        CHECK(problem.at("title") == "Bad Request");
        CHECK_FALSE(problem.at("detail").as_string().empty());
    }
    for (const char* unknown :
         {"/api/v1/meetings/999999", "/api/v1/meetings/abc", "/api/v1/meetings/-1",
          "/api/v1/meetings/99999999999999999999999"}) {
        CAPTURE(unknown);
        auto answer = fixture.ask(unknown);
        CHECK(answer->result() == http::status::not_found);
        CHECK(boost::json::parse(answer->body()).at("detail") == "Tokio posėdžio nėra.");
    }
    // A client that prefers English gets English; one that prefers Lithuanian, or names
    // neither, Lithuanian.
    auto in = [&](std::string_view accept_language) {
        auto answer = fixture.ask("/api/v1/meetings?year=26", http::verb::get,
                                  {{http::field::accept_language, std::string(accept_language)}});
        return std::string(boost::json::parse(answer->body()).at("detail").as_string());
    };
    CHECK(in("en-GB,en;q=0.9,lt;q=0.5") == "The year must have four digits, e.g. year=2026.");
    CHECK(in("lt,en;q=0.8") == "Metai rašomi keturiais skaitmenimis, pvz. year=2026.");
    CHECK(in("de-DE") == "Metai rašomi keturiais skaitmenimis, pvz. year=2026.");
    // Feeds have no filters: whatever a reader appends is ignored.
    CHECK(fixture.get("/feeds/meetings.atom?utm_source=reader").result() == http::status::ok);
    CHECK(fixture.get("/api/v1/meetings?year=2026&type=committee").result() == http::status::ok);
}
