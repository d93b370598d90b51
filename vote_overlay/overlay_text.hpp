// One block of overlay text in one face: laid out by pango, measured, then drawn with cairo.
#pragma once

#include "common/gst_ptr.hpp"

#include <cairo.h>
#include <pango/pango.h>

#include <string>

namespace councilcast::vote_overlay {

// The face of a text: family, size in pixels of the frame, weight.
struct OverlayFace {
    const char* family = "DejaVu Sans";
    double pixel_size = 40;
    PangoWeight weight = PANGO_WEIGHT_BOLD;
};

// Positioned by its logical box (what pango reserves for the line, accents included), so texts
// with and without diacritics sit on the same lines.
class OverlayText {
  public:
    OverlayText(PangoContext* context, const OverlayFace& face, const std::string& text);

    // One line that ends in "…" when it is wider than `width`.
    void limit_width(double width);
    // Wrapped at words to `width`, at most `max_lines` lines, the last ending in "…" if cut.
    void wrap(double width, int max_lines);

    PangoRectangle logical() const;
    double width() const { return logical().width; }
    double height() const { return logical().height; }
    bool empty() const;

    // With the logical box's left edge at x, centred vertically on center_y.
    void draw(cairo_t* cr, double x, double center_y) const;
    // With the logical box's top-left corner at (x, top).
    void draw_from_top(cairo_t* cr, double x, double top) const;

    // Characters no installed font could draw (pango shows them as boxes).
    int missing_glyph_count() const;

  private:
    GPtr<PangoLayout> layout_;
};

}  // namespace councilcast::vote_overlay
