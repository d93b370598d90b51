// The petitions as visitors and programs read them, from a snapshot made by hand: the list's
// tabs, order, search and paging; a petition's page in every state (hostile text escaped, the
// count's progress, the chart and table, the answer, the rejection with its duplicate, hidden
// and stopped); the widget; the API's JSON, the CSV table and the Atom feed.
#include "portal/petitions/petition_views.hpp"

#include <doctest/doctest.h>

#include <libxml/parser.h>
#include <boost/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "common/error.hpp"
#include "portal/petitions/petition_open_data.hpp"

using namespace councilcast;
using namespace councilcast::portal;

namespace {

constexpr std::int64_t kDay = 24LL * 3600 * 1000;
constexpr std::int64_t kNow = 1'796'083'200'000;  // 2026-12-01 00:00 UTC

std::filesystem::path source_dir() {
    const char* dir = std::getenv("COUNCILCAST_SOURCE_DIR");
    REQUIRE_MESSAGE(dir != nullptr, "COUNCILCAST_SOURCE_DIR is set by CTest; run through ctest");
    return dir;
}

const PageRenderer& renderer() {
    static const PageRenderer instance(source_dir() / "portal" / "templates",
                                       source_dir() / "portal" / "messages");
    return instance;
}

const Localization& localization() {
    static const Localization instance;
    return instance;
}

const config::Petitions& settings() {
    static const config::Petitions instance;
    return instance;
}

std::vector<PetitionEldership> elderships() {
    return {{1, "Elektrėnų seniūnija"}, {2, "Vievio seniūnija"}, {kOutsideEldership, ""}};
}

PetitionViewContext view(Language language) {
    return {renderer(),
            localization(),
            language,
            "https://tv.example.lt",
            language == Language::kLt ? "Elektrėnų savivaldybė" : "Elektrėnai Municipality",
            settings(),
            elderships()};
}

PetitionDataContext data() {
    return {"https://tv.example.lt", settings(), elderships(), renderer()};
}

bool contains(const std::string& text, std::string_view part) {
    return text.find(part) != std::string::npos;
}

Petition petition(std::int64_t id, PetitionState state, std::string title, std::int64_t count) {
    Petition p;
    p.id = id;
    p.title = std::move(title);
    p.text = "Pirma pastraipa,\nvis dar pirma.\n\nAntra pastraipa.";
    p.creator_name = "Ona Onaitė";
    p.creator_email = "ona.slapta@example.lt";
    p.state = state;
    p.created_unix_ms = kNow - 60 * kDay + id;
    if (p.published()) {
        p.opened_unix_ms = kNow - 50 * kDay + id;
        p.closes_unix_ms = p.opened_unix_ms + 90 * kDay;
    }
    p.signature_count = count;
    if (count > 0) p.signatures_by_eldership = {{1, count - count / 4}, {2, count / 4}};
    return p;
}

// One of each: open (two, one past the response threshold), answered, closed, rejected as a
// duplicate, hidden, a draft and one in moderation.
PetitionsSnapshot sample() {
    PetitionsSnapshot snapshot;
    snapshot.version = 7;
    snapshot.petitions.push_back(petition(1, PetitionState::kOpen, "Šviesa marių pakrantėje", 120));
    auto past =
        petition(2, PetitionState::kOpen, "<script>alert('x')</script> & \"Dviračių\" takas", 320);
    past.response_threshold_unix_ms = kNow - 3 * kDay;
    past.creator_name = "<b>Jonas</b>";
    past.text = "</p><img src=x onerror=alert(1)>";
    snapshot.petitions.push_back(past);
    auto answered = petition(3, PetitionState::kAnswered, "Žaidimų aikštelė Semeliškėse", 340);
    answered.closed_unix_ms = kNow - 5 * kDay;
    answered.answered_unix_ms = kNow - 4 * kDay;
    answered.response_threshold_unix_ms = kNow - 20 * kDay;
    answered.response = PetitionResponse{"Atnaujinsime.\n\nKitą vasarą.", kNow - 4 * kDay, 30,
                                         "Pritarta skirti 45 000 eurų."};
    snapshot.petitions.push_back(answered);
    auto closed = petition(4, PetitionState::kClosed, "Old water tower in Kietaviškės", 57);
    closed.language = "en";
    closed.closed_unix_ms = kNow - 8 * kDay;
    closed.signatures_by_eldership[kOutsideEldership] = 3;
    closed.signatures_by_eldership[1] -= 3;
    snapshot.petitions.push_back(closed);
    auto rejected = petition(5, PetitionState::kRejected, "Apšvieskite pakrantę", 5);
    rejected.rejected_unix_ms = kNow - 2 * kDay;
    rejected.rejection = PetitionRejection{RejectionReason::kDuplicate, "Jau yra tokia.", 1};
    snapshot.petitions.push_back(rejected);
    auto hidden = petition(6, PetitionState::kOpen, "Paslėpta peticija", 40);
    hidden.hidden = true;
    hidden.hidden_reason = "Įžeidžia <kaimynus>";
    snapshot.petitions.push_back(hidden);
    snapshot.petitions.push_back(petition(7, PetitionState::kDraft, "Juodraštis", 0));
    snapshot.petitions.push_back(
        petition(8, PetitionState::kModeration, "Laukia moderatoriaus", 5));
    auto stopped = petition(9, PetitionState::kClosed, "Bibliotekos darbo laikas", 41);
    stopped.closed_unix_ms = kNow - 2 * kDay;
    stopped.stop_reason = "Tikslas pasiektas.";
    snapshot.petitions.push_back(stopped);
    return snapshot;
}

std::vector<std::int64_t> ids(const std::vector<const Petition*>& petitions) {
    std::vector<std::int64_t> out;
    for (const Petition* p : petitions) out.push_back(p->id);
    return out;
}

PetitionListQuery query_of(std::vector<std::pair<std::string, std::string>> parameters) {
    return PetitionListQuery::parse(parameters);
}

std::string page_of(std::int64_t id, Language language = Language::kLt) {
    const auto snapshot = sample();
    return render_petition_page(view(language), snapshot, *snapshot.petition(id), {});
}

}  // namespace

