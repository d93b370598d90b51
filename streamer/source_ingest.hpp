// One source of the hall (a camera, or the separate programme sound) ingested in its own
// GstPipeline, with its own bus and clock, and handed to the programme through GStreamer's inter
// elements; rebuilt with backoff whenever it is lost.
#pragma once

#include <gst/gst.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "common/gst_ptr.hpp"
#include "streamer/hall.hpp"
#include "streamer/preview_writer.hpp"
#include "streamer/worker_settings.hpp"

namespace councilcast::streamer {

// Why inter elements rather than appsink/appsrc: intervideosrc and interaudiosrc are live sources
// in the programme's pipeline that time-stamp on the programme's own clock and fill any gap by
// themselves (the last frame, then black; silence). A camera pipeline that stalls, errors or is
// torn down therefore can never stall, re-time or stop the programme and its encoders, and
// nothing has to translate one pipeline's timestamps into the other's.
//
// Lives on the worker's GLib main loop thread: the bus watch and the timers run there. Only the
// frame counter (a pad probe) and the preview writer run on the source's streaming threads.
class SourceIngest {
  public:
    enum class Media { kCamera, kSound };
    // Called on the main loop whenever state() changes.
    using ChangeHandler = std::function<void()>;

    // `video_channel` and `audio_channel`: the inter elements' channel names the programme reads.
    // A kSound source has no picture (video_channel unused). Throws InvalidInput for settings it
    // cannot ingest (an unknown kind or test pattern).
    SourceIngest(const WorkerSettings& settings, SourceSettings source, Media media,
                 std::string video_channel, std::string audio_channel, ChangeHandler on_change);
    SourceIngest(const SourceIngest&) = delete;
    SourceIngest& operator=(const SourceIngest&) = delete;
    // Stops the source's pipeline and waits for it.
    ~SourceIngest();

    // Builds and plays the source's pipeline (the first time, or when plugged back).
    void start();
    // A source on this machine (test, v4l2, a file), whose first frame comes within milliseconds.
    bool local() const;
    // Right after start(): blocks until the first frame (or the deadline), then counts it, so
    // connected() is true at once.
    void await_first_frame(std::chrono::milliseconds deadline);
    // The console's simulated loss: torn down and held down until plugged back.
    void set_unplugged(bool unplugged);
    const std::string& id() const { return source_.id; }
    // Frames (or, for sound, audio buffers) arrive: what the programme can show.
    bool connected() const { return state_ == State::kConnected; }
    SourceStatus status() const;

  private:
    enum class State { kConnecting, kConnected, kReconnecting, kUnplugged };

    std::string describe() const;
    void build();
    void teardown(bool wait);
    void lost(const std::string& reason);
    void set_state(State state);
    void check_frames();
    void handle_message(GstMessage* message);
    void link_decoded_pad(GstElement* decoder, GstPad* pad);
    const char* state_name() const;
    void setup_network_source(GstElement* element) const;
    std::string decoder_uri() const;

    static gboolean bus_trampoline(GstBus* bus, GstMessage* message, gpointer self) noexcept;
    static gboolean watchdog_trampoline(gpointer self) noexcept;
    static gboolean retry_trampoline(gpointer self) noexcept;
    static void pad_added_trampoline(GstElement* decoder, GstPad* pad, gpointer self) noexcept;
    static void element_added_trampoline(GstBin* pipeline, GstBin* bin, GstElement* element,
                                         gpointer unused) noexcept;
    static void source_setup_trampoline(GstElement* decoder, GstElement* source,
                                        gpointer self) noexcept;
    static GstPadProbeReturn frame_trampoline(GstPad* pad, GstPadProbeInfo* info,
                                              gpointer self) noexcept;

    const WorkerSettings& settings_;
    const SourceSettings source_;
    const Media media_;
    const std::string video_channel_;
    const std::string audio_channel_;
    ChangeHandler on_change_;
    PreviewWriter preview_;

    GPtr<GstElement> pipeline_;
    GPtr<GstPad> probe_pad_;
    gulong probe_ = 0;
    guint bus_watch_ = 0;
    guint watchdog_ = 0;
    guint retry_timer_ = 0;
    State state_ = State::kConnecting;
    std::string reason_;
    std::int64_t reconnects_ = 0;
    std::chrono::milliseconds backoff_;
    // Counted on the streaming thread, read by the watchdog on the main loop.
    std::atomic<std::uint64_t> frames_{0};
    std::mutex first_frame_mutex_;
    std::condition_variable first_frame_;
    std::uint64_t frames_seen_ = 0;
    std::chrono::steady_clock::time_point last_frame_at_;
    std::chrono::steady_clock::time_point fps_since_;
    std::uint64_t fps_frames_ = 0;
    double fps_ = 0;
};

}  // namespace councilcast::streamer
