// The overlay step of the streamer's video path: takes state from any thread, blends it onto
// frames.
#pragma once

#include "vote_overlay/overlay_renderer.hpp"
#include "vote_overlay/overlay_state.hpp"
#include "vote_overlay/planar_overlay.hpp"

#include <gst/video/video.h>

#include <atomic>
#include <cstdint>
#include <mutex>
#include <optional>

namespace councilcast::vote_overlay {

// Rendering (pango, colour conversion) happens only when the state or the frame's format, size
// or colours change, when the countdown's shown second changes, or when the tally's time to be
// seen ends; every other frame costs one blend of each cached planar part (bar, speaker, tally).
// Each part is rendered again only when what it shows changed: a new count re-renders the tally
// panel and leaves the bar alone. Until the first set_state() frames pass through untouched, as
// do frames in a format PlanarOverlay does not support (the streamer negotiates I420 or NV12 in
// front of it).
class OverlayStage {
  public:
    OverlayStage() = default;
    OverlayStage(const OverlayStage&) = delete;
    OverlayStage& operator=(const OverlayStage&) = delete;

    // Any thread. Takes effect on the next frame; an unchanged state does not re-render.
    void set_state(OverlayState state);

    // GStreamer's streaming thread only (one thread at a time); `frame` is mapped writable.
    // `frame_unix_ms` is the frame's wall-clock time, which the countdown and the tally's
    // visibility follow; tests pass their own.
    void apply(GstVideoFrame& frame, std::int64_t frame_unix_ms);

    // How many frames needed any part rendered and converted again; any thread.
    std::uint64_t render_count() const { return render_count_.load(std::memory_order_relaxed); }

  private:
    void warn_missing_glyphs(const OverlayImage& image, const char* part) const;

    std::mutex pending_mutex_;
    std::optional<OverlayState> pending_state_;  // guarded by pending_mutex_

    // Streaming thread only.
    OverlayRenderer renderer_;
    std::optional<OverlayState> shown_state_;
    std::optional<PlanarOverlay> bar_;  // present whenever a state is shown in a supported format
    std::optional<PlanarOverlay> speaker_;
    std::optional<PlanarOverlay> tally_;  // absent while no tally is to be seen
    std::optional<std::int64_t> shown_countdown_seconds_;
    GstVideoFormat warned_format_ = GST_VIDEO_FORMAT_UNKNOWN;

    std::atomic<std::uint64_t> render_count_{0};
};

}  // namespace councilcast::vote_overlay
