// Problem reports over HTTP on one real server, as residents meet them without script: the list
// and its filters in both languages, a new report's steps (a place outside the municipality and
// bad fields refused at their fields, 422), a report with a photo sent as multipart without and
// with the form's token (403), the mailed confirmation link (a button; acts once, then 410),
// the report's page with both sizes of its photo, "is it one of these?" for a second report
// close by, following a report and an eldership by mail (confirmed from the mail, ended from
// it), the statistics, and the limit on reports from one address (429). Every mail is read from
// the .eml files the server writes.
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <regex>

#include "common/unix_time.hpp"
#include "portal/mail/mail_message.hpp"
#include "tests/portal/reports/report_fixture.hpp"
#include "tests/support/demo_process.hpp"
#include "tests/support/mail_files.hpp"
#include "tests/support/test_browser.hpp"
#include "tests/support/test_certificate.hpp"
#include "tests/support/test_images.hpp"

using namespace councilcast;
using namespace councilcast::testing;
using namespace std::chrono_literals;
using portal::MailMessage;

namespace {

// A place in Elektrėnai, inside the municipality's boundary.
constexpr const char* kLat = "54.786000";
constexpr const char* kLon = "24.663000";

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

std::filesystem::path write_config(const std::filesystem::path& dir) {
    const auto config = dir / "councilcast.toml";
    std::ofstream(config)
        << "[mail]\ntransport = \"files\"\nfrom_address = \"noreply@example.lt\"\n"
        << "[reports]\ntile_url = \"https://{s}.tile.example/{z}/{x}/{y}.png\"\n"
        << "tile_attribution = \"© OpenStreetMap <contributors>\"\n"
        << read_text_file(source_dir() + "/tests/support/light_channel.toml");
    return config;
}

DemoProcess::Command serve(const std::filesystem::path& dir) {
    return {{"serve", "--config", (dir / "councilcast.toml").string(), "--listen", "127.0.0.1:0",
             "--data-dir", (dir / "data").string()}};
}

// The newest message to `recipient` with a link whose path has `link_part`, waited for: its
// link's path on this server.
std::string mailed_link(const std::filesystem::path& data_dir, const DemoProcess& server,
                        const std::string& recipient, const std::string& link_part) {
    std::string found;
    const std::regex link(R"(http://\S+)");
    REQUIRE_MESSAGE(wait_for(
                        [&] {
                            for (const auto& message : written_mails(data_dir)) {
                                if (message.to != recipient) continue;
                                for (auto it = std::sregex_iterator(message.text.begin(),
                                                                    message.text.end(), link);
                                     it != std::sregex_iterator(); ++it) {
                                    const std::string href = (*it)[0];
                                    if (contains(href, link_part)) found = href;
                                }
                            }
                            return !found.empty();
                        },
                        10s),
                    "no mail to " << recipient << " with a link to " << link_part);
    REQUIRE(found.rfind(server.base_url(), 0) == 0);
    return "/" + found.substr(server.base_url().size());
}

std::string first(const std::string& text, const std::string& pattern) {
    std::smatch match;
    REQUIRE_MESSAGE(std::regex_search(text, match, std::regex(pattern)), "no " << pattern);
    return match[1];
}

std::string details_path(const std::string& category, const std::string& lat = kLat,
                         const std::string& lon = kLon) {
    return "/reports/new/details?category=" + category + "&lat=" + lat + "&lon=" + lon;
}

// The details form's fields for a road report at the place, with `extra` parts after them.
std::vector<FormPart> road_report(const std::string& title, const std::string& email,
                                  std::vector<FormPart> extra = {},
                                  const std::string& name = "Ona Onaitė") {
    std::vector<FormPart> parts{
        {"category", "roads"},  {"lat", kLat},
        {"lon", kLon},          {"address", "Draugystės g. 1"},
        {"title", title},       {"details", "Gili duobė.\n\nPavojinga dviratininkams."},
        {"q_dangerous", "yes"}, {"name", name},
        {"email", email}};
    parts.insert(parts.end(), extra.begin(), extra.end());
    return parts;
}

}  // namespace

