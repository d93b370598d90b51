// A meeting's recording as a viewer and an editor meet it: the real server on one light
// channel, a real HTTP client. While the meeting is live its playlist is an EVENT playlist from
// its first segment that grows (across a restart of the portal, marked as a discontinuity);
// once the editor ends the meeting it is VOD with ENDLIST. Retention with the shortest
// retention_hours deletes old segments but never a recording's.
#include <doctest/doctest.h>

#include <boost/json.hpp>

#include <algorithm>
#include <fstream>
#include <memory>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "archive/segment_index.hpp"
#include "common/database.hpp"
#include "common/database_writer.hpp"
#include "common/unix_time.hpp"
#include "portal/council/council_store.hpp"
#include "portal/recordings/recording_store.hpp"
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

struct Meetings {
    std::int64_t live = 0;
    std::int64_t other = 0;
    std::int64_t item = 0;  // the live meeting's first agenda item
    std::string item_title;
};

Meetings meetings_of(const std::filesystem::path& data_dir) {
    DatabaseWriter writer(data_dir / "councilcast.sqlite");
    portal::CouncilStore store(data_dir / "councilcast.sqlite", data_dir, writer);
    Meetings found;
    for (const auto& meeting : store.snapshot()->meetings) {
        if (meeting.status == portal::MeetingStatus::kLive) {
            found.live = meeting.id;
        } else if (meeting.status == portal::MeetingStatus::kEnded) {
            found.other = meeting.id;
        }
    }
    const auto agenda = store.snapshot()->agenda(found.live);
    if (!agenda.empty()) {
        found.item = agenda.front().id;
        found.item_title = agenda.front().title.lt;
    }
    return found;
}

// Segments of a channel the configuration no longer has, three hours old: `kept` of them inside
// a recording of `meeting`, as many before it outside any.
struct OldSegments {
    std::vector<std::filesystem::path> kept;
    std::vector<std::filesystem::path> outside;
};

OldSegments add_old_segments(const std::filesystem::path& data_dir, std::int64_t meeting) {
    const auto database = data_dir / "councilcast.sqlite";
    const auto directory = data_dir / "media" / "annex" / "720p";
    std::filesystem::create_directories(directory);
    DatabaseWriter writer(database);
    std::optional<archive::SegmentIndex> index;
    writer.execute([&index](Database& db) { index.emplace(db); });
    const std::int64_t old = now_unix_ms() - 3 * 3'600'000;
    OldSegments segments;
    for (int n = 0; n < 10; ++n) {
        const std::string file = "0000abcd-" + std::to_string(1000000 + n).substr(1) + ".ts";
        std::ofstream(directory / file, std::ios::binary) << std::string(1000, 'G');
        writer.execute([&](Database&) {
            index->add("annex", "720p", {file, old + n * 2000, 2'000'000, 1000});
        });
        (n < 5 ? segments.outside : segments.kept).push_back(directory / file);
    }
    portal::RecordingStore store(database, writer);
    block_on(store.set_span(meeting, "annex", old + 10'000, old + 20'000, {}));
    writer.flush();
    return segments;
}

// The meeting editor's form with everything as the demo seeded it but the status.
std::string ended_meeting_form(std::int64_t meeting) {
    return "meeting_id=" + std::to_string(meeting) + "&title_lt=" + form_encode("Tarybos posėdis") +
           "&kind=council&committee_id=&title_en=Council+meeting&starts=2026-12-02T14:00"
           "&place_lt=" +
           form_encode("Posėdžių salė") + "&place_en=&status=ended&channel_id=hall";
}

// The file after the first EXT-X-GAP of `playlist`, or empty.
std::string first_gap(const std::string& playlist) {
    const auto gap = playlist.find("#EXT-X-GAP\n");
    if (gap == std::string::npos) return {};
    std::istringstream in(playlist.substr(gap));
    for (std::string line; std::getline(in, line);) {
        if (!line.empty() && line.front() != '#') return line;
    }
    return {};
}

std::vector<std::string> audit_actions(const std::filesystem::path& data_dir) {
    Database db(data_dir / "councilcast.sqlite", Durability::kNormal, OpenMode::kReadOnly);
    Statement select = db.cached("SELECT action FROM audit_log ORDER BY id");
    std::vector<std::string> actions;
    while (select.step()) actions.push_back(select.column_text(0));
    select.reset();
    return actions;
}

