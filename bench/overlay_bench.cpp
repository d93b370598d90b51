// Benchmark: per-frame cost of the vote overlay against GStreamer's generic blend and textoverlay,
// with and without a vote's tally on the picture, and the time from a new count to the first
// encoded frame that carries it in a live pipeline like the streamer's.
//
// Prints figures, never fails: a slow or busy machine only makes the numbers worse. The first
// contenders blend the same 1920×200 lower third onto 1080p I420 frames with an unchanged state;
// the tally's contenders draw the same texts (bar, speaker, tally) on the same frames.

#include "common/gst_ptr.hpp"
#include "common/unix_time.hpp"
#include "vote_overlay/overlay_renderer.hpp"
#include "vote_overlay/overlay_stage.hpp"
#include "vote_overlay/planar_overlay.hpp"

#include <gst/gst.h>
#include <gst/video/video-overlay-composition.h>
#include <gst/video/video.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace councilcast {

// The overlay composition types are mini objects; common/gst_ptr.hpp has no traits for them
// because nothing outside this benchmark holds one.
template <>
struct GHandleTraits<GstVideoOverlayRectangle> {
    static void ref(GstVideoOverlayRectangle* p) { gst_mini_object_ref(GST_MINI_OBJECT_CAST(p)); }
    static void unref(GstVideoOverlayRectangle* p) {
        gst_mini_object_unref(GST_MINI_OBJECT_CAST(p));
    }
    static GstVideoOverlayRectangle* sink(GstVideoOverlayRectangle* p) { return p; }
};
template <>
struct GHandleTraits<GstVideoOverlayComposition> {
    static void ref(GstVideoOverlayComposition* p) { gst_mini_object_ref(GST_MINI_OBJECT_CAST(p)); }
    static void unref(GstVideoOverlayComposition* p) {
        gst_mini_object_unref(GST_MINI_OBJECT_CAST(p));
    }
    static GstVideoOverlayComposition* sink(GstVideoOverlayComposition* p) { return p; }
};

}  // namespace councilcast

namespace {

using councilcast::GErrorPtr;
using councilcast::GPtr;
using namespace councilcast::vote_overlay;
using Clock = std::chrono::steady_clock;

constexpr int kWidth = 1920;
constexpr int kHeight = 1080;
// Several frames in turn, as a pipeline delivers them, so no contender blends into a frame that
// the previous iteration left in the core's cache.
constexpr int kFramePoolSize = 4;
constexpr int kOurFrames = 1000;
constexpr int kGenericFrames = 200;
constexpr int kPipelineFrames = 300;
constexpr int kStateChanges = 50;

// Every frame of the steady-state figures has this wall-clock time: nothing re-renders.
constexpr std::int64_t kFrameUnixMs = 1'796'000'000'000;

const OverlayState kState{"Tarybos posėdžių salė", "TIESIOGIAI", "14:05:09"};
// textoverlay draws one string; the same words, on a shaded band, in the same face.
constexpr const char* kTextoverlayText = "Tarybos posėdžių salė       TIESIOGIAI   14:05:09";

OverlayTally bench_tally() {
    OverlayTally tally;
    tally.item_title = "Dėl Elektrėnų savivaldybės 2027 metų biudžeto patvirtinimo";
    tally.motion = "Pritarti sprendimo projektui";
    tally.counts = {{{"Už", 13}, {"Prieš", 4}, {"Susilaikė", 3}, {"Nebalsavo", 1}}};
    tally.presence_text = "Užsiregistravo 21 iš 25, kvorumas 13";
    tally.countdown_ends_unix_ms = kFrameUnixMs + 65'000;
    return tally;
}

OverlayState tally_state() {
    OverlayState state = kState;
    state.tally = bench_tally();
    state.speaker = OverlaySpeaker{"Gintautas Rimeikis", "Savivaldybės meras"};
    return state;
}

// The same texts for textoverlay: one element per part, as each part is one image of ours.
std::string textoverlay_tally_text(const OverlayTally& tally) {
    std::string text = "Dėl Elektrėnų savivaldybės 2027 metų\nbiudžeto patvirtinimo     1:05\n" +
                       tally.motion + "\n";
    for (const auto& count : tally.counts) {
        text += count.label + ": " + std::to_string(count.value) + "\n";
    }
    return text + tally.presence_text;
}
constexpr const char* kTextoverlaySpeaker = "Gintautas Rimeikis\nSavivaldybės meras";

double milliseconds(Clock::duration duration) {
    return std::chrono::duration<double, std::milli>(duration).count();
}

struct Summary {
    double median_ms = 0;
    double p99_ms = 0;
    std::size_t count = 0;
};

Summary summarise(std::vector<double> samples_ms) {
    std::sort(samples_ms.begin(), samples_ms.end());
    const auto at = [&](double quantile) {
        return samples_ms[static_cast<std::size_t>(quantile * (samples_ms.size() - 1) + 0.5)];
    };
    return Summary{at(0.5), at(0.99), samples_ms.size()};
}

void print_row(const char* name, const Summary& summary, const char* unit = "frames") {
    std::printf("  %-48s median %8.3f ms   p99 %8.3f ms   (%zu %s)\n", name, summary.median_ms,
                summary.p99_ms, summary.count, unit);
}

GstVideoInfo full_hd_info() {
    // Caps as videotestsrc sends them (no colorimetry: GStreamer's default, BT.709 at 1080p).
    GPtr<GstCaps> caps = GPtr<GstCaps>::adopt(
        gst_caps_from_string("video/x-raw,format=I420,width=1920,height=1080,framerate=25/1"));
    GstVideoInfo info;
    gst_video_info_from_caps(&info, caps.get());
    return info;
}

// A pool of writable, mapped 1080p frames with a grey picture.
class FramePool {
  public:
    explicit FramePool(const GstVideoInfo& info) : info_(info) {
        for (auto& slot : slots_) {
            slot.buffer =
                GPtr<GstBuffer>::adopt(gst_buffer_new_allocate(nullptr, info_.size, nullptr));
            gst_buffer_memset(slot.buffer.get(), 0, 0x80, info_.size);
            gst_video_frame_map(&slot.frame, &info_, slot.buffer.get(), GST_MAP_READWRITE);
        }
    }
    FramePool(const FramePool&) = delete;
    FramePool& operator=(const FramePool&) = delete;
    ~FramePool() {
        for (auto& slot : slots_) gst_video_frame_unmap(&slot.frame);
    }
    GstVideoFrame& next() { return slots_[next_++ % kFramePoolSize].frame; }

