// The petitions as visitors and programs read them, over HTTP from the real binary: one server
// on a database prepared before it starts with the demo's municipality and petitions, plus a
// petition with a hostile title and text, a hidden one and a draft. Both languages, escaping,
// the API's, CSV's and feed's shapes and content types, 404 for what the public may not see,
// and bad query values answered with a 400 page in the visitor's language.
#include <libxml/parser.h>

#include <doctest/doctest.h>

#include <boost/json.hpp>

#include <fstream>
#include <memory>
#include <set>
#include <sstream>
#include <string>

#include "common/database.hpp"
#include "common/database_writer.hpp"
#include "common/unix_time.hpp"
#include "portal/council/council_store.hpp"
#include "portal/council/demo_council.hpp"
#include "portal/petitions/demo_petitions.hpp"
#include "portal/petitions/petition_store.hpp"
#include "portal/schema.hpp"
#include "tests/support/demo_process.hpp"
#include "tests/support/http_client.hpp"

using namespace councilcast;
using namespace councilcast::testing;
namespace json = boost::json;

namespace {

constexpr std::string_view kHostileTitle = "<script>alert(\"t\")</script> & 'Šviesa' =1+1";
constexpr std::string_view kHostileText =
    "</p><img src=x onerror=alert(1)>\n\nAntra <b>pastraipa</b>";
constexpr std::string_view kHostileName = "<i>Jonas</i> \"Petraitis\"";
constexpr std::string_view kHiddenReason = "Įžeidžiantis turinys";

bool contains(const std::string& text, std::string_view part) {
    return text.find(part) != std::string::npos;
}

std::string source_dir() {
    const char* dir = std::getenv("COUNCILCAST_SOURCE_DIR");
    REQUIRE(dir != nullptr);
    return dir;
}

struct Ids {
    std::int64_t hostile = 0;
    std::int64_t hidden = 0;
    std::int64_t draft = 0;
};

// The one server of this file, started on first use: the demo's municipality and petitions and
// this test's own, written through the stores before it starts.
struct Portal {
    std::filesystem::path dir = fresh_directory("petitions-http");
    Ids ids;
    std::unique_ptr<DemoProcess> process;

    Portal() {
        const auto data = dir / "data";
        std::filesystem::create_directories(data);
        ids = prepare(data);
        std::ifstream channel(source_dir() + "/tests/support/light_channel.toml");
        std::stringstream light;
        light << channel.rdbuf();
        std::ofstream(dir / "councilcast.toml") << light.str();
        process = std::make_unique<DemoProcess>(
            DemoProcess::Command{{"serve", "--config", (dir / "councilcast.toml").string(),
                                  "--listen", "127.0.0.1:0", "--data-dir", data.string()}});
    }

    std::string url(std::string_view path) const {
        return process->base_url() + std::string(path.substr(1));
    }

    static Ids prepare(const std::filesystem::path& data);
};

Portal& server() {
    static Portal instance;
    return instance;
}

json::object api_object(HttpClient& client, std::string_view path) {
    const auto answer = client.get(server().url(path));
    REQUIRE(answer.status == 200);
    CHECK(answer.header("content-type") == "application/json");
    CHECK(answer.header("access-control-allow-origin") == "*");
    return json::parse(answer.body).as_object();
}

std::int64_t sum_by_eldership(const json::object& petition) {
    std::int64_t sum = 0;
    for (const auto& [name, count] : petition.at("signatures_by_eldership").as_object()) {
        sum += count.as_int64();
    }
    return sum;
}

bool well_formed_xml(const std::string& text) {
    xmlDocPtr parsed = xmlReadMemory(text.data(), static_cast<int>(text.size()), "feed.xml",
                                     nullptr, XML_PARSE_NONET | XML_PARSE_NOERROR);
    if (!parsed) return false;
    xmlFreeDoc(parsed);
    return true;
}

}  // namespace

