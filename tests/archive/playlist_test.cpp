#include "archive/playlist.hpp"

#include <doctest/doctest.h>
#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.hpp"
#include "tests/archive/playlist_lines.hpp"

using namespace councilcast;
using namespace councilcast::testing;
using namespace councilcast::archive;

namespace {

constexpr std::int64_t kStartMs = 1795867200000;  // 2026-11-28T12:00:00.000Z

// A recording of `count` segments of 2 s; segments listed in `breaks` begin after a restart.
std::vector<Segment> recording(int count, std::vector<std::int64_t> breaks = {}) {
    std::vector<Segment> segments;
    std::int64_t discontinuity_sequence = 0;
    for (int i = 0; i < count; ++i) {
        Segment segment;
        segment.sequence = 100 + i;
        segment.discontinuity =
            std::find(breaks.begin(), breaks.end(), segment.sequence) != breaks.end();
        if (segment.discontinuity) ++discontinuity_sequence;
        segment.discontinuity_sequence = discontinuity_sequence;
        segment.file = "run-" + std::to_string(segment.sequence) + ".ts";
        segment.start_unix_ms = kStartMs + i * 2000 + (segment.discontinuity ? 700 : 0);
        segment.duration_us = 2'000'000 + (i % 3) * 13'000;
        segments.push_back(segment);
    }
    return segments;
}

}  // namespace

TEST_CASE("the master playlist lists every variant with the attributes players choose by") {
    std::vector<VariantInfo> variants = {
        {"720p/live.m3u8", 1280, 720, 30, 3715800, 2890800, "avc1.4d401f,mp4a.40.2"},
        {"360p/live.m3u8", 640, 360, 25, 1000000, 900000, "avc1.4d401e,mp4a.40.2"},
    };
    CHECK(master_playlist(variants) ==
          "#EXTM3U\n"
          "#EXT-X-VERSION:3\n"
          "#EXT-X-INDEPENDENT-SEGMENTS\n"
          "#EXT-X-STREAM-INF:BANDWIDTH=3715800,AVERAGE-BANDWIDTH=2890800,"
          "CODECS=\"avc1.4d401f,mp4a.40.2\",RESOLUTION=1280x720,FRAME-RATE=30.000\n"
          "720p/live.m3u8\n"
          "#EXT-X-STREAM-INF:BANDWIDTH=1000000,AVERAGE-BANDWIDTH=900000,"
          "CODECS=\"avc1.4d401e,mp4a.40.2\",RESOLUTION=640x360,FRAME-RATE=25.000\n"
          "360p/live.m3u8\n");
}

