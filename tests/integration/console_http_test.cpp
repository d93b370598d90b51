// The operator's console over HTTP on the real server and its real worker: only operators,
// editors and administrators get in (a resident is refused, also the previews); a cut reaches the
// worker and comes back in its state; a camera the hall does not have is a 422 in the visitor's
// language; forms without their CSRF token are refused; each command is audited; the previews
// are served never stored; a killed worker comes back with the programme camera and the
// interpreter's corner the operator chose; the broadcast stops and starts again; the recording of
// the meeting live on the hall stops (its playlist ends, what was recorded stays, a restart of
// the portal leaves it stopped) and starts again, audited, while the broadcast goes on; once the
// meeting ends there is nothing to record.
#include <doctest/doctest.h>

#include <signal.h>

#include <fstream>
#include <regex>
#include <vector>

#include "tests/support/demo_process.hpp"
#include "tests/support/test_browser.hpp"
#include "tests/support/test_certificate.hpp"

using namespace councilcast::testing;
using namespace std::chrono_literals;

namespace {

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

const std::string kAdmin = "administratore@example.lt";
const std::string kOperator = "operatore@example.lt";
const std::string kEditor = "redaktore@example.lt";
const std::string kResident = "gyventojas@example.lt";

// The hall served; with `seed_demo`, the demo's council, whose meeting is live on the hall.
DemoProcess serve(const std::filesystem::path& dir, bool seed_demo = false) {
    const auto data_dir = dir / "data";
    const auto config = dir / "councilcast.toml";
    if (!std::filesystem::exists(config)) {
        add_user(data_dir, kAdmin, "--role admin");
        add_user(data_dir, kOperator, "--role operator");
        add_user(data_dir, kEditor, "--role editor");
        add_user(data_dir, kResident);
        std::ofstream(config) << read_text_file(source_dir() + "/tests/support/light_hall.toml");
    }
    DemoProcess::Command command{{"serve", "--config", config.string(), "--listen", "127.0.0.1:0",
                                  "--data-dir", data_dir.string()}};
    if (seed_demo) command.arguments.push_back("--seed-demo");
    return DemoProcess(command);
}

// What the console says of the hall's recording: its block's text.
std::string recording_block(const std::string& page) {
    std::smatch match;
    const std::regex block("id=\"hall-hall-recording\" data-console-live>([\\s\\S]*?)</div>");
    if (!std::regex_search(page, match, block)) return {};
    return match[1];
}

// What the console says of a camera: its state paragraph's text.
std::string camera_line(const std::string& page, const std::string& camera) {
    std::smatch match;
    const std::regex line("id=\"hall-hall-camera-" + camera +
                          "-state\" data-console-live>([\\s\\S]*?)</p>");
    if (!std::regex_search(page, match, line)) return {};
    return match[1];
}

// A command's form as the console's buttons send it.
HttpResult command(Browser& browser, const std::string& fields, const std::string& prefix = "") {
    REQUIRE(browser.get(prefix + "/console").status == 200);
    return browser.post(prefix + "/console/command", "channel=hall&" + fields);
}

}  // namespace

