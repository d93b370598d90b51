// The vote tally as a viewer gets it: burned into the frames by the channel's real pipeline,
// encoded by x264 into the segment files, and there when a decoder opens them.
#include <doctest/doctest.h>

#include <gst/app/gstappsink.h>
#include <gst/gst.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "common/gst_ptr.hpp"
#include "common/unix_time.hpp"
#include "streamer/channel_pipeline.hpp"
#include "tests/streamer/play_until_quit.hpp"
#include "tests/support/demo_process.hpp"
#include "tests/vote_overlay/tally_fixture.hpp"
#include "vote_overlay/overlay_renderer.hpp"

using namespace councilcast;
using namespace councilcast::streamer;

namespace {

constexpr guint kDeadlineSeconds = 30;
constexpr int kWidth = 640;
constexpr int kHeight = 360;

// A white picture, so the panel's dark background shows wherever it is drawn.
WorkerSettings white_settings(const std::filesystem::path& output) {
    WorkerSettings settings;
    settings.channel_id = "tally";
    settings.output_dir = output.string();
    settings.segment_duration_ms = 1000;
    settings.sources = {{"main", "test", "", "white"}};
    settings.renditions = {{"360p", kWidth, kHeight, 30, 800, "main", 64}};
    settings.overlay.channel_title = "Tarybos posėdžių salė";
    settings.overlay.live_label = "TIESIOGIAI";
    return settings;
}

vote_overlay::OverlayTally tally_counting() {
    auto tally = vote_overlay::test::open_tally();
    tally.countdown_ends_unix_ms = now_unix_ms() + 60'000;
    return tally;
}

// The luma plane of the first frame of a segment file, decoded by GStreamer.
std::vector<std::uint8_t> first_frame_luma(const std::filesystem::path& segment) {
    GErrorPtr error;
    const std::string description = "filesrc location=\"" + segment.string() +
                                    "\" ! tsdemux ! h264parse ! avdec_h264 ! videoconvert ! "
                                    "video/x-raw,format=GRAY8 ! appsink name=sink sync=false";
    auto pipeline = GPtr<GstElement>::sink(gst_parse_launch(description.c_str(), error.out()));
    REQUIRE_MESSAGE(!error, error.message());
    auto sink = GPtr<GstElement>::adopt(gst_bin_get_by_name(GST_BIN(pipeline.get()), "sink"));
    gst_element_set_state(pipeline.get(), GST_STATE_PAUSED);
    GstSample* sample = gst_app_sink_try_pull_preroll(GST_APP_SINK(sink.get()), 10 * GST_SECOND);
    REQUIRE(sample != nullptr);
    GstVideoInfo info;
    REQUIRE(gst_video_info_from_caps(&info, gst_sample_get_caps(sample)));
    GstVideoFrame frame;
    REQUIRE(gst_video_frame_map(&frame, &info, gst_sample_get_buffer(sample), GST_MAP_READ));
    std::vector<std::uint8_t> luma;
    const auto* data = static_cast<const std::uint8_t*>(GST_VIDEO_FRAME_PLANE_DATA(&frame, 0));
    const int stride = GST_VIDEO_FRAME_PLANE_STRIDE(&frame, 0);
    for (int y = 0; y < GST_VIDEO_FRAME_HEIGHT(&frame); ++y) {
        luma.insert(luma.end(), data + y * stride,
                    data + y * stride + GST_VIDEO_FRAME_WIDTH(&frame));
    }
    gst_video_frame_unmap(&frame);
    gst_sample_unref(sample);
    gst_element_set_state(pipeline.get(), GST_STATE_NULL);
    REQUIRE(luma.size() == static_cast<std::size_t>(kWidth) * kHeight);
    return luma;
}

double mean_luma(const std::vector<std::uint8_t>& luma, vote_overlay::FrameRect rect) {
    double sum = 0;
    for (int y = rect.y; y < rect.y + rect.height; ++y) {
        for (int x = rect.x; x < rect.x + rect.width; ++x) sum += luma[y * kWidth + x];
    }
    return sum / (static_cast<double>(rect.width) * rect.height);
}

// Runs a pipeline until `segment_count` segments are published; `on_segment` sees each as it
// comes. Returns the segment files in order.
std::vector<std::filesystem::path> record(
    const WorkerSettings& settings, std::size_t segment_count,
    const std::function<void(ChannelPipeline&, std::size_t)>& on_segment) {
    GMainLoop* loop = g_main_loop_new(nullptr, FALSE);
    std::vector<std::filesystem::path> files;
    std::string failure;
    {
        ChannelPipeline* running = nullptr;
        ChannelPipeline pipeline(
            settings,
            [&](const SegmentClosed& segment) {
                files.push_back(std::filesystem::path(settings.output_dir) / segment.rendition /
                                segment.file);
                on_segment(*running, files.size());
                if (files.size() == segment_count) g_main_loop_quit(loop);
            },
            [](const RenditionReport&) {},
            [&](const std::string& reason) {
                failure = reason;
                g_main_loop_quit(loop);
            });
        running = &pipeline;
        testing::play_until_quit(pipeline, loop, kDeadlineSeconds);
    }
    g_main_loop_unref(loop);
    CHECK(failure.empty());
    REQUIRE(files.size() == segment_count);
    return files;
}

}  // namespace

