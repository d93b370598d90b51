#include "vote_overlay/overlay_renderer.hpp"

#include <cairo.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "common/cairo_ptr.hpp"
#include "common/require.hpp"

namespace councilcast::vote_overlay {

namespace {

// The reference design, in pixels of a 1080-line frame; everything scales with the band height.
constexpr int kReferenceFrameHeight = 1080;
constexpr int kReferenceBandHeight = 200;
constexpr double kSidePadding = 60;
constexpr double kGap = 40;  // between title, badge and clock
constexpr double kTitleSize = 60;
constexpr double kBadgeTextSize = 40;
constexpr double kBadgePaddingX = 24;
constexpr double kBadgePaddingY = 12;
constexpr double kBadgeRadius = 12;
constexpr double kClockSize = 64;

// DejaVu ships with Debian (fonts-dejavu-core) and covers Lithuanian; the clock is monospaced so
// the badge beside it does not move every second.
constexpr const char* kTextFamily = "DejaVu Sans";
constexpr const char* kClockFamily = "DejaVu Sans Mono";

struct Rgba {
    double red, green, blue, alpha;
};
// Dark enough for white text to read on any picture, light enough to see the hall through it.
constexpr Rgba kBandColor{0.05, 0.07, 0.11, 0.72};
constexpr Rgba kTextColor{1.0, 1.0, 1.0, 1.0};
constexpr Rgba kBadgeColor{0.82, 0.08, 0.10, 1.0};

void set_color(cairo_t* cr, const Rgba& color) {
    cairo_set_source_rgba(cr, color.red, color.green, color.blue, color.alpha);
}

// One line of text in a given face; the caller positions it from its logical size.
class TextLine {
  public:
    TextLine(PangoContext* context, const char* family, double pixel_size, const std::string& text)
        : layout_(GPtr<PangoLayout>::adopt(pango_layout_new(context))) {
        FontDescriptionPtr desc(pango_font_description_new());
        pango_font_description_set_family(desc.get(), family);
        pango_font_description_set_weight(desc.get(), PANGO_WEIGHT_BOLD);
        pango_font_description_set_absolute_size(desc.get(), pixel_size * PANGO_SCALE);
        pango_layout_set_font_description(layout_.get(), desc.get());
        pango_layout_set_single_paragraph_mode(layout_.get(), TRUE);
        pango_layout_set_text(layout_.get(), text.data(), static_cast<int>(text.size()));
    }

    // Long titles end in "…" instead of running under the badge.
    void limit_width(double width) {
        pango_layout_set_width(layout_.get(), static_cast<int>(std::max(0.0, width) * PANGO_SCALE));
        pango_layout_set_ellipsize(layout_.get(), PANGO_ELLIPSIZE_END);
    }

    PangoRectangle logical() const {
        PangoRectangle ink;
        PangoRectangle logical;
        pango_layout_get_pixel_extents(layout_.get(), &ink, &logical);
        return logical;
    }

    // Draws with the logical box's left edge at x, centred vertically on center_y.
    void draw(cairo_t* cr, double x, double center_y) const {
        const auto box = logical();
        cairo_move_to(cr, x - box.x, center_y - box.height / 2.0 - box.y);
        pango_cairo_show_layout(cr, layout_.get());
    }

    int missing_glyph_count() const { return pango_layout_get_unknown_glyphs_count(layout_.get()); }