// The ended recording: an editor hides a range (a reason required, CSRF checked), the public's
// playlist has a gap there and its segment is refused; only an admin restores it; unpublished,
// nothing of it is the public's but the page says it is being prepared, while the editor
// previews it. Every change is in the audit log.
void redact_and_publish(const std::filesystem::path& data_dir, std::int64_t meeting,
                        Browser& viewer, Browser& editor, Browser& chair, DemoProcess& portal) {
    const std::string id = std::to_string(meeting);
    const std::string base = "/recordings/" + id;
    const std::string page = "/staff/recordings/" + id + "/redactions";
    CHECK(viewer.get(page).status != 200);
    CHECK(chair.get(page).status == 403);
    REQUIRE(editor.get(page).status == 200);
    HttpResult refused = editor.post(page, "from=0%3A02&to=0%3A05&reason=+");
    CHECK(refused.status == 422);
    CHECK(contains(refused.body, "Nurodykite priežastį"));
    CHECK(editor.post(page, "from=0%3A05&to=0%3A02&reason=x").status == 422);
    const std::string token = editor.csrf();
    editor.csrf() = "forged";
    CHECK(editor.post(page, "from=0%3A02&to=0%3A05&reason=x").status == 403);
    editor.csrf() = token;
    REQUIRE(editor.post(page, "from=0%3A02&to=0%3A05&reason=" + form_encode("Asmens duomenys"))
                .status == 303);

    HttpResult playlist = viewer.get(base + "/720p/index.m3u8");
    CHECK(contains(playlist.body, "#EXT-X-VERSION:8\n"));
    const std::string hidden = first_gap(playlist.body);
    REQUIRE_FALSE(hidden.empty());
    CHECK(viewer.get(base + "/720p/" + hidden).status == 404);
    CHECK(contains(editor.get("/staff/recordings").body, "Paslėpta dalių: 1"));
    HttpResult listed = editor.get(page);
    CHECK(contains(listed.body, "Asmens duomenys"));
    CHECK(contains(listed.body, "editor@example.lt"));

    // Showing it again is the admin's alone.
    const auto redaction = [&] {
        Database db(data_dir / "councilcast.sqlite", Durability::kNormal, OpenMode::kReadOnly);
        Statement select = db.cached("SELECT max(id) FROM recording_redaction");
        select.step();
        const std::int64_t found = select.column_int(0);
        select.reset();
        return std::to_string(found);
    }();
    const std::string restore = page + "/" + redaction + "/restore";
    CHECK(editor.post(restore, "").status == 403);
    Browser admin(portal);
    REQUIRE(admin.sign_in("admin@example.lt").status == 303);
    REQUIRE(admin.get(page).status == 200);
    REQUIRE(admin.post(restore, "").status == 303);
    playlist = viewer.get(base + "/720p/index.m3u8");
    CHECK_FALSE(contains(playlist.body, "#EXT-X-GAP"));
    CHECK(viewer.get(base + "/720p/" + hidden).status == 200);

    // Unpublished: the editor's to preview, nobody else's.
    HttpResult unpublished = editor.post("/staff/recordings/" + id + "/publish", "published=0");
    CHECK(unpublished.status == 303);
    CHECK(unpublished.header("location") == "/staff/recordings/" + id + "?saved=1");
    CHECK(editor.post("/staff/recordings/" + id + "/publish", "published=yes").status == 400);
    for (const std::string& path : {base + "/master.m3u8", base + "/720p/index.m3u8",
                                    base + "/720p/" + hidden, base + "/chapters.vtt"}) {
        CAPTURE(path);
        CHECK(viewer.get(path).status == 404);
    }
    HttpResult preview = editor.get(base + "/720p/index.m3u8");
    CHECK(preview.status == 200);
    CHECK(preview.header("cache-control") == "private, no-store");
    CHECK(json::parse(viewer.get("/api/v1/meetings/" + id).body).at("recording").is_null());
    CHECK(contains(viewer.get("/meetings/" + id).body, "ruošiamas skelbti"));
    REQUIRE(editor.post("/staff/recordings/" + id + "/publish", "published=1").status == 303);
    CHECK(viewer.get(base + "/master.m3u8").status == 200);
    CHECK_FALSE(json::parse(viewer.get("/api/v1/meetings/" + id).body).at("recording").is_null());

    const auto actions = audit_actions(data_dir);
    for (const char* action :
         {"recording.redact", "recording.restore", "recording.unpublish", "recording.publish"}) {
        CAPTURE(action);
        CHECK(std::count(actions.begin(), actions.end(), action) == 1);
    }
}