  private:
    struct Slot {
        GPtr<GstBuffer> buffer;
        GstVideoFrame frame{};
    };
    GstVideoInfo info_;
    std::array<Slot, kFramePoolSize> slots_;
    std::size_t next_ = 0;
};

std::vector<double> time_each(int count, const std::function<void()>& work) {
    std::vector<double> samples;
    samples.reserve(count);
    for (int i = 0; i < count; ++i) {
        const auto start = Clock::now();
        work();
        samples.push_back(milliseconds(Clock::now() - start));
    }
    return samples;
}

Summary bench_ours(FramePool& frames, const OverlayState& state) {
    OverlayStage stage;
    stage.set_state(state);
    stage.apply(frames.next(), kFrameUnixMs);  // the one render
    auto summary =
        summarise(time_each(kOurFrames, [&] { stage.apply(frames.next(), kFrameUnixMs); }));
    if (stage.render_count() != 1)
        std::printf("  (unexpected: %llu renders)\n",
                    static_cast<unsigned long long>(stage.render_count()));
    return summary;
}

Summary bench_composition_blend(FramePool& frames) {
    const OverlayRenderer renderer;
    const OverlayImage image = renderer.render_bar(kState, kWidth, kHeight);
    const auto& rect = image.placement;
    const std::size_t bytes = image.pixels.size() * sizeof(std::uint32_t);
    auto pixels = GPtr<GstBuffer>::adopt(gst_buffer_new_allocate(nullptr, bytes, nullptr));
    gst_buffer_fill(pixels.get(), 0, image.pixels.data(), bytes);
    // GST_VIDEO_OVERLAY_COMPOSITION_FORMAT_RGB is BGRA on little-endian: cairo's ARGB32 words.
    gst_buffer_add_video_meta(pixels.get(), GST_VIDEO_FRAME_FLAG_NONE,
                              GST_VIDEO_OVERLAY_COMPOSITION_FORMAT_RGB, rect.width, rect.height);
    auto rectangle = GPtr<GstVideoOverlayRectangle>::adopt(
        gst_video_overlay_rectangle_new_raw(pixels.get(), rect.x, rect.y, rect.width, rect.height,
                                            GST_VIDEO_OVERLAY_FORMAT_FLAG_PREMULTIPLIED_ALPHA));
    auto composition =
        GPtr<GstVideoOverlayComposition>::adopt(gst_video_overlay_composition_new(rectangle.get()));
    // First blend outside the timing: the rectangle caches its converted pixels, as textoverlay's
    // does.
    gst_video_overlay_composition_blend(composition.get(), &frames.next());
    return summarise(time_each(kGenericFrames, [&] {
        gst_video_overlay_composition_blend(composition.get(), &frames.next());
    }));
}

// Times between a buffer entering textoverlay's sink pad and leaving its source pad; both probes
// run on the streaming thread, inside the element's chain function.
struct ProbeTimes {
    Clock::time_point entered;
    std::vector<double> samples_ms;
};

GstPadProbeReturn on_buffer_entering(GstPad*, GstPadProbeInfo*, gpointer user_data) noexcept {
    static_cast<ProbeTimes*>(user_data)->entered = Clock::now();
    return GST_PAD_PROBE_OK;
}

GstPadProbeReturn on_buffer_leaving(GstPad*, GstPadProbeInfo*, gpointer user_data) noexcept {
    auto* times = static_cast<ProbeTimes*>(user_data);
    try {
        times->samples_ms.push_back(milliseconds(Clock::now() - times->entered));
    } catch (...) {
        // Out of memory for a sample: the figure just has one fewer.
    }
    return GST_PAD_PROBE_OK;
}

// Runs the pipeline to EOS; returns wall time, or a negative value if it failed. With probe
// times, buffers are timed from the `first` element's video sink to the `last` one's source.
double run_pipeline(const std::string& description, ProbeTimes* probe_times,
                    const char* first = "overlay", const char* last = "overlay") {
    GErrorPtr error;
    auto pipeline = GPtr<GstElement>::sink(gst_parse_launch(description.c_str(), error.out()));
    if (!pipeline || error) {
        std::printf("  cannot build pipeline: %s\n", error.message());
        return -1;
    }
    if (probe_times != nullptr) {
        auto first_overlay =
            GPtr<GstElement>::adopt(gst_bin_get_by_name(GST_BIN(pipeline.get()), first));
        auto last_overlay =
            GPtr<GstElement>::adopt(gst_bin_get_by_name(GST_BIN(pipeline.get()), last));
        auto sink_pad =
            GPtr<GstPad>::adopt(gst_element_get_static_pad(first_overlay.get(), "video_sink"));
        auto src_pad = GPtr<GstPad>::adopt(gst_element_get_static_pad(last_overlay.get(), "src"));
        // The probes are removed with the pads when the pipeline is freed, and probe_times
        // outlives the pipeline.
        gst_pad_add_probe(sink_pad.get(), GST_PAD_PROBE_TYPE_BUFFER, on_buffer_entering,
                          probe_times, nullptr);
        gst_pad_add_probe(src_pad.get(), GST_PAD_PROBE_TYPE_BUFFER, on_buffer_leaving, probe_times,
                          nullptr);
    }
    auto bus = GPtr<GstBus>::adopt(gst_element_get_bus(pipeline.get()));
    const auto start = Clock::now();
    gst_element_set_state(pipeline.get(), GST_STATE_PLAYING);
    auto message = GPtr<GstMessage>::adopt(gst_bus_timed_pop_filtered(
        bus.get(), GST_CLOCK_TIME_NONE,
        static_cast<GstMessageType>(GST_MESSAGE_EOS | GST_MESSAGE_ERROR)));
    const double elapsed = milliseconds(Clock::now() - start);
    gst_element_set_state(pipeline.get(), GST_STATE_NULL);
    if (GST_MESSAGE_TYPE(message.get()) == GST_MESSAGE_ERROR) {
        GErrorPtr pipeline_error;
        gst_message_parse_error(message.get(), pipeline_error.out(), nullptr);
        std::printf("  pipeline failed: %s\n", pipeline_error.message());
        return -1;
    }
    return elapsed;
}

struct TextoverlayFigures {
    Summary probed;
    double difference_per_frame_ms = -1;
};

// `overlays` is one or more textoverlay elements, the first named `first` and the last `last`.
TextoverlayFigures bench_textoverlay(const std::string& overlays, const char* first,
                                     const char* last) {
    const std::string source = "videotestsrc num-buffers=" + std::to_string(kPipelineFrames) +
                               " pattern=black ! video/x-raw,format=I420,width=1920,height=1080 ! ";
    const std::string sink = "fakesink sync=false";
    TextoverlayFigures figures;
    ProbeTimes probe_times;
    probe_times.samples_ms.reserve(kPipelineFrames);
    // One warm-up run each, so fonts and plugins are loaded before anything is timed.
    run_pipeline(source + sink, nullptr);
    run_pipeline(source + overlays + sink, nullptr);
    const double without = run_pipeline(source + sink, nullptr);
    const double with = run_pipeline(source + overlays + sink, &probe_times, first, last);
    if (without < 0 || with < 0 || probe_times.samples_ms.empty()) return figures;
    // The first buffer renders the text; the rest only blend it.
    probe_times.samples_ms.erase(probe_times.samples_ms.begin());
    figures.probed = summarise(probe_times.samples_ms);
    figures.difference_per_frame_ms = (with - without) / kPipelineFrames;
    return figures;
}

std::string lower_third_textoverlay() {
    return std::string("textoverlay name=overlay text=\"") + kTextoverlayText +
           "\" font-desc=\"DejaVu Sans Bold 44px\" valignment=bottom "
           "halignment=left shaded-background=true ! ";
}

// The bar, the speaker and the tally as three textoverlays, in the faces and corners of ours.
std::string tally_textoverlays() {
    return lower_third_textoverlay() + "textoverlay name=speaker text=\"" + kTextoverlaySpeaker +
           "\" font-desc=\"DejaVu Sans Bold 44px\" valignment=bottom halignment=left "
           "deltay=-230 shaded-background=true ! "
           "textoverlay name=tally text=\"" +
           textoverlay_tally_text(bench_tally()) +
           "\" font-desc=\"DejaVu Sans Mono Bold 30px\" valignment=top halignment=right "
           "line-alignment=left shaded-background=true ! ";
}

struct RerenderFigures {
    Summary apply;
    Summary render;
    Summary conversion;
};

RerenderFigures bench_rerender(FramePool& frames, const GstVideoInfo& info) {
    RerenderFigures figures;
    OverlayStage stage;
    stage.set_state(kState);
    stage.apply(frames.next(), kFrameUnixMs);
    int second = 0;
    figures.apply = summarise(time_each(kStateChanges, [&] {
        auto state = kState;
        char clock[32];
        std::snprintf(clock, sizeof clock, "14:%02d:%02d", 6 + second / 60, second % 60);
        ++second;
        state.clock_text = clock;
        stage.set_state(state);
        stage.apply(frames.next(), kFrameUnixMs);
    }));
    const OverlayRenderer renderer;
    OverlayImage image;
    figures.render = summarise(
        time_each(kStateChanges, [&] { image = renderer.render_bar(kState, kWidth, kHeight); }));
    figures.conversion =
        summarise(time_each(kStateChanges, [&] { PlanarOverlay planar(image, info); }));
    return figures;
}

// A new count each time: the stage re-renders the tally panel alone.
RerenderFigures bench_tally_rerender(FramePool& frames, const GstVideoInfo& info) {
    RerenderFigures figures;
    OverlayStage stage;
    auto state = tally_state();
    stage.set_state(state);
    stage.apply(frames.next(), kFrameUnixMs);
    figures.apply = summarise(time_each(kStateChanges, [&] {
        state.tally->counts[0].value = (state.tally->counts[0].value + 1) % 25;
        stage.set_state(state);
        stage.apply(frames.next(), kFrameUnixMs);
    }));
    const OverlayRenderer renderer;
    const auto countdown = countdown_seconds(*state.tally, kFrameUnixMs);
    OverlayImage image;
    figures.render = summarise(time_each(kStateChanges, [&] {
        image = renderer.render_tally(*state.tally, countdown, kWidth, kHeight);
    }));
    figures.conversion =
        summarise(time_each(kStateChanges, [&] { PlanarOverlay planar(image, info); }));
    return figures;
}

// ---- Vote acknowledged → first encoded frame carrying the new count ----

constexpr int kLatencyChanges = 60;
constexpr int kLatencyMinGapMs = 150;  // changes come at random moments this far apart or more
constexpr int kLatencyMaxGapMs = 450;
constexpr int kLatencyWarmupFrames = 30;

// Shared by the bench's thread (which changes the count), the source's streaming thread (which
// runs the stage, as ChannelPipeline's pad probe does) and the encoder's (which sees frames
// leave x264). A frame is tagged, by its PTS, with the newest change that had been made before
// the stage took its state: every change up to that one is on it. Frames are matched by their
// PTS as running time, which the encoder keeps.
struct LatencyProbe {
    OverlayStage stage;
    GstVideoInfo info{};
    OverlayState state = tally_state();
    std::atomic<std::uint64_t> generation{0};
    std::vector<Clock::time_point> change_times =
        std::vector<Clock::time_point>(kLatencyChanges + 1);  // by generation; never reallocated
    std::atomic<int> frames_seen{0};
    // By generation: when the stage finished the first frame carrying it. Source thread only
    // until the pipeline has stopped.
    std::vector<Clock::time_point> applied_times =
        std::vector<Clock::time_point>(kLatencyChanges + 1);
    std::uint64_t applied = 0;
    // The peer: textoverlay in the stage's place, its text set on every change; nullptr for ours.
    GstElement* peer = nullptr;
    std::uint64_t peer_generation = 0;  // source thread only: read as a frame enters the peer