TEST_CASE("each tab lists its visible petitions, in its order, and search narrows them") {
    const auto snapshot = sample();
    const PetitionSearch all("");
    CHECK(ids(list_petitions(snapshot, PetitionShow::kOpen, PetitionOrder::kPopular, all)) ==
          std::vector<std::int64_t>{2, 1});
    CHECK(ids(list_petitions(snapshot, PetitionShow::kOpen, PetitionOrder::kNewest, all)) ==
          std::vector<std::int64_t>{2, 1});
    CHECK(ids(list_petitions(snapshot, PetitionShow::kAnswered, PetitionOrder::kPopular, all)) ==
          std::vector<std::int64_t>{3});
    CHECK(ids(list_petitions(snapshot, PetitionShow::kClosed, PetitionOrder::kPopular, all)) ==
          std::vector<std::int64_t>{9, 4});
    CHECK(ids(list_petitions(snapshot, PetitionShow::kRejected, PetitionOrder::kPopular, all)) ==
          std::vector<std::int64_t>{5});
    CHECK(ids(list_petitions(snapshot, PetitionShow::kOpen, PetitionOrder::kPopular,
                             PetitionSearch("SVIESA"))) == std::vector<std::int64_t>{1});
    // Neither the hidden one, the draft nor the one awaiting moderation is anywhere.
    CHECK(ids(visible_petitions(snapshot)) == std::vector<std::int64_t>{9, 5, 3, 4, 2, 1});
}

TEST_CASE("the list's query: known values only, other parameters ignored") {
    const auto query = query_of(
        {{"show", "closed"}, {"sort", "newest"}, {"q", "x"}, {"page", "2"}, {"utm_source", "fb"}});
    CHECK(query.show == PetitionShow::kClosed);
    CHECK(query.order == PetitionOrder::kNewest);
    CHECK(query.page == 2);
    CHECK(query_of({}).show == PetitionShow::kOpen);
    for (const auto& bad :
         std::vector<std::pair<std::string, std::string>>{{"show", "hidden"},
                                                          {"show", "OPEN"},
                                                          {"sort", "votes"},
                                                          {"page", "0"},
                                                          {"page", "51"},
                                                          {"page", "-1"},
                                                          {"page", "1e2"},
                                                          {"page", "999999999999"}}) {
        CAPTURE(bad.first);
        CAPTURE(bad.second);
        CHECK_THROWS_AS(query_of({bad}), InvalidInput);
    }
}

