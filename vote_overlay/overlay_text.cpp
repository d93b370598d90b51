#include "vote_overlay/overlay_text.hpp"

#include "common/cairo_ptr.hpp"

#include <pango/pangocairo.h>

#include <algorithm>

namespace councilcast::vote_overlay {

OverlayText::OverlayText(PangoContext* context, const OverlayFace& face, const std::string& text)
    : layout_(GPtr<PangoLayout>::adopt(pango_layout_new(context))) {
    FontDescriptionPtr desc(pango_font_description_new());
    pango_font_description_set_family(desc.get(), face.family);
    pango_font_description_set_weight(desc.get(), face.weight);
    pango_font_description_set_absolute_size(desc.get(), face.pixel_size * PANGO_SCALE);
    pango_layout_set_font_description(layout_.get(), desc.get());
    pango_layout_set_single_paragraph_mode(layout_.get(), TRUE);
    pango_layout_set_text(layout_.get(), text.data(), static_cast<int>(text.size()));
}

void OverlayText::limit_width(double width) {
    pango_layout_set_width(layout_.get(), static_cast<int>(std::max(0.0, width) * PANGO_SCALE));
    pango_layout_set_ellipsize(layout_.get(), PANGO_ELLIPSIZE_END);
}

void OverlayText::wrap(double width, int max_lines) {
    limit_width(width);
    // WORD_CHAR: a single word longer than the line (a long compound name) still breaks.
    pango_layout_set_wrap(layout_.get(), PANGO_WRAP_WORD_CHAR);
    // A negative height is a count of lines: pango ellipsizes the last one it keeps.
    pango_layout_set_height(layout_.get(), -std::max(1, max_lines));
}

PangoRectangle OverlayText::logical() const {
    PangoRectangle ink;
    PangoRectangle logical;
    pango_layout_get_pixel_extents(layout_.get(), &ink, &logical);
    return logical;
}

bool OverlayText::empty() const {
    return pango_layout_get_character_count(layout_.get()) == 0;
}

void OverlayText::draw(cairo_t* cr, double x, double center_y) const {
    const auto box = logical();
    cairo_move_to(cr, x - box.x, center_y - box.height / 2.0 - box.y);
    pango_cairo_show_layout(cr, layout_.get());
}

void OverlayText::draw_from_top(cairo_t* cr, double x, double top) const {
    const auto box = logical();
    cairo_move_to(cr, x - box.x, top - box.y);
    pango_cairo_show_layout(cr, layout_.get());
}

int OverlayText::missing_glyph_count() const {
    return pango_layout_get_unknown_glyphs_count(layout_.get());
}

}  // namespace councilcast::vote_overlay
