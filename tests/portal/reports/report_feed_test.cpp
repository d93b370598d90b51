// The reports' Atom feeds as a feed reader reads them: parsed back strictly with libxml2 and
// queried with XPath. An eldership's or an area's feed holds its public reports and nothing
// else; one report's feed tells its public updates, never the staff's notes; what residents and
// staff type arrives as text, never as markup; a wrong filter is refused with its reason.
#include "portal/reports/report_feeds.hpp"

#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "common/c_ptr.hpp"
#include "common/error.hpp"
#include "tests/portal/reports/report_fixture.hpp"
#include "tests/support/test_browser.hpp"

using namespace councilcast;
using namespace councilcast::portal;
using namespace councilcast::portal::testing;

namespace {

constexpr const char* kBase = "https://www.elektrenai.lt";
// Vievis, another eldership's centre.
constexpr double kVievisLat = 54.767;
constexpr double kVievisLon = 24.801;

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

// An Atom document parsed strictly (no recovery, no network), queried with XPath.
class AtomFeed {
  public:
    explicit AtomFeed(const std::string& text)
        : doc_(xmlReadMemory(text.data(), static_cast<int>(text.size()), "feed.atom", nullptr,
                             XML_PARSE_NONET)) {
        REQUIRE_MESSAGE(doc_ != nullptr, "not well-formed XML:\n" << text);
        context_.reset(xmlXPathNewContext(doc_.get()));
        xmlXPathRegisterNs(context_.get(), BAD_CAST "a", BAD_CAST "http://www.w3.org/2005/Atom");
        xmlXPathRegisterNs(context_.get(), BAD_CAST "h", BAD_CAST "http://www.w3.org/1999/xhtml");
    }

    std::vector<std::string> all(const std::string& xpath) const {
        CPtr<&xmlXPathFreeObject> result(
            xmlXPathEvalExpression(BAD_CAST xpath.c_str(), context_.get()));
        REQUIRE(result != nullptr);
        std::vector<std::string> values;
        if (!result->nodesetval) return values;
        for (int i = 0; i < result->nodesetval->nodeNr; ++i) {
            xmlChar* content = xmlNodeGetContent(result->nodesetval->nodeTab[i]);
            values.emplace_back(reinterpret_cast<const char*>(content));
            xmlFree(content);
        }
        return values;
    }

    std::string one(const std::string& xpath) const {
        const auto values = all(xpath);
        REQUIRE_MESSAGE(values.size() == 1, xpath);
        return values.front();
    }

  private:
    CPtr<&xmlFreeDoc> doc_;
    CPtr<&xmlXPathFreeContext> context_;
};

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

ReportStore::StaffUpdate staff_update(std::int64_t id, std::optional<ReportState> to,
                                      std::string text, bool internal = false) {
    ReportStore::StaffUpdate update;
    update.report_id = id;
    update.new_state = to;
    update.text = std::move(text);
    update.internal = internal;
    return update;
}

}  // namespace

TEST_CASE("An eldership's feed holds its public reports, newest first, in either language") {
    ReportFixture fixture("report-feed-eldership");
    const std::int64_t older = fixture.open_report();
    fixture.clock += kReportDayMs;
    auto lamp = fixture.pothole();
    lamp.category = "lighting";
    lamp.title = "Neveikia žibintas <b>Rungos</b> g.";
    lamp.answers = {};
    const std::int64_t newer = fixture.open_report(lamp);
    const std::int64_t elsewhere = fixture.open_report(fixture.pothole(kVievisLat, kVievisLon));
    block_on(fixture.store->create(fixture.pothole()));  // waits for its link: nobody sees it

    const auto filter =
        parse_report_feed_filter(fixture.settings, "Elektrėnų seniūnija", std::string_view());
    ReportStore::Filter query;
    query.eldership = filter.eldership;
    const auto listed = fixture.store->list(query).reports;

    const AtomFeed lt(reports_atom(listed, filter, feed_context(fixture.settings, Language::kLt)));
    CHECK(lt.one("/a:feed/@xml:lang") == "lt");
    CHECK(lt.one("/a:feed/a:title") ==
          "Elektrėnų savivaldybė: Pranešimai apie problemas — Elektrėnų seniūnija");
    CHECK(lt.one("/a:feed/a:link[@rel='self']/@href") ==
          std::string(kBase) + "/reports/feed.atom?eldership=Elektr%C4%97n%C5%B3%20seni%C5%ABnija");
    CHECK(lt.all("/a:feed/a:entry/a:id") ==
          std::vector<std::string>{fmt::format("{}/reports/{}", kBase, newer),
                                   fmt::format("{}/reports/{}", kBase, older)});
    CHECK(lt.one("/a:feed/a:entry[1]/a:title") ==
          fmt::format("Nr. {}: Neveikia žibintas <b>Rungos</b> g. (Atviras)", newer));
    CHECK(lt.one("/a:feed/a:entry[1]/a:category/@term") == "lighting");
    CHECK(lt.one("/a:feed/a:entry[2]/a:author/a:name") == "Ona Petraitytė");
    const auto paragraphs = lt.all("/a:feed/a:entry[2]/a:content/h:div/h:p");
    CHECK(any_contains(paragraphs, "Trakų g. 2 (Elektrėnų seniūnija)"));
    CHECK(any_contains(paragraphs, "Pavojinga dviratininkams."));
    CHECK_FALSE(any_contains(lt.all("//a:id"), fmt::format("/reports/{}", elsewhere)));

    const AtomFeed en(reports_atom(listed, filter, feed_context(fixture.settings, Language::kEn)));
    CHECK(en.one("/a:feed/@xml:lang") == "en");
    CHECK(en.one("/a:feed/a:entry[2]/a:link/@href") ==
          fmt::format("{}/en/reports/{}", kBase, older));
    CHECK(en.one("/a:feed/a:entry[2]/a:title") ==
          fmt::format("No. {}: Duobė Trakų gatvėje (Open)", older));
}