TEST_CASE("the list in both languages: tabs, counts, the petitions' links") {
    const auto snapshot = sample();
    const auto lt = render_petition_list(view(Language::kLt), snapshot, query_of({}), {});
    CHECK(contains(lt, "Rastos 2 peticijos"));
    CHECK(contains(lt, "href=\"/petitions/2\""));
    CHECK(contains(lt, "320 parašų"));
    CHECK(contains(lt, "aria-current=\"page\">Peticijos</a>"));
    CHECK_FALSE(contains(lt, "Paslėpta"));
    const auto en =
        render_petition_list(view(Language::kEn), snapshot, query_of({{"show", "closed"}}), {});
    CHECK(contains(en, "2 petitions found"));
    CHECK(contains(en, "href=\"/en/petitions/4\" lang=\"en\""));
    CHECK(contains(en, "<option value=\"closed\" selected>Closed</option>"));
    const auto none = render_petition_list(view(Language::kEn), snapshot,
                                           query_of({{"q", "nowhere to be found"}}), {});
    CHECK(contains(none, "There are no such petitions."));
}

TEST_CASE("a hostile title, name and text are escaped, and the creator's email never shown") {
    const auto html = page_of(2);
    CHECK(contains(html,
                   "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;Dviračių&quot;"));
    CHECK_FALSE(contains(html, "<script>alert"));
    CHECK_FALSE(contains(html, "<b>Jonas</b>"));
    CHECK_FALSE(contains(html, "<img src=x"));
    CHECK_FALSE(contains(html, "ona.slapta@example.lt"));
    const auto json = petition_json(*sample().petition(2), data());
    CHECK_FALSE(contains(json, "ona.slapta"));
}

TEST_CASE("an open petition: its count, the progress to the next threshold, the chart, signing") {
    const auto below = page_of(1);
    CHECK(contains(below, "120 patvirtintų parašų"));
    CHECK(contains(below, "max=\"300\" value=\"120\""));
    CHECK(contains(below, "Dar 180 parašų reikia, kad savivaldybė atsakytų (iš viso 300)."));
    CHECK(contains(below, "href=\"/petitions/1/sign\""));
    // The bars are on the largest eldership's scale; the table says the shares.
    CHECK(contains(below, "<rect width=\"100.0\" height=\"10\">"));
    CHECK(contains(below, "<rect width=\"33.3\" height=\"10\">"));
    CHECK(contains(below, "<th scope=\"row\">Vievio seniūnija</th><td>30</td><td>25 %</td>"));
    CHECK(contains(below, "<th scope=\"row\">Gyvenu ne savivaldybėje</th><td>0</td>"));
    const auto past = page_of(2, Language::kEn);
    CHECK(contains(past, "max=\"1000\" value=\"320\""));
    CHECK(contains(past,
                   "680 more signatures needed for the council to consider it (1,000 in all)."));
    CHECK(contains(past, "The response threshold (300) was reached on"));
    CHECK(contains(past, "href=\"/en/petitions/2/sign\""));
}

TEST_CASE("answered, closed, stopped, rejected and hidden petitions each say so") {
    const auto answered = page_of(3);
    CHECK(contains(answered, "Savivaldybės atsakymas"));
    CHECK(contains(answered, "<p>Kitą vasarą.</p>"));
    CHECK(contains(answered, "href=\"/meetings/30\""));
    CHECK(contains(answered, "Pritarta skirti 45 000 eurų."));
    CHECK_FALSE(contains(answered, "/petitions/3/sign"));
    CHECK(contains(answered, "Ši peticija parašų nebepriima."));
    CHECK_FALSE(contains(answered, "<progress"));

    const auto closed = page_of(4, Language::kEn);
    CHECK(contains(closed, "<h1 id=\"petition-title\" lang=\"en\">Old water tower"));
    CHECK(contains(closed, "<td>3</td><td>5%</td>"));

    CHECK(contains(page_of(9), "Peticija sustabdyta anksčiau laiko"));
    CHECK(contains(page_of(9), "Tikslas pasiektas."));

    const auto rejected = page_of(5);
    CHECK(contains(rejected, "Peticija atmesta"));
    CHECK(contains(rejected, "Jau yra tokia."));
    CHECK(contains(rejected, "href=\"/petitions/1\" lang=\"lt\">Šviesa marių pakrantėje</a>"));
    CHECK_FALSE(contains(rejected, "petition-count"));

    const auto hidden = page_of(6, Language::kEn);
    CHECK(contains(hidden, "Petition hidden"));
    CHECK(contains(hidden, "Įžeidžia &lt;kaimynus&gt;"));
    CHECK_FALSE(contains(hidden, "Pirma pastraipa"));
    CHECK_FALSE(contains(hidden, "petition-count"));
}