// The demo's council and petitions, then this test's own through a store: a hostile petition
// opened with a few signatures, a hidden one and a draft.
Ids Portal::prepare(const std::filesystem::path& data) {
    const auto db_file = data / "councilcast.sqlite";
    {
        Database db(db_file);
        portal::migrate_database(db);
    }
    const std::int64_t now_ms = now_unix_ms();
    std::vector<portal::PetitionEldership> elderships;
    std::int64_t meeting_id = 0;
    {
        DatabaseWriter writer(db_file);
        portal::CouncilStore council(db_file, data, writer);
        portal::seed_demo_council(council, now_ms / 1000, "");
        for (const auto& eldership : council.snapshot()->elderships) {
            elderships.push_back({eldership.id, eldership.name});
        }
        for (const auto& meeting : council.snapshot()->meetings) {
            if (meeting.status == portal::MeetingStatus::kEnded) meeting_id = meeting.id;
        }
    }
    const config::Petitions settings;
    auto offered = [elderships] { return elderships; };
    portal::seed_demo_petitions(db_file, settings, offered, now_ms, meeting_id);

    DatabaseWriter writer(db_file);
    portal::PetitionStore store(db_file, writer, settings, offered);
    int signer = 0;
    auto published = [&](std::string_view title, std::string_view text,
                         std::string_view name) -> std::int64_t {
        const auto created =
            block_on(store.create({std::string(title), std::string(text), std::string(name),
                                   "kurejas@example.lt", "lt", "192.0.2.1"}));
        block_on(store.start_gathering(created.manage_token));
        const auto access = store.by_manage_token(created.manage_token);
        REQUIRE(access);
        for (int i = 0; i < settings.sponsors + 3; ++i) {
            if (i == settings.sponsors) block_on(store.approve(created.petition_id, {}));
            ++signer;
            block_on(store.sign({.petition_id = created.petition_id,
                                 .name = "Rėmėjas Pasirašęs",
                                 .email = "signer" + std::to_string(signer) + "@example.lt",
                                 .eldership_id = elderships[signer % elderships.size()].id,
                                 .declared_eligible = true,
                                 .consent = true,
                                 .client_address = "192.0.2.2",
                                 .sponsor_token = access->sponsor_token,
                                 .email_verified = true}));
        }
        block_on(store.tally());
        return created.petition_id;
    };
    Ids ids;
    ids.hostile = published(kHostileTitle, kHostileText, kHostileName);
    ids.hidden =
        published("Paslėpta peticija dėl kaimyno",
                  "Šios peticijos tekstas buvo įžeidžiantis, todėl moderatorius ją paslėpė.",
                  "Vardenis Pavardenis");
    block_on(store.hide(ids.hidden, std::string(kHiddenReason), {}));
    ids.draft =
        block_on(store.create({"Juodraštis, kurio niekas nemato",
                               "Šis tekstas dar neparašytas iki galo ir niekam nerodomas.",
                               "Juodraščio Autorius", "juodrastis@example.lt", "lt", "192.0.2.3"}))
            .petition_id;
    return ids;
}

TEST_CASE("the list and a petition's page in both languages, with the navigation's entry") {
    HttpClient client;
    const auto lt = client.get(server().url("/petitions"));
    REQUIRE(lt.status == 200);
    CHECK(lt.header("content-language") == "lt");
    CHECK(contains(lt.body, "aria-current=\"page\">Peticijos</a>"));
    CHECK(contains(lt.body, "<h1>Peticijos</h1>"));
    const auto en = client.get(server().url("/en/petitions?show=answered&sort=newest"));
    REQUIRE(en.status == 200);
    CHECK(en.header("content-language") == "en");
    CHECK(contains(en.body, "aria-current=\"page\">Petitions</a>"));
    CHECK(contains(en.body, "<option value=\"answered\" selected>Answered</option>"));

    const auto petitions = api_object(client, "/api/v1/petitions?state=open");
    const auto& open = petitions.at("petitions").as_array();
    REQUIRE(open.size() >= 2);
    const auto id = open.front().at("id").as_int64();
    const auto page = client.get(server().url("/petitions/" + std::to_string(id)));
    REQUIRE(page.status == 200);
    CHECK(contains(page.body, "href=\"/petitions/" + std::to_string(id) + "/sign\""));
    CHECK(contains(page.body, "<table class=\"data-table petition-table\">"));
    CHECK(contains(page.body, "<progress class=\"petition-count__progress\""));
    CHECK(contains(page.body, "Parašai pagal seniūnijas"));
    const auto english = client.get(server().url("/en/petitions/" + std::to_string(id)));
    REQUIRE(english.status == 200);
    CHECK(contains(english.body, "Signatures by eldership"));
    CHECK(contains(english.body, "href=\"/en/petitions/" + std::to_string(id) + "/sign\""));
    // No inline script or style: the policy forbids them, and the chart needs none.
    CHECK_FALSE(contains(page.body, "<script>"));
    CHECK_FALSE(contains(page.body, "style=\""));
}