// Captions (issue 13) on the ended recording `meeting`, whose 720p playlist is `video`: an
// editor's upload (a wrong one refused on its form, naming the line), the master's SUBTITLES,
// a subtitles playlist matching the video's segments, segments mapped to the video's first
// timestamp, the whole track, edits and removal with their audit entries, search finding a cue,
// and nobody else (or no forged token) changing anything.
void check_captions(const std::filesystem::path& data_dir, Browser& editor, Browser& viewer,
                    std::int64_t meeting, const std::string& video) {
    const std::string base = "/recordings/" + std::to_string(meeting);
    const std::string page = "/staff/recordings/" + std::to_string(meeting) + "/captions";
    REQUIRE(editor.get(page).status == 200);
    HttpResult refused = editor.post_multipart(
        page, {{"language", "lt"},
               {"file", "WEBVTT\n\n00:01,000 --> 00:02.000\nx\n", "bad.vtt", "text/vtt"}});
    CHECK(refused.status == 422);
    CHECK(contains(refused.body, "3 eilutė: neteisingas laikas."));
    HttpResult uploaded = editor.post_multipart(
        page, {{"language", "lt"},
               {"file",
                "\xEF\xBB\xBFWEBVTT\r\n\r\n00:00.500 --> 00:01.500\r\nLabas <b>rytas</b>\r\n\r\n"
                "00:02.000 --> 00:03.000\r\nAntra eilutė\r\n",
                "posėdis.vtt", "text/vtt"}});
    REQUIRE(uploaded.status == 303);

    const HttpResult master = viewer.get(base + "/master.m3u8");
    CHECK(contains(master.body, "#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID=\"subs\",LANGUAGE=\"lt\","));
    CHECK(contains(master.body, ",SUBTITLES=\"subs\"\n720p/index.m3u8\n"));
    const HttpResult subtitles = viewer.get(base + "/subtitles/lt/index.m3u8");
    REQUIRE(subtitles.status == 200);
    CHECK(subtitles.body == std::regex_replace(video, std::regex("\\.ts\n"), ".vtt\n"));
    const HttpResult first =
        viewer.get(base + "/subtitles/lt/" + segment_lines(subtitles.body).front());
    CHECK(first.status == 200);
    CHECK(first.header("content-type") == "text/vtt; charset=utf-8");
    CHECK(std::regex_search(
        first.body, std::regex("^WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:[0-9]+,LOCAL:00:00:00.000\n")));
    CHECK(contains(first.body, "00:00:00.500 --> 00:00:01.500\nLabas <b>rytas</b>\n"));
    // At a segment's boundary the wall clock and the timeline may differ by the gap between
    // the segment's EXTINF and its real length: a few tens of milliseconds.
    CHECK(std::regex_search(viewer.get(base + "/captions/lt.vtt").body,
                            std::regex("00:00:0[12]\\.[0-9]{3} --> 00:00:0[23]\\.[0-9]{3}\n"
                                       "Antra eilutė\n")));
    CHECK(viewer.get(base + "/captions/en.vtt").status == 404);
    CHECK(viewer.get(base + "/subtitles/xx/index.m3u8").status == 404);
    CHECK(viewer.get(base + "/subtitles/lt/0-000000.vtt").status == 404);

    // Search finds a cue's words and plays the meeting from there.
    CHECK(wait_for(
        [&] {
            return contains(viewer.get("/search?q=rytas").body,
                            "/meetings/" + std::to_string(meeting) + "?t=");
        },
        10s));

    std::smatch cue;
    const std::string listed = editor.get(page + "?lang=lt").body;
    REQUIRE(std::regex_search(listed, cue, std::regex("name=\"cue_id\" value=\"([0-9]+)\"")));
    const std::string cue_form = "cue_id=" + cue[1].str() + "&lang=lt&from=0";
    CHECK(contains(editor.post(page + "/cue", cue_form + "&start=0:02&end=0:01&text=x").body,
                   "Pabaiga turi būti vėlesnė už pradžią."));
    REQUIRE(editor
                .post(page + "/cue",
                      cue_form + "&start=0:00.7&end=0:01.5&text=" + form_encode("Laba diena"))
                .status == 303);
    CHECK(contains(viewer.get(base + "/captions/lt.vtt").body,
                   "00:00:00.700 --> 00:00:01.500\nLaba diena\n"));
    // A forged token changes nothing; nor does a visitor who is not an editor.
    const std::string token = editor.csrf();
    editor.csrf() = forged_token(token);
    CHECK(editor.post(page + "/cue/remove", cue_form).status == 403);
    editor.csrf() = token;
    CHECK(viewer.get(page).status != 200);
    viewer.post(page + "/cue/remove", cue_form);
    CHECK(contains(viewer.get(base + "/captions/lt.vtt").body, "Laba diena"));
    REQUIRE(editor.post(page + "/cue/remove", cue_form).status == 303);
    CHECK_FALSE(contains(viewer.get(base + "/captions/lt.vtt").body, "Laba diena"));

    Database db(data_dir / "councilcast.sqlite", Durability::kNormal, OpenMode::kReadOnly);
    Statement audit = db.cached(
        "SELECT group_concat(action, ' ') FROM (SELECT action FROM audit_log "
        "WHERE action LIKE 'caption.%' ORDER BY id)");
    REQUIRE(audit.step());
    CHECK(audit.column_text(0) == "caption.upload caption.edit caption.remove");
}

}  // namespace

