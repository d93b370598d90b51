// The output ladder as a viewer's player meets it: every fragment in every rendition or in none,
// an audio-only rendition that is sound alone, each rendition at its own frame rate, and the
// master playlist's figures taken from what was encoded (checked against libav's reading of the
// segments), not from the settings.
#include "streamer/output_ladder.hpp"

#include <doctest/doctest.h>

extern "C" {
#include <libavformat/avformat.h>
}

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "archive/media_import.hpp"
#include "common/unix_time.hpp"
#include "streamer/channel_pipeline.hpp"
#include "tests/streamer/play_until_quit.hpp"
#include "tests/support/demo_process.hpp"
#include "tests/support/test_segments.hpp"

using namespace councilcast;
using namespace councilcast::streamer;

namespace {

constexpr guint kLadderDeadlineSeconds = 40;
// From a segment's end to its announcement: encoding, muxing, an fsync and a rename.
constexpr std::int64_t kPublishedWithinMs = 500;

WorkerSettings ladder_settings(const std::filesystem::path& output) {
    WorkerSettings settings;
    settings.channel_id = "test";
    settings.output_dir = output.string();
    settings.segment_duration_ms = 1000;
    settings.sources = {{"main", "test", "", "ball"}};
    settings.renditions = {{"180p", 320, 180, 30, 300, "high", 64},
                           {"90p", 160, 90, 15, 100, "main", 48},
                           {"audio", 0, 0, 0, 0, "", 32}};
    settings.overlay.channel_title = "Tarybos posėdžių salė";
    settings.overlay.live_label = "TIESIOGIAI";
    return settings;
}

struct Streams {
    int video = 0;
    int audio = 0;
};

// How many video and audio streams libav finds in a segment.
Streams streams_of(const std::filesystem::path& file) {
    AVFormatContext* context = nullptr;
    REQUIRE(avformat_open_input(&context, file.c_str(), nullptr, nullptr) == 0);
    REQUIRE(avformat_find_stream_info(context, nullptr) >= 0);
    Streams streams;
    for (unsigned i = 0; i < context->nb_streams; ++i) {
        const AVMediaType type = context->streams[i]->codecpar->codec_type;
        if (type == AVMEDIA_TYPE_VIDEO) ++streams.video;
        if (type == AVMEDIA_TYPE_AUDIO) ++streams.audio;
    }
    avformat_close_input(&context);
    return streams;
}

}  // namespace

