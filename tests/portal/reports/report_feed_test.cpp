// The reports' Atom feeds as a feed reader reads them: parsed back strictly with libxml2 and
// queried with XPath. A feed holds the public reports it is given and nothing else; one
// report's feed tells its public updates, never the staff's notes; what residents and staff
// type arrives as text, never as markup; a wrong filter is refused with its reason. (Which
// reports an eldership or an area holds is the store's list, tested with the store.)
#include "portal/reports/report_feeds.hpp"

#include <doctest/doctest.h>
#include <fmt/core.h>

#include <algorithm>
#include <string>
#include <vector>

#include "common/error.hpp"
#include "config/config.hpp"
#include "tests/support/atom_feed.hpp"
#include "tests/support/test_browser.hpp"

using namespace councilcast;
using namespace councilcast::portal;
using councilcast::testing::AtomFeed;

namespace {

constexpr const char* kBase = "https://www.elektrenai.lt";
constexpr std::int64_t kDayMs = 24LL * 60 * 60 * 1000;
// Monday 11 January 2027, 09:00 in Vilnius.
constexpr std::int64_t kStartMs = 1'799'650'800'000;

const PageRenderer& feed_messages() {
    static const PageRenderer renderer(councilcast::testing::source_dir() + "/portal/templates",
                                       councilcast::testing::source_dir() + "/portal/messages");
    return renderer;
}

ReportFeedContext feed_context(const config::Reports& settings, Language language) {
    return {kBase, language,
            language == Language::kLt ? "Elektrėnų savivaldybė" : "Elektrėnai Municipality",
            settings, feed_messages()};
}

bool any_contains(const std::vector<std::string>& texts, std::string_view part) {
    return std::any_of(texts.begin(), texts.end(), [&](const std::string& text) {
        return text.find(part) != std::string::npos;
    });
}

std::string feed_refusal(const config::Reports& settings, std::string_view eldership,
                         std::string_view area) {
    try {
        parse_report_feed_filter(settings, eldership, area);
    } catch (const InvalidInput& e) {
        return e.key();
    }
    return {};
}

// A confirmed pothole report in Elektrėnai, as the store reads it back.
Report pothole(std::int64_t id, std::int64_t confirmed_unix_ms) {
    Report report;
    report.id = id;
    report.category = "roads";
    report.state = ReportState::kOpen;
    report.title = "Duobė Trakų gatvėje";
    report.details = "Gili duobė prie autobusų stotelės.\n\n  \nPavojinga dviratininkams.";
    report.lat = 54.786;
    report.lon = 24.663;
    report.eldership = "Elektrėnų seniūnija";
    report.address = "Trakų g. 2";
    report.reporter = {0, "ona.petraityte@example.lt", "Ona Petraitytė", false, ""};
    report.created_unix_ms = confirmed_unix_ms - 60'000;
    report.confirmed_unix_ms = confirmed_unix_ms;
    report.updated_unix_ms = confirmed_unix_ms;
    return report;
}

ReportUpdate update(std::int64_t id, std::int64_t at, ReportState from, ReportState to,
                    std::string text, bool internal = false) {
    ReportUpdate update;
    update.id = id;
    update.report_id = 1;
    update.text = std::move(text);
    update.previous_state = from;
    update.new_state = to;
    update.author = UpdateAuthor::kStaff;
    update.author_account_id = 902;
    update.author_name = "Kelių skyrius";
    update.internal = internal;
    update.created_unix_ms = at;
    return update;
}

}  // namespace

