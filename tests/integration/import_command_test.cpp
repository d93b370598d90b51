// `councilcast import` while the real server runs (one server for the file, on the light
// channel): the recording's playlists answer within seconds of the command's end; a file that
// fails leaves no recording and no segment row; a meeting with a recording is refused.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "common/database.hpp"
#include "tests/support/demo_process.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/shell_command.hpp"
#include "tests/support/test_browser.hpp"

using namespace councilcast;
using namespace councilcast::testing;
using namespace std::chrono_literals;

namespace {

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

std::int64_t count(const std::filesystem::path& data_dir, const std::string& sql) {
    Database db(data_dir / "councilcast.sqlite", Durability::kNormal, OpenMode::kReadOnly);
    Statement select = db.cached(sql);
    select.step();
    const std::int64_t value = select.column_int(0);
    select.reset();
    return value;
}

// Two held meetings the demo's seed left without a recording.
std::pair<std::int64_t, std::int64_t> meetings_without_recording(
    const std::filesystem::path& data_dir) {
    Database db(data_dir / "councilcast.sqlite", Durability::kNormal, OpenMode::kReadOnly);
    Statement select = db.cached(
        "SELECT id FROM meeting WHERE status = 'ended' AND id NOT IN (SELECT meeting_id FROM "
        "recording) ORDER BY id LIMIT 2");
    std::vector<std::int64_t> ids;
    while (select.step()) ids.push_back(select.column_int(0));
    select.reset();
    REQUIRE(ids.size() == 2);
    return {ids[0], ids[1]};
}

// Four seconds of H.264 (4:2:0, as browsers decode it) and AAC in MP4, a keyframe a second:
// remuxed, so quick.
std::filesystem::path small_mp4(const std::filesystem::path& dir) {
    const auto file = dir / "posedis.mp4";
    const auto made = run_shell(
        "ffmpeg -hide_banner -loglevel error -nostdin -y -f lavfi -i "
        "testsrc=size=320x240:rate=25:duration=4 -f lavfi -i sine=duration=4 -c:v libx264 "
        "-preset ultrafast -pix_fmt yuv420p -g 25 -c:a aac " +
        shell_quoted(file.string()));
    REQUIRE_MESSAGE(made.exit_code == 0, made.err);
    return file;
}

CommandResult import(const std::filesystem::path& config, const std::filesystem::path& data_dir,
                     std::int64_t meeting, const std::filesystem::path& file) {
    return run_shell(shell_quoted(councilcast_binary()) + " import --meeting " +
                     std::to_string(meeting) + " --config " + shell_quoted(config.string()) +
                     " --data-dir " + shell_quoted(data_dir.string()) + " " +
                     shell_quoted(file.string()) + " < /dev/null");
}

}  // namespace