TEST_CASE(
    "a live meeting's recording grows as EVENT from its start, ends as VOD; retention keeps it") {
    const auto dir = fresh_directory("recordings-http");
    const auto data_dir = dir / "data";
    {
        std::ifstream channel(source_dir() + "/tests/support/light_channel.toml");
        std::stringstream light;
        light << channel.rdbuf();
        std::ofstream(dir / "councilcast.toml") << "[hls]\nretention_hours = 1\n\n" << light.str();
    }
    const DemoProcess::Command serve{{"serve", "--config", (dir / "councilcast.toml").string(),
                                      "--listen", "127.0.0.1:0", "--data-dir", data_dir.string(),
                                      "--seed-demo"}};
    std::string first_segment;
    Meetings meetings;
    {
        DemoProcess portal(serve);
        meetings = meetings_of(data_dir);
        REQUIRE(meetings.live != 0);
        REQUIRE(meetings.other != 0);
        REQUIRE(meetings.item != 0);
        // The demo's meeting is live on "hall": its recording began when the portal started.
        Browser viewer(portal);
        const std::string playlist_path =
            "/recordings/" + std::to_string(meetings.live) + "/720p/index.m3u8";
        HttpResult playlist;
        REQUIRE(wait_for(
            [&] {
                playlist = viewer.get(playlist_path);
                return playlist.status == 200 && segment_lines(playlist.body).size() >= 2;
            },
            30s));
        CHECK(contains(playlist.body, "#EXT-X-PLAYLIST-TYPE:EVENT"));
        CHECK_FALSE(contains(playlist.body, "#EXT-X-ENDLIST"));
        CHECK(playlist.header("content-type") == "application/vnd.apple.mpegurl");
        first_segment = segment_lines(playlist.body).front();
        const std::size_t seen = segment_lines(playlist.body).size();
        // It grows, and from the same first segment: a viewer can always rewind to the opening.
        REQUIRE(wait_for(
            [&] {
                playlist = viewer.get(playlist_path);
                return segment_lines(playlist.body).size() >= seen + 2;
            },
            30s));
        CHECK(segment_lines(playlist.body).front() == first_segment);
        portal.stop();
    }
    add_user(data_dir, "editor@example.lt", "--role editor");
    add_user(data_dir, "chair@example.lt", "--role chair");
    add_user(data_dir, "admin@example.lt", "--role admin");
    const OldSegments old = add_old_segments(data_dir, meetings.other);

    DemoProcess portal(serve);
    Browser viewer(portal);
    const std::string base = "/recordings/" + std::to_string(meetings.live);

    // Retention ran at startup: the old segments outside recordings are gone, not the others.
    CHECK(wait_for(
        [&] {
            for (const auto& file : old.outside) {
                if (std::filesystem::exists(file)) return false;
            }
            return true;
        },
        20s));
    for (const auto& file : old.kept) CHECK(std::filesystem::exists(file));

    // The recording goes on after the restart, marked as a discontinuity.
    HttpResult playlist;
    REQUIRE(wait_for(
        [&] {
            playlist = viewer.get(base + "/720p/index.m3u8");
            return contains(playlist.body, "#EXT-X-DISCONTINUITY\n");
        },
        30s));
    CHECK(segment_lines(playlist.body).front() == first_segment);
    CHECK(contains(playlist.body, "#EXT-X-PLAYLIST-TYPE:EVENT"));

    HttpResult master = viewer.get(base + "/master.m3u8");
    CHECK(master.status == 200);
    CHECK(contains(master.body, "\n720p/index.m3u8\n"));
    HttpResult segment = viewer.get(base + "/720p/" + first_segment);
    CHECK(segment.status == 200);
    CHECK(segment.header("content-type") == "video/mp2t");
    CHECK(segment.body.size() > 188);
    // Only the recording's own files: another channel's kept segment is not reached from here.
    CHECK(viewer.get(base + "/720p/" + old.kept.front().filename().string()).status == 404);
    CHECK(viewer.get(base + "/1080p/index.m3u8").status == 404);
    CHECK(viewer.get("/recordings/99999/master.m3u8").status == 404);
    CHECK(viewer.get(base + "/chapters.vtt").body.starts_with("WEBVTT"));
    CHECK(viewer.get(base + "/chapters.vtt?lang=xx").status == 400);

    auto recording_of = [&] {
        return json::parse(viewer.get("/api/v1/meetings/" + std::to_string(meetings.live)).body)
            .at("recording");
    };
    CHECK(recording_of().at("status") == "recording");
    CHECK(json::value_to<std::string>(recording_of().at("master_playlist")) ==
          base + "/master.m3u8");
    CHECK(recording_of().at("duration_s").to_number<double>() > 0);

    // The chair moves to an agenda item: a chapter with its title, on the recording's timeline.
    Browser chair(portal);
    REQUIRE(chair.sign_in("chair@example.lt").status == 303);
    REQUIRE(chair.get("/staff/sitting").status == 200);
    REQUIRE(chair
                .post("/staff/sitting/item", "meeting_id=" + std::to_string(meetings.live) +
                                                 "&agenda_item_id=" + std::to_string(meetings.item))
                .status == 303);
    REQUIRE(wait_for([&] { return !recording_of().at("chapters").as_array().empty(); }, 10s));
    const auto chapter = recording_of().at("chapters").as_array().front();
    CHECK(chapter.at("kind") == "agenda");
    CHECK(json::value_to<std::string>(chapter.at("title").at("lt")) == meetings.item_title);
    CHECK(chapter.at("start_s").to_number<double>() > 0);
    CHECK(chapter.at("start_s").to_number<double>() <=
          recording_of().at("duration_s").to_number<double>() + 4);
    CHECK(contains(viewer.get(base + "/chapters.vtt").body, meetings.item_title));

    // The editor ends the meeting: the recording is ready, its playlist VOD with an end.
    Browser editor(portal);
    REQUIRE(editor.sign_in("editor@example.lt").status == 303);
    REQUIRE(editor.get("/staff/recordings").status == 200);
    REQUIRE(editor.post("/staff/meeting", ended_meeting_form(meetings.live)).status == 303);
    REQUIRE(wait_for([&] { return recording_of().at("status") == "ready"; }, 10s));
    playlist = viewer.get(base + "/720p/index.m3u8");
    CHECK(contains(playlist.body, "#EXT-X-PLAYLIST-TYPE:VOD"));
    CHECK(playlist.body.ends_with("#EXT-X-ENDLIST\n"));
    CHECK(segment_lines(playlist.body).front() == first_segment);
    // It no longer grows.
    const std::string ended = playlist.body;
    const std::int64_t last = now_unix_ms();
    REQUIRE(wait_for([&] { return now_unix_ms() - last > 4500; }, 10s));
    CHECK(viewer.get(base + "/720p/index.m3u8").body == ended);

    check_captions(data_dir, editor, viewer, meetings.live, ended);

    // The staff page shows it ready; a span that ends before it starts is refused on the form.
    HttpResult staff = editor.get("/en/staff/recordings");
    CHECK(staff.status == 200);
    CHECK(contains(staff.body, "Ready"));
    HttpResult refused =
        editor.post("/staff/recordings/span", "meeting_id=" + std::to_string(meetings.live) +
                                                  "&channel=hall&from=2026-12-02T15:00"
                                                  "&to=2026-12-02T14:00");
    CHECK(refused.status == 422);
    CHECK(contains(refused.body, "Įrašo pradžia turi būti ankstesnė už pabaigą."));
    // Anyone else is kept out.
    CHECK(viewer.get("/staff/recordings").status != 200);

    redact_and_publish(data_dir, meetings.live, viewer, editor, chair, portal);
}