TEST_CASE("every fragment comes in every rendition at once, and the reports say what was made") {
    gst_init(nullptr, nullptr);
    const auto output = testing::fresh_directory("ladder");
    // What a worker that died mid-segment left behind.
    std::filesystem::create_directories(output / "180p");
    const auto stale = output / "180p" / "dead-000003.ts.part";
    std::ofstream(stale) << "half a segment";

    GMainLoop* loop = g_main_loop_new(nullptr, FALSE);
    std::vector<SegmentClosed> segments;
    std::vector<std::int64_t> announced_ms;
    std::map<std::string, RenditionReport> reports;
    std::string failure;
    HallStatus status;
    {
        ChannelPipeline pipeline(
            ladder_settings(output),
            [&](const SegmentClosed& segment) {
                // Every rendition's file of the fragment is in place before the first is told.
                for (const char* rendition : {"180p", "90p", "audio"}) {
                    CHECK(std::filesystem::exists(output / rendition / segment.file));
                }
                segments.push_back(segment);
                announced_ms.push_back(now_unix_ms());
                if (segments.size() == 9) g_main_loop_quit(loop);
            },
            [&](const RenditionReport& report) { reports[report.rendition] = report; },
            [&](const std::string& reason) {
                failure = reason;
                g_main_loop_quit(loop);
            });
        CHECK_FALSE(std::filesystem::exists(stale));
        testing::play_until_quit(pipeline, loop, kLadderDeadlineSeconds);
        status = pipeline.status();
    }
    g_main_loop_unref(loop);
    CHECK(failure.empty());
    REQUIRE(segments.size() == 9);

    // Announced fragment by fragment, the renditions in the ladder's order, one name for all.
    for (std::size_t i = 0; i < segments.size(); ++i) {
        const char* expected[] = {"180p", "90p", "audio"};
        CHECK(segments[i].rendition == expected[i % 3]);
        CHECK(segments[i].file == segments[i - i % 3].file);
    }

    // Keyframe aligned: every picture segment starts with PAT, PMT and a keyframe (a player
    // may join at any segment), and a fragment lasts as long in every rendition (within a frame
    // of the slower one; the audio-only rendition cuts at the muxer's next PAT, at most 100 ms
    // late).
    for (std::size_t i = 0; i < segments.size(); i += 3) {
        for (std::size_t r = 0; r < 3; ++r) {
            const SegmentClosed& segment = segments[i + r];
            CAPTURE(segment.rendition);
            CHECK(testing::starts_with_pat_and_pmt(output / segment.rendition / segment.file));
            if (r == 2) continue;
            CHECK(testing::decode_video(output / segment.rendition / segment.file).first_is_key);
        }
        CHECK(std::abs(segments[i].duration_us - segments[i + 1].duration_us) < 67'000);
        CHECK(std::abs(segments[i].duration_us - segments[i + 2].duration_us) < 110'000);
    }

    // Published the moment its last packet is out: the segment's end in the hall to its
    // announcement (it was a whole keyframe interval more, 1 s here, with splitmuxsink).
    for (std::size_t i = 0; i < segments.size(); ++i) {
        const std::int64_t end_ms = segments[i].start_unix_ms + segments[i].duration_us / 1000;
        CAPTURE(segments[i].rendition);
        CHECK(announced_ms[i] - end_ms < kPublishedWithinMs);
    }

    // The heartbeat's encoders: frames flowing at each rendition's own rate, segments counted.
    REQUIRE(status.encoders.size() == 3);
    CHECK(status.encoders[0].rendition == "180p");
    CHECK(status.encoders[0].fps > 20);
    CHECK(status.encoders[1].fps > 10);
    CHECK(status.encoders[1].fps < status.encoders[0].fps);
    CHECK(status.encoders[2].fps == 0);
    for (const auto& encoder : status.encoders) CHECK(encoder.segments == 3);

    // The reports, against libav's reading of the same segments.
    REQUIRE(reports.size() == 3);
    const auto big = archive::probe_media(output / "180p" / segments[0].file);
    CHECK(reports["180p"].codecs == big.codecs);
    CHECK(reports["180p"].codecs.starts_with("avc1.64"));  // high profile, as configured
    CHECK(reports["180p"].width == 320);
    CHECK(reports["180p"].height == 180);
    CHECK(reports["180p"].framerate == doctest::Approx(30));
    const auto small = archive::probe_media(output / "90p" / segments[1].file);
    CHECK(reports["90p"].codecs == small.codecs);
    CHECK(reports["90p"].codecs.starts_with("avc1.4d"));  // main
    CHECK(reports["90p"].framerate == doctest::Approx(15));
    CHECK(small.framerate == doctest::Approx(15));
    for (const auto& entry : reports) {
        const RenditionReport& report = entry.second;
        INFO(report.rendition);
        CHECK(report.peak_bandwidth >= report.average_bandwidth);
        CHECK(report.average_bandwidth > 0);
    }
    CHECK(reports["180p"].average_bandwidth > reports["90p"].average_bandwidth);
    CHECK(reports["90p"].average_bandwidth > reports["audio"].average_bandwidth);

    // The audio-only rendition is sound alone.
    CHECK(reports["audio"].codecs == "mp4a.40.2");
    CHECK(reports["audio"].width == 0);
    const Streams audio = streams_of(output / "audio" / segments[2].file);
    CHECK(audio.video == 0);
    CHECK(audio.audio == 1);
    const Streams video = streams_of(output / "90p" / segments[1].file);
    CHECK(video.video == 1);
    CHECK(video.audio == 1);
}

TEST_CASE("Low-Latency HLS parts: each segment's parts, concatenated, are the segment") {
    gst_init(nullptr, nullptr);
    const auto output = testing::fresh_directory("ladder-parts");
    auto settings = ladder_settings(output);
    settings.renditions = {settings.renditions[0], settings.renditions[2]};  // 180p and audio
    settings.parts_per_segment = 3;

    GMainLoop* loop = g_main_loop_new(nullptr, FALSE);
    std::vector<SegmentClosed> segments;
    std::vector<PartClosed> parts;
    // The bytes of each part as they came, by rendition, fragment and part.
    std::map<std::tuple<std::string, std::int64_t, int>, std::string> bytes;
    std::vector<std::string> order_problems;
    std::string failure;
    {
        ChannelPipeline pipeline(
            settings,
            [&](const SegmentClosed& segment) {
                segments.push_back(segment);
                if (segments.size() == 6) g_main_loop_quit(loop);
            },
            [](const RenditionReport&) {},
            [&](const std::string& reason) {
                failure = reason;
                g_main_loop_quit(loop);
            });
        pipeline.set_part_handlers(
            [&](const MediaBytes& media, std::string_view data) {
                CHECK(media.bytes == static_cast<std::int64_t>(data.size()));
                bytes[{media.rendition, media.fragment, media.part}].append(data);
            },
            [&](const PartClosed& part) {
                // Every byte of a part is out before the part is announced closed.
                if (!bytes.contains({part.rendition, part.fragment, part.part})) {
                    order_problems.push_back(part.rendition + " part without bytes");
                }
                parts.push_back(part);
            });
        testing::play_until_quit(pipeline, loop, kLadderDeadlineSeconds);
    }
    g_main_loop_unref(loop);
    CHECK(failure.empty());
    CHECK(order_problems.empty());
    REQUIRE(segments.size() == 6);

    for (const SegmentClosed& segment : segments) {
        CAPTURE(segment.rendition);
        CAPTURE(segment.file);
        std::string joined;
        std::int64_t duration_us = 0;
        int count = 0;
        for (const PartClosed& part : parts) {
            if (part.rendition != segment.rendition || part.fragment != segment.fragment) continue;
            CHECK(part.part == count);
            // A player may start at the first part alone: it begins the segment.
            CHECK(part.independent == (part.part == 0));
            joined += bytes[{part.rendition, part.fragment, part.part}];
            duration_us += part.duration_us;
            ++count;
            // About a third of a second each (the first segment of a run may start late).
            if (segment.duration_us > 900'000) {
                CHECK(part.duration_us == doctest::Approx(333'333).epsilon(0.25));
            }
        }
        CHECK(count == 3);
        // Each duration is truncated to the microsecond.
        CHECK(std::abs(duration_us - segment.duration_us) < count);
        std::ifstream file(output / segment.rendition / segment.file, std::ios::binary);
        const std::string on_disk((std::istreambuf_iterator<char>(file)), {});
        CHECK(joined.size() == on_disk.size());
        CHECK(joined == on_disk);
    }
}
