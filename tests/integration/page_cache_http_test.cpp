// The anonymous page cache as visitors meet it: pages everyone gets the same are shared for a few
// seconds, yet an editor's change shows at once, nothing outlives the cache's 5 s, and a
// signed-in visitor's page (their name, their form token) never reaches anyone else.
#include <doctest/doctest.h>

#include <fstream>
#include <regex>

#include "tests/support/demo_process.hpp"
#include "tests/support/test_browser.hpp"
#include "tests/support/test_certificate.hpp"

using namespace councilcast::testing;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

// How long an anonymous page may be shared (docs/ARCHITECTURE.md, "Speed").
constexpr auto kPageLifetime = 5s;

// `serve --seed-demo` with the demo's municipality and a channel that costs next to nothing.
DemoProcess serve_demo(const std::filesystem::path& data_dir) {
    const auto config = data_dir / "councilcast.toml";
    std::ofstream(config) << read_text_file(source_dir() + "/tests/support/light_channel.toml");
    return DemoProcess(
        DemoProcess::Command{{"serve", "--config", config.string(), "--listen", "127.0.0.1:0",
                              "--data-dir", data_dir.string(), "--seed-demo"}});
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

std::int64_t id_in(const std::string& text, const std::string& pattern) {
    std::smatch match;
    REQUIRE(std::regex_search(text, match, std::regex(pattern)));
    return std::stoll(match[1]);
}

// An anonymous visitor's page, checked to be one that may be shared: no cookie, no form token.
HttpResult anonymous_page(HttpClient& client, const std::string& url) {
    HttpResult page = client.get(url);
    REQUIRE(page.status == 200);
    CHECK(page.header("set-cookie").empty());
    CHECK_FALSE(contains(page.body, "name=\"csrf\""));
    return page;
}

}  // namespace

TEST_CASE("an editor's change shows at once to anonymous visitors") {
    const auto data_dir = fresh_directory("page-cache-edit");
    add_user(data_dir, "editor@example.lt", "--role editor");
    DemoProcess serve = serve_demo(data_dir);
    HttpClient visitor;
    const std::string year_page = serve.base_url() + "meetings?year=2027";
    const std::string title = "Neeilinis posėdis dėl šilumos kainų";
    const std::string english_title = "Extraordinary meeting on heating prices";
    // Seen (and so kept) before the change, in both languages.
    for (int i = 0; i < 2; ++i) {
        CHECK_FALSE(contains(anonymous_page(visitor, year_page).body, title));
        CHECK_FALSE(
            contains(anonymous_page(visitor, serve.base_url() + "en/meetings?year=2027").body,
                     english_title));
    }

    Browser editor(serve);
    REQUIRE(editor.sign_in("editor@example.lt").status == 303);
    REQUIRE(editor.get("/staff/meetings").status == 200);
    HttpResult created =
        editor.post("/staff/meetings",
                    "title_lt=" + form_encode(title) +
                        "&kind=council&committee_id=&title_en=" + form_encode(english_title) +
                        "&starts=2027-01-14T15:00&place_lt=" + form_encode("Posėdžių salė") +
                        "&place_en=&status=planned&channel_id=hall");
    REQUIRE(created.status == 303);
    const std::int64_t meeting_id =
        id_in(created.header("location"), R"(/staff/meeting\?id=(\d+))");

    // The next anonymous request, with no wait, has it.
    CHECK(contains(anonymous_page(visitor, year_page).body, title));
    CHECK(contains(anonymous_page(visitor, serve.base_url() + "en/meetings?year=2027").body,
                   english_title));

    const std::string meeting_page = serve.base_url() + "meetings/" + std::to_string(meeting_id);
    const std::string item = "Dėl vandens tiekimo kainų";
    CHECK_FALSE(contains(anonymous_page(visitor, meeting_page).body, item));
    REQUIRE(editor.get("/staff/meeting?id=" + std::to_string(meeting_id)).status == 200);
    HttpResult added =
        editor.post("/staff/meeting/item",
                    "meeting_id=" + std::to_string(meeting_id) + "&title_lt=" + form_encode(item) +
                        "&title_en=&rapporteur=Asta&description_lt=&description_en=");
    REQUIRE(added.status == 303);
    CHECK(contains(anonymous_page(visitor, meeting_page).body, item));
}