TEST_CASE("a disk below the floor stops recording; the live stream goes on") {
    const auto dir = fresh_directory("recordings-disk-guard");
    const auto data_dir = dir / "data";
    {
        std::ifstream channel(source_dir() + "/tests/support/light_channel.toml");
        std::stringstream light;
        light << channel.rdbuf();
        // Ten million MiB: more than this machine's disk holds, so the guard finds it below.
        std::ofstream(dir / "councilcast.toml") << "[recordings]\nmin_free_mb = 10000000\n\n"
                                                << light.str();
    }
    DemoProcess portal(
        DemoProcess::Command{{"serve", "--config", (dir / "councilcast.toml").string(), "--listen",
                              "127.0.0.1:0", "--data-dir", data_dir.string(), "--seed-demo"}});
    const Meetings meetings = meetings_of(data_dir);
    REQUIRE(meetings.live != 0);
    add_user(data_dir, "editor@example.lt", "--role editor");
    Browser viewer(portal);
    HttpResult metrics;
    REQUIRE(wait_for(
        [&] {
            metrics = viewer.get("/metrics");
            return contains(metrics.body, "\ncouncilcast_recordings_stopped 1\n");
        },
        30s));
    CHECK(contains(metrics.body, "\ncouncilcast_media_below_floor 1\n"));
    CHECK(contains(metrics.body, "\ncouncilcast_recordings_recording 0\n"));
    // The monitoring's health check says which disk and why, and still answers 200.
    const HttpResult health = viewer.get("/healthz");
    CHECK(health.status == 200);
    CHECK(contains(health.body, "storage failing: the media disk has "));
    CHECK(contains(health.body, "below [recordings] min_free_mb = 10000000"));

    // What was recorded stays a finished recording; the live playlist keeps growing.
    const std::string base = "/recordings/" + std::to_string(meetings.live);
    HttpResult recording = viewer.get(base + "/720p/index.m3u8");
    CHECK(recording.status == 200);
    CHECK(contains(recording.body, "#EXT-X-ENDLIST"));
    std::size_t live_segments = 0;
    REQUIRE(wait_for(
        [&] {
            live_segments = segment_lines(viewer.get("/live/hall/720p/live.m3u8").body).size();
            return live_segments >= 2;
        },
        30s));
    std::string newest = segment_lines(viewer.get("/live/hall/720p/live.m3u8").body).back();
    CHECK(wait_for(
        [&] {
            return segment_lines(viewer.get("/live/hall/720p/live.m3u8").body).back() != newest;
        },
        20s));

    // Staff see why.
    Browser editor(portal);
    REQUIRE(editor.sign_in("editor@example.lt").status == 303);
    HttpResult staff = editor.get("/en/staff/recordings");
    CHECK(staff.status == 200);
    CHECK(contains(staff.body, "Stopped"));
    CHECK(contains(staff.body, "min_free_mb"));
    CHECK(contains(staff.body, "recording has stopped, the live broadcast goes on"));
}