TEST_CASE("a hostile title, text and name are escaped on every page and kept whole in the data") {
    HttpClient client;
    const std::string id = std::to_string(server().ids.hostile);
    for (const std::string& path :
         std::vector<std::string>{"/petitions", "/petitions/" + id, "/en/petitions/" + id,
                                  "/embed/petition/" + id, "/petitions?q=sviesa"}) {
        CAPTURE(path);
        const auto page = client.get(server().url(path));
        REQUIRE(page.status == 200);
        CHECK(contains(page.body, "&lt;script&gt;alert("));
        CHECK_FALSE(contains(page.body, "<script>alert"));
        CHECK_FALSE(contains(page.body, "<img src=x"));
        CHECK_FALSE(contains(page.body, "<i>Jonas</i>"));
    }
    const auto petition = api_object(client, "/api/v1/petitions/" + id);
    CHECK(petition.at("title").as_string() == kHostileTitle);
    CHECK(petition.at("creator_name").as_string() == kHostileName);
    const auto csv = client.get(server().url("/api/v1/petitions.csv"));
    // A spreadsheet must not take a cell for a formula; quotes are doubled.
    CHECK(contains(csv.body, "\"<script>alert(\"\"t\"\")</script> & 'Šviesa' =1+1\""));
    const auto feed = client.get(server().url("/petitions/feed.atom"));
    CHECK(well_formed_xml(feed.body));
    CHECK(contains(feed.body, "&lt;script&gt;alert("));
}

TEST_CASE("the API, the CSV table and the feed: shapes, content types and exact counts") {
    HttpClient client;
    const auto all = api_object(client, "/api/v1/petitions");
    const auto& petitions = all.at("petitions").as_array();
    REQUIRE(petitions.size() >= 7);
    std::set<std::string> states;
    for (const auto& value : petitions) {
        const auto& petition = value.as_object();
        for (const char* field :
             {"id", "title", "state", "signature_count", "signatures_by_eldership", "opened_at",
              "closes_at", "thresholds", "response"}) {
            CAPTURE(field);
            CHECK(petition.contains(field));
        }
        states.insert(std::string(petition.at("state").as_string()));
        CHECK(sum_by_eldership(petition) == petition.at("signature_count").as_int64());
        CHECK(petition.at("thresholds").at("response").at("signatures").as_int64() == 300);
        CHECK(petition.at("thresholds").at("council").at("signatures").as_int64() == 1000);
        CHECK(petition.at("signatures_by_eldership").as_object().size() == 9);
    }
    CHECK(states == std::set<std::string>{"open", "closed", "answered", "rejected"});
    for (const auto& value : petitions) {
        const auto& petition = value.as_object();
        if (petition.at("state").as_string() != "answered") continue;
        CHECK(petition.at("response").at("meeting_url").as_string().subview().find("/meetings/") !=
              std::string_view::npos);
    }

    const auto one = client.get(
        server().url("/api/v1/petitions/" + std::to_string(petitions[0].at("id").as_int64())));
    REQUIRE(one.status == 200);
    const auto tag = one.header("etag");
    CHECK_FALSE(tag.empty());
    // A poller's repeat costs a 304 while nothing changed.
    CHECK(client
              .get(server().url("/api/v1/petitions/" +
                                std::to_string(petitions[0].at("id").as_int64())),
                   {{"If-None-Match", tag}})
              .status == 304);

    const auto csv = client.get(server().url("/api/v1/petitions.csv?state=open"));
    REQUIRE(csv.status == 200);
    CHECK(csv.header("content-type") == "text/csv; charset=utf-8");
    CHECK(csv.header("content-disposition") == "attachment; filename=\"petitions.csv\"");
    CHECK(
        csv.body.starts_with("\xEF\xBB\xBF"
                             "id,title,state,creator_name,signature_count,"));
    const auto open = api_object(client, "/api/v1/petitions?state=open");
    std::size_t lines = 0;
    for (std::size_t at = 0; (at = csv.body.find("\r\n", at)) != std::string::npos; at += 2)
        ++lines;
    CHECK(lines == open.at("petitions").as_array().size() + 1);

    for (const char* path : {"/petitions/feed.atom", "/en/petitions/feed.atom"}) {
        CAPTURE(path);
        const auto feed = client.get(server().url(path));
        REQUIRE(feed.status == 200);
        CHECK(feed.header("content-type") == "application/atom+xml; charset=utf-8");
        CHECK(well_formed_xml(feed.body));
        CHECK(contains(feed.body, "#opened</id>"));
        CHECK(contains(feed.body, "#answered</id>"));
    }
    CHECK(client.get(server().url("/en/petitions/feed.atom")).header("content-language") == "en");
}

