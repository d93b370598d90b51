// The public pages as a visitor reads them: both languages, dates and plural forms, hostile
// titles and Markdown escaped, no inline script or style, the same page from many threads.
#include "portal/publish/council_views.hpp"

#include <doctest/doctest.h>

#include <cstdlib>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "portal/publish/embed_views.hpp"
#include "tests/portal/publish/view_fixture.hpp"

using namespace councilcast;
using namespace councilcast::portal;
using namespace councilcast::portal::view_fixture;

namespace {

constexpr std::int64_t kMeetingStart = 1795874400;  // 2026-11-28 14:00 UTC: 16:00 in Vilnius

// A small council: one group of two, a committee, a live meeting with two agenda items (one
// decided, with a document), a planned one and one from last year.
CouncilSnapshot sample() {
    CouncilSnapshot council;
    council.groups = {{1, {"Liberalų sąjūdis", "Liberal Movement"}, "LS"}};
    council.members = {
        {1, "Kęstutis Vaitkus", 1, CouncilPosition::kChair, "2023-04-20", "", {"Meras.", ""}, ""},
        {2, "Rasa Petrauskienė", 1, CouncilPosition::kMember, "2023-04-20", "", {}, ""},
    };
    council.committees = {
        {1, {"Kontrolės komitetas", "Audit Committee"}, {"Priežiūra.", ""}, 2, {1, 2}}};
    council.elderships = {{1, "Vievio seniūnija"}};
    council.meetings = {
        {1,
         MeetingKind::kCouncil,
         0,
         {"Tarybos posėdis Nr. 1", "Council meeting no. 1"},
         kNow - 400 * 86400,
         {},
         MeetingStatus::kEnded,
         ""},
        {2,
         MeetingKind::kCouncil,
         0,
         {"Tarybos posėdis Nr. 2", ""},
         kNow - 1800,
         {"Posėdžių salė", "Council chamber"},
         MeetingStatus::kLive,
         "hall"},
        {3,
         MeetingKind::kCommittee,
         1,
         {"Komiteto posėdis", "Committee meeting"},
         kMeetingStart + 7 * 86400,
         {},
         MeetingStatus::kPlanned,
         ""},
    };
    council.agenda_items = {
        {10, 2, 1, {"Dėl biudžeto", "The budget"}, "Asta Jonaitienė", {"**Svarbu**: 45 mln.", ""}},
        {11, 2, 2, {"Dėl atliekų", ""}, "", {}},
    };
    council.documents = {{100,
                          10,
                          {"Sprendimo projektas", "Draft decision"},
                          "projektas.pdf",
                          "application/pdf",
                          15'331,
                          "ab",
                          kNow}};
    council.decisions = {
        {1000, 10, "KS-181", DecisionOutcome::kAdopted, {"Pritarti.", "Approved."}, kNow - 600}};
    council.index();
    return council;
}

std::vector<Broadcast> channels() {
    return {{"hall", "Tarybos salė", "/live/hall/master.m3u8", true}};
}

std::vector<std::string> every_page(const CouncilSnapshot& council, Language language) {
    return {
        render_home(view(language), council, channels(), {}),
        render_meetings(view(language), council, {}, {}),
        render_meeting(view(language), council, council.meetings[1], channels()[0], {}),
        render_council(view(language), council, {}),
        render_member(view(language), council, council.members[0], {}),
        render_decisions(view(language), council, std::nullopt, {}),
        render_decision(view(language), council, council.decisions[0], {}),
        render_not_found(view(language), {}),
        render_embed_live(view(language), council, channels(), {}),
        render_embed_meeting(view(language), council, council.meetings[1], channels()[0], {}),
        render_embed_upcoming(view(language), council, {}),
    };
}

}  // namespace

