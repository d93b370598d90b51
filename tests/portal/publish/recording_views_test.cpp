// A meeting's recording as residents meet it on the pages: the player and its chapter list
// (kinds, posters, vote results, links that work without JavaScript), the start at ?t=, the
// "from the start" and "live" choice while live, downloads, the list's marks, the widget and
// the Atom feed, in both languages.
#include <doctest/doctest.h>

#include <cstdlib>
#include <regex>
#include <string>

#include "portal/publish/council_views.hpp"
#include "portal/publish/embed_views.hpp"
#include "portal/publish/feeds.hpp"
#include "tests/portal/publish/view_fixture.hpp"

using namespace councilcast;
using namespace councilcast::portal;
using namespace councilcast::portal::view_fixture;

namespace {

std::size_t occurrences(const std::string& text, std::string_view part) {
    std::size_t count = 0;
    for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++count;
    return count;
}

// A council with a meeting held this month (recorded, 1 h 42 min) and one in progress.
CouncilSnapshot sample() {
    CouncilSnapshot council;
    council.meetings = {
        {1,
         MeetingKind::kCouncil,
         0,
         {"Tarybos posėdis Nr. 7", "Council meeting no. 7"},
         kNow - 3 * 86400,
         {"Posėdžių salė", "Council chamber"},
         MeetingStatus::kEnded,
         "hall"},
        {2,
         MeetingKind::kCouncil,
         0,
         {"Tarybos posėdis Nr. 8", "Council meeting no. 8"},
         kNow - 1800,
         {},
         MeetingStatus::kLive,
         "hall"},
    };
    council.agenda_items = {
        {10, 1, 1, {"Dėl biudžeto", "The budget"}, "", {}},
        {11, 1, 2, {"Dėl atliekų", ""}, "", {}},
        {20, 2, 1, {"Dėl mokyklų tinklo", "The schools"}, "", {}},
    };
    council.index();
    return council;
}

// The recordings as the recordings room would report them: plain data, plain functions.
RecordingSummary held() {
    return {1,
            false,
            6125.4,
            "/recordings/1/master.m3u8",
            {{"agenda", {"Dėl biudžeto", "The budget"}, 12.0},
             {"vote", {"Balsavimas: dėl biudžeto", "Vote: the budget"}, 1830.6},
             {"agenda", {"Dėl atliekų", ""}, 1900.0}}};
}

RecordingSummary in_progress() {
    return {2,
            true,
            1795.0,
            "/recordings/2/master.m3u8",
            {{"agenda", {"Dėl mokyklų tinklo", "The schools"}, 40.0}}};
}

RecordingSummaries summaries() {
    return {[](std::int64_t meeting_id) -> std::optional<RecordingSummary> {
                if (meeting_id == 1) return held();
                if (meeting_id == 2) return in_progress();
                return std::nullopt;
            },
            [] { return std::int64_t{7}; }};
}

std::vector<VoteSummary> budget_vote() {
    VoteSummary vote;
    vote.vote_id = 5;
    vote.meeting_id = 1;
    vote.item_title = "Dėl biudžeto";
    vote.outcome = "PRIIMTA";
    vote.outcome_class = "adopted";
    vote.counts = "už 15, prieš 3, susilaikė 2";
    vote.media_time_s = 1831.0;
    return {vote};
}

Broadcast hall() {
    return {"hall", "Tarybos salė", "/live/hall/master.m3u8", true};
}

}  // namespace

