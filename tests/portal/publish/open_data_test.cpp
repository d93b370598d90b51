// Open data as a programmer or a spreadsheet user meets it: the JSON's shape, the filters and
// their errors, and CSV that survives hostile titles.
#include "portal/publish/open_data.hpp"

#include <doctest/doctest.h>
#include <boost/json.hpp>

#include <vector>

#include "common/csv_table.hpp"
#include "common/error.hpp"
#include "common/unix_time.hpp"
#include "tests/portal/publish/hostile_council.hpp"

using namespace councilcast;
using namespace councilcast::portal;
namespace json = boost::json;

namespace {

// RFC 4180 read back: records of fields, quotes undone; what a spreadsheet would show.
std::vector<std::vector<std::string>> read_csv(std::string_view text) {
    std::vector<std::vector<std::string>> rows(1, std::vector<std::string>(1));
    bool quoted = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                rows.back().back() += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                rows.back().back() += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            rows.back().emplace_back();
        } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
            rows.emplace_back(1);
            ++i;
        } else {
            rows.back().back() += c;
        }
    }
    REQUIRE_FALSE(quoted);
    REQUIRE(rows.back() == std::vector<std::string>{""});  // the last record ended with CRLF
    rows.pop_back();
    return rows;
}

std::vector<std::vector<std::string>> csv_rows(const std::string& body) {
    REQUIRE(body.starts_with("\xEF\xBB\xBF"));
    return read_csv(std::string_view(body).substr(3));
}

const json::object& only_meeting(const json::value& list, std::int64_t id) {
    for (const auto& meeting : list.at("meetings").as_array()) {
        if (meeting.at("id").as_int64() == id) return meeting.as_object();
    }
    FAIL("no meeting " << id);
    throw std::logic_error("unreachable");
}

std::vector<std::int64_t> meeting_ids(const json::value& list) {
    std::vector<std::int64_t> ids;
    for (const auto& meeting : list.at("meetings").as_array()) {
        ids.push_back(meeting.at("id").as_int64());
    }
    return ids;
}

}  // namespace

TEST_CASE("times are RFC 3339 in UTC") {
    CHECK(rfc3339_utc(0) == "1970-01-01T00:00:00Z");
    CHECK(rfc3339_utc(testing::kHostileNow) == "2026-11-28T12:00:00Z");
    CHECK(rfc3339_utc(testing::kHostileNow + 3599) == "2026-11-28T12:59:59Z");
}

TEST_CASE("the meeting list carries both languages, times and links") {
    const auto council = testing::hostile_council();
    const json::value list = json::parse(meetings_json(council, {}));
    CHECK(meeting_ids(list) == std::vector<std::int64_t>{4, 3, 1, 2});

    const auto& meeting = only_meeting(list, 1);
    CHECK(meeting.at("kind") == "council");
    CHECK(meeting.at("committee_id").is_null());
    CHECK(meeting.at("title").at("lt") == testing::kScriptTitle);
    CHECK(meeting.at("title").at("en") == "Council <meeting> & more");
    // Untranslated: null, so a consumer can tell it from an empty translation.
    CHECK(meeting.at("place").at("en").is_null());
    CHECK(meeting.at("starts_at") == "2026-10-29T12:00:00Z");
    CHECK(meeting.at("status") == "ended");
    CHECK(meeting.at("broadcast") == "/live/hall/master.m3u8");
    CHECK(meeting.at("page").at("lt") == "/meetings/1");
    CHECK(meeting.at("page").at("en") == "/en/meetings/1");

    const auto& committee_meeting = only_meeting(list, 2);
    CHECK(committee_meeting.at("committee_id") == 1);
    CHECK(committee_meeting.at("title").at("en").is_null());
    CHECK(committee_meeting.at("broadcast").is_null());
}

