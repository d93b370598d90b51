// Benchmark: the output ladder of the sample configuration (1080p high, 720p and 360p main, an
// audio-only rendition) with the vote overlay drawn before the split, encoding a non-live test
// picture as fast as it can: the real-time factor (seconds of programme per second of wall
// time) and the CPU it takes, against the same ladder run by `gst-launch-1.0` in the same run
// (textoverlay standing in for the vote overlay, which is no GStreamer element). A factor of
// 1.1 or more leaves the live worker headroom for the hall's cameras.
//
// Prints figures, never fails: a slow or busy machine only makes the numbers worse.
//
//   ladder_bench [seconds of programme, default 20]

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/core.h>
#include <gst/gst.h>
#include <gst/video/video.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>

#include "common/gst_ptr.hpp"
#include "common/unix_time.hpp"
#include "streamer/output_ladder.hpp"
#include "vote_overlay/overlay_stage.hpp"

using namespace councilcast;
using namespace councilcast::streamer;

namespace {

constexpr int kFramerate = 30;
constexpr int kAudioRate = 48000;
constexpr int kSamplesPerBuffer = 1024;

struct Figures {
    double wall_s = 0;
    double cpu_s = 0;
};

double cpu_seconds(int who) {
    rusage usage{};
    ::getrusage(who, &usage);
    return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
           (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

WorkerSettings sample_ladder(const std::filesystem::path& output) {
    WorkerSettings settings;
    settings.channel_id = "bench";
    settings.output_dir = output.string();
    settings.segment_duration_ms = 2000;
    settings.renditions = {{"1080p", 1920, 1080, 30, 5000, "high", 128},
                           {"720p", 1280, 720, 30, 2500, "main", 128},
                           {"360p", 640, 360, 30, 800, "main", 96},
                           {"audio", 0, 0, 0, 0, "", 64}};
    return settings;
}

// The programme as the hall's mixer hands it over (tees `program` and `program_audio`), from
// test sources that run as fast as the encoders take them and end after `seconds`.
std::string programme(int seconds, const char* overlay) {
    return fmt::format(
        "videotestsrc is-live=false num-buffers={} pattern=ball ! "
        "video/x-raw,format=I420,width=1920,height=1080,framerate={}/1,pixel-aspect-ratio=1/1 ! "
        "{}capsfilter name=program_caps ! tee name=program "
        "audiotestsrc is-live=false num-buffers={} samplesperbuffer={} wave=sine volume=0.05 ! "
        "audio/x-raw,rate={},channels=2 ! tee name=program_audio ",
        seconds * kFramerate, kFramerate, overlay, seconds * kAudioRate / kSamplesPerBuffer + 1,
        kSamplesPerBuffer, kAudioRate);
}

GstPadProbeReturn draw_overlay(GstPad*, GstPadProbeInfo* info, gpointer data) {
    auto* stage = static_cast<vote_overlay::OverlayStage*>(data);
    GstBuffer* buffer = gst_buffer_make_writable(GST_PAD_PROBE_INFO_BUFFER(info));
    GST_PAD_PROBE_INFO_DATA(info) = buffer;
    GstVideoInfo video;
    gst_video_info_set_format(&video, GST_VIDEO_FORMAT_I420, 1920, 1080);
    GstVideoFrame frame;
    if (gst_video_frame_map(&frame, &video, buffer, GST_MAP_READWRITE)) {
        stage->apply(frame, now_unix_ms());
        gst_video_frame_unmap(&frame);
    }
    return GST_PAD_PROBE_OK;
}

// The streamer's own ladder (OutputLadder) with the vote overlay, in this process.
Figures run_ladder(int seconds, const std::filesystem::path& output) {
    const WorkerSettings settings = sample_ladder(output);
    OutputLadder ladder(
        settings, [](const SegmentClosed&) {}, [](const RenditionReport&) {});
    GErrorPtr error;
    const std::string description = programme(seconds, "") + ladder.describe();
    GPtr<GstElement> pipeline = GPtr<GstElement>::sink(gst_parse_launch_full(
        description.c_str(), nullptr, GST_PARSE_FLAG_FATAL_ERRORS, error.out()));
    if (error || !pipeline) {
        std::fprintf(stderr, "cannot build the ladder: %s\n", error.message());
        std::exit(1);
    }
    ladder.attach(pipeline.get());
    vote_overlay::OverlayStage stage;
    vote_overlay::OverlayState state;
    state.channel_title = "Tarybos posėdžių salė";
    state.live_label = "TIESIOGIAI";
    state.clock_text = "12:00:00";
    stage.set_state(state);
    GPtr<GstElement> caps =
        GPtr<GstElement>::adopt(gst_bin_get_by_name(GST_BIN(pipeline.get()), "program_caps"));
    GPtr<GstPad> pad = GPtr<GstPad>::adopt(gst_element_get_static_pad(caps.get(), "src"));
    gst_pad_add_probe(pad.get(), GST_PAD_PROBE_TYPE_BUFFER, draw_overlay, &stage, nullptr);

    const double cpu_before = cpu_seconds(RUSAGE_SELF);
    const auto started = std::chrono::steady_clock::now();
    gst_element_set_state(pipeline.get(), GST_STATE_PLAYING);
    GPtr<GstBus> bus = GPtr<GstBus>::adopt(gst_element_get_bus(pipeline.get()));
    for (;;) {
        GstMessage* message = gst_bus_timed_pop(bus.get(), GST_CLOCK_TIME_NONE);
        const GstMessageType type = GST_MESSAGE_TYPE(message);
        ladder.handle_message(message);
        gst_message_unref(message);
        if (type == GST_MESSAGE_EOS || type == GST_MESSAGE_ERROR) break;
    }
    Figures figures;
    figures.wall_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    figures.cpu_s = cpu_seconds(RUSAGE_SELF) - cpu_before;
    gst_element_set_state(pipeline.get(), GST_STATE_NULL);
    return figures;
}

// The same ladder as one gst-launch-1.0 command line, each muxer writing to its own files.
Figures run_gst_launch(int seconds, const std::filesystem::path& output) {
    const WorkerSettings settings = sample_ladder(output);
    std::string ladder;
    {
        OutputLadder described(
            settings, [](const SegmentClosed&) {}, [](const RenditionReport&) {});
        ladder = described.describe();
    }
    for (std::size_t i = 0; i < settings.renditions.size(); ++i) {
        const std::string name = fmt::format("splitmuxsink name=mux{} ", i);
        const auto at = ladder.find(name);
        ladder.insert(at + name.size(), fmt::format("location={}/{}/%05d.ts ", output.string(),
                                                    settings.renditions[i].name));
    }
    const std::string command =
        "gst-launch-1.0 -q " +
        programme(seconds, "textoverlay text=\"Tarybos posėdžių salė\" valignment=bottom ! ") +
        ladder + " > /dev/null";
    const double cpu_before = cpu_seconds(RUSAGE_CHILDREN);
    const auto started = std::chrono::steady_clock::now();
    const int status = std::system(command.c_str());
    Figures figures;
    figures.wall_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    figures.cpu_s = cpu_seconds(RUSAGE_CHILDREN) - cpu_before;
    if (status != 0) std::printf("gst-launch-1.0 ended with status %d\n", status);
    return figures;
}

// CPU per second of programme is the figure a busy machine distorts least: with the machine to
// itself, the ladder could run at most (cores / it) times real time.
void print(const char* name, int seconds, const Figures& figures) {
    std::printf(
        "%-30s %6.2f s wall  %5.2fx real time  CPU %6.2f s (%3.0f%% of one core), %.2f core-s "
        "per programme second\n",
        name, figures.wall_s, seconds / figures.wall_s, figures.cpu_s,
        100 * figures.cpu_s / figures.wall_s, figures.cpu_s / seconds);
}

}  // namespace

int main(int argc, char** argv) {
    gst_init(nullptr, nullptr);
    const int seconds = argc > 1 ? std::max(4, std::atoi(argv[1])) : 20;
    const auto root = std::filesystem::temp_directory_path() /
                      fmt::format("councilcast-ladder-bench-{}", ::getpid());
    std::filesystem::remove_all(root);
    std::printf("1080p/720p/360p + audio-only ladder, %d s of programme, %u cores\n", seconds,
                std::thread::hardware_concurrency());
    const Figures ours = run_ladder(seconds, root / "ladder");
    const Figures theirs = run_gst_launch(seconds, root / "gst-launch");
    print("OutputLadder + vote overlay", seconds, ours);
    print("gst-launch-1.0 + textoverlay", seconds, theirs);
    std::printf("goal: >= 1.10x real time for the streamer's ladder; load average now: ");
    double load[1] = {0};
    if (::getloadavg(load, 1) == 1) std::printf("%.2f\n", load[0]);
    std::filesystem::remove_all(root);
    return 0;
}