TEST_CASE("a shared anonymous page is never older than its 5 s lifetime") {
    const auto data_dir = fresh_directory("page-cache-lifetime");
    DemoProcess serve = serve_demo(data_dir);
    HttpClient visitor;
    const std::string home = serve.base_url();
    // The demo's meeting is live on the hall channel; its player says "on air" once segments
    // arrive, which the council's record does not know about: only the page's age renews it.
    const auto first_seen = Clock::now();
    REQUIRE_MESSAGE(contains(anonymous_page(visitor, home).body, "badge--offline"),
                    "the worker published a segment before the first request; nothing to test");

    Clock::time_point live_at;
    REQUIRE(wait_for(
        [&] {
            if (contains(visitor.get(home + "api/v1/live").body, "\"status\":\"live\"")) {
                live_at = Clock::now();
                return true;
            }
            return false;
        },
        30s, 20ms));
    Clock::time_point page_live_at;
    REQUIRE(wait_for(
        [&] {
            if (contains(anonymous_page(visitor, home).body, "badge--live")) {
                page_live_at = Clock::now();
                return true;
            }
            return false;
        },
        kPageLifetime + 5s, 20ms));
    const double since_first = std::chrono::duration<double>(page_live_at - first_seen).count();
    const double since_live = std::chrono::duration<double>(page_live_at - live_at).count();
    MESSAGE("the channel went live ", std::chrono::duration<double>(live_at - first_seen).count(),
            " s after the first request; the shared page said so ", since_live, " s later");
    // The page made at the first request may be shared until it is 5 s old, and no longer.
    const auto latest = std::max(first_seen + kPageLifetime, live_at) + 500ms;
    CHECK(page_live_at <= latest);
    CHECK(since_first > 0);
}

TEST_CASE("signed-in and anonymous visitors never get each other's page") {
    const auto data_dir = fresh_directory("page-cache-visitors");
    add_user(data_dir, "ona@example.lt");
    DemoProcess serve = serve_demo(data_dir);
    HttpClient anonymous;
    Browser ona(serve);
    REQUIRE(ona.sign_in("ona@example.lt").status == 303);
    const std::string name_link = ">ona@example.lt</a>";

    for (const std::string path : {"", "en/", "meetings", "council", "en/decisions"}) {
        CAPTURE(path);
        // Signed in first: the page with her name must not become everyone's.
        HttpResult hers = ona.get("/" + path);
        CHECK(hers.status == 200);
        CHECK(contains(hers.body, name_link));
        CHECK(hers.header("cache-control") == "private, no-cache");
        HttpResult theirs = anonymous_page(anonymous, serve.base_url() + path);
        CHECK_FALSE(contains(theirs.body, "ona@example.lt"));
        CHECK(contains(theirs.body,
                       "href=\"/" + std::string(path.starts_with("en/") ? "en/" : "") + "login"));
        // Anonymous first now (the page is in the cache): she still gets her own.
        HttpResult again = ona.get("/" + path);
        CHECK(contains(again.body, name_link));
        CHECK(contains(again.body, "name=\"csrf\""));
        CHECK_FALSE(
            contains(anonymous_page(anonymous, serve.base_url() + path).body, "ona@example.lt"));
    }

    // A visitor half-way through signing in (a CSRF cookie, no session) gets no one's token.
    Browser signing_in(serve);
    REQUIRE(signing_in.get("/login").status == 200);
    HttpResult between = signing_in.get("/");
    CHECK(between.status == 200);
    CHECK_FALSE(contains(between.body, "ona@example.lt"));
    CHECK_FALSE(contains(between.body, ona.csrf()));

    // Signed out, she gets the anonymous page, and so does everyone after her.
    REQUIRE(ona.get("/account").status == 200);
    REQUIRE(ona.post("/logout", "").status == 303);
    CHECK_FALSE(contains(ona.get("/").body, "ona@example.lt"));
    CHECK_FALSE(contains(anonymous_page(anonymous, serve.base_url()).body, "ona@example.lt"));
}