TEST_CASE(
    "the operator's console over HTTP: access, commands, refusals, audit, crash, start/stop") {
    const auto dir = fresh_directory("console-http");
    DemoProcess server = serve(dir);
    Browser anonymous(server), resident(server), operator_(server), editor(server), admin(server);
    REQUIRE(resident.sign_in(kResident).status == 303);
    REQUIRE(operator_.sign_in(kOperator).status == 303);
    REQUIRE(editor.sign_in(kEditor).status == 303);
    REQUIRE(admin.sign_in(kAdmin).status == 303);

    // ---- who gets in: operators, editors and administrators; a resident is refused
    HttpResult page = operator_.get("/console");
    REQUIRE(page.status == 200);
    CHECK(contains(page.body, "Transliacijos pultas"));
    for (const std::string title : {"Bendras planas", "Tribūna", "Vertėjas"}) {
        CHECK(contains(page.body, "Rodyti: " + title));
    }
    CHECK(contains(page.body, "Rodyti gestų kalbos vertėją kampe"));
    CHECK(contains(operator_.get("/en/console").body, "Broadcast console"));
    CHECK(editor.get("/console").status == 200);
    CHECK(admin.get("/console").status == 200);
    CHECK(resident.get("/console").status == 403);
    CHECK(resident.get("/console/preview/hall/program").status == 403);
    CHECK(resident.get("/console/events").status == 403);
    CHECK(resident.post("/console/command", "channel=hall&kind=cut&camera=rostrum").status == 403);
    const HttpResult outside = anonymous.get("/console");
    CHECK(outside.status == 303);
    CHECK(contains(outside.header("location"), "/login"));
    // The heartbeat reaches the console: every camera's state, the first on air.
    REQUIRE(wait_for(
        [&] { return contains(camera_line(operator_.get("/console").body, "wide"), "Eteryje"); },
        20s));
    // A real camera takes a moment to connect; the hall's mixer reports it when it has.
    CHECK(wait_for(
        [&] {
            return contains(camera_line(operator_.get("/console").body, "rostrum"), "Prisijungusi");
        },
        20s));

    // ---- a cut reaches the worker, and its acknowledged state is what the console shows
    HttpResult cut = command(operator_, "kind=cut&camera=rostrum");
    REQUIRE(cut.status == 303);
    CHECK(contains(cut.header("location"), "/console?channel=hall&outcome=done"));
    // Back on the console, which says so.
    const std::string back = cut.header("location");
    page = operator_.get(back.substr(0, back.find('#')));
    CHECK(contains(page.body, "Atlikta."));
    CHECK(contains(camera_line(page.body, "rostrum"), "Eteryje"));
    CHECK_FALSE(contains(camera_line(page.body, "wide"), "Eteryje"));
    // Another operator (the editor) sees it too, from the worker's own heartbeat.
    CHECK(wait_for(
        [&] { return contains(camera_line(editor.get("/console").body, "rostrum"), "Eteryje"); },
        5s));
    REQUIRE(command(operator_, "kind=pip&on=1").status == 303);
    CHECK(contains(operator_.get("/console").body, "Paslėpti gestų kalbos vertėją"));
    // A camera's plug pulled and put back (the worker holds it down as if unreachable).
    REQUIRE(command(operator_, "kind=unplug&camera=wide&on=1").status == 303);
    CHECK(contains(operator_.get("/console").body, "Grąžinti kamerą „Bendras planas“"));
    REQUIRE(command(operator_, "kind=unplug&camera=wide&on=0").status == 303);
    CHECK(contains(operator_.get("/console").body, "Imituoti kameros „Bendras planas“ dingimą"));

    // ---- refusals: a camera the hall does not have, in the visitor's language; no CSRF token
    HttpResult bad = command(operator_, "kind=cut&camera=balcony");
    CHECK(bad.status == 422);
    CHECK(contains(bad.body, "Šis kanalas tokios kameros neturi."));
    HttpResult bad_en = command(operator_, "kind=unplug&camera=balcony&on=1", "/en");
    CHECK(bad_en.status == 422);
    CHECK(contains(bad_en.body, "This channel has no such camera."));
    CHECK(command(operator_, "kind=explode").status == 422);
    CHECK(command(operator_, "kind=slate&on=maybe").status == 422);
    REQUIRE(operator_.get("/console").status == 200);
    CHECK(operator_.client()
              .post(operator_.url("/console/command"), "channel=hall&kind=cut&camera=wide")
              .status == 403);

    // ---- audited: who cut to which camera
    const HttpResult audit = admin.get("/staff/audit");
    REQUIRE(audit.status == 200);
    CHECK(contains(audit.body, "hall.cut"));
    CHECK(contains(audit.body, "cut to rostrum (done)"));
    CHECK(contains(audit.body, kOperator));

    // ---- previews: the worker's JPEGs, to operators only, never stored
    const auto previews = dir / "data" / "media" / "hall" / "preview";
    std::filesystem::create_directories(previews);
    const std::string jpeg = "\xff\xd8\xff\xe0 a test snapshot \xff\xd9";
    std::ofstream(previews / "rostrum.jpg", std::ios::binary) << jpeg;
    const HttpResult preview = operator_.get("/console/preview/hall/rostrum");
    CHECK(preview.status == 200);
    CHECK(preview.header("content-type") == "image/jpeg");
    CHECK(preview.header("cache-control") == "no-store");
    CHECK(preview.body == jpeg);
    CHECK(operator_.get("/console/preview/hall/balcony").status == 404);
    CHECK(operator_.get("/console/preview/hall/..%2Fpreview%2Frostrum").status == 404);
    CHECK(operator_.get("/console/preview/attic/program").status == 404);

    // ---- a killed worker comes back with the programme camera and the corner
    std::vector<pid_t> workers = server.children();
    REQUIRE(workers.size() == 1);
    const pid_t killed = workers[0];
    REQUIRE(::kill(killed, SIGKILL) == 0);
    REQUIRE(wait_for(
        [&] {
            workers = server.children();
            return workers.size() == 1 && workers[0] != killed;
        },
        20s));
    // The console forgets the dead worker's word: what it shows next is the new worker's own
    // heartbeat, which starts from what the operator had chosen.
    CHECK(wait_for(
        [&] {
            page = operator_.get("/console");
            return contains(camera_line(page.body, "rostrum"), "Eteryje") &&
                   contains(page.body, "Paslėpti gestų kalbos vertėją");
        },
        20s));
    CHECK_FALSE(contains(camera_line(page.body, "wide"), "Eteryje"));
    // And it takes commands.
    REQUIRE(wait_for(
        [&] {
            return contains(command(operator_, "kind=mute&on=1").header("location"),
                            "outcome=done");
        },
        30s, 500ms));
    CHECK(contains(operator_.get("/console").body, "Programos garsas išjungtas."));

    // ---- the broadcast stops and starts again
    REQUIRE(operator_.get("/console").status == 200);
    HttpResult stopped = operator_.post("/console/broadcast", "channel=hall&on=0");
    REQUIRE(stopped.status == 303);
    CHECK(contains(stopped.header("location"), "outcome=stopped"));
    REQUIRE(wait_for([&] { return server.children().empty(); }, 20s));
    CHECK(wait_for(
        [&] { return contains(operator_.get("/console").body, "Transliacija sustabdyta"); }, 10s));
    HttpResult started = operator_.post("/console/broadcast", "channel=hall&on=1");
    REQUIRE(started.status == 303);
    REQUIRE(wait_for([&] { return server.children().size() == 1; }, 20s));
    CHECK(wait_for(
        [&] { return contains(camera_line(operator_.get("/console").body, "rostrum"), "Eteryje"); },
        20s));
    CHECK(server.stop() == 0);
}