TEST_CASE("An area's feed holds the public reports inside its box") {
    ReportFixture fixture("report-feed-area");
    const std::int64_t inside = fixture.open_report();
    fixture.open_report(fixture.pothole(kVievisLat, kVievisLon));
    const auto filter =
        parse_report_feed_filter(fixture.settings, std::string_view(), "54.78,24.65,54.79,24.67");
    REQUIRE(filter.area);
    ReportStore::Filter query;
    query.area = filter.area;
    const AtomFeed feed(reports_atom(fixture.store->list(query).reports, filter,
                                     feed_context(fixture.settings, Language::kEn)));
    CHECK(feed.all("/a:feed/a:entry/a:id") ==
          std::vector<std::string>{fmt::format("{}/en/reports/{}", kBase, inside)});
    CHECK(feed.one("/a:feed/a:link[@rel='self']/@href") ==
          std::string(kBase) + "/en/reports/feed.atom?area=54.78,24.65,54.79,24.67");
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
    ReportFixture fixture("report-feed-updates");
    const std::int64_t id = fixture.open_report();
    const auto note = report_note("report.update");
    fixture.clock += kReportDayMs;
    block_on(fixture.store->add_update(kRoadsHandler,
                                       staff_update(id, ReportState::kInvestigating,
                                                    "Apžiūrėsime <script>alert(1)</script> & co."),
                                       note));
    fixture.clock += kReportDayMs;
    block_on(fixture.store->add_update(
        kRoadsHandler, staff_update(id, std::nullopt, "Rangovas: UAB Duobė, tel. 8 600", true),
        note));
    fixture.clock += kReportDayMs;
    block_on(fixture.store->add_update(kRoadsHandler,
                                       staff_update(id, ReportState::kFixed, "Užlopyta."), note));

    const auto report = fixture.store->report(id);
    REQUIRE(report);
    const std::string text = report_updates_atom(*report, fixture.store->updates(id, true),
                                                 feed_context(fixture.settings, Language::kLt));
    const AtomFeed feed(text);
    CHECK(feed.one("/a:feed/a:link[@rel='self']/@href") ==
          fmt::format("{}/reports/{}/feed.atom", kBase, id));
    CHECK(feed.all("/a:feed/a:entry/a:title") ==
          std::vector<std::string>{"Būsena: Sutvarkyta", "Būsena: Tiriamas",
                                   fmt::format("Nr. {}: Duobė Trakų gatvėje (Sutvarkyta)", id)});
    CHECK(feed.one("/a:feed/a:entry[1]/a:author/a:name") == "Savivaldybė (Kelių skyrius)");
    CHECK(any_contains(feed.all("/a:feed/a:entry[2]/a:content/h:div/h:p"),
                       "Apžiūrėsime <script>alert(1)</script> & co."));
    CHECK(text.find("<script>") == std::string::npos);
    CHECK(text.find("Rangovas") == std::string::npos);
    CHECK(feed.one("/a:feed/a:updated") == feed.one("/a:feed/a:entry[1]/a:updated"));
}

TEST_CASE("A feed shows a report's first visible photo and nothing of one that is not public") {
    const config::Reports settings;
    Report report;
    report.id = 7;
    report.category = "roads";
    report.state = ReportState::kOpen;
    report.title = "Duobė";
    report.eldership = "Vievio seniūnija";
    report.confirmed_unix_ms = kReportStartMs;
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
