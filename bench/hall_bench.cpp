// Benchmark: how fast the hall reacts, seen at the programme's output (the frames the encoders
// get): a cut → the first frame of the new camera (goal 100 ms); an RTSP camera killed → the
// slate on air (goal 2 s), over TCP and UDP (the RTSP connection breaks either way), and one that
// hangs with its connection open (only the missing frames tell); the camera back → its picture
// on air (goal 5 s). Then the worker's CPU at 720p with three test cameras and the interpreter's
// corner against one camera, and against today's single-source pipeline (before the hall: the
// test picture straight into the ladder) in the same run.
//
// Prints figures, never fails: a slow or busy machine only makes the numbers worse.
#include <sys/resource.h>

#include <gst/gst.h>
#include <gst/video/video.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/gst_ptr.hpp"
#include "streamer/channel_pipeline.hpp"
#include "streamer/hall_mixer.hpp"
#include "streamer/output_ladder.hpp"
#include "tests/streamer/hall_camera_process.hpp"
#include "tests/support/smtp_sink.hpp"

using namespace councilcast;
using namespace councilcast::streamer;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int kWidth = 1280;
constexpr int kHeight = 720;
constexpr int kCuts = 20;
constexpr int kLossRounds = 3;
constexpr auto kCpuRun = 20s;

// The colour of the picture, told apart by its chroma (BT.601): the test cameras' red
// and blue, and the slate's dark blue.
enum class Seen { kNothing, kRed, kBlue, kSlate };

Seen classify(int u, int v) {
    struct Reference {
        Seen seen;
        int u, v;
    };
    static constexpr Reference kReferences[] = {
        {Seen::kRed, 90, 240}, {Seen::kBlue, 240, 110}, {Seen::kSlate, 146, 115}};
    Seen best = Seen::kNothing;
    int best_distance = 30 * 30;  // further than this from all: black, or something else
    for (const auto& r : kReferences) {
        const int distance = (u - r.u) * (u - r.u) + (v - r.v) * (v - r.v);
        if (distance < best_distance) {
            best_distance = distance;
            best = r.seen;
        }
    }
    return best;
}

WorkerSettings settings_for(std::vector<SourceSettings> sources, const std::string& name) {
    WorkerSettings settings;
    settings.channel_id = name;
    settings.output_dir =
        (std::filesystem::temp_directory_path() / ("councilcast-hall-bench-" + name)).string();
    std::filesystem::remove_all(settings.output_dir);
    settings.segment_duration_ms = 2000;
    settings.sources = std::move(sources);
    settings.renditions = {{"720p", kWidth, kHeight, 30, 2500, "main", 128}};
    settings.slate = {"Transliacija netrukus bus tęsiama", "Savivaldybė", ""};
    settings.audio.kind = "camera";
    return settings;
}

SourceSettings test_source(const std::string& id, const std::string& pattern) {
    return {.id = id, .kind = "test", .test_pattern = pattern};
}

// The hall's programme alone (no encoders), watched at its output: what the centre shows, and
// when a change awaited first shows there.
class Watch {
  public:
    explicit Watch(WorkerSettings settings) : settings_(std::move(settings)), mixer_(settings_) {
        GErrorPtr error;
        const std::string description =
            mixer_.describe() +
            "program. ! queue ! fakesink sync=false program_audio. ! queue ! fakesink sync=false";
        pipeline_ = GPtr<GstElement>::sink(gst_parse_launch(description.c_str(), error.out()));
        if (error) throw std::runtime_error(error.message());
        mixer_.attach(pipeline_.get());
        gst_video_info_set_format(&info_, GST_VIDEO_FORMAT_I420, kWidth, kHeight);
        GPtr<GstElement> caps =
            GPtr<GstElement>::adopt(gst_bin_get_by_name(GST_BIN(pipeline_.get()), "program_caps"));
        pad_ = GPtr<GstPad>::adopt(gst_element_get_static_pad(caps.get(), "src"));
        probe_ =
            gst_pad_add_probe(pad_.get(), GST_PAD_PROBE_TYPE_BUFFER, &Watch::frame, this, nullptr);
        bus_ = GPtr<GstBus>::adopt(gst_element_get_bus(pipeline_.get()));
        watch_ = gst_bus_add_watch(bus_.get(), &Watch::message, this);
        gst_element_set_state(pipeline_.get(), GST_STATE_PLAYING);
    }
    ~Watch() {
        gst_element_set_state(pipeline_.get(), GST_STATE_NULL);
        g_source_remove(watch_);
        gst_pad_remove_probe(pad_.get(), probe_);
    }

