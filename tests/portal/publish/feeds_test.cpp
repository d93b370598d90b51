// Feeds as a feed reader and a calendar app read them: parsed back with libxml2 and libical,
// hostile titles arrive as the editor wrote them, and nothing in them becomes markup.
#include "portal/publish/feeds.hpp"

#include <glib.h>
#include <libical/ical.h>

#include <doctest/doctest.h>

#include <cstdlib>
#include <memory>
#include <sstream>
#include <vector>

#include "common/c_ptr.hpp"
#include "tests/portal/publish/hostile_council.hpp"
#include "tests/support/atom_feed.hpp"

using namespace councilcast;
using namespace councilcast::portal;
using councilcast::testing::AtomFeed;

namespace {

constexpr const char* kBase = "https://www.elektrenai.lt";

std::filesystem::path source_dir() {
    const char* dir = std::getenv("COUNCILCAST_SOURCE_DIR");
    REQUIRE(dir != nullptr);
    return dir;
}

const PageRenderer& messages() {
    static const PageRenderer renderer(source_dir() / "portal" / "templates",
                                       source_dir() / "portal" / "messages");
    return renderer;
}

FeedContext context(Language language) {
    return {kBase, language,
            language == Language::kLt ? "Elektrėnų savivaldybė" : "Elektrėnai Municipality",
            testing::kHostileNow};
}

struct Event {
    std::string uid, summary, summary_language, location, url, status, description;
    std::int64_t starts = 0;
    int duration_seconds = 0;
    std::string stamp;
};

std::vector<Event> parse_calendar(const std::string& text) {
    CPtr<&icalcomponent_free> calendar(icalparser_parse_string(text.c_str()));
    REQUIRE(calendar != nullptr);
    REQUIRE(icalcomponent_isa(calendar.get()) == ICAL_VCALENDAR_COMPONENT);
    std::vector<Event> events;
    for (icalcomponent* c =
             icalcomponent_get_first_component(calendar.get(), ICAL_VEVENT_COMPONENT);
         c; c = icalcomponent_get_next_component(calendar.get(), ICAL_VEVENT_COMPONENT)) {
        Event event;
        event.uid = icalcomponent_get_uid(c);
        event.summary = icalcomponent_get_summary(c);
        icalproperty* summary = icalcomponent_get_first_property(c, ICAL_SUMMARY_PROPERTY);
        icalparameter* language =
            icalproperty_get_first_parameter(summary, ICAL_LANGUAGE_PARAMETER);
        event.summary_language = language ? icalparameter_get_language(language) : "";
        if (const char* location = icalcomponent_get_location(c)) event.location = location;
        event.url = icalproperty_get_url(icalcomponent_get_first_property(c, ICAL_URL_PROPERTY));
        event.status = icalproperty_status_to_string(icalcomponent_get_status(c));
        event.description = icalcomponent_get_description(c);
        const icaltimetype start = icalcomponent_get_dtstart(c);
        REQUIRE(icaltime_is_utc(start));
        event.starts = icaltime_as_timet(start);
        event.duration_seconds = icaldurationtype_as_int(icalcomponent_get_duration(c));
        event.stamp = icaltime_as_ical_string(icalcomponent_get_dtstamp(c));
        events.push_back(event);
    }
    return events;
}

const Event& event_with_uid(const std::vector<Event>& events, const std::string& uid) {
    for (const auto& event : events) {
        if (event.uid == uid) return event;
    }
    FAIL("no event " << uid);
    throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("the meetings feed is valid Atom, newest first, and keeps markup in titles as text") {
    const auto council = testing::hostile_council();
    const std::string text = meetings_atom(council, context(Language::kLt), messages());
    // Nothing the editor wrote became markup, and no CDATA trick closes anything.
    CHECK(text.find("<script>") == std::string::npos);
    CHECK(text.find("]]>") == std::string::npos);
    const AtomFeed atom(text);

    CHECK(atom.one("/a:feed/@xml:lang") == "lt");
    CHECK(atom.one("/a:feed/a:id") == "https://www.elektrenai.lt/feeds/meetings.atom");
    CHECK(atom.one("/a:feed/a:title") == "Elektrėnų savivaldybė: tarybos ir komitetų posėdžiai");
    CHECK(atom.one("/a:feed/a:updated") == "2026-11-28T12:00:00Z");
    CHECK(atom.one("/a:feed/a:author/a:name") == "Elektrėnų savivaldybė");
    CHECK(atom.one("/a:feed/a:link[@rel='self']/@href") ==
          "https://www.elektrenai.lt/feeds/meetings.atom");

    CHECK(atom.all("/a:feed/a:entry/a:id") ==
          std::vector<std::string>{
              "https://www.elektrenai.lt/meetings/2", "https://www.elektrenai.lt/meetings/1",
              "https://www.elektrenai.lt/meetings/3", "https://www.elektrenai.lt/meetings/4"});
    CHECK(atom.one("/a:feed/a:entry[2]/a:title") == testing::kScriptTitle);
    CHECK(atom.one("/a:feed/a:entry[2]/a:updated") == "2026-10-29T12:00:00Z");
    CHECK(atom.one("/a:feed/a:entry[2]/a:link/@href") == "https://www.elektrenai.lt/meetings/1");
    CHECK(atom.one("/a:feed/a:entry[2]/a:category/@term") == "ended");
    CHECK(atom.one("/a:feed/a:entry[2]/a:content/@type") == "xhtml");
    // The agenda, in order, as list items of the XHTML content.
    CHECK(atom.all("/a:feed/a:entry[2]/a:content/h:div/h:ol/h:li") ==
          std::vector<std::string>{testing::kCsvTitle, testing::kFormulaTitle});
    CHECK(atom.one("/a:feed/a:entry[2]/a:content/h:div/h:p[1]") ==
          "Pradžia: 2026-10-29 14:00 (Lietuvos laiku)");
    CHECK(atom.one("/a:feed/a:entry[2]/a:content/h:div/h:p[2]") ==
          "Vieta: Posėdžių salė, Trakų g. 2");
    CHECK(atom.one("/a:feed/a:entry[3]/a:category/@label") == "atšauktas");
}

TEST_CASE("the English feed links English pages and marks what is still in Lithuanian") {
    const auto council = testing::hostile_council();
    const AtomFeed atom(meetings_atom(council, context(Language::kEn), messages()));
    CHECK(atom.one("/a:feed/@xml:lang") == "en");
    CHECK(atom.one("/a:feed/a:id") == "https://www.elektrenai.lt/en/feeds/meetings.atom");
    CHECK(atom.one("/a:feed/a:title") == "Elektrėnai Municipality: council and committee meetings");
    CHECK(atom.one("/a:feed/a:entry[2]/a:title") == "Council <meeting> & more");
    CHECK(atom.all("/a:feed/a:entry[2]/a:title/@xml:lang").empty());
    CHECK(atom.one("/a:feed/a:entry[2]/a:link/@href") == "https://www.elektrenai.lt/en/meetings/1");
    // Meeting 2 has no English title: the Lithuanian one, marked as such.
    CHECK(atom.one("/a:feed/a:entry[1]/a:title") == testing::long_lithuanian_title());
    CHECK(atom.one("/a:feed/a:entry[1]/a:title/@xml:lang") == "lt");
    CHECK(atom.one("/a:feed/a:entry[2]/a:content/h:div/h:ol/h:li[2]/@xml:lang") == "lt");
    CHECK(atom.one("/a:feed/a:entry[2]/a:content/h:div/h:p[2]/@xml:lang") == "lt");
    CHECK(atom.one("/a:feed/a:entry[2]/a:content/h:div/h:p[3]") == "Status: held");
}

TEST_CASE("the decisions feed: number and subject, outcome, text in paragraphs") {
    const auto council = testing::hostile_council();
    const std::string text = decisions_atom(council, context(Language::kLt), messages());
    CHECK(text.find("]]>") == std::string::npos);
    const AtomFeed atom(text);
    CHECK(atom.one("/a:feed/a:id") == "https://www.elektrenai.lt/feeds/decisions.atom");
    CHECK(atom.all("/a:feed/a:entry/a:id") ==
          std::vector<std::string>{"https://www.elektrenai.lt/decisions/2",
                                   "https://www.elektrenai.lt/decisions/1"});
    CHECK(atom.one("/a:feed/a:entry[2]/a:title") == std::string("KS-1: ") + testing::kCsvTitle);
    CHECK(atom.one("/a:feed/a:entry[1]/a:title") == std::string("KS-2: ") + testing::kFormulaTitle);
    CHECK(atom.one("/a:feed/a:entry[2]/a:category/@term") == "adopted");
    CHECK(atom.all("/a:feed/a:entry[2]/a:content/h:div/h:p") ==
          std::vector<std::string>{"Sprendimas: pritarta",
                                   "Data: 2026-10-29 14:00 (Lietuvos laiku)",
                                   "Pritarti <b>&amp;</b> ]]>", "Antra pastraipa."});

    const AtomFeed english(decisions_atom(council, context(Language::kEn), messages()));
    CHECK(english.one("/a:feed/a:entry[2]/a:title") == "KS-1: Quotes, commas");
    CHECK(english.one("/a:feed/a:entry[1]/a:title/@xml:lang") == "lt");
    CHECK(english.one("/a:feed/a:entry[1]/a:category/@label") == "rejected");
}

TEST_CASE("characters XML forbids are dropped rather than breaking the feed") {
    auto council = testing::hostile_council();
    council.meetings[2].title.lt = "Valdyba\x01\x0b po\r\npietų \xff\xfe pabaiga\xEF\xBF\xBE!";
    const AtomFeed atom(meetings_atom(council, context(Language::kLt), messages()));
    CHECK(atom.one("/a:feed/a:entry[2]/a:title") ==
          "Valdyba po\npietų \xEF\xBF\xBD\xEF\xBF\xBD pabaiga!");
}

TEST_CASE("the calendar: one event per meeting of the last year and planned, in UTC") {
    const auto council = testing::hostile_council();
    const std::string text = meetings_ical(council, context(Language::kLt), messages());
    CHECK(text.starts_with("BEGIN:VCALENDAR\r\n"));
    CHECK(text.find("X-WR-CALNAME:Elektrėnų savivaldybė: tarybos ir komitetų posėdžiai\r\n") !=
          std::string::npos);
    // RFC 5545 3.1: lines of at most 75 octets, folded without splitting a character.
    std::istringstream lines(text);
    std::string line;
    int folded = 0;
    while (std::getline(lines, line)) {
        REQUIRE(line.ends_with('\r'));
        line.pop_back();
        CHECK(line.size() <= 75);
        CHECK(g_utf8_validate(line.data(), static_cast<gssize>(line.size()), nullptr));
        folded += line.starts_with(' ');
    }
    CHECK(folded > 5);

    const auto events = parse_calendar(text);
    REQUIRE(events.size() == 3);  // meeting 4 is more than a year old
    const Event& council_meeting = event_with_uid(events, "meeting-1@www.elektrenai.lt");
    CHECK(council_meeting.summary == testing::kScriptTitle);
    CHECK(council_meeting.summary_language == "lt");
    CHECK(council_meeting.location == "Posėdžių salė, Trakų g. 2");
    CHECK(council_meeting.url == "https://www.elektrenai.lt/meetings/1");
    CHECK(council_meeting.status == "CONFIRMED");
    CHECK(council_meeting.starts == testing::kHostileNow - 30 * testing::kDay);
    CHECK(council_meeting.duration_seconds == 2 * 3600);
    CHECK(council_meeting.stamp == "20261128T120000Z");
    CHECK(council_meeting.description == std::string("Darbotvarkė:\n1. ") + testing::kCsvTitle +
                                             "\n2. " + testing::kFormulaTitle +
                                             "\n\nhttps://www.elektrenai.lt/meetings/1");

    const Event& planned = event_with_uid(events, "meeting-2@www.elektrenai.lt");
    CHECK(planned.summary == testing::long_lithuanian_title());
    CHECK(planned.duration_seconds == 3600);
    CHECK(planned.status == "CONFIRMED");
    CHECK(event_with_uid(events, "meeting-3@www.elektrenai.lt").status == "CANCELLED");
}

TEST_CASE("the English calendar says which texts are still Lithuanian") {
    const auto council = testing::hostile_council();
    const auto events = parse_calendar(meetings_ical(council, context(Language::kEn), messages()));
    const Event& council_meeting = event_with_uid(events, "meeting-1@www.elektrenai.lt");
    CHECK(council_meeting.summary == "Council <meeting> & more");
    CHECK(council_meeting.summary_language == "en");
    CHECK(council_meeting.url == "https://www.elektrenai.lt/en/meetings/1");
    CHECK(council_meeting.description.starts_with("Agenda:\n1. Quotes, commas\n2. =cmd"));
    CHECK(event_with_uid(events, "meeting-2@www.elektrenai.lt").summary_language == "lt");
    CHECK(event_with_uid(events, "meeting-3@www.elektrenai.lt").location == "Room 214");
}