TEST_CASE("a tally set while live is in the encoded frames where its panel is, and only there") {
    gst_init(nullptr, nullptr);
    const auto settings = white_settings(testing::fresh_directory("overlay-tally"));
    // The tally arrives after the first segment; the fourth is wholly after it.
    const auto files = record(settings, 4, [&](ChannelPipeline& pipeline, std::size_t published) {
        if (published != 1) return;
        auto state = settings.overlay;
        state.tally = tally_counting();
        state.speaker = vote_overlay::test::mayor();
        pipeline.set_overlay(state);
    });
    // Before: the second segment, whose first frame had passed the overlay when the first was
    // published (the muxer closes a segment on the next one's keyframe). The very first frames
    // may still be black on a loaded machine, before the camera's first picture reaches the
    // programme.
    const auto before = first_frame_luma(files[1]);
    const auto after = first_frame_luma(files.back());

    const auto area = vote_overlay::OverlayRenderer::tally_area(kWidth, kHeight);
    // The panel's top band, which every tally fills whatever its texts.
    const vote_overlay::FrameRect panel_top{area.x + 4, area.y + 4, area.width - 8, 40};
    const double white = mean_luma(before, panel_top);
    const double with_tally = mean_luma(after, panel_top);
    MESSAGE("mean luma of the tally's area: ", white, " without, ", with_tally, " with the tally");
    CHECK(white > 200);
    CHECK(with_tally < 120);
    // The speaker's lower third came with it.
    const auto speaker = vote_overlay::OverlayRenderer().render_speaker(vote_overlay::test::mayor(),
                                                                        kWidth, kHeight);
    const auto& rect = speaker.placement;
    const vote_overlay::FrameRect speaker_inside{rect.x + 4, rect.y + 4, rect.width - 8,
                                                 rect.height - 8};
    CHECK(mean_luma(before, speaker_inside) > 200);
    CHECK(mean_luma(after, speaker_inside) < 120);
    // The centre of the picture stays as it was.
    const vote_overlay::FrameRect centre{kWidth / 2 - 40, kHeight / 2 - 40, 80, 80};
    CHECK(mean_luma(after, centre) == doctest::Approx(mean_luma(before, centre)).epsilon(0.03));
}

TEST_CASE("a worker started with a tally in its settings shows it from its first frame") {
    gst_init(nullptr, nullptr);
    // As after a restart: the supervisor's start message carries the last state it sent.
    auto settings = white_settings(testing::fresh_directory("overlay-restart"));
    settings.overlay.tally = tally_counting();
    const auto files = record(settings, 1, [](ChannelPipeline&, std::size_t) {});
    const auto first = first_frame_luma(files.front());
    const auto area = vote_overlay::OverlayRenderer::tally_area(kWidth, kHeight);
    const vote_overlay::FrameRect panel_top{area.x + 4, area.y + 4, area.width - 8, 40};
    CHECK(mean_luma(first, panel_top) < 120);
}
