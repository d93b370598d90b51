#include "vote_overlay/overlay_stage.hpp"

#include <spdlog/spdlog.h>

#include <utility>

namespace councilcast::vote_overlay {

void OverlayStage::set_state(OverlayState state) {
    const std::lock_guard lock(pending_mutex_);
    pending_state_ = std::move(state);
}

void OverlayStage::apply(GstVideoFrame& frame) {
    std::optional<OverlayState> incoming;
    {
        // Only a move under the lock: set_state() never waits for a render.
        const std::lock_guard lock(pending_mutex_);
        incoming.swap(pending_state_);
    }
    bool stale = false;
    if (incoming && incoming != shown_state_) {
        shown_state_ = std::move(incoming);
        stale = true;
    }
    if (!shown_state_) return;

    const GstVideoFormat format = GST_VIDEO_FRAME_FORMAT(&frame);
    if (!PlanarOverlay::supports(format)) {
        if (warned_format_ != format) {
            warned_format_ = format;
            spdlog::warn(
                "[vote_overlay] frames in {} cannot take the overlay; they pass through "
                "without it (negotiate I420 or NV12 in front of the overlay)",
                gst_video_format_to_string(format));
        }
        return;
    }
    if (!planar_ || !planar_->matches(frame.info)) stale = true;

    if (stale) {
        const OverlayImage image = renderer_.render(*shown_state_, GST_VIDEO_FRAME_WIDTH(&frame),
                                                    GST_VIDEO_FRAME_HEIGHT(&frame));
        if (image.missing_glyph_count > 0) {
            spdlog::warn(
                "[vote_overlay] {} character(s) of the overlay (title \"{}\", label \"{}\") "
                "have no glyph in the installed fonts and show as boxes",
                image.missing_glyph_count, shown_state_->channel_title, shown_state_->live_label);
        }
        planar_.emplace(image, frame.info);
        render_count_.fetch_add(1, std::memory_order_relaxed);
    }
    planar_->blend(frame);
}

}  // namespace councilcast::vote_overlay
