// The annotation page over HTTP, as an editor without JavaScript meets it: the real server on
// one light channel, a real HTTP client. The demo's live meeting records, the editor ends it and
// annotates its recording with plain forms (POST, then back to the page); refusals come back as
// 422 with the form kept, in the visitor's language; only editors get in, and only with the
// form's token. What the public sees follows at once: the meeting's chapters, the member's
// speeches, search (a public note, never an internal one).
#include <doctest/doctest.h>

#include <boost/json.hpp>

#include <fstream>
#include <sstream>
#include <string>

#include "common/database_writer.hpp"
#include "portal/council/council_store.hpp"
#include "tests/support/demo_process.hpp"
#include "tests/support/test_browser.hpp"

using namespace councilcast;
using namespace councilcast::testing;
using namespace std::chrono_literals;
namespace json = boost::json;

namespace {

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

struct Record {
    std::int64_t live = 0;
    std::int64_t member = 0;
    std::string member_name;
};

Record record_of(const std::filesystem::path& data_dir) {
    DatabaseWriter writer(data_dir / "councilcast.sqlite");
    portal::CouncilStore store(data_dir / "councilcast.sqlite", data_dir, writer);
    Record found;
    const auto snapshot = store.snapshot();
    for (const auto& meeting : snapshot->meetings) {
        if (meeting.status == portal::MeetingStatus::kLive) found.live = meeting.id;
    }
    found.member = snapshot->members.front().id;
    found.member_name = snapshot->members.front().name;
    return found;
}

// The meeting editor's form with everything as the demo seeded it but the status.
std::string ended_meeting_form(std::int64_t meeting) {
    return "meeting_id=" + std::to_string(meeting) + "&title_lt=" + form_encode("Tarybos posėdis") +
           "&kind=council&committee_id=&title_en=Council+meeting&starts=2026-12-02T14:00"
           "&place_lt=" +
           form_encode("Posėdžių salė") + "&place_en=&status=ended&channel_id=hall";
}

}  // namespace