TEST_CASE("an import from the command line shows on the running server within seconds") {
    const auto dir = fresh_directory("import-command");
    const auto data_dir = dir / "data";
    const auto config = dir / "councilcast.toml";
    {
        std::ifstream channel(source_dir() + "/tests/support/light_channel.toml");
        std::stringstream light;
        light << channel.rdbuf();
        // A small upload limit, so the refusal of a larger file costs a small body.
        std::ofstream(config) << "[recordings]\nmax_upload_mb = 1\n\n" << light.str();
    }
    DemoProcess portal(
        DemoProcess::Command{{"serve", "--config", config.string(), "--listen", "127.0.0.1:0",
                              "--data-dir", data_dir.string(), "--seed-demo"}});
    const auto [meeting, other] = meetings_without_recording(data_dir);
    // base_url ends in a slash.
    const std::string recording = portal.base_url() + "recordings/" + std::to_string(meeting);
    HttpClient viewer;
    CHECK(viewer.get(recording + "/master.m3u8").status == 404);
    add_user(data_dir, "importer@example.lt", "--role editor");
    Browser editor(portal);
    REQUIRE(editor.sign_in("importer@example.lt").status == 303);
    const std::string staff_view = "/recordings/" + std::to_string(meeting) + "/master.m3u8";

    const CommandResult done = import(config, data_dir, meeting, small_mp4(dir));
    REQUIRE_MESSAGE(done.exit_code == 0, done.err);
    CHECK(contains(done.out, "remuxed"));
    // Standard error is no terminal here: a line per tenth, no bar redrawn in place.
    CHECK(contains(done.err, "import: 100%"));
    CHECK(!contains(done.err, "\r"));

    // Unpublished until an editor has looked it over: the editor previews it at once.
    HttpResult answer;
    CHECK(wait_for(
        [&] {
            answer = editor.get(staff_view);
            return answer.status == 200;
        },
        5s));
    CHECK(contains(answer.body, "source/index.m3u8"));
    // The file's own picture, not the channel's: 320x240 at 25 fps, Constrained Baseline at
    // level 1.3 (x264's choice at ultrafast), AAC-LC.
    CHECK(contains(answer.body,
                   "CODECS=\"avc1.42c00d,mp4a.40.2\",RESOLUTION=320x240,"
                   "FRAME-RATE=25.000\n"));
    CHECK(viewer.get(recording + "/master.m3u8").status == 404);
    // From the annotation page, where the publish form is (and its CSRF token).
    REQUIRE(editor.get("/staff/recordings/" + std::to_string(meeting)).status == 200);
    REQUIRE(editor.post("/staff/recordings/" + std::to_string(meeting) + "/publish", "published=1")
                .status == 303);
    CHECK(viewer.get(recording + "/master.m3u8").status == 200);
    const auto playlist = viewer.get(recording + "/source/index.m3u8");
    CHECK(playlist.status == 200);
    CHECK(contains(playlist.body, "#EXT-X-ENDLIST"));
    // Four seconds cut at its keyframes into the live segments' length ([hls] 1 s).
    CHECK(count(data_dir, "SELECT COUNT(*) FROM segment WHERE channel = 'import-source'") == 4);
    CHECK(count(data_dir, "SELECT COUNT(*) FROM audit_log WHERE action = 'recording.import'") == 1);

    // Never a second recording for a meeting.
    const CommandResult again = import(config, data_dir, meeting, small_mp4(dir));
    CHECK(again.exit_code == 1);
    CHECK(contains(again.err, "already has a recording"));

    // What a run killed between moving its segments into place and registering them leaves:
    // the next import takes it away, and leaves the registered recording's files alone.
    const auto media = data_dir / "media";
    const auto kept = std::filesystem::directory_iterator(media / "import-source" / "source");
    const auto registered_file = kept->path();
    std::filesystem::create_directories(media / ".import" / "i1dead0001" / "source");
    std::ofstream(media / ".import" / "i1dead0001" / "source" / "i1dead0001-000001.ts") << "ts";
    const auto orphan = media / "import-source" / "source" / "i1dead0001-000000.ts";
    std::ofstream(orphan) << "ts";

    // A file that is no media: refused whole, nothing visible, nothing left in staging.
    const auto junk = dir / "minutes.mp4";
    std::ofstream(junk) << "the minutes of the meeting, not its recording";
    const CommandResult failed = import(config, data_dir, other, junk);
    CHECK(failed.exit_code == 1);
    CHECK(contains(failed.err, "cannot be imported"));
    CHECK(count(data_dir,
                "SELECT COUNT(*) FROM recording WHERE meeting_id = " + std::to_string(other)) == 0);
    CHECK(count(data_dir, "SELECT COUNT(*) FROM segment WHERE channel LIKE 'import%'") == 4);
    CHECK(std::filesystem::is_empty(media / ".import"));
    CHECK_FALSE(std::filesystem::exists(orphan));
    CHECK(std::filesystem::exists(registered_file));
    CHECK(viewer.get(portal.base_url() + "recordings/" + std::to_string(other) + "/master.m3u8")
              .status == 404);

    // The same meeting uploaded on the staff page: editors only, with the CSRF token, up to
    // [recordings] max_upload_mb, refused in the visitor's language; imported on a worker.
    const std::string page = "/staff/recordings/" + std::to_string(other) + "/import";
    Browser visitor(portal);
    CHECK(visitor.get(page).status != 200);
    CHECK(contains(editor.get("/staff/recordings").body, page));
    const HttpResult form = editor.get(page);
    REQUIRE(form.status == 200);
    CHECK(contains(form.body, "councilcast import --meeting " + std::to_string(other)));
    std::string mp4;
    {
        std::ifstream in(small_mp4(dir), std::ios::binary);
        mp4.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    const FormPart file{"file", mp4, "posedis.mp4", "video/mp4"};
    const std::string token = editor.csrf();
    editor.csrf() = forged_token(token);
    CHECK(editor.post_multipart(page, {file}).status == 403);
    editor.csrf() = token;
    const FormPart large{"file", std::string(1536 * 1024, 'x'), "didelis.mp4", "video/mp4"};
    const HttpResult refused = editor.post_multipart(page, {large});
    CHECK(refused.status == 422);
    CHECK(contains(refused.body, "didesnis nei 1 MiB"));
    editor.get("/en" + page);
    const HttpResult refused_en = editor.post_multipart("/en" + page, {large});
    CHECK(contains(refused_en.body, "larger than 1 MiB"));

    editor.get(page);
    const HttpResult started = editor.post_multipart(page, {file});
    REQUIRE_MESSAGE(started.status == 303, started.body);
    HttpResult progress;
    CHECK(wait_for(
        [&] {
            progress = editor.get(page);
            return contains(progress.body, "\"/staff/recordings/" + std::to_string(other) + "\"");
        },
        20s, 200ms));
    CHECK(contains(progress.body, "Įrašas importuotas"));
    CHECK(editor.get("/recordings/" + std::to_string(other) + "/master.m3u8").status == 200);
    CHECK(viewer.get(portal.base_url() + "recordings/" + std::to_string(other) + "/master.m3u8")
              .status == 404);
}