TEST_CASE("residents report a problem, confirm it from the mail and follow reports over HTTP") {
    const auto dir = fresh_directory("reports-http");
    const auto data_dir = dir / "data";
    write_config(dir);
    DemoProcess server(serve(dir));

    // ---- the list, in both languages, in the main navigation; bad filters refused
    Browser ona(server, "127.0.0.2");
    HttpResult list = ona.get("/reports");
    REQUIRE(list.status == 200);
    CHECK(contains(list.body, "aria-current=\"page\">Problemos</a>"));
    CHECK(contains(list.body, "Pranešti apie problemą"));
    CHECK(contains(list.body, "/assets/js/report_map.js"));
    CHECK(contains(ona.get("/en/reports").body, "Report a problem"));
    CHECK(ona.get("/reports?state=lost").status == 400);
    CHECK(ona.get("/reports?category=nothing").status == 400);
    CHECK(ona.get("/reports?area=1,2,3").status == 400);
    CHECK(ona.get("/reports?age=30&state=unresolved&eldership=" + form_encode("Vievio seniūnija"))
              .status == 200);
    // The map's script and Leaflet are this site's own.
    CHECK(ona.get("/assets/js/report_map.js").status == 200);
    CHECK(ona.get("/assets/vendor/leaflet.js").status == 200);
    CHECK(ona.get("/assets/vendor/leaflet.css").status == 200);

    // ---- the first step: a place outside the municipality, a missing one
    HttpResult where = ona.get("/reports/new");
    REQUIRE(where.status == 200);
    CHECK(contains(where.body, "<label for=\"report-lat\">"));
    CHECK(contains(where.body, "data-report-map=\"place\""));
    HttpResult outside = ona.get(details_path("roads", "54.000", "23.000"));
    CHECK(outside.status == 422);
    CHECK(contains(outside.body, "id=\"report-lat-error\""));
    HttpResult nowhere = ona.get("/reports/new/details?category=roads");
    CHECK(nowhere.status == 422);
    CHECK(contains(nowhere.body, "id=\"report-eldership-error\""));
    CHECK(ona.get("/reports/new/details?category=bogus&lat=54.786&lon=24.663").status == 422);
    // A Lithuanian keyboard's decimal comma is taken.
    CHECK(ona.get("/reports/new/details?category=roads&lat=54%2C786&lon=24%2C663").status == 200);

    // ---- the details form: refused fields at their places; without the token, refused
    HttpResult form = ona.get(details_path("roads"));
    REQUIRE(form.status == 200);
    // The place step's map with the configured tile server: its tiles allowed by the page's
    // policy (any subdomain for {s}), its address and attribution handed to the map's script,
    // escaped.
    HttpResult place = ona.get("/reports/new?category=roads");
    CHECK(contains(place.header("content-security-policy"),
                   "img-src 'self' data: https://*.tile.example"));
    CHECK(contains(place.body, "data-tile-url=\"https://{s}.tile.example/{z}/{x}/{y}.png\""));
    CHECK(contains(place.body, "OpenStreetMap &lt;contributors&gt;"));
    CHECK(contains(form.body, "enctype=\"multipart/form-data\""));
    CHECK(contains(form.body, "name=\"q_dangerous\""));
    CHECK(contains(form.body, "name=\"photo_1\""));
    HttpResult refused =
        ona.post_multipart("/reports/new/details",
                           road_report("x", "ona@example.lt\r\nBcc: x@example.lt", {}, "<b>x"));
    CHECK(refused.status == 422);
    for (const std::string field : {"report-title-error", "report-email-error"}) {
        CAPTURE(field);
        CHECK(contains(refused.body, "id=\"" + field + "\""));
    }
    CHECK(contains(refused.body, "&lt;b&gt;x"));
    CHECK_FALSE(contains(refused.body, "<b>x"));
    HttpResult broken_photo = ona.post_multipart(
        "/reports/new/details",
        road_report("Duobė kelyje", "ona@example.lt",
                    {{"photo_1", "not an image at all", "duobe.jpg", "image/jpeg"}}));
    CHECK(broken_photo.status == 422);
    CHECK(contains(broken_photo.body, "id=\"report-photo_1-error\""));
    const std::string csrf = ona.csrf();
    ona.csrf() = "";
    CHECK(ona.post_multipart("/reports/new/details", road_report("Duobė kelyje", "ona@example.lt"))
              .status == 403);
    ona.csrf() = csrf;

    // ---- a report with a photo: "check your mail", then the mailed link (a button; once)
    const std::string photo = png_image(64);
    HttpResult sent = ona.post_multipart(
        "/reports/new/details", road_report("Gili duobė Draugystės gatvėje", "ona@example.lt",
                                            {{"photo_1", photo, "duobe.png", "image/png"}}));
    REQUIRE(sent.status == 303);
    CHECK(sent.header("location") == "/reports/new/sent");
    CHECK(contains(ona.get("/reports/new/sent").body, "Patikrinkite el. paštą"));
    // Unconfirmed: not on the list yet.
    CHECK_FALSE(contains(ona.get("/reports").body, "Gili duobė Draugystės gatvėje"));
    const std::string confirm =
        mailed_link(data_dir, server, "ona@example.lt", "/reports/confirm/");
    HttpResult button = ona.get(confirm);
    REQUIRE(button.status == 200);
    CHECK(contains(button.body, "Paskelbti pranešimą"));
    CHECK(ona.get(confirm).status == 200);  // a mail scanner's GET confirms nothing
    HttpResult confirmed = ona.post(confirm, "");
    REQUIRE(confirmed.status == 303);
    const std::string report = first(confirmed.header("location"), R"(^(/reports/[0-9]+)\?)");
    CHECK(ona.post(confirm, "").status == 410);
    CHECK(ona.get(confirm).status == 410);
    CHECK(ona.get("/reports/confirm/" + std::string(40, 'A')).status == 404);

    // ---- the report's page: facts, the answer, both sizes of the photo, on the list
    HttpResult page = ona.get(report);
    REQUIRE(page.status == 200);
    CHECK(contains(page.body, "Gili duobė Draugystės gatvėje"));
    CHECK(contains(page.body, "Pavojinga dviratininkams."));
    CHECK(contains(page.body, "Ar tai pavojinga eismui?"));
    CHECK(contains(page.body, "Ona Onaitė"));
    CHECK(contains(page.body, "Elektrėnų seniūnija"));
    const std::string small = first(page.body, R"re(<img src="([^"]+-small\.jpg)")re");
    const std::string full = first(page.body, R"re(<a href="([^"]+-full\.jpg)")re");
    HttpResult small_photo = ona.get(small);
    CHECK(small_photo.status == 200);
    CHECK(small_photo.header("content-type") == "image/jpeg");
    CHECK(small_photo.body.substr(0, 2) == "\xFF\xD8");
    CHECK(ona.get(full).status == 200);
    CHECK(ona.get("/reports/photos/" + std::string(64, 'a') + "-full.jpg").status == 404);
    CHECK(ona.get("/en" + report).status == 200);
    CHECK(contains(ona.get("/reports").body, "Gili duobė Draugystės gatvėje"));
    CHECK(ona.get("/reports/999999").status == 404);

    // ---- a second report close by: "is it one of these?", follow it instead
    Browser jonas(server, "127.0.0.3");
    HttpResult nearby = jonas.get(details_path("roads", "54.786500", "24.663500"));
    REQUIRE(nearby.status == 200);
    CHECK(contains(nearby.body, "Ar tai viena iš šių problemų?"));
    CHECK(contains(nearby.body, "Gili duobė Draugystės gatvėje"));
    CHECK(contains(nearby.body, "&amp;new=1"));
    // Another category at the same place is not offered as the same problem.
    CHECK_FALSE(contains(jonas.get(details_path("lighting", "54.786500", "24.663500")).body,
                         "Gili duobė Draugystės gatvėje"));
    const std::string follow = report + "/follow";
    HttpResult bad_follow = jonas.post(follow, "email=" + form_encode("ne adresas"));
    CHECK(bad_follow.status == 422);
    CHECK(contains(bad_follow.body, "id=\"follow-email-error\""));
    HttpResult followed = jonas.post(follow, "email=" + form_encode("jonas@example.lt"));
    REQUIRE(followed.status == 303);
    CHECK(contains(followed.header("location"), "follow_sent=1"));
    const std::string follow_confirm =
        mailed_link(data_dir, server, "jonas@example.lt", "/reports/subscriptions/confirm/");
    CHECK(jonas.get(follow_confirm).status == 200);
    // A mistyped link says so before any button.
    std::string mistyped = follow_confirm;
    mistyped.back() = mistyped.back() == 'a' ? 'b' : 'a';
    CHECK(jonas.get(mistyped).status == 404);
    HttpResult subscribed = jonas.post(follow_confirm, "");
    REQUIRE(subscribed.status == 303);
    CHECK(contains(jonas.get(subscribed.header("location")).body, "Prenumerata patvirtinta"));

    // ---- new reports in an eldership by mail, ended from the mail
    Browser rasa(server, "127.0.0.4");
    REQUIRE(rasa.get("/reports/subscribe").status == 200);
    HttpResult no_eldership =
        rasa.post("/reports/subscribe",
                  "kind=eldership&eldership=Niekur&email=" + form_encode("rasa@example.lt"));
    CHECK(no_eldership.status == 422);
    CHECK(contains(no_eldership.body, "id=\"eldership-eldership-error\""));
    HttpResult asked = rasa.post("/reports/subscribe",
                                 "kind=eldership&eldership=" + form_encode("Vievio seniūnija") +
                                     "&email=" + form_encode("rasa@example.lt"));
    REQUIRE(asked.status == 303);
    const std::string rasa_confirm =
        mailed_link(data_dir, server, "rasa@example.lt", "/reports/subscriptions/confirm/");
    REQUIRE(rasa.get(rasa_confirm).status == 200);
    REQUIRE(rasa.post(rasa_confirm, "").status == 303);
    // A report in Vievis reaches her with a link that ends the subscription.
    Browser petras(server, "127.0.0.5");
    petras.get(details_path("lighting", "54.767000", "24.801000"));
    std::vector<FormPart> vievis{{"category", "lighting"},      {"lat", "54.767000"},
                                 {"lon", "24.801000"},          {"address", "Vievis"},
                                 {"title", "Nedega žibintas"},  {"name", "Petras Petraitis"},
                                 {"email", "petras@example.lt"}};
    REQUIRE(petras.post_multipart("/reports/new/details", vievis).status == 303);
    REQUIRE(petras.post(mailed_link(data_dir, server, "petras@example.lt", "/reports/confirm/"), "")
                .status == 303);
    const std::string unsubscribe =
        mailed_link(data_dir, server, "rasa@example.lt", "/reports/unsubscribe/");
    REQUIRE(rasa.get(unsubscribe).status == 200);
    HttpResult ended = rasa.post(unsubscribe, "");
    REQUIRE(ended.status == 303);
    CHECK(contains(rasa.get(ended.header("location")).body, "Prenumeratos atsisakyta"));
    CHECK(rasa.post(unsubscribe, "").status == 410);

    // ---- the statistics, in both languages
    HttpResult stats = ona.get("/reports/stats");
    REQUIRE(stats.status == 200);
    CHECK(contains(stats.body, "Gatvės ir keliai"));
    CHECK(contains(ona.get("/en/reports/stats").body, "Streets and roads"));

    // ---- one address sends at most ten reports an hour
    Browser busy(server, "127.0.0.9");
    busy.get(details_path("roads"));
    unsigned last = 0;
    for (int i = 0; i < 11; ++i) {
        last =
            busy.post_multipart("/reports/new/details", road_report("x", "busy@example.lt")).status;
        if (i < 10) CHECK(last == 422);
    }
    CHECK(last == 429);
}

TEST_CASE("a reporter answers the mailed fixed-questionnaire once, and the report shows it") {
    // A report confirmed six weeks ago, its questionnaire sent today, made through the real
    // store on the database the server then opens; the link is the one the mail would carry.
    portal::testing::ReportFixture seeded("reports-questionnaire");
    const std::int64_t now = now_unix_ms();
    seeded.clock = now - 6 * 7 * portal::testing::kReportDayMs;
    seeded.open_report();
    seeded.clock = now;
    REQUIRE(block_on(seeded.store->send_questionnaires(now)) == 1);
    const auto asked = seeded.events_of(portal::ReportEvent::Kind::kQuestionnaire);
    REQUIRE(asked.size() == 1);
    const std::string link = "/reports/fixed/" + asked.front().token;
    seeded.store.reset();
    seeded.writer.reset();
    const auto config = seeded.dir / "councilcast.toml";
    std::ofstream(config) << read_text_file(source_dir() + "/tests/support/light_channel.toml");
    DemoProcess server(DemoProcess::Command{{"serve", "--config", config.string(), "--listen",
                                             "127.0.0.1:0", "--data-dir", seeded.dir.string()}});

    Browser resident(server);
    HttpResult form = resident.get(link);
    REQUIRE(form.status == 200);
    CHECK(contains(form.body, "<select"));
    const std::string report_link = first(form.body, R"re(href="(/reports/\d+)")re");

    // No answer chosen: the form again, the problem at its field, in the visitor's language.
    HttpResult unanswered = resident.post(link, "fixed=&comment=");
    CHECK(unanswered.status == 422);
    CHECK(contains(unanswered.body, "id=\"fixed-fixed-error\""));
    HttpResult english = resident.post("/en" + link, "fixed=maybe&comment=");
    CHECK(english.status == 422);
    CHECK(contains(english.body, "lang=\"en\""));

    HttpResult answered =
        resident.post(link, "fixed=no&comment=" + form_encode("Vis dar tamsu vakarais."));
    REQUIRE(answered.status == 303);
    CHECK(contains(answered.header("location"), "answered=1"));
    // The answer is public: the comment is on the report's page as the reporter's update.
    CHECK(contains(resident.get(report_link).body, "Vis dar tamsu vakarais."));
    // Once only: the link now says it was used.
    CHECK(resident.get(link).status == 410);
    CHECK(resident.post(link, "fixed=yes&comment=").status == 410);
    // A made-up link is not found.
    CHECK(resident.get("/reports/fixed/" + std::string(43, 'A')).status == 404);
}