TEST_CASE("a held meeting's page plays its recording with the chapters beside it") {
    const auto council = sample();
    const std::string html = render_meeting(view(Language::kLt), council, council.meetings[0],
                                            hall(), {}, budget_vote(), {}, held());
    CHECK(contains(html, "<h2 id=\"recording-heading\">Posėdžio įrašas</h2>"));
    CHECK(contains(html, "data-recording-src=\"/recordings/1/master.m3u8\""));
    CHECK(contains(html, "data-live-src=\"\""));
    CHECK(contains(html, "aria-label=\"Posėdžio įrašas: Tarybos posėdis Nr. 7\""));
    // hls.js before the player that uses it; the live player is not on a held meeting's page.
    CHECK(html.find("<script src=\"/assets/vendor/hls.min.js\"") <
          html.find("<script src=\"/assets/js/recording_player.js\""));
    CHECK_FALSE(contains(html, "/assets/js/player.js"));
    CHECK_FALSE(contains(html, "data-hls-src"));
    // The chapters and thumbnails tracks for the browser's own menus and the seek preview.
    CHECK(contains(html,
                   "<track kind=\"chapters\" src=\"/recordings/1/chapters.vtt?lang=lt\" "
                   "srclang=\"lt\" label=\"Skyriai\" default>"));
    CHECK(contains(html,
                   "<track kind=\"metadata\" label=\"thumbnails\" "
                   "src=\"/recordings/1/storyboard.vtt\">"));
    // Each chapter is a link to its moment that works without JavaScript, with its kind, its
    // time and a lazily loaded poster with alt text.
    CHECK(occurrences(html, "class=\"chapter chapter--") == 3);
    CHECK(contains(html,
                   "<li class=\"chapter chapter--agenda\" data-start=\"12\" data-end=\"1830.6\">"));
    // At 0:00, before the first chapter, none is current.
    CHECK(contains(html, "<a class=\"chapter__link\" href=\"?t=12\" aria-current=\"false\">"));
    CHECK(contains(html,
                   "<img class=\"chapter__poster\" src=\"/recordings/1/thumbnail.jpg?t=1830\" "
                   "alt=\"Kadras ties 30:30\" width=\"160\" height=\"90\" loading=\"lazy\">"));
    CHECK(contains(html, "Darbotvarkės klausimas · <time datetime=\"PT12S\">0:12</time>"));
    CHECK(contains(html, "Balsavimas · <time datetime=\"PT30M30S\">30:30</time>"));
    CHECK(contains(html, "<span class=\"chapter__title\" lang=\"lt\">Dėl atliekų</span>"));
    // The vote's chapter shows how it ended.
    CHECK(contains(html, "<span class=\"outcome outcome--adopted\">PRIIMTA</span> už 15, prieš 3"));
    // Downloads: the chapter playing (before the first, the first, to the next one's start)
    // and the whole meeting.
    CHECK(contains(html, "href=\"/recordings/1/clip.mp4?from=12&amp;to=1830.6\" download>"));
    CHECK(contains(html, "href=\"/recordings/1/meeting.mp4\" download>Visą posėdį (MP4)</a>"));
    // Sharing needs the script, so it stays hidden without it; the keys are documented.
    CHECK(contains(html, "<div class=\"recording__share\" hidden"));
    CHECK(contains(html, "<summary>Klaviatūros klavišai</summary>"));
    CHECK(contains(html, "<kbd>J</kbd>"));
    CHECK(contains(html, "Klavišai veikia, kai žymeklis ne formos lauke."));
    CHECK(contains(html, "<meta property=\"og:type\" content=\"video.other\">"));
}

TEST_CASE("?t= starts the recording there and marks the chapter it falls in") {
    const auto council = sample();
    const std::string html = render_meeting(view(Language::kLt), council, council.meetings[0],
                                            hall(), {}, {}, {}, held(), 1850.0);
    CHECK(contains(html, "data-start=\"1850\""));
    // Safari plays HLS itself and starts at the moment without any script.
    CHECK(contains(html, "src=\"/recordings/1/master.m3u8#t=1850\""));
    CHECK(contains(html, "<a class=\"chapter__link\" href=\"?t=1830\" aria-current=\"true\">"));
    CHECK(contains(html, "<a class=\"chapter__link\" href=\"?t=12\" aria-current=\"false\">"));
    CHECK(contains(html, "clip.mp4?from=1830&amp;to=1900\""));
    // The last chapter runs to the end, never past it (the clip route refuses that).
    CHECK(contains(html, "data-start=\"1900\" data-end=\"6125.4\""));
    // A vote without a matching chapter result simply shows none.
    CHECK_FALSE(contains(html, "chapter__result"));
}