TEST_CASE("the Lithuanian home page plays the live meeting and lists what comes next") {
    const auto council = sample();
    const std::string html = render_home(view(Language::kLt), council, channels(), {});
    CHECK(contains(html, "<html lang=\"lt\">"));
    CHECK(contains(html, "<title>Elektrėnų savivaldybė – Tarybos posėdžių transliacijos</title>"));
    // The switch remembers the choice on its way to the same page in English.
    CHECK(contains(html,
                   "<a href=\"/language?to=en&amp;next=%2Fen%2F\" hreflang=\"en\" "
                   "lang=\"en\">English</a>"));
    // Search engines take only absolute alternates (Lighthouse's hreflang audit), itself included.
    CHECK(contains(
        html, "<link rel=\"alternate\" hreflang=\"en\" href=\"https://tv.elektrenai.lt/en/\">"));
    CHECK(contains(html,
                   "<link rel=\"alternate\" hreflang=\"lt\" href=\"https://tv.elektrenai.lt/\">"));
    CHECK(contains(html, "<a href=\"/\" aria-current=\"page\">Pradžia</a>"));
    CHECK(contains(html, "<a href=\"/meetings\" aria-current=\"false\">Posėdžiai</a>"));
    CHECK(contains(html, "<a href=\"/meetings/2\" lang=\"lt\">Tarybos posėdis Nr. 2</a>"));
    CHECK(contains(html, "data-hls-src=\"/live/hall/master.m3u8\""));
    CHECK(contains(html, ">TIESIOGIAI<"));
    // The planned committee meeting, with the Lithuanian long date and the time in Vilnius.
    CHECK(contains(html, "<a href=\"/meetings/3\" lang=\"lt\">Komiteto posėdis</a>"));
    CHECK(contains(html, "2026 m. gruodžio 5 d."));
    CHECK(contains(html, "16:00"));
    CHECK(contains(html, "datetime=\"2026-12-05T16:00:00+02:00\""));
    // The latest decision.
    CHECK(contains(html, "<a href=\"/decisions/1000\" lang=\"lt\">Dėl biudžeto</a>"));
    CHECK(contains(html, "Priimtas"));
    CHECK(contains(html, "<link rel=\"canonical\" href=\"https://tv.elektrenai.lt/\">"));
    CHECK(contains(html, "<meta property=\"og:locale\" content=\"lt_LT\">"));
    CHECK_FALSE(contains(html, "{{"));
}

TEST_CASE("the English pages are English, and untranslated Lithuanian text says so") {
    const auto council = sample();
    const std::string home = render_home(view(Language::kEn), council, channels(), {});
    CHECK(contains(home, "<html lang=\"en\">"));
    CHECK(contains(home,
                   "<a href=\"/language?to=lt&amp;next=%2F\" hreflang=\"lt\" "
                   "lang=\"lt\">Lietuviškai</a>"));
    CHECK(contains(home, ">LIVE<"));
    CHECK(contains(home, "Saturday, 5 December 2026"));
    CHECK(contains(home, "<a href=\"/en/meetings/3\" lang=\"en\">Committee meeting</a>"));
    // Meeting 2 has no English title: the Lithuanian one is shown, marked as Lithuanian.
    CHECK(contains(home, "<a href=\"/en/meetings/2\" lang=\"lt\">Tarybos posėdis Nr. 2</a>"));
    CHECK(contains(home, "Adopted"));
    const std::string meeting =
        render_meeting(view(Language::kEn), council, council.meetings[1], channels()[0], {});
    CHECK(contains(meeting, "<h1 lang=\"lt\">Tarybos posėdis Nr. 2</h1>"));
    CHECK(
        contains(meeting, "lang=\"en\"><span class=\"agenda__number\">1.</span> The budget</h3>"));
    CHECK(
        contains(meeting, "lang=\"lt\"><span class=\"agenda__number\">2.</span> Dėl atliekų</h3>"));
    CHECK(contains(meeting, "Council chamber"));
    CHECK(contains(meeting, "Rapporteur: Asta Jonaitienė"));
    CHECK(contains(meeting, "(PDF, 15 KB)"));
    CHECK(contains(meeting, "href=\"/documents/100\""));
    for (const auto& page : every_page(council, Language::kEn)) {
        CHECK_FALSE(contains(page, "Posėdžiai<"));
        CHECK_FALSE(contains(page, "TIESIOGIAI"));
    }
}

