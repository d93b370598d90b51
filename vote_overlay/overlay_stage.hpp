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
// or colours change; every other frame costs one blend of the cached planar copy. Until the first
// set_state() frames pass through untouched, as do frames in a format PlanarOverlay does not
// support (the streamer negotiates I420 or NV12 in front of it).
class OverlayStage {
  public:
    OverlayStage() = default;
    OverlayStage(const OverlayStage&) = delete;
    OverlayStage& operator=(const OverlayStage&) = delete;

    // Any thread. Takes effect on the next frame; an unchanged state does not re-render.
    void set_state(OverlayState state);

    // GStreamer's streaming thread only (one thread at a time); `frame` is mapped writable.
    void apply(GstVideoFrame& frame);

    // How many times the overlay was rendered and converted; any thread.
    std::uint64_t render_count() const { return render_count_.load(std::memory_order_relaxed); }

  private:
    std::mutex pending_mutex_;
    std::optional<OverlayState> pending_state_;  // guarded by pending_mutex_

    // Streaming thread only.
    OverlayRenderer renderer_;
    std::optional<OverlayState> shown_state_;
    std::optional<PlanarOverlay> planar_;
    GstVideoFormat warned_format_ = GST_VIDEO_FORMAT_UNKNOWN;

    std::atomic<std::uint64_t> render_count_{0};
};

}  // namespace councilcast::vote_overlay