    HallMixer& mixer() { return mixer_; }
    // Runs the main loop until the centre shows `what` or the deadline passes; the time it took
    // from `since`, or a negative duration past the deadline.
    std::chrono::duration<double, std::milli> until(Seen what, Clock::time_point since,
                                                    std::chrono::milliseconds deadline) {
        awaited_ = what;
        shown_at_ = Clock::time_point{};
        const auto end = Clock::now() + deadline;
        const guint tick = g_timeout_add(
            5, [](gpointer) -> gboolean { return TRUE; }, nullptr);
        while (Clock::now() < end && shown_at_.load() == Clock::time_point{}) {
            g_main_context_iteration(nullptr, TRUE);
        }
        g_source_remove(tick);
        awaited_ = Seen::kNothing;
        const auto shown = shown_at_.load();
        if (shown == Clock::time_point{}) return std::chrono::milliseconds(-1);
        return shown - since;
    }
    void run_for(std::chrono::milliseconds time) {
        const auto end = Clock::now() + time;
        const guint tick = g_timeout_add(
            5, [](gpointer) -> gboolean { return TRUE; }, nullptr);
        while (Clock::now() < end) g_main_context_iteration(nullptr, TRUE);
        g_source_remove(tick);
    }

  private:
    static GstPadProbeReturn frame(GstPad*, GstPadProbeInfo* info, gpointer self) noexcept {
        auto* watch = static_cast<Watch*>(self);
        GstVideoFrame frame;
        if (!gst_video_frame_map(&frame, &watch->info_, GST_PAD_PROBE_INFO_BUFFER(info),
                                 GST_MAP_READ)) {
            return GST_PAD_PROBE_OK;
        }
        const auto chroma = [&](int plane) {
            const auto* data =
                static_cast<const std::uint8_t*>(GST_VIDEO_FRAME_PLANE_DATA(&frame, plane));
            // A quarter in from the top left: clear of the slate's text and the overlay.
            return data[kHeight / 8 * GST_VIDEO_FRAME_PLANE_STRIDE(&frame, plane) + kWidth / 8];
        };
        const Seen seen = classify(chroma(1), chroma(2));
        gst_video_frame_unmap(&frame);
        if (seen == watch->awaited_.load() && watch->shown_at_.load() == Clock::time_point{}) {
            watch->shown_at_ = Clock::now();
        }
        return GST_PAD_PROBE_OK;
    }
    static gboolean message(GstBus*, GstMessage* message, gpointer self) noexcept {
        static_cast<Watch*>(self)->mixer_.handle_message(message);
        return TRUE;
    }

    WorkerSettings settings_;
    HallMixer mixer_;
    GPtr<GstElement> pipeline_;
    GPtr<GstPad> pad_;
    GPtr<GstBus> bus_;
    gulong probe_ = 0;
    guint watch_ = 0;
    GstVideoInfo info_;
    std::atomic<Seen> awaited_{Seen::kNothing};
    std::atomic<Clock::time_point> shown_at_{};
};

void print_series(const char* what, std::vector<double> values, const char* goal) {
    std::sort(values.begin(), values.end());
    std::printf("%-44s", what);
    if (values.empty() || values.front() < 0) {
        std::printf(" not seen within the deadline in some round\n");
        return;
    }
    std::printf(" median %7.1f ms  max %7.1f ms  (goal %s; %zu rounds)\n",
                values[values.size() / 2], values.back(), goal, values.size());
}

void bench_cuts() {
    Watch watch(settings_for({test_source("wide", "red"), test_source("rostrum", "blue")}, "cut"));
    watch.until(Seen::kRed, Clock::now(), 10s);
    std::vector<double> latencies;
    for (int i = 0; i < kCuts; ++i) {
        const bool to_rostrum = i % 2 == 0;
        watch.run_for(std::chrono::milliseconds(300 + 37 * (i % 5)));  // not in step with frames
        const auto at = Clock::now();
        watch.mixer().apply(
            {.kind = HallCommand::Kind::kCut, .camera = to_rostrum ? "rostrum" : "wide"});
        latencies.push_back(watch.until(to_rostrum ? Seen::kBlue : Seen::kRed, at, 2s).count());
    }
    print_series("cut -> first frame of the new camera", latencies, "100 ms");
}

// `hang`: the camera is frozen (SIGSTOP) with its connection open, so only the missing frames tell,
// and let go again (SIGCONT); otherwise killed and started again.
void bench_loss(const std::string& transport, bool hang) {
    const auto port = testing::free_port();
    const auto log = std::filesystem::temp_directory_path() / "councilcast-hall-bench-camera.log";
    auto camera = testing::start_fake_camera(port, transport, "red", 440, log);
    Watch watch(settings_for({{.id = "wide",
                               .kind = "rtsp",
                               .location = testing::fake_camera_url(port),
                               .transport = transport}},
                             "loss-" + transport));
    if (watch.until(Seen::kRed, Clock::now(), 15s).count() < 0) {
        std::printf("%s camera never came up\n", transport.c_str());
        return;
    }
    std::vector<double> to_slate;
    std::vector<double> back;
    for (int round = 0; round < kLossRounds; ++round) {
        watch.run_for(2s);
        if (hang) {
            camera->freeze(true);
        } else {
            camera->kill();
        }
        const auto killed = Clock::now();
        to_slate.push_back(watch.until(Seen::kSlate, killed, 10s).count());
        watch.run_for(1s);
        if (hang) {
            camera->freeze(false);
        } else {
            camera = testing::start_fake_camera(port, transport, "red", 440, log);
        }
        const auto restarted = Clock::now();
        back.push_back(watch.until(Seen::kRed, restarted, 15s).count());
    }
    const std::string camera_name = "RTSP/" + transport + " camera";
    print_series(
        (camera_name + (hang ? " hangs -> slate on air" : " killed -> slate on air")).c_str(),
        to_slate, "2000 ms");
    print_series((camera_name + (hang ? " goes on -> on air" : " restarted -> on air")).c_str(),
                 back, "5000 ms");
}