TEST_CASE("counts take the right Lithuanian plural form") {
    auto council = sample();
    const auto base = council.meetings[2];
    auto count_of = [&](int meetings, Language language) {
        council.meetings.clear();
        for (int i = 0; i < meetings; ++i) {
            Meeting meeting = base;
            meeting.id = 100 + i;
            council.meetings.push_back(meeting);
        }
        council.index();
        const std::string html =
            render_meetings(view(language), council, {std::optional<int>(2026), std::nullopt}, {});
        std::smatch match;
        REQUIRE(std::regex_search(html, match, std::regex("2026: ([^<]+)</p>")));
        return match[1].str();
    };
    CHECK(count_of(1, Language::kLt) == "1 posėdis");
    CHECK(count_of(2, Language::kLt) == "2 posėdžiai");
    CHECK(count_of(9, Language::kLt) == "9 posėdžiai");
    CHECK(count_of(10, Language::kLt) == "10 posėdžių");
    CHECK(count_of(11, Language::kLt) == "11 posėdžių");
    CHECK(count_of(21, Language::kLt) == "21 posėdis");
    CHECK(count_of(22, Language::kLt) == "22 posėdžiai");
    CHECK(count_of(0, Language::kLt) == "0 posėdžių");
    CHECK(count_of(1, Language::kEn) == "1 meeting");
    CHECK(count_of(2, Language::kEn) == "2 meetings");
    CHECK(count_of(21, Language::kEn) == "21 meetings");

    const auto sample_council = sample();
    const std::string council_page = render_council(view(Language::kLt), sample_council, {});
    CHECK(contains(council_page, "Tarybą sudaro 2 nariai."));
    CHECK(contains(render_meetings(view(Language::kLt), sample_council, {}, {}), "2 klausimai"));
    CHECK(contains(render_meetings(view(Language::kEn), sample_council, {}, {}), "2 items"));
}

TEST_CASE("the meetings page filters by year and kind and groups by month") {
    const auto council = sample();
    const std::string this_year =
        render_meetings(view(Language::kLt), council, {std::nullopt, std::nullopt}, {});
    CHECK(contains(this_year, "<option value=\"2026\" selected>2026</option>"));
    CHECK(contains(this_year, "<option value=\"2025\">2025</option>"));
    CHECK(contains(this_year, "2026 m. lapkritis"));
    CHECK(contains(this_year, "2026 m. gruodis"));
    // The latest month first: December's planned meeting above November's.
    CHECK(this_year.find("id=\"month-2026-12\"") < this_year.find("id=\"month-2026-11\""));
    CHECK(this_year.find("/meetings/3\"") < this_year.find("/meetings/2\""));
    CHECK(contains(this_year, "/meetings/2\""));
    CHECK(contains(this_year, "/meetings/3\""));
    CHECK_FALSE(contains(this_year, "/meetings/1\""));
    const std::string committees =
        render_meetings(view(Language::kLt), council, {2026, MeetingKind::kCommittee}, {});
    CHECK(contains(committees, "/meetings/3\""));
    CHECK_FALSE(contains(committees, "/meetings/2\""));
    CHECK(contains(committees, "<option value=\"committee\" selected>"));
    const std::string last_year = render_meetings(view(Language::kEn), council, {2025, {}}, {});
    CHECK(contains(last_year, "/en/meetings/1\""));
    CHECK(contains(last_year, "October 2025"));
    const std::string empty = render_meetings(view(Language::kLt), council, {2019, {}}, {});
    CHECK(contains(empty, "Šiais metais tokių posėdžių nėra."));
}