TEST_CASE("the English page names the kinds in English and marks untranslated titles") {
    const auto council = sample();
    const std::string html = render_meeting(view(Language::kEn), council, council.meetings[0],
                                            hall(), {}, {}, {}, held());
    CHECK(contains(html, "<h2 id=\"recording-heading\">Recording of the meeting</h2>"));
    CHECK(contains(html, "src=\"/recordings/1/chapters.vtt?lang=en\" srclang=\"en\""));
    CHECK(contains(html, "Agenda item · <time"));
    CHECK(contains(html, "Vote · <time"));
    CHECK(contains(html, "alt=\"Frame at 0:12\""));
    CHECK(contains(html, "<span class=\"chapter__title\" lang=\"en\">The budget</span>"));
    CHECK(contains(html, "<span class=\"chapter__title\" lang=\"lt\">Dėl atliekų</span>"));
    CHECK(contains(html, "The whole meeting (MP4)"));
    CHECK(contains(html, "<summary>Keyboard shortcuts</summary>"));
}

TEST_CASE("while live the player starts live and offers the recording from the start") {
    const auto council = sample();
    const std::string html = render_meeting(view(Language::kLt), council, council.meetings[1],
                                            hall(), {}, {}, {}, in_progress());
    CHECK(contains(html, "<h2 id=\"broadcast-heading\">"));
    CHECK_FALSE(contains(html, "recording-heading"));
    CHECK(contains(html, "data-recording-src=\"/recordings/2/master.m3u8\""));
    CHECK(contains(html, "data-live-src=\"/live/hall/master.m3u8\""));
    CHECK(contains(html, "data-start=\"\""));
    CHECK(contains(html,
                   "<a class=\"button button--small\" href=\"?t=0\" data-mode=\"start\" "
                   "aria-current=\"false\">Nuo pradžios</a>"));
    CHECK(contains(html,
                   "<a class=\"button button--small\" href=\"/meetings/2\" "
                   "data-mode=\"live\" aria-current=\"true\">Tiesiogiai</a>"));
    // The latest chapter is where the meeting is now; nothing to download while it grows.
    CHECK(contains(html, "<a class=\"chapter__link\" href=\"?t=40\" aria-current=\"true\">"));
    CHECK_FALSE(contains(html, "meeting.mp4"));
    CHECK_FALSE(contains(html, "/assets/js/player.js"));
    CHECK(contains(html, "/assets/js/vote_live.js"));

    const std::string rewound = render_meeting(view(Language::kEn), council, council.meetings[1],
                                               hall(), {}, {}, {}, in_progress(), 0.0);
    CHECK(contains(rewound, "data-start=\"0\""));
    CHECK(contains(rewound,
                   "href=\"?t=0\" data-mode=\"start\" aria-current=\"true\">From the "
                   "start</a>"));
    CHECK(contains(rewound,
                   "href=\"/en/meetings/2\" data-mode=\"live\" aria-current=\"false\">"
                   "Live</a>"));
}

TEST_CASE("a meeting without a recording shows none") {
    const auto council = sample();
    const std::string html =
        render_meeting(view(Language::kLt), council, council.meetings[0], hall(), {});
    CHECK_FALSE(contains(html, "recording"));
    CHECK_FALSE(contains(html, "<video"));
}

TEST_CASE("a recording without chapters says so") {
    const auto council = sample();
    auto bare = held();
    bare.chapters.clear();
    const std::string html =
        render_meeting(view(Language::kLt), council, council.meetings[0], hall(), {}, {}, {}, bare);
    CHECK(contains(html, "Šiame įraše skyrių dar nepažymėta."));
    CHECK_FALSE(contains(html, "clip.mp4?from"));
    CHECK(contains(html, "meeting.mp4"));
}