TEST_CASE("what the public may not see is 404; a hidden petition's page says why") {
    HttpClient client;
    const auto& ids = server().ids;
    for (const std::int64_t id : {ids.hidden, ids.draft, std::int64_t{987654}}) {
        CAPTURE(id);
        const std::string number = std::to_string(id);
        const auto api = client.get(server().url("/api/v1/petitions/" + number));
        CHECK(api.status == 404);
        CHECK(api.header("content-type") == "application/problem+json");
        CHECK(client.get(server().url("/embed/petition/" + number)).status == 404);
        const auto page = client.get(server().url("/petitions/" + number));
        CHECK(page.status == 404);
        CHECK(contains(page.body, "<html lang=\"lt\">"));
    }
    const auto hidden = client.get(server().url("/en/petitions/" + std::to_string(ids.hidden)));
    CHECK(contains(hidden.body, "Petition hidden"));
    CHECK(contains(hidden.body, std::string(kHiddenReason)));
    const auto listed = client.get(server().url("/api/v1/petitions")).body;
    CHECK_FALSE(contains(listed, "\"id\":" + std::to_string(ids.hidden) + ","));
    CHECK_FALSE(contains(listed, "\"id\":" + std::to_string(ids.draft) + ","));
    const auto sitemap = client.get(server().url("/sitemap.xml")).body;
    CHECK(contains(sitemap, "/petitions/" + std::to_string(ids.hostile) + "</loc>"));
    CHECK_FALSE(contains(sitemap, "/petitions/" + std::to_string(ids.hidden) + "</loc>"));
}

TEST_CASE("bad query values get a 400 in the visitor's language; the API's as problem details") {
    HttpClient client;
    struct Case {
        const char* path;
        const char* says;
    };
    for (const Case& bad : {Case{"/petitions?show=all", "Netinkamas filtras"},
                            Case{"/en/petitions?show=all", "Unknown filter"},
                            Case{"/petitions?sort=votes", "Netinkama rikiuotė"},
                            Case{"/en/petitions?page=0", "Invalid page number"},
                            Case{"/en/petitions?page=9999", "Invalid page number"},
                            Case{"/petitions?q=a%01b", "Paieškos žodžiai"}}) {
        CAPTURE(bad.path);
        const auto page = client.get(server().url(bad.path));
        CHECK(page.status == 400);
        CHECK(page.header("content-type") == "text/html; charset=utf-8");
        CHECK(contains(page.body, bad.says));
    }
    const auto long_query = client.get(server().url("/en/petitions?q=" + std::string(201, 'a')));
    CHECK(long_query.status == 400);
    for (const char* path : {"/api/v1/petitions?state=hidden", "/api/v1/petitions?sort=x",
                             "/api/v1/petitions.csv?state=draft", "/api/v1/petitions/1?x=1"}) {
        CAPTURE(path);
        const auto answer = client.get(server().url(path), {{"Accept-Language", "en"}});
        CHECK(answer.status == 400);
        CHECK(answer.header("content-type") == "application/problem+json");
        CHECK(answer.header("content-language") == "en");
    }
}

TEST_CASE("searching ignores case and diacritics; the widget may be framed by the embedders") {
    HttpClient client;
    const auto found = client.get(server().url("/petitions?q=SVIESA"));
    REQUIRE(found.status == 200);
    CHECK(contains(found.body, "href=\"/petitions/" + std::to_string(server().ids.hostile) + "\""));
    const auto widget =
        client.get(server().url("/embed/petition/" + std::to_string(server().ids.hostile)));
    REQUIRE(widget.status == 200);
    CHECK(contains(widget.header("content-security-policy"), "frame-ancestors"));
    CHECK(contains(widget.body, "<body class=\"embed\">"));
    CHECK(contains(widget.body, "target=\"_blank\""));
}