TEST_CASE("an audio-only variant is listed without a picture, its bandwidth from the sound") {
    const VariantInfo audio = variant_info("audio/live.m3u8", 0, 0, 0, "", 0, 64);
    CHECK(audio.codecs == "mp4a.40.2");
    CHECK(audio.bandwidth > 64'000);
    CHECK(audio.bandwidth < 100'000);
    const std::vector<VariantInfo> variants = {
        {"720p/live.m3u8", 1280, 720, 30, 3715800, 2890800, "avc1.4d401f,mp4a.40.2"}, audio};
    const std::string text = master_playlist(variants);
    CHECK(text.find(fmt::format("#EXT-X-STREAM-INF:BANDWIDTH={},AVERAGE-BANDWIDTH={},"
                                "CODECS=\"mp4a.40.2\"\naudio/live.m3u8\n",
                                audio.bandwidth, audio.average_bandwidth)) != std::string::npos);
}

TEST_CASE("CODECS carries the profile and the lowest H.264 level that fits") {
    CHECK(h264_codecs("main", 1280, 720, 30, 2500) == "avc1.4d401f,mp4a.40.2");    // 3.1
    CHECK(h264_codecs("high", 1920, 1080, 30, 6000) == "avc1.640028,mp4a.40.2");   // 4.0
    CHECK(h264_codecs("main", 640, 360, 30, 1000) == "avc1.4d401e,mp4a.40.2");     // 3.0
    CHECK(h264_codecs("main", 1280, 720, 60, 4500) == "avc1.4d4020,mp4a.40.2");    // 3.2
    CHECK(h264_codecs("high", 1920, 1080, 60, 9000) == "avc1.64002a,mp4a.40.2");   // 4.2
    CHECK(h264_codecs("high", 3840, 2160, 30, 20000) == "avc1.640033,mp4a.40.2");  // 5.1
    CHECK(h264_codecs("main", 320, 180, 15, 300) == "avc1.4d400c,mp4a.40.2");      // 1.2
    CHECK_THROWS_AS(h264_codecs("baseline", 1280, 720, 30, 2500), InvalidInput);
    CHECK_THROWS_AS(h264_codecs("high", 16384, 16384, 60, 2500), InvalidInput);
    CHECK_THROWS_AS(h264_codecs("main", 0, 720, 30, 2500), InvalidInput);
    CHECK_THROWS_AS(h264_codecs("main", 1280, 720, 30, 0), InvalidInput);
}

TEST_CASE("the bit rate raises the level as x264 raises it") {
    // Each SPS read from x264enc (Debian 12) at these settings, as the streamer runs it (CBR).
    CHECK(h264_codecs("main", 160, 90, 5, 60) == "avc1.4d400a,mp4a.40.2");       // 1
    CHECK(h264_codecs("main", 160, 90, 5, 100) == "avc1.4d500b,mp4a.40.2");      // 1b
    CHECK(h264_codecs("high", 160, 90, 5, 70) == "avc1.64000a,mp4a.40.2");       // 1: 80 for High
    CHECK(h264_codecs("high", 160, 90, 5, 100) == "avc1.640009,mp4a.40.2");      // 1b
    CHECK(h264_codecs("main", 320, 180, 15, 400) == "avc1.4d400d,mp4a.40.2");    // 1.3
    CHECK(h264_codecs("main", 320, 180, 15, 800) == "avc1.4d4014,mp4a.40.2");    // 2
    CHECK(h264_codecs("high", 320, 180, 15, 800) == "avc1.64000d,mp4a.40.2");    // 1.3
    CHECK(h264_codecs("main", 640, 360, 30, 12000) == "avc1.4d401f,mp4a.40.2");  // 3.1
    CHECK_THROWS_AS(h264_codecs("main", 1280, 720, 30, 1000000), InvalidInput);
}

TEST_CASE("bandwidth estimates cover the MPEG-TS overhead and the encoder's peaks") {
    auto bandwidth = estimate_bandwidth(2500, 128);
    // 10% MPEG-TS overhead on 2500 + 128 kbit/s.
    CHECK(bandwidth.average == 2890800);
    // 600 ms of VBV buffer on top of a 2 s segment: video peaks at 1.3 times its rate.
    CHECK(bandwidth.peak == 3715800);
    // Longer segments average the peaks out.
    auto six_second = estimate_bandwidth(2500, 128, 6.0);
    CHECK(six_second.peak < bandwidth.peak);
    CHECK(six_second.peak > six_second.average);
    CHECK(six_second.average == bandwidth.average);
}

TEST_CASE("an imported file's bandwidths are measured from its segments") {
    std::vector<Segment> segments(3);
    segments[0].bytes = 500'000;  // 2 s: 2 Mbit/s
    segments[0].duration_us = 2'000'000;
    segments[1].bytes = 1'000'000;  // 2 s: 4 Mbit/s, the peak
    segments[1].duration_us = 2'000'000;
    segments[2].bytes = 75'000;  // the last, 0.5 s: 1.2 Mbit/s
    segments[2].duration_us = 500'000;
    const Bandwidth bandwidth = measured_bandwidth(segments);
    CHECK(bandwidth.peak == 4'000'000);
    CHECK(bandwidth.average == 2'800'000);  // 1,575,000 bytes in 4.5 s
    CHECK(measured_bandwidth({}).peak == 0);

    // A variant whose frame rate is unknown goes without FRAME-RATE (it is optional).
    const VariantInfo variant{
        "source/index.m3u8",    320, 240, 0, bandwidth.peak, bandwidth.average,
        "avc1.42c00d,mp4a.40.2"};
    CHECK(master_playlist(std::span(&variant, 1)).find("RESOLUTION=320x240\nsource/") !=
          std::string::npos);
}

TEST_CASE("PROGRAM-DATE-TIME is ISO 8601 UTC with milliseconds") {
    CHECK(program_date_time(kStartMs) == "2026-11-28T12:00:00.000Z");
    CHECK(program_date_time(1709251199000 + 7) == "2024-02-29T23:59:59.007Z");
    CHECK(program_date_time(0) == "1970-01-01T00:00:00.000Z");
}

TEST_CASE("a live playlist starts at its first segment and keeps the target duration") {
    auto segments = recording(6);
    std::string text = live_media_playlist(segments, 3);
    auto lines = lines_of(text);
    REQUIRE(lines.size() >= 6);
    CHECK(lines[0] == "#EXTM3U");
    CHECK(header_value(text, "#EXT-X-VERSION") == "3");
    CHECK(header_value(text, "#EXT-X-TARGETDURATION") == "3");
    // Players stay three target durations behind the end, the least RFC 8216bis allows.
    CHECK(header_value(text, "#EXT-X-SERVER-CONTROL") == "HOLD-BACK=9.000");
    CHECK(header_value(text, "#EXT-X-MEDIA-SEQUENCE") == "100");
    CHECK(header_value(text, "#EXT-X-DISCONTINUITY-SEQUENCE") == "0");
    CHECK(lines_starting(text, "#EXT-X-PROGRAM-DATE-TIME:") ==
          std::vector<std::string>{"2026-11-28T12:00:00.000Z"});
    CHECK(text.find("#EXT-X-DISCONTINUITY\n") == std::string::npos);
    CHECK(text.find("#EXT-X-ENDLIST") == std::string::npos);

    auto durations = lines_starting(text, "#EXTINF:");
    REQUIRE(durations.size() == 6);
    CHECK(durations[0] == "2.000,");
    CHECK(durations[1] == "2.013,");
    CHECK(durations[2] == "2.026,");
    // Each segment's URI follows its EXTINF.
    CHECK(lines.back() == "run-105.ts");
}

TEST_CASE("no EXTINF rounds above the target duration, even for an overlong segment") {
    auto segments = recording(4);
    segments[1].duration_us = 3'600'000;  // a worker error: longer than the target
    segments[2].duration_us = 3'499'600;  // would print as 3.500 and round up to 4
    segments[3].duration_us = 3'499'000;
    std::string text = live_media_playlist(segments, 3);
    CHECK(header_value(text, "#EXT-X-TARGETDURATION") == "3");
    auto durations = lines_starting(text, "#EXTINF:");
    REQUIRE(durations.size() == 4);
    CHECK(durations[1] == "3.499,");
    CHECK(durations[2] == "3.499,");
    CHECK(durations[3] == "3.499,");
    for (const auto& duration : durations) {
        CHECK(std::lround(std::stod(duration)) <= 3);
    }
}

TEST_CASE("a sliding window moves the media sequence and keeps discontinuities counted") {
    // Segment 103 begins after a worker restart.
    auto segments = recording(8, {103});
    auto window = [&](std::size_t first) {
        return live_media_playlist(std::span<const Segment>(segments).subspan(first, 3), 3);
    };

    // Before the break: no tag, one date.
    std::string before = window(0);
    CHECK(header_value(before, "#EXT-X-MEDIA-SEQUENCE") == "100");
    CHECK(header_value(before, "#EXT-X-DISCONTINUITY-SEQUENCE") == "0");
    CHECK(before.find("#EXT-X-DISCONTINUITY\n") == std::string::npos);

    // The break inside the window: the tag, then a new date, right before segment 103.
    std::string across = window(1);
    CHECK(header_value(across, "#EXT-X-MEDIA-SEQUENCE") == "101");
    CHECK(header_value(across, "#EXT-X-DISCONTINUITY-SEQUENCE") == "0");
    CHECK(across.find("run-102.ts\n#EXT-X-DISCONTINUITY\n"
                      "#EXT-X-PROGRAM-DATE-TIME:2026-11-28T12:00:06.700Z\n"
                      "#EXTINF:2.000,\nrun-103.ts\n") != std::string::npos);
    CHECK(lines_starting(across, "#EXT-X-PROGRAM-DATE-TIME:") ==
          std::vector<std::string>{"2026-11-28T12:00:02.000Z", "2026-11-28T12:00:06.700Z"});

    // The segment after the break is first: its discontinuity is counted in the header instead.
    std::string after = window(3);
    CHECK(header_value(after, "#EXT-X-MEDIA-SEQUENCE") == "103");
    CHECK(header_value(after, "#EXT-X-DISCONTINUITY-SEQUENCE") == "1");
    CHECK(after.find("#EXT-X-DISCONTINUITY\n") == std::string::npos);

    std::string later = window(5);
    CHECK(header_value(later, "#EXT-X-MEDIA-SEQUENCE") == "105");
    CHECK(header_value(later, "#EXT-X-DISCONTINUITY-SEQUENCE") == "1");
    CHECK(lines_starting(later, "#EXT-X-PROGRAM-DATE-TIME:") ==
          std::vector<std::string>{"2026-11-28T12:00:10.000Z"});
}

TEST_CASE("an empty window is a valid live playlist a player keeps reloading") {
    std::string text = live_media_playlist({}, 1);
    CHECK(text ==
          "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:1\n"
          "#EXT-X-SERVER-CONTROL:HOLD-BACK=3.000\n");
}