TEST_CASE("one meeting: its agenda in order, with documents and decisions") {
    const auto council = testing::hostile_council();
    CHECK_FALSE(meeting_json(council, 999));
    const json::value meeting = json::parse(*meeting_json(council, 1));
    CHECK(meeting.at("id") == 1);
    const auto& agenda = meeting.at("agenda").as_array();
    REQUIRE(agenda.size() == 2);
    CHECK(agenda[0].at("position") == 1);
    CHECK(agenda[0].at("title").at("lt") == testing::kCsvTitle);
    CHECK(agenda[0].at("rapporteur") == "Asta Jonaitienė");
    CHECK(agenda[0].at("description").at("lt") == "**Svarbu**");
    const auto& documents = agenda[0].at("documents").as_array();
    REQUIRE(documents.size() == 1);
    CHECK(documents[0].at("url") == "/documents/1");
    CHECK(documents[0].at("file_name") == "projektas.pdf");
    CHECK(documents[0].at("size_bytes") == 1234);
    CHECK(documents[0].at("uploaded_at") == "2026-10-24T12:00:00Z");
    CHECK(agenda[0].at("decision").at("number") == "KS-1");
    CHECK(agenda[0].at("decision").at("outcome") == "adopted");
    CHECK(agenda[0].at("decision").at("page").at("lt") == "/decisions/1");
    CHECK(agenda[1].at("position") == 2);
    CHECK(agenda[1].at("documents").as_array().empty());
    CHECK(agenda[1].at("decision").at("outcome") == "rejected");

    const json::value planned = json::parse(*meeting_json(council, 2));
    CHECK(planned.at("agenda").as_array()[0].at("decision").is_null());
    CHECK(planned.at("recording").is_null());
}

TEST_CASE("a meeting's recording: its playlist, status, length and chapters on its timeline") {
    const auto council = testing::hostile_council();
    RecordingSummary recording;
    recording.meeting_id = 1;
    recording.live = true;
    recording.duration_s = 125.0004;
    recording.master_playlist = "/recordings/1/master.m3u8";
    recording.chapters = {{"agenda", {"Dėl biudžeto", "The budget"}, 3.25},
                          {"vote", {"Pritarti — PRIIMTA", ""}, 80.5}};
    const json::value meeting = json::parse(*meeting_json(council, 1, &recording));
    const auto& shown = meeting.at("recording");
    CHECK(shown.at("master_playlist") == "/recordings/1/master.m3u8");
    CHECK(shown.at("status") == "recording");
    CHECK(shown.at("duration_s").to_number<double>() == doctest::Approx(125.0));
    const auto& chapters = shown.at("chapters").as_array();
    REQUIRE(chapters.size() == 2);
    CHECK(chapters[0].at("kind") == "agenda");
    CHECK(chapters[0].at("title").at("en") == "The budget");
    CHECK(chapters[0].at("start_s").to_number<double>() == doctest::Approx(3.25));
    CHECK(chapters[1].at("title").at("en").is_null());

    recording.live = false;
    CHECK(json::parse(*meeting_json(council, 1, &recording)).at("recording").at("status") ==
          "ready");
}

TEST_CASE("decisions and the council roster") {
    const auto council = testing::hostile_council();
    const json::value decisions = json::parse(decisions_json(council, {}));
    const auto& list = decisions.at("decisions").as_array();
    REQUIRE(list.size() == 2);
    CHECK(list[0].at("number") == "KS-1");
    CHECK(list[0].at("decided_at") == "2026-10-29T12:00:00Z");
    CHECK(list[0].at("agenda_item").at("id") == 1);
    CHECK(list[0].at("agenda_item").at("meeting_id") == 1);
    CHECK(list[1].at("text").at("en").is_null());
    CHECK(json::parse(decisions_json(council, {.year = 2025})).at("decisions").as_array().empty());

    const json::value roster = json::parse(council_json(council));
    CHECK(roster.at("groups").as_array()[0].at("abbreviation") == "GA");
    const auto& chair = roster.at("members").as_array()[0];
    CHECK(chair.at("name") == "Rasa Petrauskienė");
    CHECK(chair.at("group_id") == 1);
    CHECK(chair.at("position") == "chair");
    CHECK(chair.at("term_end").is_null());
    CHECK(chair.at("committee_ids") == json::array{1});
    CHECK(roster.at("members").as_array()[1].at("group_id").is_null());
    const auto& committee = roster.at("committees").as_array()[0];
    CHECK(committee.at("name").at("en") == "Audit Committee");
    CHECK(committee.at("chair_member_id") == 1);
    CHECK(committee.at("member_ids") == json::array{1, 2});
    CHECK(roster.at("elderships").as_array()[0].at("name") == "Vievio seniūnija");
}