TEST_CASE("An eldership's feed holds its public reports, newest first, in either language") {
    const config::Reports settings;
    Report lamp = pothole(2, kStartMs + kDayMs);
    lamp.category = "lighting";
    lamp.title = "Neveikia žibintas <b>Rungos</b> g.";
    lamp.address.clear();
    lamp.updated_unix_ms = kStartMs + 2 * kDayMs;
    Report waiting = pothole(3, 0);
    waiting.state = ReportState::kUnconfirmed;
    const std::vector<Report> listed = {lamp, waiting, pothole(1, kStartMs)};

    const auto filter = parse_report_feed_filter(settings, "Elektrėnų seniūnija", "");
    const AtomFeed lt(reports_atom(listed, filter, feed_context(settings, Language::kLt)));
    CHECK(lt.one("/a:feed/@xml:lang") == "lt");
    CHECK(lt.one("/a:feed/a:title") ==
          "Elektrėnų savivaldybė: Pranešimai apie problemas — Elektrėnų seniūnija");
    CHECK(lt.one("/a:feed/a:link[@rel='self']/@href") ==
          std::string(kBase) + "/reports/feed.atom?eldership=Elektr%C4%97n%C5%B3%20seni%C5%ABnija");
    CHECK(lt.one("/a:feed/a:updated") == "2027-01-13T07:00:00Z");
    CHECK(lt.all("/a:feed/a:entry/a:id") ==
          std::vector<std::string>{fmt::format("{}/reports/2", kBase),
                                   fmt::format("{}/reports/1", kBase)});
    CHECK(lt.one("/a:feed/a:entry[1]/a:title") ==
          "Nr. 2: Neveikia žibintas <b>Rungos</b> g. (Gautas)");
    CHECK(lt.one("/a:feed/a:entry[1]/a:updated") == "2027-01-13T07:00:00Z");
    CHECK(lt.one("/a:feed/a:entry[1]/a:category/@term") == "lighting");
    CHECK(lt.one("/a:feed/a:entry[2]/a:author/a:name") == "Ona Petraitytė");
    const auto paragraphs = lt.all("/a:feed/a:entry[2]/a:content/h:div/h:p");
    CHECK(any_contains(paragraphs, "Trakų g. 2 (Elektrėnų seniūnija)"));
    CHECK(any_contains(paragraphs, "Gili duobė prie autobusų stotelės."));
    CHECK(any_contains(paragraphs, "Pavojinga dviratininkams."));
    CHECK(paragraphs.size() == 5);  // category, state, place and the two lines written

    const AtomFeed en(reports_atom(listed, filter, feed_context(settings, Language::kEn)));
    CHECK(en.one("/a:feed/@xml:lang") == "en");
    CHECK(en.one("/a:feed/a:entry[2]/a:link/@href") == fmt::format("{}/en/reports/1", kBase));
    CHECK(en.one("/a:feed/a:entry[2]/a:title") == "No. 1: Duobė Trakų gatvėje (Open)");
}

TEST_CASE("An area's feed names its box; a feed of nothing is still a feed") {
    const config::Reports settings;
    const auto filter = parse_report_feed_filter(settings, "", "54.78,24.65,54.79,24.67");
    REQUIRE(filter.area);
    CHECK(filter.area->contains(54.786, 24.663));
    CHECK_FALSE(filter.area->contains(54.767, 24.801));
    const AtomFeed feed(reports_atom({}, filter, feed_context(settings, Language::kEn)));
    CHECK(feed.all("/a:feed/a:entry").empty());
    CHECK(feed.one("/a:feed/a:link[@rel='self']/@href") ==
          std::string(kBase) + "/en/reports/feed.atom?area=54.78,24.65,54.79,24.67");
    CHECK(feed.one("/a:feed/a:title") ==
          "Elektrėnai Municipality: Problem reports — a marked area on the map");
}

TEST_CASE("A feed's filter that names no eldership or a wrong area is refused with its reason") {
    const config::Reports settings;
    CHECK(feed_refusal(settings, "Niekur", "") == "report_error_feed_eldership");
    CHECK(feed_refusal(settings, "elektrėnų seniūnija", "") == "report_error_feed_eldership");
    for (const char* area : {"54.7,24.6,54.8", "54.7,24.6,54.8,24.7,1", "a,b,c,d",
                             "54.7,,54.8,24.7", "54.8,24.6,54.7,24.7", "54.7,24.7,54.8,24.6",
                             "54,24,55,25", "nan,24.6,nan,24.7", "54.7,24.6,54.8,inf",
                             "-91,0,-90.9,0.1", "54.7 ,24.6,54.8,24.7", "0x1p5,24.6,54.8,24.7"}) {
        CAPTURE(area);
        CHECK(feed_refusal(settings, "", area) == "report_error_feed_area");
    }
    CHECK(feed_refusal(settings, "Vievio seniūnija", "54.7,24.6,54.8,24.7") ==
          "report_error_feed_area");
    CHECK(feed_refusal(settings, "", "").empty());
    CHECK(feed_refusal(settings, "Vievio seniūnija", "").empty());
    CHECK(feed_refusal(settings, "", "-54.8,-24.7,-54.3,-24.2").empty());
}

