#include "vote_overlay/overlay_stage.hpp"

#include <spdlog/spdlog.h>

#include <utility>

namespace councilcast::vote_overlay {

namespace {

bool bar_differs(const OverlayState& a, const OverlayState& b) {
    return a.channel_title != b.channel_title || a.live_label != b.live_label ||
           a.clock_text != b.clock_text;
}

}  // namespace

void OverlayStage::set_state(OverlayState state) {
    const std::lock_guard lock(pending_mutex_);
    pending_state_ = std::move(state);
}

void OverlayStage::apply(GstVideoFrame& frame, std::int64_t frame_unix_ms) {
    std::optional<OverlayState> incoming;
    {
        // Only a move under the lock: set_state() never waits for a render.
        const std::lock_guard lock(pending_mutex_);
        incoming.swap(pending_state_);
    }
    bool bar_stale = false;
    bool speaker_stale = false;
    bool tally_stale = false;
    if (incoming && incoming != shown_state_) {
        bar_stale = !shown_state_ || bar_differs(*incoming, *shown_state_);
        speaker_stale = !shown_state_ || incoming->speaker != shown_state_->speaker;
        tally_stale = !shown_state_ || incoming->tally != shown_state_->tally;
        shown_state_ = std::move(incoming);
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
    if (!bar_ || !bar_->matches(frame.info)) {
        bar_stale = speaker_stale = tally_stale = true;
    }

    // From the frame's own time, not from a timer: the countdown turns over on the frame where
    // the second changes, and a worker that restarted from an old state hides an old tally at once.
    const OverlayTally* tally = shown_state_->tally ? &*shown_state_->tally : nullptr;
    const bool tally_shown = tally != nullptr && tally_visible(*tally, frame_unix_ms);
    const auto countdown =
        tally_shown ? countdown_seconds(*tally, frame_unix_ms) : std::optional<std::int64_t>();
    if (tally_shown != tally_.has_value() || countdown != shown_countdown_seconds_) {
        tally_stale = true;
    }

    if (bar_stale || speaker_stale || tally_stale) {
        const int width = GST_VIDEO_FRAME_WIDTH(&frame);
        const int height = GST_VIDEO_FRAME_HEIGHT(&frame);
        if (bar_stale) {
            const OverlayImage image = renderer_.render_bar(*shown_state_, width, height);
            warn_missing_glyphs(image, "bar");
            bar_.emplace(image, frame.info);
        }
        if (speaker_stale) {
            speaker_.reset();
            if (shown_state_->speaker) {
                const OverlayImage image =
                    renderer_.render_speaker(*shown_state_->speaker, width, height);
                warn_missing_glyphs(image, "speaker");
                if (!image.pixels.empty()) speaker_.emplace(image, frame.info);
            }
        }
        if (tally_stale) {
            tally_.reset();
            shown_countdown_seconds_ = countdown;
            if (tally_shown) {
                const OverlayImage image = renderer_.render_tally(*tally, countdown, width, height);
                warn_missing_glyphs(image, "tally");
                tally_.emplace(image, frame.info);
            }
        }
        render_count_.fetch_add(1, std::memory_order_relaxed);
    }
    bar_->blend(frame);
    if (speaker_) speaker_->blend(frame);
    if (tally_) tally_->blend(frame);
}

void OverlayStage::warn_missing_glyphs(const OverlayImage& image, const char* part) const {
    if (image.missing_glyph_count == 0) return;
    spdlog::warn(
        "[vote_overlay] {} character(s) of the overlay's {} have no glyph in the installed fonts "
        "and show as boxes (channel \"{}\")",
        image.missing_glyph_count, part, shown_state_->channel_title);
}

}  // namespace councilcast::vote_overlay
