#include "streamer/protocol.hpp"

#include <doctest/doctest.h>

#include <boost/json.hpp>

#include "common/error.hpp"
#include "streamer/worker_settings.hpp"

using namespace councilcast;
using namespace councilcast::streamer;

TEST_CASE("a segment message survives the trip through one line of JSON") {
    SegmentClosed segment{"720p", "18c2f-000004.ts", 1764331200123, 2000000, 612345};
    std::string line = to_line(to_json(segment));
    CHECK(line.back() == '\n');
    CHECK(line.find('\n') == line.size() - 1);
    SegmentClosed back = segment_closed_from_json(boost::json::parse(line));
    CHECK(back.rendition == "720p");
    CHECK(back.file == segment.file);
    CHECK(back.start_unix_ms == segment.start_unix_ms);
    CHECK(back.duration_us == segment.duration_us);
    CHECK(back.bytes == segment.bytes);
}

TEST_CASE("malformed messages are refused with InvalidInput") {
    CHECK_THROWS_AS(segment_closed_from_json(boost::json::parse(R"({"type":"segment"})")),
                    InvalidInput);
    CHECK_THROWS_AS(segment_closed_from_json(boost::json::parse(R"([1,2])")), InvalidInput);
    CHECK_THROWS_AS(worker_settings_from_json(boost::json::parse(R"({"channel_id":5})")),
                    InvalidInput);
}

TEST_CASE("worker settings round-trip") {
    WorkerSettings settings;
    settings.channel_id = "hall";
    settings.output_dir = "/var/lib/councilcast/media/hall";
    settings.sources = {{"main", "rtsp", "rtsp://camera/stream", ""}};
    settings.renditions = {{"720p", 1280, 720, 30, 2500, "main", 128}};
    settings.sources[0].transport = "tcp";
    settings.audio = {.kind = "alsa", .location = "hw:1", .offset_ms = -40};
    settings.pip = {.camera = "interpreter", .x = 10, .y = 20, .width = 300};
    settings.slate.title = "Transliacija netrukus bus tęsiama";
    settings.hall = {.program = "main", .pip = true, .unplugged = {"interpreter"}};
    settings.overlay.channel_title = "Tarybos posėdžių salė";
    settings.time_zone = "America/New_York";
    WorkerSettings back = worker_settings_from_json(to_json(settings));
    CHECK(back.channel_id == "hall");
    CHECK(back.sources[0].location == "rtsp://camera/stream");
    CHECK(back.sources[0].transport == "tcp");
    CHECK(back.renditions[0].width == 1280);
    CHECK(back.audio.location == "hw:1");
    CHECK(back.audio.offset_ms == -40);
    CHECK(back.pip.width == 300);
    CHECK(back.slate.title == "Transliacija netrukus bus tęsiama");
    CHECK(back.hall == settings.hall);
    CHECK(back.overlay.channel_title == "Tarybos posėdžių salė");
    CHECK(back.time_zone == "America/New_York");
}

TEST_CASE("hall messages round-trip, and a malformed one is refused") {
    const HallCommand cut{.kind = HallCommand::Kind::kCut, .camera = "podium"};
    const boost::json::value message = command_message(7, cut);
    CHECK(message.at("type") == "command");
    const HallCommand back = hall_command_from_json(message.at("command"));
    CHECK(back.kind == HallCommand::Kind::kCut);
    CHECK(back.camera == "podium");
    CHECK_THROWS_AS(hall_command_from_json(boost::json::parse(R"({"kind":"explode"})")),
                    InvalidInput);

    HallStatus status;
    status.state.program = "wide";
    status.level_db = -18.5;
    status.sources = {{.id = "wide", .state = "reconnecting", .reason = "timeout", .fps = 0}};
    const HallStatus read = hall_status_from_json(to_json(status));
    CHECK(read.state.program == "wide");
    CHECK(read.level_db == doctest::Approx(-18.5));
    CHECK(read.sources.at(0).reason == "timeout");
    CHECK_THROWS_AS(hall_status_from_json(boost::json::parse(R"({"state":{}})")), InvalidInput);
}
