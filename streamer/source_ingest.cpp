#include "streamer/source_ingest.hpp"

#include <fmt/core.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <utility>

#include "common/error.hpp"

namespace councilcast::streamer {
namespace {

using namespace std::chrono_literals;

constexpr auto kFirstBackoff = 500ms;
// Doubling from 0.5 s up to 3 s rather than 5 s: a camera that returns is on air within 5 s
// whenever it returns, at most 3 s to the next attempt plus the handshake and a keyframe. An
// attempt at a camera that is not there costs one refused connection.
constexpr auto kLongestBackoff = 3000ms;
// A connected camera that sends nothing for this long is lost. Below the 2 s in which the slate
// must be on air, so the slate follows a silent loss (UDP, a cable pulled) within it too.
constexpr auto kFrameTimeout = 1500ms;
// A (re)started source gets longer for its first frame: the RTSP handshake, the jitter buffer
// and the decoder waiting for a keyframe come first.
constexpr auto kFirstFrameTimeout = 4000ms;
constexpr guint kWatchdogIntervalMs = 100;
constexpr auto kFpsWindow = 1000ms;
// With transport "auto", how long rtspsrc waits for UDP packets before falling back to TCP
// (5 s by default, which would hold a TCP-only camera past its first-frame timeout).
constexpr guint64 kUdpTimeoutUs = 1'500'000;
constexpr double kTestToneVolume = 0.05;  // a quiet 440 Hz tone: audible, not unpleasant
constexpr int kTestToneHz = 440;
constexpr int kTestPatternSpeed = 2;  // pixels per frame the test picture scrolls

// The programme's sound format; the programme's interaudiosrc converts whatever comes.
constexpr const char* kIngestAudioCaps = "audio/x-raw,rate=48000,channels=2";

// Sets an enum property from its nick through GStreamer's own parser, so an unknown value is
// refused instead of being spliced into a pipeline description.
bool set_enum_property(GstElement* element, const char* property, const std::string& text) {
    GParamSpec* spec = g_object_class_find_property(G_OBJECT_GET_CLASS(element), property);
    if (!spec) return false;
    GValue value = G_VALUE_INIT;
    g_value_init(&value, spec->value_type);
    const bool parsed = gst_value_deserialize(&value, text.c_str());
    if (parsed) g_object_set_property(G_OBJECT(element), property, &value);
    g_value_unset(&value);
    return parsed;
}

bool has_property(GstElement* element, const char* property) {
    return g_object_class_find_property(G_OBJECT_GET_CLASS(element), property) != nullptr;
}

GPtr<GstElement> ingest_element(GstElement* pipeline, const char* name) {
    return GPtr<GstElement>::adopt(gst_bin_get_by_name(GST_BIN(pipeline), name));
}

bool decoded_kind(const SourceSettings& source) {
    return source.kind == "uri" || source.kind == "rtsp" || source.kind == "srt";
}

// A file is paced by the sinks' clock; a live source is already in real time and its frames go
// to the programme as soon as they are decoded.
bool paced_kind(const SourceSettings& source) {
    return source.kind == "uri";
}

// What the operator reads on the console about an error message.
std::string error_reason(GstMessage* message) {
    GErrorPtr error;
    GCharPtr debug;
    gst_message_parse_error(message, error.out(), debug.out());
    // The debug text's last line is often what the operator needs ("Unauthorized (401)",
    // "Failed to connect."); the lines before it name GStreamer's source files.
    const std::string detail = debug.get() ? debug.get() : "";
    const auto line = detail.rfind('\n');
    return line == std::string::npos || line + 1 == detail.size()
               ? std::string(error.message())
               : fmt::format("{} ({})", error.message(), detail.substr(line + 1));
}

}  // namespace

SourceIngest::SourceIngest(const WorkerSettings& settings, SourceSettings source, Media media,
                           std::string video_channel, std::string audio_channel,
                           ChangeHandler on_change)
    : settings_(settings),
      source_(std::move(source)),
      media_(media),
      video_channel_(std::move(video_channel)),
      audio_channel_(std::move(audio_channel)),
      on_change_(std::move(on_change)),
      preview_(settings, source_.id),
      backoff_(kFirstBackoff) {
    const bool known = media_ == Media::kCamera ? decoded_kind(source_) || source_.kind == "test" ||
                                                      source_.kind == "v4l2"
                                                : decoded_kind(source_) || source_.kind == "alsa";
    if (!known) {
        throw InvalidInput(fmt::format("source '{}': unknown kind '{}'", source_.id, source_.kind));
    }
    if (source_.kind == "test") {
        GPtr<GstElement> probe =
            GPtr<GstElement>::sink(gst_element_factory_make("videotestsrc", nullptr));
        if (!probe || !set_enum_property(probe.get(), "pattern", source_.test_pattern)) {
            throw InvalidInput(fmt::format("unknown test pattern '{}'", source_.test_pattern));
        }
    }
}

SourceIngest::~SourceIngest() {
    if (watchdog_) g_source_remove(watchdog_);
    if (retry_timer_) g_source_remove(retry_timer_);
    teardown(true);
}

std::string SourceIngest::describe() const {
    const auto& program = settings_.renditions.front();
    // Every camera arrives at the programme's size, shape and rate, so the programme's compositor
    // only ever picks and places pictures.
    // A live camera's late frames are dropped rather than queued behind; a file's frames wait
    // for their moment instead, which is what paces the file (dropped, the file would race ahead
    // and only a frame now and then would reach the programme).
    const std::string video_tail = fmt::format(
        "video/x-raw,format=I420,width={},height={},framerate={}/1,pixel-aspect-ratio=1/1 ! "
        "tee name=ingest_tee ingest_tee. ! queue {} max-size-buffers=2 ! "
        "intervideosink name=video_out async=false {}",
        program.width, program.height, program.framerate,
        paced_kind(source_) ? "" : "leaky=downstream",
        preview_.describe("ingest_tee.", "ingest_preview"));
    const std::string audio_tail = fmt::format(
        "audioconvert ! audioresample ! {} ! interaudiosink name=audio_out async=false ",
        kIngestAudioCaps);
    if (source_.kind == "test") {
        return fmt::format(
            "videotestsrc name=source is-live=true ! {} "
            "audiotestsrc is-live=true wave=sine freq={} volume={} ! {}",
            video_tail, kTestToneHz, kTestToneVolume, audio_tail);
    }
    if (source_.kind == "v4l2") {
        return "v4l2src name=source ! videoconvert ! videoscale ! videorate ! " + video_tail;
    }
    if (source_.kind == "alsa") return "alsasrc name=source ! " + audio_tail;
    // A file's streams each through a queue of their own: its demuxer pushes picture and sound
    // from one thread, and a paced sink waiting for its moment would otherwise hold up the
    // other stream until its frames are late and dropped. A live source's frames go on at once,
    // queued nowhere.
    const bool queued = paced_kind(source_);
    std::string text = fmt::format("uridecodebin name=decoder {} audioconvert {}! {}",
                                   queued ? "queue name=audio_in !" : "",
                                   queued ? "" : "name=audio_in ", audio_tail);
    if (media_ == Media::kCamera) {
        text += fmt::format("{} videoconvert {}! videoscale ! videorate ! {}",
                            queued ? "queue name=video_in !" : "", queued ? "" : "name=video_in ",
                            video_tail);
    }
    return text;
}

void SourceIngest::start() {
    if (!watchdog_) {
        watchdog_ = g_timeout_add(kWatchdogIntervalMs, &SourceIngest::watchdog_trampoline, this);
    }
    if (state_ != State::kUnplugged) build();
}

bool SourceIngest::local() const {
    return source_.kind == "test" || source_.kind == "v4l2" || source_.kind == "uri";
}

void SourceIngest::await_first_frame(std::chrono::milliseconds deadline) {
    if (!pipeline_) return;  // it failed to start: no frame will come
    {
        std::unique_lock lock(first_frame_mutex_);
        first_frame_.wait_for(lock, deadline, [this] { return frames_.load() > 0; });
    }
    check_frames();
}

void SourceIngest::build() {
    GErrorPtr error;
    const std::string description = describe();
    pipeline_ = GPtr<GstElement>::sink(gst_parse_launch_full(
        description.c_str(), nullptr, GST_PARSE_FLAG_FATAL_ERRORS, error.out()));
    if (error || !pipeline_) {
        pipeline_.reset();
        lost(fmt::format("cannot build the source's pipeline: {}", error.message()));
        return;
    }
    GstElement* pipeline = pipeline_.get();
    const bool paced = paced_kind(source_);
    for (const char* name : {"video_out", "audio_out"}) {
        if (GPtr<GstElement> sink = ingest_element(pipeline, name)) {
            g_object_set(sink.get(), "channel",
                         (name[0] == 'v' ? video_channel_ : audio_channel_).c_str(), "sync", paced,
                         nullptr);
        }
    }
    if (GPtr<GstElement> source = ingest_element(pipeline, "source")) {
        if (source_.kind == "test") {
            set_enum_property(source.get(), "pattern", source_.test_pattern);
            g_object_set(source.get(), "horizontal-speed", kTestPatternSpeed, nullptr);
        } else {
            g_object_set(source.get(), "device", source_.location.c_str(), nullptr);
        }
    }
    if (decoded_kind(source_)) {
        g_signal_connect(pipeline, "deep-element-added", G_CALLBACK(element_added_trampoline),
                         nullptr);
    }
    if (GPtr<GstElement> decoder = ingest_element(pipeline, "decoder")) {
        g_object_set(decoder.get(), "uri", decoder_uri().c_str(), nullptr);
        g_signal_connect(decoder.get(), "pad-added", G_CALLBACK(pad_added_trampoline), this);
        g_signal_connect(decoder.get(), "source-setup", G_CALLBACK(source_setup_trampoline), this);
    }
    // A separate sound source has no picture to preview.
    if (media_ == Media::kCamera) preview_.attach(pipeline, "ingest_preview");

    GPtr<GstElement> counted =
        ingest_element(pipeline, media_ == Media::kCamera ? "video_out" : "audio_out");
    probe_pad_ = GPtr<GstPad>::adopt(gst_element_get_static_pad(counted.get(), "sink"));
    probe_ = gst_pad_add_probe(probe_pad_.get(), GST_PAD_PROBE_TYPE_BUFFER,
                               &SourceIngest::frame_trampoline, this, nullptr);
    GPtr<GstBus> bus = GPtr<GstBus>::adopt(gst_element_get_bus(pipeline));
    bus_watch_ = gst_bus_add_watch(bus.get(), &SourceIngest::bus_trampoline, this);

    const auto now = std::chrono::steady_clock::now();
    last_frame_at_ = now;
    frames_seen_ = frames_.load();
    if (gst_element_set_state(pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE) {
        // A device that is not there (a capture card's /dev/video node, an ALSA device) fails
        // here, its error already on the bus: that error, not a generic one, is what the console
        // shows the operator, since lost() removes the bus watch before it could be read.
        GPtr<GstMessage> error =
            GPtr<GstMessage>::adopt(gst_bus_pop_filtered(bus.get(), GST_MESSAGE_ERROR));
        lost(error ? error_reason(error.get()) : "the source refused to start");
    }
}

// Teardown order: the bus watch, the probe and the signals that point at us go first, then the
// pipeline stops. A network source can take seconds to stop (rtspsrc says goodbye to a camera
// that is gone), so outside the destructor it stops on GStreamer's thread pool, never on the
// main loop that carries the heartbeat and the operator's commands.
void SourceIngest::teardown(bool wait) {
    if (!pipeline_) return;
    if (bus_watch_) g_source_remove(std::exchange(bus_watch_, 0));
    if (probe_) gst_pad_remove_probe(probe_pad_.get(), std::exchange(probe_, 0));
    probe_pad_.reset();
    if (GPtr<GstElement> decoder = ingest_element(pipeline_.get(), "decoder")) {
        g_signal_handlers_disconnect_by_data(decoder.get(), this);
    }
    if (GPtr<GstElement> preview = ingest_element(pipeline_.get(), "ingest_preview")) {
        g_signal_handlers_disconnect_by_data(preview.get(), &preview_);
    }
    GPtr<GstElement> pipeline = std::move(pipeline_);
    if (wait) {
        gst_element_set_state(pipeline.get(), GST_STATE_NULL);
        return;
    }
    gst_element_call_async(
        pipeline.get(),
        [](GstElement* element, gpointer) { gst_element_set_state(element, GST_STATE_NULL); },
        nullptr, nullptr);
}

void SourceIngest::lost(const std::string& reason) {
    if (state_ == State::kUnplugged) return;
    teardown(false);
    spdlog::warn("[source:{}] lost ({}); trying again in {} ms", source_.id, reason,
                 backoff_.count());
    reason_ = reason;
    ++reconnects_;
    if (retry_timer_) g_source_remove(retry_timer_);
    retry_timer_ =
        g_timeout_add(static_cast<guint>(backoff_.count()), &SourceIngest::retry_trampoline, this);
    backoff_ = std::min(backoff_ * 2, std::chrono::milliseconds(kLongestBackoff));
    set_state(State::kReconnecting);
}

void SourceIngest::set_unplugged(bool unplugged) {
    if (unplugged == (state_ == State::kUnplugged)) return;
    if (unplugged) {
        if (retry_timer_) g_source_remove(std::exchange(retry_timer_, 0));
        teardown(false);
        reason_.clear();
        set_state(State::kUnplugged);
        return;
    }
    backoff_ = kFirstBackoff;
    set_state(State::kConnecting);
    build();
}

void SourceIngest::set_state(State state) {
    if (state_ == state) return;
    state_ = state;
    on_change_();
}

void SourceIngest::check_frames() {
    const auto now = std::chrono::steady_clock::now();
    const std::uint64_t frames = frames_.load();
    if (now - fps_since_ >= kFpsWindow) {
        fps_ = static_cast<double>(frames - fps_frames_) /
               std::chrono::duration<double>(now - fps_since_).count();
        fps_since_ = now;
        fps_frames_ = frames;
    }
    if (!pipeline_) return;  // unplugged, or waiting to try again
    if (frames != frames_seen_) {
        frames_seen_ = frames;
        last_frame_at_ = now;
        if (state_ != State::kConnected) {
            if (reconnects_ > 0) spdlog::info("[source:{}] back", source_.id);
            reason_.clear();
            backoff_ = kFirstBackoff;
            set_state(State::kConnected);
        }
        return;
    }
    const auto timeout = state_ == State::kConnected ? kFrameTimeout : kFirstFrameTimeout;
    if (now - last_frame_at_ > timeout) {
        lost(fmt::format("nothing received for {} ms",
                         std::chrono::duration_cast<std::chrono::milliseconds>(timeout).count()));
    }
}

const char* SourceIngest::state_name() const {
    switch (state_) {
        case State::kConnecting:
            return "connecting";
        case State::kConnected:
            return "connected";
        case State::kReconnecting:
            return "reconnecting";
        case State::kUnplugged:
            return "unplugged";
    }
    return "";
}

SourceStatus SourceIngest::status() const {
    return {.id = source_.id,
            .state = state_name(),
            .reason = reason_,
            .fps = state_ == State::kConnected ? fps_ : 0,
            .reconnects = reconnects_};
}

void SourceIngest::handle_message(GstMessage* message) {
    switch (GST_MESSAGE_TYPE(message)) {
        case GST_MESSAGE_ERROR:
            lost(error_reason(message));
            break;
        case GST_MESSAGE_EOS:
            if (source_.kind == "uri") {
                // A file loops: the programme sees a camera that never ends. Its sinks are not
                // async (a source never holds up the programme), so a flushing seek while
                // PLAYING would keep the pipeline's base time: every later pass would be late,
                // raced through and mostly dropped. Paused around the seek, the pipeline takes
                // the sinks' reset time and plays the file again from now.
                GstElement* pipeline = pipeline_.get();
                gst_element_set_state(pipeline, GST_STATE_PAUSED);
                gst_element_seek_simple(
                    pipeline, GST_FORMAT_TIME,
                    static_cast<GstSeekFlags>(GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_KEY_UNIT), 0);
                gst_element_set_state(pipeline, GST_STATE_PLAYING);
            } else {
                lost("the stream ended");
            }
            break;
        default:
            break;
    }
}

// A decoded stream of the source: its picture and its sound go to their chains; anything else
// (a second sound track, a picture of a sound-only source) is dropped in a fakesink so it cannot
// stop the rest with "not linked".
void SourceIngest::link_decoded_pad(GstElement* decoder, GstPad* pad) {
    // The decoder's own bin, not pipeline_: this runs on a streaming thread.
    GPtr<GstObject> parent = GPtr<GstObject>::adopt(gst_object_get_parent(GST_OBJECT(decoder)));
    if (!parent) return;
    GstBin* bin = GST_BIN(parent.get());
    GPtr<GstCaps> caps = GPtr<GstCaps>::adopt(gst_pad_get_current_caps(pad));
    if (!caps) caps = GPtr<GstCaps>::adopt(gst_pad_query_caps(pad, nullptr));
    const char* media = gst_structure_get_name(gst_caps_get_structure(caps.get(), 0));
    const char* chain = g_str_has_prefix(media, "video/")   ? "video_in"
                        : g_str_has_prefix(media, "audio/") ? "audio_in"
                                                            : nullptr;
    if (chain) {
        if (GPtr<GstElement> element = GPtr<GstElement>::adopt(gst_bin_get_by_name(bin, chain))) {
            GPtr<GstPad> sink =
                GPtr<GstPad>::adopt(gst_element_get_static_pad(element.get(), "sink"));
            if (!gst_pad_is_linked(sink.get()) &&
                gst_pad_link(pad, sink.get()) == GST_PAD_LINK_OK) {
                return;
            }
        }
    }
    GstElement* discard = gst_element_factory_make("fakesink", nullptr);
    g_object_set(discard, "async", FALSE, "sync", FALSE, nullptr);
    gst_bin_add(bin, discard);
    gst_element_sync_state_with_parent(discard);
    GPtr<GstPad> sink = GPtr<GstPad>::adopt(gst_element_get_static_pad(discard, "sink"));
    gst_pad_link(pad, sink.get());
}

void SourceIngest::setup_network_source(GstElement* element) const {
    if (has_property(element, "protocols")) {  // rtspsrc
        const std::string protocols = source_.transport == "tcp"   ? "tcp"
                                      : source_.transport == "udp" ? "udp"
                                                                   : "udp+tcp";
        set_enum_property(element, "protocols", protocols);
        if (source_.transport != "tcp" && source_.transport != "udp") {
            g_object_set(element, "timeout", kUdpTimeoutUs, nullptr);
        }
        g_object_set(element, "latency", static_cast<guint>(source_.latency_ms), nullptr);
        if (!source_.user.empty()) {
            g_object_set(element, "user-id", source_.user.c_str(), "user-pw",
                         source_.password.c_str(), nullptr);
        }
    }
}

// SRT's mode and latency go in the URI: srtsrc reads a listener's local port from the URI only
// when the mode is known as the URI is parsed (set as a property afterwards, it binds port 0).
std::string SourceIngest::decoder_uri() const {
    if (source_.kind != "srt") return source_.location;
    const char separator = source_.location.find('?') == std::string::npos ? '?' : '&';
    return fmt::format("{}{}mode={}&latency={}", source_.location, separator, source_.srt_mode,
                       source_.latency_ms);
}

// A stream joined between two keyframes (SRT, a reconnect) decodes into grey smears until the next
// one; the decoder drops those frames instead, so the slate stays on air until a whole picture
// arrives. On a streaming thread; touches only the new element.
void SourceIngest::element_added_trampoline(GstBin*, GstBin*, GstElement* element,
                                            gpointer) noexcept {
    if (has_property(element, "output-corrupt")) {
        g_object_set(element, "output-corrupt", FALSE, nullptr);
    }
}

gboolean SourceIngest::bus_trampoline(GstBus*, GstMessage* message, gpointer self) noexcept {
    auto* ingest = static_cast<SourceIngest*>(self);
    try {
        ingest->handle_message(message);
    } catch (const std::exception& e) {
        spdlog::error("[source:{}] {}", ingest->source_.id, e.what());
    }
    return G_SOURCE_CONTINUE;
}

gboolean SourceIngest::watchdog_trampoline(gpointer self) noexcept {
    auto* ingest = static_cast<SourceIngest*>(self);
    try {
        ingest->check_frames();
    } catch (const std::exception& e) {
        spdlog::error("[source:{}] {}", ingest->source_.id, e.what());
    }
    return G_SOURCE_CONTINUE;
}

gboolean SourceIngest::retry_trampoline(gpointer self) noexcept {
    auto* ingest = static_cast<SourceIngest*>(self);
    ingest->retry_timer_ = 0;
    try {
        ingest->build();
    } catch (const std::exception& e) {
        spdlog::error("[source:{}] {}", ingest->source_.id, e.what());
    }
    return G_SOURCE_REMOVE;
}

// On the decoder's streaming thread: linking pads there is what GStreamer expects; the pipeline
// is not torn down meanwhile because teardown disconnects this handler first.
void SourceIngest::pad_added_trampoline(GstElement* decoder, GstPad* pad, gpointer self) noexcept {
    try {
        static_cast<SourceIngest*>(self)->link_decoded_pad(decoder, pad);
    } catch (const std::exception& e) {
        spdlog::error("source pad: {}", e.what());
    }
}

void SourceIngest::source_setup_trampoline(GstElement*, GstElement* source,
                                           gpointer self) noexcept {
    static_cast<const SourceIngest*>(self)->setup_network_source(source);
}

GstPadProbeReturn SourceIngest::frame_trampoline(GstPad*, GstPadProbeInfo*,
                                                 gpointer self) noexcept {
    auto* ingest = static_cast<SourceIngest*>(self);
    if (ingest->frames_.fetch_add(1, std::memory_order_relaxed) == 0) {
        const std::lock_guard lock(ingest->first_frame_mutex_);
        ingest->first_frame_.notify_all();
    }
    return GST_PAD_PROBE_OK;
}

}  // namespace councilcast::streamer