    std::mutex mutex;
    std::map<GstClockTime, std::uint64_t> frame_generation;  // by running time; guarded by mutex

    // Encoder thread only until the pipeline has stopped.
    std::uint64_t reported = 0;
    std::vector<double> samples_ms;     // change → encoded
    std::vector<double> to_stage_ms;    // change → the stage's frame with it blended
    std::vector<double> in_encoder_ms;  // that frame → out of x264
};

// A buffer's PTS as running time on the pad it crosses: x264enc shifts its output PTS (by 1000
// hours, so that DTS never goes negative) and its segment with it, and running time undoes that.
GstClockTime running_time_of(GstPad* pad, GstBuffer* buffer) {
    auto event = GPtr<GstEvent>::adopt(gst_pad_get_sticky_event(pad, GST_EVENT_SEGMENT, 0));
    if (!event) return GST_CLOCK_TIME_NONE;
    const GstSegment* segment = nullptr;
    gst_event_parse_segment(event.get(), &segment);
    return gst_segment_to_running_time(segment, GST_FORMAT_TIME, GST_BUFFER_PTS(buffer));
}

// On the source's thread, once `buffer` carries the overlay as it was at `generation`.
void tag_frame(LatencyProbe* probe, GstPad* pad, GstBuffer* buffer, std::uint64_t generation) {
    const auto applied_at = Clock::now();
    for (; probe->applied < generation; ++probe->applied) {
        probe->applied_times[probe->applied + 1] = applied_at;
    }
    try {
        const std::lock_guard lock(probe->mutex);
        probe->frame_generation[running_time_of(pad, buffer)] = generation;
    } catch (...) {
        // Out of memory for the tag: this frame is not counted.
    }
    probe->frames_seen.fetch_add(1, std::memory_order_relaxed);
}

GstPadProbeReturn on_program_frame(GstPad* pad, GstPadProbeInfo* info,
                                   gpointer user_data) noexcept {
    auto* probe = static_cast<LatencyProbe*>(user_data);
    GstBuffer* buffer = gst_buffer_make_writable(GST_PAD_PROBE_INFO_BUFFER(info));
    GST_PAD_PROBE_INFO_DATA(info) = buffer;
    // Read before the stage takes its state: a change made after this read may or may not be on
    // the frame, so the figure can only come out late, never early.
    const std::uint64_t generation = probe->generation.load(std::memory_order_acquire);
    GstVideoFrame frame;
    if (gst_video_frame_map(&frame, &probe->info, buffer, GST_MAP_READWRITE)) {
        probe->stage.apply(frame, councilcast::now_unix_ms());
        gst_video_frame_unmap(&frame);
    }
    tag_frame(probe, pad, buffer, generation);
    return GST_PAD_PROBE_OK;
}

// textoverlay renders and blends between its two pads, on the source's thread.
GstPadProbeReturn on_peer_entering(GstPad*, GstPadProbeInfo*, gpointer user_data) noexcept {
    auto* probe = static_cast<LatencyProbe*>(user_data);
    probe->peer_generation = probe->generation.load(std::memory_order_acquire);
    return GST_PAD_PROBE_OK;
}

GstPadProbeReturn on_peer_leaving(GstPad* pad, GstPadProbeInfo* info, gpointer user_data) noexcept {
    auto* probe = static_cast<LatencyProbe*>(user_data);
    tag_frame(probe, pad, GST_PAD_PROBE_INFO_BUFFER(info), probe->peer_generation);
    return GST_PAD_PROBE_OK;
}

GstPadProbeReturn on_encoded_frame(GstPad* pad, GstPadProbeInfo* info,
                                   gpointer user_data) noexcept {
    auto* probe = static_cast<LatencyProbe*>(user_data);
    const auto now = Clock::now();
    const GstClockTime pts = running_time_of(pad, GST_PAD_PROBE_INFO_BUFFER(info));
    std::uint64_t generation = 0;
    {
        const std::lock_guard lock(probe->mutex);
        const auto found = probe->frame_generation.find(pts);
        if (found == probe->frame_generation.end()) return GST_PAD_PROBE_OK;
        generation = found->second;
        probe->frame_generation.erase(probe->frame_generation.begin(), std::next(found));
    }
    try {
        for (; probe->reported < generation; ++probe->reported) {
            const auto changed = probe->change_times[probe->reported + 1];
            const auto applied = probe->applied_times[probe->reported + 1];
            probe->samples_ms.push_back(milliseconds(now - changed));
            probe->to_stage_ms.push_back(milliseconds(applied - changed));
            probe->in_encoder_ms.push_back(milliseconds(now - applied));
        }
    } catch (...) {
        // Out of memory for a sample: the figure just has one fewer.
    }
    return GST_PAD_PROBE_OK;
}

// True when the pipeline reported an error (printed).
bool pipeline_failed(GstElement* pipeline) {
    auto bus = GPtr<GstBus>::adopt(gst_element_get_bus(pipeline));
    auto message = GPtr<GstMessage>::adopt(gst_bus_pop_filtered(bus.get(), GST_MESSAGE_ERROR));
    if (!message) return false;
    GErrorPtr error;
    gst_message_parse_error(message.get(), error.out(), nullptr);
    std::printf("  pipeline failed: %s\n", error.message());
    return true;
}

// Waits (polling, this is a benchmark's main thread) until `done` or the deadline.
bool wait_until(const std::function<bool()>& done, std::chrono::milliseconds deadline) {
    const auto until = Clock::now() + deadline;
    while (!done()) {
        if (Clock::now() > until) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return true;
}

// The streamer's video path at one size (ChannelPipeline::describe), live at 30 fps, without the
// audio and the muxer, which a new count does not pass through.
struct LatencyFigures {
    std::vector<double> total_ms;
    std::vector<double> to_stage_ms;
    std::vector<double> in_encoder_ms;
};

// With `with_textoverlay`, GStreamer's textoverlay takes the stage's place (the peer): the
// tally's texts, its text property set on every change.
LatencyFigures bench_vote_latency(int width, int height, int bitrate_kbps, bool with_textoverlay) {
    const std::string caps = "video/x-raw,format=I420,width=" + std::to_string(width) +
                             ",height=" + std::to_string(height) + ",framerate=30/1";
    const std::string description =
        "videotestsrc is-live=true pattern=smpte horizontal-speed=2 ! videoconvert ! videoscale ! "
        "videorate ! capsfilter name=program_caps caps=" +
        caps + ",pixel-aspect-ratio=1/1 ! " +
        (with_textoverlay ? std::string("textoverlay name=peer font-desc=\"DejaVu Sans Mono Bold "
                                        "30px\" valignment=top halignment=right "
                                        "line-alignment=left shaded-background=true ! ")
                          : std::string()) +
        "tee name=program program. ! queue ! videoscale ! "
        "videorate drop-only=true ! "
        "video/x-raw,width=" +
        std::to_string(width) + ",height=" + std::to_string(height) +
        ",framerate=30/1 ! x264enc name=encoder speed-preset=veryfast tune=zerolatency bitrate=" +
        std::to_string(bitrate_kbps) +
        " key-int-max=60 option-string=\"scenecut=0:keyint-min=60\" ! video/x-h264,profile=main ! "
        "h264parse ! fakesink sync=false";
    GErrorPtr error;
    auto pipeline = GPtr<GstElement>::sink(gst_parse_launch(description.c_str(), error.out()));
    if (!pipeline || error) {
        std::printf("  cannot build pipeline: %s\n", error.message());
        return {};
    }
    LatencyProbe probe;
    gst_video_info_set_format(&probe.info, GST_VIDEO_FORMAT_I420, width, height);
    probe.stage.set_state(probe.state);
    auto program_caps =
        GPtr<GstElement>::adopt(gst_bin_get_by_name(GST_BIN(pipeline.get()), "program_caps"));
    auto encoder = GPtr<GstElement>::adopt(gst_bin_get_by_name(GST_BIN(pipeline.get()), "encoder"));
    auto encoded_pad = GPtr<GstPad>::adopt(gst_element_get_static_pad(encoder.get(), "src"));
    // Removed with the pads when the pipeline is freed; the probe outlives the pipeline's run.
    GPtr<GstElement> peer;
    if (with_textoverlay) {
        peer = GPtr<GstElement>::adopt(gst_bin_get_by_name(GST_BIN(pipeline.get()), "peer"));
        probe.peer = peer.get();
        g_object_set(peer.get(), "text", textoverlay_tally_text(*probe.state.tally).c_str(),
                     nullptr);
        auto sink_pad = GPtr<GstPad>::adopt(gst_element_get_static_pad(peer.get(), "video_sink"));
        auto src_pad = GPtr<GstPad>::adopt(gst_element_get_static_pad(peer.get(), "src"));
        gst_pad_add_probe(sink_pad.get(), GST_PAD_PROBE_TYPE_BUFFER, on_peer_entering, &probe,
                          nullptr);
        gst_pad_add_probe(src_pad.get(), GST_PAD_PROBE_TYPE_BUFFER, on_peer_leaving, &probe,
                          nullptr);
    } else {
        auto program_pad =
            GPtr<GstPad>::adopt(gst_element_get_static_pad(program_caps.get(), "src"));
        gst_pad_add_probe(program_pad.get(), GST_PAD_PROBE_TYPE_BUFFER, on_program_frame, &probe,
                          nullptr);
    }
    gst_pad_add_probe(encoded_pad.get(), GST_PAD_PROBE_TYPE_BUFFER, on_encoded_frame, &probe,
                      nullptr);
    gst_element_set_state(pipeline.get(), GST_STATE_PLAYING);
    if (!wait_until([&] { return probe.frames_seen.load() >= kLatencyWarmupFrames; },
                    std::chrono::seconds(10))) {
        std::printf("  the live pipeline did not start\n");
        gst_element_set_state(pipeline.get(), GST_STATE_NULL);
        return {};
    }
    std::mt19937 random(12345);
    std::uniform_int_distribution<int> gap_ms(kLatencyMinGapMs, kLatencyMaxGapMs);
    for (int change = 1; change <= kLatencyChanges; ++change) {
        std::this_thread::sleep_for(std::chrono::milliseconds(gap_ms(random)));
        if (pipeline_failed(pipeline.get())) break;
        // As the portal does on a vote: a new count, the rest of the state as it was.
        auto state = probe.state;
        state.tally->counts[change % 4].value += 1;
        probe.state = state;
        probe.change_times[change] = Clock::now();
        if (probe.peer != nullptr) {
            g_object_set(probe.peer, "text", textoverlay_tally_text(*state.tally).c_str(), nullptr);
        } else {
            probe.stage.set_state(std::move(state));
        }
        probe.generation.store(change, std::memory_order_release);
    }
    // The last change's frame is encoded within a few frames; then stop and read the samples.
    wait_until(
        [&] {
            const std::lock_guard lock(probe.mutex);
            return probe.frame_generation.empty() ||
                   probe.frame_generation.begin()->second == kLatencyChanges;
        },
        std::chrono::seconds(2));
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    gst_element_set_state(pipeline.get(), GST_STATE_NULL);
    return {probe.samples_ms, probe.to_stage_ms, probe.in_encoder_ms};
}

void print_comparison(const char* what, const Summary& ours, const TextoverlayFigures& peer) {
    if (peer.difference_per_frame_ms < 0) return;
    std::printf("  ours is %.0fx faster than %s (median between its pads)\n",
                peer.probed.median_ms / ours.median_ms, what);
}

void print_latency(const char* size, const LatencyFigures& figures) {
    if (figures.total_ms.empty()) {
        std::printf("  %s: no figures\n", size);
        return;
    }
    const auto row = [](const char* name, const std::vector<double>& samples_ms) {
        const Summary summary = summarise(samples_ms);
        std::printf("  %-36s p50 %6.1f ms   p99 %6.1f ms   max %6.1f ms\n", name, summary.median_ms,
                    summary.p99_ms, *std::max_element(samples_ms.begin(), samples_ms.end()));
    };
    std::printf("  %s (%zu of %d changes; goal p99 <= 67 ms):\n", size, figures.total_ms.size(),
                kLatencyChanges);
    row("  change -> first encoded frame", figures.total_ms);
    row("    change -> blended (next frame)", figures.to_stage_ms);
    row("    blended -> out of x264enc", figures.in_encoder_ms);
}

}  // namespace

int main(int argc, char** argv) {
    gst_init(&argc, &argv);
    const GstVideoInfo info = full_hd_info();
    FramePool frames(info);

    std::printf(
        "vote_overlay benchmark: 1920x200 lower third on 1920x1080 I420, unchanged state\n");
    const Summary ours = bench_ours(frames, kState);
    print_row("(a) OverlayStage::apply", ours);
    const Summary generic = bench_composition_blend(frames);
    print_row("(b) gst_video_overlay_composition_blend", generic);
    const TextoverlayFigures textoverlay =
        bench_textoverlay(lower_third_textoverlay(), "overlay", "overlay");
    if (textoverlay.difference_per_frame_ms >= 0) {
        print_row("(c) textoverlay, between its pads", textoverlay.probed);
        std::printf("  %-48s %8.3f ms per frame (%d frames)\n",
                    "    textoverlay, pipeline with minus without",
                    textoverlay.difference_per_frame_ms, kPipelineFrames);
    }

    std::printf("\n  ours is %.0fx faster than gst_video_overlay_composition_blend (median)\n",
                generic.median_ms / ours.median_ms);
    print_comparison("textoverlay", ours, textoverlay);

    std::printf(
        "\nwith a vote's tally (upper right) and the speaker (lower third) on 1920x1080 I420, "
        "unchanged state:\n");
    const Summary ours_tally = bench_ours(frames, tally_state());
    print_row("(d) OverlayStage::apply, bar + speaker + tally", ours_tally);
    const TextoverlayFigures textoverlay_tally =
        bench_textoverlay(tally_textoverlays(), "overlay", "tally");
    if (textoverlay_tally.difference_per_frame_ms >= 0) {
        print_row("(e) 3 textoverlays, same texts, between pads", textoverlay_tally.probed);
        std::printf("  %-48s %8.3f ms per frame (%d frames)\n",
                    "    3 textoverlays, pipeline with minus without",
                    textoverlay_tally.difference_per_frame_ms, kPipelineFrames);
    }
    std::printf("\n");
    print_comparison("3 textoverlays with the same texts", ours_tally, textoverlay_tally);

    const RerenderFigures rerender = bench_rerender(frames, info);
    std::printf("\nre-render on a state change (once a second for the clock):\n");
    print_row("apply with a new state (render+convert+blend)", rerender.apply, "changes");
    print_row("  OverlayRenderer::render_bar (cairo + pango)", rerender.render, "changes");
    print_row("  PlanarOverlay conversion to I420", rerender.conversion, "changes");
    const RerenderFigures tally_rerender = bench_tally_rerender(frames, info);
    print_row("apply with a new count (tally panel only)", tally_rerender.apply, "changes");
    print_row("  OverlayRenderer::render_tally", tally_rerender.render, "changes");
    print_row("  PlanarOverlay conversion to I420", tally_rerender.conversion, "changes");

    std::printf(
        "\nvote acknowledged -> first encoded frame carrying the new count (live 30 fps, stage "
        "in the program's pad probe, x264enc as the streamer sets it; %d changes at random "
        "moments %d-%d ms apart):\n",
        kLatencyChanges, kLatencyMinGapMs, kLatencyMaxGapMs);
    // Interleaved: ours, then the peer, at each size.
    print_latency("720p, ours", bench_vote_latency(1280, 720, 2500, false));
    print_latency("720p, textoverlay", bench_vote_latency(1280, 720, 2500, true));
    print_latency("1080p, ours", bench_vote_latency(1920, 1080, 5000, false));
    print_latency("1080p, textoverlay", bench_vote_latency(1920, 1080, 5000, true));
    return 0;
}
