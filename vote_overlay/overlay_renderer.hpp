// Draws the parts of an OverlayState (the channel's bar, the vote tally, the speaker) into
// premultiplied ARGB images for one frame size.
#pragma once

#include "common/gst_ptr.hpp"
#include "vote_overlay/overlay_state.hpp"

#include <pango/pango.h>

#include <cstdint>
#include <optional>
#include <vector>

namespace councilcast::vote_overlay {

// A rectangle on the video frame, in pixels; it may reach outside the frame (the blend clips).
struct FrameRect {
    int x = 0;
    int y = 0;
    int width = 0;
    int height = 0;

    bool operator==(const FrameRect&) const = default;
};

// cairo's ARGB32: one native-endian 32-bit word per pixel, alpha in the top byte, colour already
// multiplied by alpha. Plain data so tests and other layers can build images without cairo.
struct OverlayImage {
    FrameRect placement;                // where it goes; width × height is the image size
    std::vector<std::uint32_t> pixels;  // placement.width * placement.height, row after row
    // Characters no installed font could draw (shown as boxes): worth a warning in the log.
    int missing_glyph_count = 0;

    std::uint32_t pixel(int x, int y) const {
        return pixels[static_cast<std::size_t>(y) * placement.width + x];
    }
};

// Owns the fonts, so it is used by one thread at a time (the streaming thread of the stage).
// The layout is designed at 1080p and scaled by frame height, so 720p gets the same picture.
// Each part is its own image, placed where it belongs, so a change of one (the tally's count,
// the clock) re-renders only that one and the picture between them is never converted or blended:
// - the bar: full width at the bottom, the channel's title, LIVE badge and clock;
// - the tally: a panel in the upper-right corner, clear of the centre and of the bar;
// - the speaker: a lower third at the left, just above the bar.
class OverlayRenderer {
  public:
    OverlayRenderer();
    OverlayRenderer(const OverlayRenderer&) = delete;
    OverlayRenderer& operator=(const OverlayRenderer&) = delete;

    // frame_width and frame_height must be positive in every render_* call.
    OverlayImage render_bar(const OverlayState& state, int frame_width, int frame_height) const;

    // The panel with the countdown at `countdown_seconds` (nullopt: none); see countdown_seconds()
    // in overlay_state.hpp for what the stage passes.
    OverlayImage render_tally(const OverlayTally& tally,
                              std::optional<std::int64_t> countdown_seconds, int frame_width,
                              int frame_height) const;

    // Sized to the name and role; an empty image (no placement) when both are empty.
    OverlayImage render_speaker(const OverlaySpeaker& speaker, int frame_width,
                                int frame_height) const;

    // Every part `state` shows at `now_unix_ms` (bar, speaker, then tally: the order they are
    // blended in); for tests and tools that want the whole picture at once.
    std::vector<OverlayImage> render_all(const OverlayState& state, std::int64_t now_unix_ms,
                                         int frame_width, int frame_height) const;

    // The bar: full width, round(frame_height * 200 / 1080) high, at the bottom.
    static FrameRect lower_third_rect(int frame_width, int frame_height);
    // Where the tally panel may reach: its width and its top-right corner; the height follows
    // from the text it holds (at most down to a margin above the bar).
    static FrameRect tally_area(int frame_width, int frame_height);

  private:
    GPtr<PangoFontMap> font_map_;
    GPtr<PangoContext> context_;
};

}  // namespace councilcast::vote_overlay
