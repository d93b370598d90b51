#include "streamer/channel_pipeline.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <set>

#include "common/error.hpp"
#include "tests/streamer/play_until_quit.hpp"
#include "tests/support/demo_process.hpp"

using namespace councilcast;
using namespace councilcast::streamer;

namespace {

constexpr guint kDeadlineSeconds = 30;

WorkerSettings small_settings(const std::filesystem::path& output) {
    WorkerSettings settings;
    settings.channel_id = "test";
    settings.output_dir = output.string();
    settings.segment_duration_ms = 1000;
    settings.sources = {{"main", "test", "", "smpte"}};
    settings.renditions = {{"180p", 320, 180, 30, 300, "main", 64},
                           {"90p", 160, 90, 30, 100, "main", 64}};
    settings.overlay.channel_title = "Tarybos posėdžių salė";
    settings.overlay.live_label = "TIESIOGIAI";
    return settings;
}

}  // namespace

TEST_CASE("the pipeline publishes whole one-second segments for every rendition") {
    gst_init(nullptr, nullptr);
    const auto output = testing::fresh_directory("pipeline");
    GMainLoop* loop = g_main_loop_new(nullptr, FALSE);
    std::vector<SegmentClosed> segments;
    std::string failure;
    {
        ChannelPipeline pipeline(
            small_settings(output),
            [&](const SegmentClosed& segment) {
                // Every segment is whole and under its final name before it is announced.
                auto path = output / segment.rendition / segment.file;
                CHECK(std::filesystem::exists(path));
                CHECK(std::filesystem::file_size(path) ==
                      static_cast<std::uintmax_t>(segment.bytes));
                segments.push_back(segment);
                if (segments.size() == 6) g_main_loop_quit(loop);
            },
            [](const RenditionReport&) {},
            [&](const std::string& reason) {
                failure = reason;
                g_main_loop_quit(loop);
            });
        testing::play_until_quit(pipeline, loop, kDeadlineSeconds);
    }
    g_main_loop_unref(loop);
    CHECK(failure.empty());
    REQUIRE(segments.size() == 6);

    std::map<std::string, std::vector<SegmentClosed>> by_rendition;
    for (const auto& segment : segments) by_rendition[segment.rendition].push_back(segment);
    REQUIRE(by_rendition.size() == 2);
    std::set<std::string> names;
    for (auto& [rendition, list] : by_rendition) {
        for (std::size_t i = 0; i < list.size(); ++i) {
            CHECK(list[i].duration_us == doctest::Approx(1'000'000).epsilon(0.05));
            CHECK(list[i].file.ends_with(".ts"));
            CHECK(names.insert(rendition + "/" + list[i].file).second);
            if (i > 0) {
                CHECK(list[i].start_unix_ms - list[i - 1].start_unix_ms ==
                      doctest::Approx(1000).epsilon(0.1));
            }
        }
    }
}

TEST_CASE("an unknown test pattern is refused before anything runs") {
    gst_init(nullptr, nullptr);
    auto settings = small_settings(testing::fresh_directory("pattern"));
    settings.sources[0].test_pattern = "nonsense ! filesink location=/tmp/x";
    CHECK_THROWS_AS(ChannelPipeline(
                        settings, [](const SegmentClosed&) {}, [](const RenditionReport&) {},
                        [](const std::string&) {}),
                    InvalidInput);
}

TEST_CASE("finishing publishes the segment in progress and leaves no partial file") {
    gst_init(nullptr, nullptr);
    const auto output = testing::fresh_directory("finish");
    GMainLoop* loop = g_main_loop_new(nullptr, FALSE);
    std::vector<SegmentClosed> segments;
    bool finished = false;
    {
        auto settings = small_settings(output);
        settings.renditions.resize(1);
        std::pair<ChannelPipeline*, GMainLoop*> context{nullptr, loop};
        ChannelPipeline pipeline(
            settings,
            [&](const SegmentClosed& segment) {
                segments.push_back(segment);
                // Stop in the middle of the second segment.
                if (segments.size() == 1) {
                    g_timeout_add(
                        500,
                        [](gpointer p) {
                            auto* context =
                                static_cast<std::pair<ChannelPipeline*, GMainLoop*>*>(p);
                            context->first->finish(
                                [loop = context->second] { g_main_loop_quit(loop); });
                            return G_SOURCE_REMOVE;
                        },
                        &context);
                }
            },
            [](const RenditionReport&) {}, [&](const std::string&) { g_main_loop_quit(loop); });
        context.first = &pipeline;
        testing::play_until_quit(pipeline, loop, kDeadlineSeconds);
        finished = segments.size() >= 2;
    }
    g_main_loop_unref(loop);
    INFO("segments: ", segments.size());
    REQUIRE(finished);
    // Each segment is published as soon as it ends, so the stop publishes the half segment
    // that was open.
    CHECK(segments.back().duration_us < 1'000'000);
    CHECK(segments.back().duration_us > 100'000);
    for (const auto& entry : std::filesystem::recursive_directory_iterator(output)) {
        CHECK_MESSAGE(entry.path().extension() != ".part", entry.path());
    }
}
