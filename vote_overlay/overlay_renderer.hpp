// Draws an OverlayState (title, LIVE badge, clock) into a premultiplied ARGB image for one frame
// size.
#pragma once

#include "common/gst_ptr.hpp"
#include "vote_overlay/overlay_state.hpp"

#include <pango/pango.h>

#include <cstdint>
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
class OverlayRenderer {
  public:
    OverlayRenderer();
    OverlayRenderer(const OverlayRenderer&) = delete;
    OverlayRenderer& operator=(const OverlayRenderer&) = delete;

    // frame_width and frame_height must be positive.
    OverlayImage render(const OverlayState& state, int frame_width, int frame_height) const;

    // The lower third: full width, round(frame_height * 200 / 1080) high, at the bottom.
    static FrameRect lower_third_rect(int frame_width, int frame_height);

  private:
    GPtr<PangoFontMap> font_map_;
    GPtr<PangoContext> context_;
};

}  // namespace councilcast::vote_overlay