TEST_CASE("an editor annotates a recording with plain forms; the public sees it at once") {
    const auto dir = fresh_directory("annotation-http");
    const auto data_dir = dir / "data";
    {
        std::ifstream channel(source_dir() + "/tests/support/light_channel.toml");
        std::stringstream light;
        light << channel.rdbuf();
        std::ofstream(dir / "councilcast.toml") << light.str();
    }
    DemoProcess portal(
        DemoProcess::Command{{"serve", "--config", (dir / "councilcast.toml").string(), "--listen",
                              "127.0.0.1:0", "--data-dir", data_dir.string(), "--seed-demo"}});
    const Record record = record_of(data_dir);
    REQUIRE(record.live != 0);
    add_user(data_dir, "editor@example.lt", "--role editor");
    add_user(data_dir, "resident@example.lt");
    const std::string id = std::to_string(record.live);
    const std::string page = "/staff/recordings/" + id;

    // Ten seconds of the live meeting are recorded; the editor ends it: a recording to annotate.
    Browser viewer(portal);
    auto duration = [&] {
        return json::parse(viewer.get("/api/v1/meetings/" + id).body)
            .at("recording")
            .at("duration_s")
            .to_number<double>();
    };
    REQUIRE(wait_for(
        [&] {
            return viewer.get("/api/v1/meetings/" + id).body.find("\"recording\":{") !=
                       std::string::npos &&
                   duration() >= 10;
        },
        60s));
    Browser editor(portal);
    REQUIRE(editor.sign_in("editor@example.lt").status == 303);
    REQUIRE(editor.get("/staff/meetings").status == 200);
    REQUIRE(editor.post("/staff/meeting", ended_meeting_form(record.live)).status == 303);
    REQUIRE(wait_for(
        [&] {
            return json::parse(viewer.get("/api/v1/meetings/" + id).body)
                       .at("recording")
                       .at("status") == "ready";
        },
        10s));

    // Editors only: the list links here; an anonymous visitor and a resident are kept out.
    CHECK(contains(editor.get("/staff/recordings").body, "href=\"" + page + "\""));
    CHECK(viewer.get(page).status != 200);
    Browser resident(portal);
    REQUIRE(resident.sign_in("resident@example.lt").status == 303);
    CHECK(resident.get(page).status == 403);
    CHECK(resident.post(page + "/chapter", "title_lt=X&at=0:01").status == 403);
    CHECK(editor.get("/staff/recordings/99999").status == 404);

    HttpResult annotation = editor.get(page);
    REQUIRE(annotation.status == 200);
    CHECK(contains(annotation.body, "data-recording-src=\"/recordings/" + id + "/master.m3u8\""));
    for (const std::string link : {"/captions", "/redactions", "/import", "/publish"}) {
        CHECK(contains(annotation.body, page + link + "\""));
    }
    CHECK(contains(editor.get("/en" + page).body, "Mark here"));

    // The form's token is required.
    const std::string good = editor.csrf();
    CHECK(editor.client().post(editor.url(page + "/chapter"), "title_lt=X&at=0:01").status == 403);
    editor.csrf() = forged_token(good);
    CHECK(editor.post(page + "/chapter", "title_lt=X&at=0:01").status == 403);
    editor.csrf() = good;

    // A chapter at a typed time: back to the page, on the public meeting page at once.
    HttpResult saved =
        editor.post(page + "/chapter", "chapter_id=&title_lt=" + form_encode("Pradžios žodis") +
                                           "&title_en=Opening+words&at=0:02.5"
                                           "&agenda_item_id=");
    CHECK(saved.status == 303);
    CHECK(saved.header("location") == page + "?saved=1");
    CHECK(contains(viewer.get("/meetings/" + id).body, "Pradžios žodis"));
    CHECK(contains(viewer.get("/en/meetings/" + id).body, "Opening words"));

    // Refused: a bad time, past the end, an empty title, an end before its start, an unknown
    // member; each a 422 with the form as typed and the reason in the visitor's language.
    HttpResult refused =
        editor.post(page + "/chapter", "chapter_id=&title_lt=" + form_encode("Antras skyrius") +
                                           "&title_en=&at=abc&agenda_item_id=");
    CHECK(refused.status == 422);
    CHECK(contains(refused.body, "Laiką įrašykite kaip 1:02:03.5, 62:03 arba 3723.5."));
    CHECK(contains(refused.body, "value=\"Antras skyrius\""));
    refused = editor.post("/en" + page + "/chapter",
                          "chapter_id=&title_lt=Antras&title_en=&at=99:00&agenda_item_id=");
    CHECK(refused.status == 422);
    CHECK(contains(refused.body, "The recording is shorter: the time can be at most"));
    refused = editor.post(page + "/chapter",
                          "chapter_id=&title_lt=+&title_en=&at=0:01"
                          "&agenda_item_id=");
    CHECK(refused.status == 422);
    CHECK(contains(refused.body, "Įrašykite skyriaus pavadinimą lietuviškai."));
    refused =
        editor.post(page + "/speaker", "speaker_id=&member_id=" + std::to_string(record.member) +
                                           "&guest_name=&from=0:05&to=0:03");
    CHECK(refused.status == 422);
    CHECK(contains(refused.body, "Pabaiga turi būti vėlesnė už pradžią."));
    refused =
        editor.post(page + "/speaker", "speaker_id=&member_id=99999&guest_name=&from=0:01&to=0:03");
    CHECK(refused.status == 422);
    CHECK(contains(refused.body, "Tokio tarybos nario nėra."));

    // A member's speech: on the member page, a link to its moment.
    CHECK(editor
              .post(page + "/speaker", "speaker_id=&member_id=" + std::to_string(record.member) +
                                           "&guest_name=&from=0:03&to=0:06")
              .status == 303);
    const std::string member_page = viewer.get("/council/" + std::to_string(record.member)).body;
    CHECK(contains(member_page, "href=\"/meetings/" + id + "?t=3\""));
    CHECK(contains(editor.get(page).body, "href=\"/council/" + std::to_string(record.member)));

    // A public note and an internal one: search finds the public one only, with its moment.
    CHECK(editor
              .post(page + "/note", "note_id=&visibility=public&text_lt=" +
                                        form_encode("Žiūrovų klausimas apie šaligatvius") +
                                        "&text_en=&from=0:04&to=")
              .status == 303);
    CHECK(editor
              .post(page + "/note", "note_id=&visibility=internal&text_lt=" +
                                        form_encode("Vidinis priminimas apie kamerą") +
                                        "&text_en=&from=0:05&to=0:07")
              .status == 303);
    auto hits = [&](const std::string& query) {
        return json::parse(viewer.get("/api/v1/search?q=" + query).body).at("results").as_array();
    };
    REQUIRE(wait_for([&] { return !hits("saligatvius").empty(); }, 10s));
    CHECK(hits("saligatvius")[0].at("kind") == "note");
    CHECK(hits("saligatvius")[0].at("t").to_number<double>() == doctest::Approx(4).epsilon(0.1));
    CHECK(hits("kamera").empty());
    CHECK(contains(viewer.get("/meetings/" + id).body, "Žiūrovų klausimas"));
    CHECK_FALSE(contains(viewer.get("/meetings/" + id).body, "Vidinis priminimas"));
    const std::string surname = record.member_name.substr(record.member_name.rfind(' ') + 1);
    REQUIRE(wait_for([&] { return !hits(form_encode(surname)).empty(); }, 10s));
    bool speaker_found = false;
    for (const auto& hit : hits(form_encode(surname))) speaker_found |= hit.at("kind") == "speaker";
    CHECK(speaker_found);

    // Undo takes back the editor's last change: the internal note.
    CHECK(contains(editor.get(page).body, "Vidinis priminimas"));
    CHECK(editor.post(page + "/undo", "").status == 303);
    CHECK_FALSE(contains(editor.get(page).body, "Vidinis priminimas"));
    HttpResult nothing = editor.post(page + "/undo", "");
    CHECK(nothing.status == 422);
    CHECK(contains(nothing.body, "Nėra ką atšaukti"));
}
