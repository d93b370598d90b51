#include "archive/media_import.hpp"

#include <doctest/doctest.h>
#include <fmt/core.h>
#include <gst/gst.h>

extern "C" {
#include <libavformat/avformat.h>
}

#include <fstream>
#include <string>
#include <vector>

#include "common/error.hpp"
#include "common/gst_ptr.hpp"
#include "tests/support/demo_process.hpp"
#include "tests/support/shell_command.hpp"
#include "tests/support/test_segments.hpp"

namespace councilcast::archive {
namespace {

// Tiny files: a few seconds at 320x240, so each format costs well under a second to make.
constexpr int kFrames = 75;  // 3 s at 25 fps
constexpr double kLength_s = 3.0;
constexpr int kAudioBuffers = 141;  // 3 s of 1024-sample buffers at 48 kHz

std::string video_source(int frames) {
    return fmt::format(
        "videotestsrc num-buffers={} ! video/x-raw,format=I420,width=320,height=240,framerate=25/1 "
        "! ",
        frames);
}

std::string audio_source(int buffers) {
    return fmt::format(
        "audiotestsrc num-buffers={} samplesperbuffer=1024 ! audio/x-raw,rate=48000,channels=2 ! ",
        buffers);
}

// Runs a GStreamer description to its end, writing `path` (its `filesink location` is set here).
std::filesystem::path make_media(const std::string& name, const std::string& description) {
    static const auto dir = testing::fresh_directory("media-import-in");
    gst_init(nullptr, nullptr);
    const auto path = dir / name;
    GErrorPtr error;
    auto pipeline = GPtr<GstElement>::sink(
        gst_parse_launch_full((description + " filesink name=out").c_str(), nullptr,
                              GST_PARSE_FLAG_FATAL_ERRORS, error.out()));
    REQUIRE_MESSAGE(pipeline, error.message());
    auto out = GPtr<GstElement>::adopt(gst_bin_get_by_name(GST_BIN(pipeline.get()), "out"));
    g_object_set(out.get(), "location", path.c_str(), nullptr);
    gst_element_set_state(pipeline.get(), GST_STATE_PLAYING);
    auto bus = GPtr<GstBus>::adopt(gst_element_get_bus(pipeline.get()));
    auto message = GPtr<GstMessage>::adopt(gst_bus_timed_pop_filtered(
        bus.get(), 60 * GST_SECOND,
        static_cast<GstMessageType>(GST_MESSAGE_EOS | GST_MESSAGE_ERROR)));
    gst_element_set_state(pipeline.get(), GST_STATE_NULL);
    REQUIRE(message);
    REQUIRE(GST_MESSAGE_TYPE(message.get()) == GST_MESSAGE_EOS);
    return path;
}

// A file of `muxer` with the test picture encoded by `video` and, unless `audio` is empty, the
// test tone encoded by `audio`.
std::filesystem::path muxed(const std::string& name, const std::string& video,
                            const std::string& audio, const std::string& muxer,
                            int frames = kFrames, int audio_buffers = kAudioBuffers) {
    std::string description = video_source(frames) + video + " ! queue ! mux. ";
    if (!audio.empty()) description += audio_source(audio_buffers) + audio + " ! queue ! mux. ";
    return make_media(name, description + muxer + " name=mux ! ");
}

constexpr const char* kH264 = "x264enc speed-preset=ultrafast key-int-max=25 ! h264parse";
// x264 at ultrafast (no CABAC, no B-frames): Constrained Baseline (0x42, flags 0xc0), level 2.1.
constexpr const char* kX264Codecs = "avc1.42c015,mp4a.40.2";

std::filesystem::path h264_aac_mp4(const std::string& name, int frames, int audio_buffers) {
    return muxed(name, kH264, "avenc_aac ! aacparse", "mp4mux faststart=true", frames,
                 audio_buffers);
}

ImportSettings settings() {
    ImportSettings s;
    s.segment = std::chrono::milliseconds(2000);
    s.speed_preset = "ultrafast";
    s.renditions.push_back({"180p", 320, 180, 25, 300, "main", 64});
    return s;
}

struct Imported {
    ImportOutcome outcome;
    std::filesystem::path folder;
    std::vector<ImportProgress> progress;
};

Imported import(std::vector<std::filesystem::path> files,
                const ImportSettings& import_settings = settings()) {
    static int count = 0;
    Imported result;
    result.folder = testing::fresh_directory(fmt::format("media-import-out-{}", ++count));
    std::atomic<bool> cancel{false};
    result.outcome = import_media(
        files, result.folder, "run1", import_settings,
        [&](const ImportProgress& p) { result.progress.push_back(p); }, cancel);
    return result;
}

// Every segment starts with a keyframe and decodes; the segments add up to `length_s`.
void check_segments(const Imported& imported, double length_s, int width, bool audio = true) {
    REQUIRE(!imported.outcome.renditions.empty());
    for (const auto& rendition : imported.outcome.renditions) {
        REQUIRE(!rendition.segments.empty());
        std::int64_t total_us = 0;
        for (const auto& segment : rendition.segments) {
            const auto path = imported.folder / rendition.name / segment.file;
            const testing::DecodedVideo video = testing::decode_video(path);
            CHECK(video.first_is_key);
            CHECK(video.width == width);
            CHECK(video.audio == audio);
            CHECK(segment.bytes == static_cast<std::int64_t>(std::filesystem::file_size(path)));
            CHECK(segment.offset_us == total_us);
            total_us += segment.duration_us;
        }
        CHECK(total_us / 1e6 == doctest::Approx(length_s).epsilon(0.1));
    }
    CHECK(imported.outcome.duration_s == doctest::Approx(length_s).epsilon(0.1));
    CHECK(imported.outcome.skipped.empty());
    REQUIRE(!imported.progress.empty());
    CHECK(imported.progress.back().fraction > 0.5);
}

}  // namespace

TEST_CASE("H.264 with AAC in MP4 is remuxed, keeping its own picture") {
    const auto file = h264_aac_mp4("h264.mp4", kFrames, kAudioBuffers);
    CHECK(probe_media(file).method == ImportMethod::kRemux);
    const Imported imported = import({file});
    CHECK(imported.outcome.method == ImportMethod::kRemux);
    REQUIRE(imported.outcome.renditions.size() == 1);
    CHECK(imported.outcome.renditions[0].name == "source");
    CHECK(imported.outcome.renditions[0].width == 320);
    CHECK(imported.outcome.renditions[0].segments.size() == 2);
    // What the master playlist says of it: the profile and level x264 chose, and AAC-LC.
    CHECK(imported.outcome.codecs == kX264Codecs);
    CHECK(imported.outcome.framerate == doctest::Approx(25));
    check_segments(imported, kLength_s, 320);
}

TEST_CASE("several files are one recording in order, each after a break") {
    const auto first = h264_aac_mp4("part1.mp4", kFrames, kAudioBuffers);
    const auto second = h264_aac_mp4("part2.mp4", kFrames, kAudioBuffers);
    const Imported imported = import({first, second});
    const auto& segments = imported.outcome.renditions.at(0).segments;
    CHECK(segments.front().source == 0);
    CHECK(segments.back().source == 1);
    check_segments(imported, 2 * kLength_s, 320);
}

// In MPEG-TS: GStreamer's mpegpsdemux loses the first half second of what its mpegpsmux writes
// (a DVD's or ffmpeg's MPEG-PS it reads whole). avenc_mpeg2video refuses every frame rate in
// this GStreamer; mpeg2enc encodes.
TEST_CASE("MPEG-2 video with MPEG audio is transcoded to the channel's renditions") {
    const auto file = muxed("mpeg2.ts", "mpeg2enc format=3 ! mpegvideoparse",
                            "avenc_mp2 ! mpegaudioparse", "mpegtsmux");
    CHECK(probe_media(file).video_codec == "mpeg2video");
    const Imported imported = import({file});
    CHECK(imported.outcome.method == ImportMethod::kTranscode);
    CHECK(imported.outcome.renditions.at(0).name == "180p");
    CHECK(imported.outcome.codecs.empty());  // the channel's renditions describe it
    check_segments(imported, kLength_s, 320);
}

TEST_CASE("a channel's audio-only rendition is transcoded to the sound alone") {
    const auto file = muxed("mpeg2-audio.ts", "mpeg2enc format=3 ! mpegvideoparse",
                            "avenc_mp2 ! mpegaudioparse", "mpegtsmux");
    ImportSettings with_audio = settings();
    with_audio.renditions.push_back({"audio", 0, 0, 0, 0, "", 48});
    const Imported imported = import({file}, with_audio);
    REQUIRE(imported.outcome.renditions.size() == 2);
    const auto& picture = imported.outcome.renditions[0];
    const auto& sound = imported.outcome.renditions[1];
    CHECK(sound.name == "audio");
    CHECK(sound.segments.size() == picture.segments.size());
    std::int64_t total_us = 0;
    for (const auto& segment : sound.segments) {
        AVFormatContext* context = nullptr;
        const auto path = imported.folder / "audio" / segment.file;
        REQUIRE(avformat_open_input(&context, path.c_str(), nullptr, nullptr) == 0);
        REQUIRE(avformat_find_stream_info(context, nullptr) >= 0);
        CHECK(av_find_best_stream(context, AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0) < 0);
        CHECK(av_find_best_stream(context, AVMEDIA_TYPE_AUDIO, -1, -1, nullptr, 0) >= 0);
        avformat_close_input(&context);
        total_us += segment.duration_us;
    }
    CHECK(total_us / 1e6 == doctest::Approx(kLength_s).epsilon(0.1));
}

TEST_CASE("MPEG-4 Part 2 with MP3 in AVI is transcoded") {
    const auto file = muxed("mpeg4.avi", "avenc_mpeg4", "lamemp3enc ! mpegaudioparse", "avimux");
    CHECK(probe_media(file).video_codec == "mpeg4");
    check_segments(import({file}), kLength_s, 320);
}

TEST_CASE("WMV with WMA in ASF is transcoded") {
    // Made by ffmpeg: GStreamer's own asfdemux reads no frame of what its asfmux writes (the
    // files Windows Media wrote, and ffmpeg's, it reads).
    const auto file = testing::fresh_directory("media-import-wmv") / "old.wmv";
    const auto made = testing::run_shell(
        "ffmpeg -hide_banner -loglevel error -nostdin -y -f lavfi -i "
        "testsrc=size=320x240:rate=25:duration=3 -f lavfi -i sine=duration=3 -c:v wmv2 "
        "-c:a wmav2 " +
        testing::shell_quoted(file.string()));
    REQUIRE_MESSAGE(made.exit_code == 0, made.err);
    CHECK(probe_media(file).video_codec == "wmv2");
    check_segments(import({file}), kLength_s, 320);
}

TEST_CASE("H.264 that browsers cannot decode (4:4:4) is transcoded") {
    const auto file =
        muxed("h264-444.mp4", std::string("videoconvert ! video/x-raw,format=Y444 ! ") + kH264,
              "avenc_aac ! aacparse", "mp4mux");
    CHECK(probe_media(file).method == ImportMethod::kTranscode);
}

TEST_CASE("H.264 with MP3 sound is transcoded, and video without sound gets silence") {
    const auto mp3 = muxed("mp3.ts", kH264, "lamemp3enc ! mpegaudioparse", "mpegtsmux");
    CHECK(probe_media(mp3).method == ImportMethod::kTranscode);
    check_segments(import({mp3}), kLength_s, 320);

    const auto silent = muxed("silent.avi", "avenc_mpeg4", "", "avimux");
    CHECK(probe_media(silent).audio_codec.empty());
    check_segments(import({silent}), kLength_s, 320);
}

TEST_CASE("a truncated file imports what can be read and says what was lost") {
    const auto whole = h264_aac_mp4("whole.mp4", 100, 188);  // 4 s
    const auto cut = whole.parent_path() / "cut.mp4";
    {
        std::ifstream in(whole, std::ios::binary);
        std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        std::ofstream(cut, std::ios::binary) << bytes.substr(0, bytes.size() / 2);
    }
    const Imported imported = import({cut});
    REQUIRE(imported.outcome.skipped.size() == 1);
    const double lost = imported.outcome.skipped[0].seconds;
    CHECK(lost > 1.0);
    CHECK(imported.outcome.duration_s > 0.5);
    CHECK(imported.outcome.duration_s + lost == doctest::Approx(4.0).epsilon(0.15));
    for (const auto& segment : imported.outcome.renditions.at(0).segments) {
        CHECK(testing::decode_video(imported.folder / "source" / segment.file).first_is_key);
    }
}

TEST_CASE("a file that is no media is refused, and a cancelled import stops") {
    const auto folder = testing::fresh_directory("media-import-refused");
    const auto junk = folder / "notes.mp4";
    std::ofstream(junk) << "these are the minutes, not a recording";
    std::atomic<bool> cancel{false};
    std::vector<std::filesystem::path> files{junk};
    CHECK_THROWS_AS(import_media(files, folder / "out", "run", settings(), {}, cancel),
                    InvalidInput);

    files = {h264_aac_mp4("cancel.mp4", kFrames, kAudioBuffers)};
    cancel = true;
    CHECK_THROWS_AS(import_media(files, folder / "out", "run", settings(), {}, cancel),
                    ImportCancelled);
}

}  // namespace councilcast::archive