double cpu_seconds() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
           static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

// Runs the main loop for kCpuRun after a few seconds' warm-up; the process's CPU over it, in
// per cent of one core.
double cpu_while_running(const std::function<void()>& before) {
    before();
    const auto run = [](std::chrono::milliseconds time) {
        const auto end = Clock::now() + time;
        const guint tick = g_timeout_add(
            20, [](gpointer) -> gboolean { return TRUE; }, nullptr);
        while (Clock::now() < end) g_main_context_iteration(nullptr, TRUE);
        g_source_remove(tick);
    };
    run(3s);
    const double cpu = cpu_seconds();
    const auto start = Clock::now();
    run(kCpuRun);
    return 100 * (cpu_seconds() - cpu) /
           std::chrono::duration<double>(Clock::now() - start).count();
}

double cpu_of_hall(WorkerSettings settings) {
    std::unique_ptr<ChannelPipeline> pipeline;
    return cpu_while_running([&] {
        pipeline = std::make_unique<ChannelPipeline>(
            settings, [](const SegmentClosed&) {}, [](const RenditionReport&) {},
            [](const std::string& reason) { std::printf("failed: %s\n", reason.c_str()); });
        pipeline->play();
    });
}

// Today's worker before the hall: the test picture scaled into the programme's caps and straight
// into the same ladder (no compositor, no inter elements, no previews).
double cpu_of_single_source(const WorkerSettings& settings) {
    OutputLadder ladder(
        settings, [](const SegmentClosed&) {}, [](const RenditionReport&) {});
    const std::string description =
        "videotestsrc is-live=true pattern=smpte horizontal-speed=2 ! videoconvert ! videoscale ! "
        "videorate ! video/x-raw,format=I420,width=1280,height=720,framerate=30/1,"
        "pixel-aspect-ratio=1/1 ! tee name=program audiotestsrc is-live=true wave=sine freq=440 "
        "volume=0.05 ! audioconvert ! audioresample ! audio/x-raw,rate=48000,channels=2 ! "
        "tee name=program_audio " +
        ladder.describe();
    GPtr<GstElement> pipeline;
    const double cpu = cpu_while_running([&] {
        GErrorPtr error;
        pipeline = GPtr<GstElement>::sink(gst_parse_launch(description.c_str(), error.out()));
        GPtr<GstElement> mux =
            GPtr<GstElement>::adopt(gst_bin_get_by_name(GST_BIN(pipeline.get()), "mux0"));
        const std::string location = settings.output_dir + "/720p/single-%05d.ts";
        g_object_set(mux.get(), "location", location.c_str(), nullptr);
        gst_element_set_state(pipeline.get(), GST_STATE_PLAYING);
    });
    gst_element_set_state(pipeline.get(), GST_STATE_NULL);
    return cpu;
}

}  // namespace

int main(int argc, char** argv) {
    gst_init(nullptr, nullptr);
    std::printf("hall_bench: reaction times at the programme's output (720p, 30 fps)\n");
    bench_cuts();
    // `hall_bench cuts`: the cut alone, a few seconds.
    if (argc > 1 && std::string(argv[1]) == "cuts") return 0;
    bench_loss("tcp", false);
    bench_loss("udp", false);
    bench_loss("tcp", true);

    std::printf(
        "\nthe worker's CPU at 720p (one 2500 kbps rendition, as the demo), %% of a core "
        "over %lld s:\n",
        static_cast<long long>(kCpuRun.count()));
    auto one = settings_for({test_source("wide", "smpte")}, "cpu-one");
    auto three = settings_for({test_source("wide", "smpte"), test_source("rostrum", "smpte75"),
                               test_source("interpreter", "colors")},
                              "cpu-three");
    three.pip.camera = "interpreter";
    three.hall.pip = true;
    auto single = settings_for({test_source("wide", "smpte")}, "cpu-single");
    const double today = cpu_of_single_source(single);
    const double hall_one = cpu_of_hall(one);
    const double hall_three = cpu_of_hall(three);
    std::printf("  today's single source (no hall, no overlay) %6.1f %%\n", today);
    std::printf("  the hall, 1 test camera (overlay, previews) %6.1f %%\n", hall_one);
    std::printf("  the hall, 3 test cameras and the corner     %6.1f %%\n", hall_three);
    return 0;
}
