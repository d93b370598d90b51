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
    settings.overlay.channel_title = "Tarybos posėdžių salė";
    WorkerSettings back = worker_settings_from_json(to_json(settings));
    CHECK(back.channel_id == "hall");
    CHECK(back.sources[0].location == "rtsp://camera/stream");
    CHECK(back.renditions[0].width == 1280);
    CHECK(back.overlay.channel_title == "Tarybos posėdžių salė");
}