TEST_CASE("One report's feed tells its public updates, newest first, and never a staff note") {
    const config::Reports settings;
    Report report = pothole(1, kStartMs);
    report.state = ReportState::kFixed;
    const std::vector<ReportUpdate> updates = {
        update(11, kStartMs + kDayMs, ReportState::kOpen, ReportState::kInvestigating,
               "Apžiūrėsime <script>alert(1)</script> & co."),
        update(12, kStartMs + 2 * kDayMs, ReportState::kInvestigating, ReportState::kInvestigating,
               "Rangovas: UAB Duobė, tel. 8 600", true),
        update(13, kStartMs + 3 * kDayMs, ReportState::kInvestigating, ReportState::kFixed,
               "Užlopyta."),
        update(14, kStartMs + 3 * kDayMs, ReportState::kFixed, ReportState::kFixed,
               "Ačiū, kad pranešėte."),
    };
    const std::string text =
        report_updates_atom(report, updates, feed_context(settings, Language::kLt));
    const AtomFeed feed(text);
    CHECK(feed.one("/a:feed/a:link[@rel='self']/@href") ==
          fmt::format("{}/reports/1/feed.atom", kBase));
    CHECK(feed.all("/a:feed/a:entry/a:title") ==
          std::vector<std::string>{"Naujiena", "Būsena: Sutvarkyta", "Būsena: Tiriamas",
                                   "Nr. 1: Duobė Trakų gatvėje (Sutvarkyta)"});
    CHECK(feed.one("/a:feed/a:entry[2]/a:author/a:name") == "Savivaldybė (Kelių skyrius)");
    CHECK(any_contains(feed.all("/a:feed/a:entry[3]/a:content/h:div/h:p"),
                       "Apžiūrėsime <script>alert(1)</script> & co."));
    CHECK(text.find("<script>") == std::string::npos);
    CHECK(text.find("Rangovas") == std::string::npos);
    CHECK(feed.one("/a:feed/a:updated") == "2027-01-14T07:00:00Z");
}

TEST_CASE("A duplicate's update links the report it repeats") {
    const config::Reports settings;
    Report report = pothole(5, kStartMs);
    report.state = ReportState::kDuplicate;
    ReportUpdate marked =
        update(21, kStartMs + kDayMs, ReportState::kOpen, ReportState::kDuplicate, "");
    marked.duplicate_of = 1;
    const AtomFeed feed(
        report_updates_atom(report, {marked}, feed_context(settings, Language::kEn)));
    CHECK(feed.one("/a:feed/a:entry[1]/a:content/h:div/h:p/h:a/@href") ==
          fmt::format("{}/en/reports/1", kBase));
    CHECK(feed.one("/a:feed/a:entry[1]/a:content/h:div/h:p/h:a") == "Repeats report No. 1");
}

TEST_CASE("A feed shows a report's first visible photo and nothing of one that is not public") {
    const config::Reports settings;
    Report report;
    report.id = 7;
    report.category = "roads";
    report.state = ReportState::kOpen;
    report.title = "Duobė";
    report.eldership = "Vievio seniūnija";
    report.confirmed_unix_ms = kStartMs;
    report.reporter = {0, "ona@example.lt", "Ona", true, ""};
    report.photos = {{std::string(64, 'a'), true}, {std::string(64, 'b'), false}};
    Report waiting = report;
    waiting.id = 8;
    waiting.state = ReportState::kUnconfirmed;
    Report hidden = report;
    hidden.id = 9;
    hidden.state = ReportState::kHidden;

    const AtomFeed feed(
        reports_atom({report, waiting, hidden}, {}, feed_context(settings, Language::kEn)));
    CHECK(feed.all("/a:feed/a:entry/a:id") ==
          std::vector<std::string>{std::string(kBase) + "/en/reports/7"});
    CHECK(feed.one("//h:img/@src") ==
          std::string(kBase) + "/reports/photos/" + std::string(64, 'b') + "-small.jpg");
    CHECK(feed.one("//h:img/@alt") == "Duobė");
    // Anonymous: no name in the public feed.
    CHECK(feed.all("/a:feed/a:entry/a:author").empty());
}