TEST_CASE("filters by year and type, and bad filters are refused") {
    const auto council = testing::hostile_council();
    auto filtered = [&](QueryParameters query) {
        return meeting_ids(json::parse(
            meetings_json(council, parse_meeting_filter(query, FilterParameters::kYearAndType))));
    };
    CHECK(filtered({{"year", "2026"}}) == std::vector<std::int64_t>{3, 1, 2});
    CHECK(filtered({{"year", "2025"}}) == std::vector<std::int64_t>{4});
    CHECK(filtered({{"type", "committee"}}) == std::vector<std::int64_t>{3, 2});
    CHECK(filtered({{"year", "2026"}, {"type", "council"}}) == std::vector<std::int64_t>{1});
    CHECK(filtered({{"year", "1999"}}).empty());

    for (const QueryParameters& bad : std::vector<QueryParameters>{
             {{"year", "26"}},
             {{"year", "2026 "}},
             {{"year", "-202"}},
             {{"year", "２０２６"}},
             {{"type", "plenary"}},
             {{"type", ""}},
             {{"year", "2026"}, {"year", "2025"}},
             {{"sort", "desc"}},
         }) {
        CAPTURE(bad.front().first);
        CHECK_THROWS_AS(parse_meeting_filter(bad, FilterParameters::kYearAndType), InvalidInput);
    }
    CHECK_THROWS_AS(parse_meeting_filter({{"type", "council"}}, FilterParameters::kYear),
                    InvalidInput);
    CHECK_THROWS_AS(parse_meeting_filter({{"year", "2026"}}, FilterParameters::kNone),
                    InvalidInput);
    try {
        parse_meeting_filter({{"year", "abcd"}}, FilterParameters::kYear);
        FAIL("a year of letters was taken");
    } catch (const InvalidInput& e) {
        CHECK(e.key() == "open_data_bad_year");
    }
}

TEST_CASE(
    "a CSV field is quoted where RFC 4180 needs it and defused where a spreadsheet would run it") {
    CHECK(csv_field("Elektrėnai") == "Elektrėnai");
    CHECK(csv_field("") == "");
    CHECK(csv_field("a,b") == "\"a,b\"");
    CHECK(csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
    CHECK(csv_field("two\nlines") == "\"two\nlines\"");
    CHECK(csv_field(testing::kFormulaTitle) == "'=cmd|' /C calc'!A0");
    CHECK(csv_field("+370 600 00000") == "'+370 600 00000");
    CHECK(csv_field("-1") == "'-1");
    CHECK(csv_field("@SUM(A1)") == "'@SUM(A1)");
    CHECK(csv_field("\tx") == "'\tx");
    CHECK(csv_field("\rx") == "\"'\rx\"");
    CHECK(csv_field("=1,2") == "\"'=1,2\"");
    CHECK(csv_field("a=b") == "a=b");
}

TEST_CASE("CSV tables read back cell for cell, hostile titles included") {
    const auto council = testing::hostile_council();

    const std::string items_body = agenda_items_csv(council, {});
    CHECK(items_body.find("\r\n") != std::string::npos);
    const auto items = csv_rows(items_body);
    REQUIRE(items.size() == 4);
    CHECK(items[0] == std::vector<std::string>{"id", "meeting_id", "meeting_starts_at", "position",
                                               "title_lt", "title_en", "rapporteur", "documents",
                                               "decision_id", "decision_number",
                                               "decision_outcome"});
    CHECK(items[1] == std::vector<std::string>{"1", "1", "2026-10-29T12:00:00Z", "1",
                                               testing::kCsvTitle, "Quotes, commas",
                                               "Asta Jonaitienė", "1", "1", "KS-1", "adopted"});
    CHECK(items[2][4] == "'=cmd|' /C calc'!A0");
    CHECK(items[3][8].empty());  // no decision yet

    const auto meetings = csv_rows(meetings_csv(council, {.kind = MeetingKind::kCommittee}));
    REQUIRE(meetings.size() == 3);
    CHECK(meetings[1][0] == "3");
    CHECK(meetings[1][8] == "cancelled");
    CHECK(meetings[2][3] == testing::long_lithuanian_title());
    CHECK(meetings[2][4].empty());

    const auto decisions = csv_rows(decisions_csv(council, {.year = 2026}));
    REQUIRE(decisions.size() == 3);
    CHECK(decisions[1][6] == testing::kCsvTitle);
    CHECK(decisions[1][8] == "Pritarti <b>&amp;</b> ]]>\n\nAntra pastraipa.");

    const auto members = csv_rows(members_csv(council));
    REQUIRE(members.size() == 3);
    CHECK(members[1][1] == "Rasa Petrauskienė");
    CHECK(members[1][4] == "Grupė \"A\", <b>");
    CHECK(members[1][9] == "Kontrolės komitetas");
    CHECK(members[1][10] == "Audit Committee");
    CHECK(members[2][1] == "'+370 600 00000");
    CHECK(members[2][3].empty());
}