TEST_CASE("the council, a member and a decision show what residents look for") {
    const auto council = sample();
    const std::string roster = render_council(view(Language::kLt), council, {});
    CHECK(contains(roster,
                   "<a href=\"/council/1\">Kęstutis Vaitkus</a> – Meras, tarybos pirmininkas"));
    CHECK(contains(roster, "Liberalų sąjūdis</span> (LS)"));
    CHECK(contains(roster, "id=\"committee-1\""));
    CHECK(contains(roster, "Rasa Petrauskienė</a> – komiteto pirmininkas"));
    CHECK(contains(roster, "Vievio seniūnija"));
    const std::string member = render_member(view(Language::kEn), council, council.members[0], {});
    CHECK(contains(member, "<h1>Kęstutis Vaitkus</h1>"));
    CHECK(contains(member, "Mayor, chair of the council"));
    CHECK(contains(member, "Audit Committee"));
    CHECK(contains(member, ">KV<"));
    CHECK(contains(member, "from 20 April 2023"));
    CHECK(contains(render_member(view(Language::kLt), council, council.members[0], {}),
                   "nuo 2023 m. balandžio 20 d."));
    CHECK(contains(member, "<meta property=\"og:type\" content=\"profile\">"));
    const std::string decision =
        render_decision(view(Language::kLt), council, council.decisions[0], {});
    CHECK(contains(decision, "<h1 lang=\"lt\">Dėl biudžeto</h1>"));
    CHECK(contains(decision, "KS-181"));
    CHECK(contains(decision, "<p>Pritarti.</p>"));
    CHECK(contains(decision, "<meta name=\"description\" content=\"Pritarti.\">"));
    CHECK(contains(decision, "href=\"/meetings/2\""));
}

TEST_CASE("hostile titles, places and Markdown are escaped everywhere") {
    auto council = sample();
    council.meetings[1].title = {"<script>alert(1)</script>", "\"onmouseover=alert(2) x=\""};
    council.meetings[1].place = {"Salė & <b>kiemas</b>", ""};
    council.agenda_items[0].title = {"<img src=x onerror=alert(3)>", ""};
    council.agenda_items[0].description = {
        "<script>alert(4)</script>\n\n[spausti](javascript:alert(5)) <b onclick=x>b</b>", ""};
    council.agenda_items[0].rapporteur = "</p><script>alert(6)</script>";
    council.documents[0].title = {"\"><svg onload=alert(7)>", ""};
    council.members[0].name = "<i>Vardas</i>";
    council.decisions[0].number = "<u>KS</u>";
    council.decisions[0].text = {"<iframe src=//x></iframe>", ""};
    for (Language language : kLanguages) {
        for (const auto& html : every_page(council, language)) {
            CHECK_FALSE(contains(html, "<script>alert"));
            CHECK_FALSE(contains(html, "<img src=x"));
            CHECK_FALSE(contains(html, "<svg"));
            CHECK_FALSE(contains(html, "<iframe src=//x"));
            CHECK_FALSE(contains(html, "<b onclick"));
            CHECK_FALSE(contains(html, "<i>Vardas"));
            CHECK_FALSE(contains(html, "<u>KS"));
            CHECK_FALSE(contains(html, "javascript:"));
            CHECK_FALSE(contains(html, "\"onmouseover"));
        }
    }
    const std::string meeting =
        render_meeting(view(Language::kLt), council, council.meetings[1], channels()[0], {});
    CHECK(contains(meeting, "<h1 lang=\"lt\">&lt;script&gt;alert(1)&lt;/script&gt;</h1>"));
    CHECK(contains(meeting, "Salė &amp; &lt;b&gt;kiemas&lt;/b&gt;"));
}