TEST_CASE("the widget: the count and links that leave the framing page, in the embed frame") {
    const auto snapshot = sample();
    const auto html = render_petition_embed(view(Language::kEn), *snapshot.petition(1), {});
    CHECK(contains(html, "<body class=\"embed\">"));
    CHECK(contains(html, "href=\"https://tv.example.lt/en/petitions/1/sign\" target=\"_blank\""));
    CHECK(contains(html, "120 confirmed signatures"));
    CHECK_FALSE(contains(html, "site-header"));
    const auto closed = render_petition_embed(view(Language::kLt), *snapshot.petition(4), {});
    CHECK_FALSE(contains(closed, "/sign"));
}

TEST_CASE("the API's object, the CSV table and the feed") {
    const auto snapshot = sample();
    const auto all = boost::json::parse(petitions_json(snapshot, data(), std::nullopt));
    const auto& rows = all.at("petitions").as_array();
    REQUIRE(rows.size() == 6);
    const auto& answered = rows[2].as_object();
    CHECK(answered.at("id").as_int64() == 3);
    CHECK(answered.at("state").as_string() == "answered");
    CHECK(answered.at("signature_count").as_int64() == 340);
    CHECK(answered.at("signatures_by_eldership").at("Elektrėnų seniūnija").as_int64() == 255);
    CHECK(answered.at("signatures_by_eldership").at("Gyvenu ne savivaldybėje").as_int64() == 0);
    CHECK(answered.at("thresholds").at("response").at("signatures").as_int64() == 300);
    CHECK(answered.at("thresholds").at("council").at("reached_at").is_null());
    CHECK(answered.at("response").at("meeting_url").as_string() ==
          "https://tv.example.lt/meetings/30");
    CHECK(answered.at("opened_at").as_string() == "2026-10-12T00:00:00Z");
    const auto rejected = boost::json::parse(petition_json(*snapshot.petition(5), data()));
    CHECK(rejected.at("rejection").at("duplicate_of").as_int64() == 1);
    CHECK(rejected.at("rejection").at("reason").as_string() == "duplicate");
    const auto open = boost::json::parse(petitions_json(snapshot, data(), PetitionShow::kOpen));
    CHECK(open.at("petitions").as_array().size() == 2);

    const auto csv = petitions_csv(snapshot, data(), std::nullopt);
    CHECK(
        csv.starts_with("\xEF\xBB\xBF"
                        "id,title,state,creator_name,signature_count,opened_at,closes_at,"
                        "closed_at,response_threshold_reached_at,council_threshold_reached_at,"
                        "answered_at,url,Elektrėnų seniūnija,Vievio seniūnija,"
                        "Gyvenu ne savivaldybėje\r\n"));
    CHECK(contains(csv, "\r\n2,\"<script>alert('x')</script> & \"\"Dviračių\"\" takas\",open,"));
    std::size_t lines = 0;
    for (std::size_t at = 0; (at = csv.find("\r\n", at)) != std::string::npos; at += 2) ++lines;
    CHECK(lines == 7);

    const auto feed = petitions_atom(snapshot, data(), Language::kEn, "Elektrėnai Municipality");
    xmlDocPtr parsed = xmlReadMemory(feed.data(), static_cast<int>(feed.size()), "feed.xml",
                                     nullptr, XML_PARSE_NONET);
    CHECK(parsed != nullptr);
    xmlFreeDoc(parsed);
    CHECK(contains(feed, "<id>https://tv.example.lt/en/petitions/3#answered</id>"));
    CHECK(contains(feed, "<id>https://tv.example.lt/en/petitions/3#opened</id>"));
    CHECK(contains(feed, "Petition answered: Žaidimų aikštelė Semeliškėse"));
    CHECK(contains(feed, "&lt;script&gt;"));
    CHECK_FALSE(contains(feed, "Paslėpta"));
    CHECK_FALSE(contains(feed, "/petitions/5#opened"));
    // The newest entry's time: the same snapshot, the same bytes.
    CHECK(contains(feed, "<updated>2026-11-27T00:00:00Z</updated>"));
    CHECK(feed == petitions_atom(snapshot, data(), Language::kEn, "Elektrėnai Municipality"));
}