TEST_CASE("the meetings list marks recordings with their length, in both languages") {
    const auto council = sample();
    const std::string lt = render_meetings(view(Language::kLt), council, {}, {}, summaries());
    CHECK(contains(lt,
                   "<span class=\"meeting-card__recording\"><time datetime=\"PT1H42M5S\">"
                   "Įrašas 1:42:05</time></span>"));
    CHECK(contains(lt, "<span class=\"meeting-card__recording\">Įrašoma</span>"));
    const std::string en = render_meetings(view(Language::kEn), council, {}, {}, summaries());
    CHECK(contains(en, ">Recording 1:42:05</time>"));
    // Without the recordings room nothing is marked.
    CHECK_FALSE(
        contains(render_meetings(view(Language::kLt), council, {}, {}), "meeting-card__recording"));
}

TEST_CASE("the widget plays the recording or a chapter, without the page's extras") {
    const auto council = sample();
    const std::string html = render_embed_meeting(view(Language::kLt), council, council.meetings[0],
                                                  hall(), {}, held(), 1900.0);
    CHECK(contains(html, "data-recording-src=\"/recordings/1/master.m3u8\""));
    CHECK(contains(html, "data-start=\"1900\""));
    CHECK(contains(html, "<h2 class=\"chapters__heading\""));
    CHECK(contains(html, "href=\"?t=1900\" aria-current=\"true\""));
    CHECK(contains(html, "/assets/js/recording_player.js"));
    CHECK_FALSE(contains(html, "chapter__poster"));
    CHECK_FALSE(contains(html, "recording__share"));
    CHECK_FALSE(contains(html, "meeting.mp4"));
}

TEST_CASE("the recording's texts are escaped like every other") {
    auto council = sample();
    auto hostile = held();
    hostile.chapters[0].title = {"<script>alert(1)</script>", ""};
    hostile.chapters[0].kind = "\"><img src=x>";
    const std::string html = render_meeting(view(Language::kLt), council, council.meetings[0],
                                            hall(), {}, {}, {}, hostile);
    CHECK_FALSE(contains(html, "<script>alert"));
    CHECK(contains(html, "&lt;script&gt;alert(1)&lt;/script&gt;"));
    // An unknown kind reads as a note.
    CHECK(contains(html, "chapter chapter--note"));
    CHECK_FALSE(std::regex_search(html, std::regex("<[^>]*\\sstyle=")));
}

TEST_CASE("the meetings feed links a held recording as an enclosure and a live one as related") {
    const auto council = sample();
    const FeedContext context{"https://tv.elektrenai.lt", Language::kLt, "Elektrėnų savivaldybė",
                              kNow};
    const std::string atom = meetings_atom(council, context, renderer(), summaries());
    CHECK(contains(atom,
                   "<link rel=\"enclosure\" type=\"video/mp4\" "
                   "href=\"https://tv.elektrenai.lt/recordings/1/meeting.mp4\"/>"));
    CHECK(contains(atom,
                   "<link rel=\"related\" type=\"application/vnd.apple.mpegurl\" "
                   "href=\"https://tv.elektrenai.lt/recordings/1/master.m3u8\"/>"));
    CHECK(occurrences(atom, "rel=\"enclosure\"") == 1);
    CHECK(contains(atom, "https://tv.elektrenai.lt/recordings/2/master.m3u8"));
    CHECK(contains(atom, "<p>Įrašas: 1:42:05</p>"));
    CHECK(contains(atom, "<p>Įrašas: Įrašoma</p>"));
    const FeedContext english{"https://tv.elektrenai.lt", Language::kEn, "Elektrėnai Municipality",
                              kNow};
    CHECK(contains(meetings_atom(council, english, renderer(), summaries()),
                   "<p>Recording: 1:42:05</p>"));
    CHECK_FALSE(contains(meetings_atom(council, context, renderer()), "enclosure"));
}