TEST_CASE("a hostile channel is escaped in text, attribute and URL context") {
    const auto council = sample();
    const std::vector<Broadcast> hostile = {
        {"hall", "<script>alert(1)</script>", "javascript:alert(1)", true}};
    for (Language language : kLanguages) {
        const std::string html =
            render_meeting(view(language), council, council.meetings[1], hostile[0], {});
        CHECK_FALSE(contains(html, "javascript:"));
        CHECK(contains(html, "data-hls-src=\"#\""));
        CHECK(contains(html, "<a href=\"#\" type=\"application/vnd.apple.mpegurl\">"));
        auto quoted = council;
        quoted.meetings[1].title = {"\"onmouseover=alert(2) x=\"", ""};
        const std::string attribute =
            render_meeting(view(language), quoted, quoted.meetings[1], channels()[0], {});
        CHECK(contains(attribute, "aria-label=\"&quot;onmouseover=alert(2) x=&quot;\""));
        const std::string live = render_embed_live(view(language), council, hostile, {});
        CHECK_FALSE(contains(live, "javascript:"));
        CHECK_FALSE(contains(live, "<script>alert"));
    }
}

TEST_CASE("pages load scripts and styles only from files, never inline") {
    const auto council = sample();
    for (Language language : kLanguages) {
        for (const auto& html : every_page(council, language)) {
            CHECK(contains(html, "<link rel=\"stylesheet\" href=\"/assets/css/site.css\">"));
            CHECK_FALSE(contains(html, "<script>"));
            CHECK_FALSE(contains(html, "<style"));
            CHECK_FALSE(std::regex_search(html, std::regex("<[^>]*\\sstyle=")));
            CHECK_FALSE(std::regex_search(html, std::regex("<[^>]*\\son[a-z]+\\s*=")));
            CHECK(contains(html, "<main"));
        }
    }
    const std::string home = render_home(view(Language::kLt), council, channels(), {});
    CHECK(contains(home, "class=\"skip-link\" href=\"#main\""));
    CHECK(contains(home, "<main id=\"main\""));
    CHECK(home.find("<script src=\"/assets/vendor/hls.min.js\"") <
          home.find("<script src=\"/assets/js/player.js\""));
}

TEST_CASE("a meeting page offers the player while live and the code to embed it") {
    auto council = sample();
    const std::string live =
        render_meeting(view(Language::kLt), council, council.meetings[1], channels()[0], {});
    CHECK(contains(live, "data-hls-src=\"/live/hall/master.m3u8\""));
    CHECK(contains(live, "&lt;iframe src=&quot;https://tv.elektrenai.lt/embed/meeting/2&quot;"));
    CHECK(contains(live, "type=\"application/json+oembed\""));
    // The page keeps itself current while open (meeting_live.js polls the open-data API).
    CHECK(contains(live, "<script src=\"/assets/js/meeting_live.js\" defer></script>"));
    CHECK(contains(live, "data-meeting-api=\"/api/v1/meetings/2\" data-status=\"live\""));
    CHECK(contains(live, "data-decisions=\"1\""));
    CHECK(contains(live, "<p id=\"meeting-notice\" class=\"live-notice\" role=\"status\"></p>"));
    council.meetings[1].status = MeetingStatus::kEnded;
    const std::string ended =
        render_meeting(view(Language::kLt), council, council.meetings[1], channels()[0], {});
    CHECK_FALSE(contains(ended, "<video"));
    council.meetings[1].status = MeetingStatus::kCancelled;
    CHECK(contains(
        render_meeting(view(Language::kLt), council, council.meetings[1], std::nullopt, {}),
        "Šis posėdis atšauktas."));
}

TEST_CASE("rendering from several threads at once gives the same page") {
    const auto council = sample();
    const std::string expected = render_home(view(Language::kLt), council, channels(), {});
    std::vector<std::thread> threads;
    std::vector<int> mismatches(4, 0);
    for (std::size_t t = 0; t < mismatches.size(); ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < 200; ++i) {
                const Language language = i % 2 == 0 ? Language::kLt : Language::kEn;
                const std::string html = render_home(view(language), council, channels(), {});
                if (language == Language::kLt && html != expected) ++mismatches[t];
            }
        });
    }
    for (auto& thread : threads) thread.join();
    for (int count : mismatches) CHECK(count == 0);
}
