#include "tests/streamer/hall_fixture.hpp"

#include <doctest/doctest.h>
#include <gst/app/gstappsink.h>
#include <gst/video/video.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "common/gst_ptr.hpp"

namespace councilcast::testing {
namespace {

constexpr std::chrono::milliseconds kDecodeDeadline{10'000};
// What counts as a flash and as a beep (see flashes_and_beeps).
constexpr double kDarkLuma = 64;
constexpr double kBrightLuma = 160;
constexpr float kLoudSample = 0.1F;
constexpr double kSilenceBeforeBeepMs = 50;
constexpr int kBeepSoundRate = 48000;  // the sound is measured mono (both channels mixed)

// Pulls the samples of a decoding pipeline that ends in an appsink named "sink", to the end.
std::vector<GPtr<GstSample>> decode(const std::string& description) {
    GErrorPtr error;
    auto pipeline = GPtr<GstElement>::sink(gst_parse_launch(description.c_str(), error.out()));
    if (error) throw std::runtime_error(error.message());
    auto sink = GPtr<GstElement>::adopt(gst_bin_get_by_name(GST_BIN(pipeline.get()), "sink"));
    gst_element_set_state(pipeline.get(), GST_STATE_PLAYING);
    std::vector<GPtr<GstSample>> samples;
    while (GstSample* sample = gst_app_sink_try_pull_sample(
               GST_APP_SINK(sink.get()),
               std::chrono::duration_cast<std::chrono::nanoseconds>(kDecodeDeadline).count())) {
        samples.push_back(GPtr<GstSample>::adopt(sample));
    }
    gst_element_set_state(pipeline.get(), GST_STATE_NULL);
    return samples;
}

double timestamp_ms(GstBuffer* buffer) {
    return static_cast<double>(GST_BUFFER_PTS(buffer)) / GST_MSECOND;
}

// The mean brightness of the picture's middle (a grey frame): clear of the overlay's band at the
// bottom.
double middle_luma(GstSample* sample) {
    GstVideoInfo info;
    REQUIRE(gst_video_info_from_caps(&info, gst_sample_get_caps(sample)));
    GstVideoFrame frame;
    REQUIRE(gst_video_frame_map(&frame, &info, gst_sample_get_buffer(sample), GST_MAP_READ));
    const int width = GST_VIDEO_FRAME_WIDTH(&frame);
    const int height = GST_VIDEO_FRAME_HEIGHT(&frame);
    const int stride = GST_VIDEO_FRAME_PLANE_STRIDE(&frame, 0);
    const auto* data = static_cast<const std::uint8_t*>(GST_VIDEO_FRAME_PLANE_DATA(&frame, 0));
    double sum = 0;
    int pixels = 0;
    for (int row = height / 4; row < height * 3 / 5; ++row) {
        for (int column = width / 4; column < width * 3 / 4; ++column) {
            sum += data[row * stride + column];
            ++pixels;
        }
    }
    gst_video_frame_unmap(&frame);
    return sum / pixels;
}

}  // namespace

streamer::WorkerSettings hall_settings(const std::filesystem::path& output,
                                       std::vector<streamer::SourceSettings> sources) {
    streamer::WorkerSettings settings;
    settings.channel_id = "hall";
    settings.output_dir = output.string();
    settings.segment_duration_ms = 1000;
    settings.sources = std::move(sources);
    settings.renditions = {{"180p", 320, 180, 30, 400, "main", 64}};
    settings.slate = {"Transliacija netrukus bus tęsiama", "Testo savivaldybė", ""};
    settings.preview_width = 160;
    settings.previews_per_second = 4;
    return settings;
}

streamer::SourceSettings test_camera(const std::string& id, const std::string& pattern) {
    return {.id = id, .kind = "test", .test_pattern = pattern};
}

HallRun::HallRun(streamer::WorkerSettings settings) : settings_(std::move(settings)) {
    gst_init(nullptr, nullptr);
    pipeline_ = std::make_unique<streamer::ChannelPipeline>(
        settings_, [this](const streamer::SegmentClosed& segment) { segments_.push_back(segment); },
        [](const streamer::RenditionReport&) {},
        [this](const std::string& reason) { failure_ = reason; });
    pipeline_->play();
}

HallRun::~HallRun() = default;

std::filesystem::path HallRun::file(const streamer::SegmentClosed& segment) const {
    return std::filesystem::path(settings_.output_dir) / segment.rendition / segment.file;
}

bool HallRun::run_until(const std::function<bool()>& condition,
                        std::chrono::milliseconds deadline) {
    const auto until = std::chrono::steady_clock::now() + deadline;
    // Wakes the loop now and then so the deadline is seen even when nothing else happens.
    const guint tick = g_timeout_add(
        20, [](gpointer) -> gboolean { return G_SOURCE_CONTINUE; }, nullptr);
    bool met = condition();
    while (!met && failure_.empty() && std::chrono::steady_clock::now() < until) {
        g_main_context_iteration(nullptr, TRUE);
        met = condition();
    }
    g_source_remove(tick);
    return met;
}

std::size_t HallRun::wait_segments(std::size_t count, std::chrono::milliseconds deadline) {
    const std::size_t first = segments_.size();
    run_until([&] { return segments_.size() >= first + count; }, deadline);
    return first;
}

std::size_t HallRun::segment_after(std::int64_t unix_ms, std::chrono::milliseconds deadline) {
    std::size_t index = 0;
    const bool found = run_until(
        [&] {
            for (index = 0; index < segments_.size(); ++index) {
                if (segments_[index].start_unix_ms >= unix_ms) return true;
            }
            return false;
        },
        deadline);
    REQUIRE_MESSAGE(found, "no segment started after the moment awaited");
    return index;
}

streamer::SourceStatus HallRun::source(const std::string& id) const {
    for (const auto& source : status().sources) {
        if (source.id == id) return source;
    }
    FAIL("no source " << id);
    return {};
}

Colour first_frame_colour(const std::filesystem::path& segment, int x, int y, int width,
                          int height) {
    const auto samples =
        decode("filesrc location=\"" + segment.string() +
               "\" ! tsdemux ! h264parse ! avdec_h264 ! videoconvert ! video/x-raw,format=RGB ! "
               "appsink name=sink sync=false max-buffers=1");
    REQUIRE_FALSE(samples.empty());
    GstVideoInfo info;
    REQUIRE(gst_video_info_from_caps(&info, gst_sample_get_caps(samples.front().get())));
    GstVideoFrame frame;
    REQUIRE(gst_video_frame_map(&frame, &info, gst_sample_get_buffer(samples.front().get()),
                                GST_MAP_READ));
    const int frame_width = GST_VIDEO_FRAME_WIDTH(&frame);
    const int frame_height = GST_VIDEO_FRAME_HEIGHT(&frame);
    const int stride = GST_VIDEO_FRAME_PLANE_STRIDE(&frame, 0);
    const auto* data = static_cast<const std::uint8_t*>(GST_VIDEO_FRAME_PLANE_DATA(&frame, 0));
    Colour sum;
    int pixels = 0;
    for (int row = frame_height * y / 1000; row < frame_height * (y + height) / 1000; ++row) {
        for (int column = frame_width * x / 1000; column < frame_width * (x + width) / 1000;
             ++column) {
            const std::uint8_t* pixel = data + row * stride + column * 3;
            sum.red += pixel[0];
            sum.green += pixel[1];
            sum.blue += pixel[2];
            ++pixels;
        }
    }
    gst_video_frame_unmap(&frame);
    REQUIRE(pixels > 0);
    return {sum.red / pixels, sum.green / pixels, sum.blue / pixels};
}

std::string colour_name(const Colour& colour) {
    const auto near = [&](double r, double g, double b) {
        return std::abs(colour.red - r) < 40 && std::abs(colour.green - g) < 40 &&
               std::abs(colour.blue - b) < 40;
    };
    if (near(255, 0, 0)) return "red";
    if (near(0, 255, 0)) return "green";
    if (near(0, 0, 255)) return "blue";
    if (near(0x1d, 0x35, 0x57)) return "slate";
    return "other";
}

double sound_peak_db(const std::filesystem::path& segment) {
    const auto samples = decode("filesrc location=\"" + segment.string() +
                                "\" ! tsdemux ! aacparse ! avdec_aac ! audioconvert ! "
                                "audio/x-raw,format=F32LE ! appsink name=sink sync=false");
    double peak = 0;
    for (const auto& sample : samples) {
        GstBuffer* buffer = gst_sample_get_buffer(sample.get());
        GstMapInfo map;
        if (!gst_buffer_map(buffer, &map, GST_MAP_READ)) continue;
        const auto* values = reinterpret_cast<const float*>(map.data);
        for (std::size_t i = 0; i < map.size / sizeof(float); ++i) {
            peak = std::max(peak, static_cast<double>(std::abs(values[i])));
        }
        gst_buffer_unmap(buffer, &map);
    }
    return peak > 0 ? 20 * std::log10(peak) : -100;
}

FlashesAndBeeps flashes_and_beeps(const std::filesystem::path& segment) {
    // One pipeline for both, so the picture and the sound carry the demuxer's one timeline; the
    // appsinks keep everything until it has run to the end, and are read after it.
    GErrorPtr error;
    auto pipeline = GPtr<GstElement>::sink(gst_parse_launch(
        ("filesrc location=\"" + segment.string() +
         "\" ! tsdemux name=demux demux. ! queue ! h264parse ! avdec_h264 ! videoconvert ! "
         "video/x-raw,format=GRAY8 ! appsink name=picture sync=false wait-on-eos=false demux. ! "
         "queue ! aacparse ! "
         "avdec_aac ! audioconvert ! audioresample ! audio/x-raw,format=F32LE,channels=1,rate=" +
         std::to_string(kBeepSoundRate) +
         " ! "
         "appsink name=sound sync=false wait-on-eos=false")
            .c_str(),
        error.out()));
    REQUIRE_MESSAGE(!error, error.message());
    auto bus = GPtr<GstBus>::adopt(gst_element_get_bus(pipeline.get()));
    gst_element_set_state(pipeline.get(), GST_STATE_PLAYING);
    auto end = GPtr<GstMessage>::adopt(gst_bus_timed_pop_filtered(
        bus.get(), std::chrono::duration_cast<std::chrono::nanoseconds>(kDecodeDeadline).count(),
        static_cast<GstMessageType>(GST_MESSAGE_EOS | GST_MESSAGE_ERROR)));
    if (!end || GST_MESSAGE_TYPE(end.get()) != GST_MESSAGE_EOS) {
        gst_element_set_state(pipeline.get(), GST_STATE_NULL);
        FAIL("cannot decode ", segment.string());
    }

    FlashesAndBeeps found;
    auto picture = GPtr<GstElement>::adopt(gst_bin_get_by_name(GST_BIN(pipeline.get()), "picture"));
    double previous_luma = kBrightLuma;  // a flash under way at the start is not one
    while (GstSample* pulled = gst_app_sink_try_pull_sample(GST_APP_SINK(picture.get()), 0)) {
        const auto sample = GPtr<GstSample>::adopt(pulled);
        const double luma = middle_luma(sample.get());
        if (previous_luma < kDarkLuma && luma > kBrightLuma) {
            found.flashes_ms.push_back(timestamp_ms(gst_sample_get_buffer(sample.get())));
        }
        previous_luma = luma;
    }

    auto sound = GPtr<GstElement>::adopt(gst_bin_get_by_name(GST_BIN(pipeline.get()), "sound"));
    double quiet_ms = 0;  // how long since the last loud sample
    while (GstSample* pulled = gst_app_sink_try_pull_sample(GST_APP_SINK(sound.get()), 0)) {
        const auto sample = GPtr<GstSample>::adopt(pulled);
        GstBuffer* buffer = gst_sample_get_buffer(sample.get());
        GstMapInfo map;
        REQUIRE(gst_buffer_map(buffer, &map, GST_MAP_READ));
        const auto* values = reinterpret_cast<const float*>(map.data);
        const std::size_t count = map.size / sizeof(float);
        constexpr double frame_ms = 1000.0 / kBeepSoundRate;
        for (std::size_t i = 0; i < count; ++i) {
            if (std::abs(values[i]) <= kLoudSample) {
                quiet_ms += frame_ms;
                continue;
            }
            if (quiet_ms >= kSilenceBeforeBeepMs) {
                found.beeps_ms.push_back(timestamp_ms(buffer) + static_cast<double>(i) * frame_ms);
            }
            quiet_ms = 0;
        }
        gst_buffer_unmap(buffer, &map);
    }
    gst_element_set_state(pipeline.get(), GST_STATE_NULL);
    return found;
}

}  // namespace councilcast::testing