  private:
    GPtr<PangoLayout> layout_;
};

void rounded_rectangle(cairo_t* cr, double x, double y, double width, double height,
                       double radius) {
    radius = std::min({radius, width / 2, height / 2});
    cairo_new_sub_path(cr);
    cairo_arc(cr, x + width - radius, y + radius, radius, -M_PI / 2, 0);
    cairo_arc(cr, x + width - radius, y + height - radius, radius, 0, M_PI / 2);
    cairo_arc(cr, x + radius, y + height - radius, radius, M_PI / 2, M_PI);
    cairo_arc(cr, x + radius, y + radius, radius, M_PI, 3 * M_PI / 2);
    cairo_close_path(cr);
}

}  // namespace

OverlayRenderer::OverlayRenderer()
    // A font map of our own rather than pango's per-thread default: the stage is created on one
    // thread and renders on GStreamer's streaming thread.
    : font_map_(GPtr<PangoFontMap>::adopt(pango_cairo_font_map_new())),
      context_(GPtr<PangoContext>::adopt(pango_font_map_create_context(font_map_.get()))) {
    // Greyscale antialiasing: subpixel (coloured) edges would show as fringes on video, and
    // unhinted metrics keep the layout identical at every size.
    FontOptionsPtr options(cairo_font_options_create());
    cairo_font_options_set_antialias(options.get(), CAIRO_ANTIALIAS_GRAY);
    cairo_font_options_set_hint_style(options.get(), CAIRO_HINT_STYLE_SLIGHT);
    cairo_font_options_set_hint_metrics(options.get(), CAIRO_HINT_METRICS_OFF);
    pango_cairo_context_set_font_options(context_.get(), options.get());
    pango_context_set_language(context_.get(), pango_language_from_string("lt"));
}

FrameRect OverlayRenderer::lower_third_rect(int frame_width, int frame_height) {
    require(frame_width > 0 && frame_height > 0, "frame size must be positive");
    const int band_height =
        std::max(1, (frame_height * kReferenceBandHeight + kReferenceFrameHeight / 2) /
                        kReferenceFrameHeight);
    return FrameRect{0, frame_height - band_height, frame_width, band_height};
}

OverlayImage OverlayRenderer::render(const OverlayState& state, int frame_width,
                                     int frame_height) const {
    OverlayImage image;
    image.placement = lower_third_rect(frame_width, frame_height);
    const int width = image.placement.width;
    const int height = image.placement.height;
    // cairo draws straight into our vector: ARGB32 rows are exactly width * 4 bytes.
    require(cairo_format_stride_for_width(CAIRO_FORMAT_ARGB32, width) == width * 4,
            "unexpected cairo stride");
    image.pixels.assign(static_cast<std::size_t>(width) * height, 0);
    CairoSurfacePtr surface(
        cairo_image_surface_create_for_data(reinterpret_cast<unsigned char*>(image.pixels.data()),
                                            CAIRO_FORMAT_ARGB32, width, height, width * 4));
    CairoPtr cr(cairo_create(surface.get()));
    pango_cairo_update_context(cr.get(), context_.get());

    const double scale = static_cast<double>(height) / kReferenceBandHeight;
    const double center_y = height / 2.0;

    set_color(cr.get(), kBandColor);
    cairo_paint(cr.get());

    // Laid out right to left: the clock and the badge have natural widths, the title gets the rest.
    double right_edge = width - kSidePadding * scale;
    if (!state.clock_text.empty()) {
        TextLine clock(context_.get(), kClockFamily, kClockSize * scale, state.clock_text);
        const double clock_width = clock.logical().width;
        set_color(cr.get(), kTextColor);
        clock.draw(cr.get(), right_edge - clock_width, center_y);
        image.missing_glyph_count += clock.missing_glyph_count();
        right_edge -= clock_width + kGap * scale;
    }
    if (!state.live_label.empty()) {
        TextLine label(context_.get(), kTextFamily, kBadgeTextSize * scale, state.live_label);
        const auto box = label.logical();
        const double badge_width = box.width + 2 * kBadgePaddingX * scale;
        const double badge_height = box.height + 2 * kBadgePaddingY * scale;
        const double badge_x = right_edge - badge_width;
        rounded_rectangle(cr.get(), badge_x, center_y - badge_height / 2, badge_width, badge_height,
                          kBadgeRadius * scale);
        set_color(cr.get(), kBadgeColor);
        cairo_fill(cr.get());
        set_color(cr.get(), kTextColor);
        label.draw(cr.get(), badge_x + kBadgePaddingX * scale, center_y);
        image.missing_glyph_count += label.missing_glyph_count();
        right_edge = badge_x - kGap * scale;
    }
    if (!state.channel_title.empty()) {
        const double left_edge = kSidePadding * scale;
        TextLine title(context_.get(), kTextFamily, kTitleSize * scale, state.channel_title);
        title.limit_width(right_edge - left_edge);
        set_color(cr.get(), kTextColor);
        title.draw(cr.get(), left_edge, center_y);
        image.missing_glyph_count += title.missing_glyph_count();
    }

    cairo_surface_flush(surface.get());
    return image;
}

}  // namespace councilcast::vote_overlay