TEST_CASE("the demo's operator signs in to a hall of three cameras with the interpreter's corner") {
    const auto data_dir = fresh_directory("console-demo") / "data";
    DemoProcess demo(data_dir);
    std::string password;
    std::ifstream(data_dir / "demo-operator-password") >> password;
    REQUIRE(password.size() >= 16);
    const auto mode = std::filesystem::status(data_dir / "demo-operator-password").permissions() &
                      std::filesystem::perms::mask;
    CHECK(mode == (std::filesystem::perms::owner_read | std::filesystem::perms::owner_write));
    Browser operator_(demo);
    REQUIRE(operator_.sign_in("operatorius@example.lt", password).status == 303);
    const HttpResult page = operator_.get("/console");
    REQUIRE(page.status == 200);
    for (const std::string title : {"Bendras planas", "Tribūna", "Gestų kalbos vertėjas"}) {
        CHECK(contains(page.body, "Rodyti: " + title));
    }
    CHECK(contains(page.body, "Rodyti gestų kalbos vertėją kampe"));
    // The operator's staff pages start from the console.
    CHECK(contains(page.body, "<a href=\"/console\">Darbuotojų puslapiai</a>"));
    CHECK(demo.stop() == 0);
}

TEST_CASE("an operator stops the live meeting's recording and starts it again") {
    const auto dir = fresh_directory("console-recording");
    std::string id;
    {
        DemoProcess server = serve(dir, true);
        Browser anonymous(server), resident(server), operator_(server), editor(server),
            admin(server);
        REQUIRE(resident.sign_in(kResident).status == 303);
        REQUIRE(operator_.sign_in(kOperator).status == 303);
        REQUIRE(editor.sign_in(kEditor).status == 303);
        REQUIRE(admin.sign_in(kAdmin).status == 303);

        // The demo's meeting is live on the hall: its recording began when the portal started.
        HttpResult page;
        REQUIRE(wait_for(
            [&] {
                page = operator_.get("/console");
                return contains(recording_block(page.body), "Įrašomas posėdis „");
            },
            20s));
        CHECK(contains(recording_block(page.body), "Sustabdyti įrašymą"));
        CHECK(contains(recording_block(operator_.get("/en/console").body), "Recording meeting “"));
        std::smatch found;
        const std::string staff = editor.get("/staff/recordings").body;
        REQUIRE(std::regex_search(staff, found, std::regex("/recordings/([0-9]+)/master\\.m3u8")));
        id = found[1];
        const std::string playlist = "/recordings/" + id + "/720p/index.m3u8";
        REQUIRE(
            wait_for([&] { return segment_lines(anonymous.get(playlist).body).size() >= 2; }, 30s));

        // ---- nobody else stops it: a resident, a visitor not signed in, a form without its token
        CHECK(resident.post("/console/recording", "channel=hall&on=0").status == 403);
        const HttpResult outside = anonymous.get("/console");
        CHECK(outside.status == 303);
        CHECK(contains(outside.header("location"), "/login"));
        CHECK(anonymous.post("/console/recording", "channel=hall&on=0").status == 401);
        CHECK(operator_.client()
                  .post(operator_.url("/console/recording"), "channel=hall&on=0")
                  .status == 403);
        CHECK(operator_.post("/console/recording", "channel=hall&on=maybe").status == 422);
        CHECK(operator_.post("/console/recording", "channel=attic&on=0").status == 422);
        CHECK(contains(recording_block(operator_.get("/console").body), "Įrašomas posėdis „"));
        CHECK_FALSE(contains(anonymous.get(playlist).body, "#EXT-X-ENDLIST"));

        // ---- the operator stops it: the meeting and the broadcast go on
        const HttpResult stopped = operator_.post("/console/recording", "channel=hall&on=0");
        REQUIRE(stopped.status == 303);
        const std::string back = stopped.header("location");
        CHECK(contains(back, "/console?channel=hall&outcome=recording_stopped"));
        page = operator_.get(back.substr(0, back.find('#')));
        CHECK(contains(page.body, "Įrašymas sustabdytas; transliacija tęsiasi"));
        CHECK(contains(recording_block(page.body), "įrašymas sustabdytas"));
        CHECK(contains(recording_block(page.body), "Pradėti įrašymą"));
        CHECK(contains(page.body, "Transliacija vyksta"));
        CHECK(contains(recording_block(operator_.get("/en/console").body), "Start recording"));
        // What was recorded stays, a finished recording.
        const HttpResult recorded = anonymous.get(playlist);
        CHECK(recorded.status == 200);
        CHECK(contains(recorded.body, "#EXT-X-ENDLIST"));
        const auto files = segment_lines(recorded.body);
        REQUIRE_FALSE(files.empty());
        CHECK(anonymous.get("/recordings/" + id + "/720p/" + files.front()).status == 200);
        CHECK(contains(anonymous.get("/api/v1/meetings/" + id).body, "\"status\":\"ready\""));
        CHECK(contains(editor.get("/staff/recordings").body, "Sustabdė operatorius"));
        CHECK(contains(editor.get("/en/staff/recordings").body, "Stopped by an operator"));
        // The live stream goes on.
        const std::string live = "/live/hall/720p/live.m3u8";
        std::string newest;
        REQUIRE(wait_for(
            [&] {
                const auto lines = segment_lines(anonymous.get(live).body);
                if (!lines.empty()) newest = lines.back();
                return !newest.empty();
            },
            20s));
        CHECK(wait_for([&] { return segment_lines(anonymous.get(live).body).back() != newest; },
                       20s));
        // Who stopped it, in the audit log.
        const HttpResult audit = admin.get("/staff/audit");
        CHECK(contains(audit.body, "hall.recording"));
        CHECK(contains(audit.body, "stop (channel hall)"));
        CHECK(contains(audit.body, "meeting " + id));
        CHECK(contains(audit.body, kOperator));
        CHECK(server.stop() == 0);
    }

    // ---- a restart of the portal leaves the operator's stop as it was
    DemoProcess server = serve(dir, true);
    Browser anonymous(server), operator_(server), admin(server);
    REQUIRE(operator_.sign_in(kOperator).status == 303);
    REQUIRE(admin.sign_in(kAdmin).status == 303);
    CHECK(contains(recording_block(operator_.get("/console").body), "įrašymas sustabdytas"));
    const std::string playlist = "/recordings/" + id + "/720p/index.m3u8";
    CHECK(contains(anonymous.get(playlist).body, "#EXT-X-ENDLIST"));

    // ---- started again, the meeting's one recording continues from its opening
    const std::string first = segment_lines(anonymous.get(playlist).body).front();
    const HttpResult started = operator_.post("/console/recording", "channel=hall&on=1");
    REQUIRE(started.status == 303);
    CHECK(contains(started.header("location"), "outcome=recording_started"));
    CHECK(contains(recording_block(operator_.get("/console").body), "Įrašomas posėdis „"));
    const HttpResult again = anonymous.get(playlist);
    CHECK_FALSE(contains(again.body, "#EXT-X-ENDLIST"));
    CHECK(segment_lines(again.body).front() == first);
    CHECK(contains(anonymous.get("/api/v1/meetings/" + id).body, "\"status\":\"recording\""));
    CHECK(contains(admin.get("/staff/audit").body, "start (channel hall)"));
    // What was broadcast while it was stopped is kept from the public: staff see it hidden.
    CHECK(wait_for(
        [&] {
            return contains(admin.get("/staff/recordings/" + id + "/redactions").body,
                            "Įrašymas buvo sustabdytas transliacijos pulte");
        },
        5s));

    // ---- the meeting ends (the editor's): nothing to record, and a stale form says so
    Browser editor(server);
    REQUIRE(editor.sign_in(kEditor).status == 303);
    REQUIRE(editor.get("/staff/recordings").status == 200);
    REQUIRE(editor
                .post("/staff/meeting",
                      "meeting_id=" + id + "&title_lt=" + form_encode("Tarybos posėdis") +
                          "&kind=council&committee_id=&title_en=Council+meeting"
                          "&starts=2026-12-02T14:00&place_lt=" +
                          form_encode("Posėdžių salė") + "&place_en=&status=ended&channel_id=hall")
                .status == 303);
    std::string block;
    CHECK(wait_for(
        [&] {
            block = recording_block(operator_.get("/console").body);
            return contains(block, "Šiuo kanalu dabar netransliuojamas joks posėdis.");
        },
        10s));
    CHECK_FALSE(contains(block, "<button"));
    const HttpResult stale = operator_.post("/console/recording", "channel=hall&on=0");
    CHECK(stale.status == 409);
    CHECK(contains(stale.body, "Šiuo kanalu nebetransliuojamas joks posėdis"));
    CHECK(server.stop() == 0);
}
