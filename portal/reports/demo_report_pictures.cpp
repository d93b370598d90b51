#include "portal/reports/demo_report_pictures.hpp"

#include "common/cairo_ptr.hpp"

namespace councilcast::portal {

std::string demo_report_picture(int picture) {
    // A phone photo's shape at a size the reports' pages show whole. Larger pictures cost the
    // demo's cold start their PNG encoding and decoding (1600 x 1200: half a second in all).
    constexpr int kWidth = 800;
    constexpr int kHeight = 600;
    const double shade = static_cast<double>(picture % 7) / 7.0;
    CairoSurfacePtr surface(cairo_image_surface_create(CAIRO_FORMAT_RGB24, kWidth, kHeight));
    CairoPtr cr(cairo_create(surface.get()));
    // A sky from pale to deeper blue.
    CPtr<&cairo_pattern_destroy> sky(cairo_pattern_create_linear(0, 0, 0, kHeight * 0.45));
    cairo_pattern_add_color_stop_rgb(sky.get(), 0, 0.62, 0.78, 0.93);
    cairo_pattern_add_color_stop_rgb(sky.get(), 1, 0.80 - 0.2 * shade, 0.88, 0.97);
    cairo_set_source(cr.get(), sky.get());
    cairo_rectangle(cr.get(), 0, 0, kWidth, kHeight * 0.45);
    cairo_fill(cr.get());
    // Grass, then the street in perspective with its kerb.
    cairo_set_source_rgb(cr.get(), 0.35, 0.55 + 0.2 * shade, 0.30);
    cairo_rectangle(cr.get(), 0, kHeight * 0.45, kWidth, kHeight * 0.55);
    cairo_fill(cr.get());
    cairo_set_source_rgb(cr.get(), 0.42 + 0.1 * shade, 0.42 + 0.1 * shade, 0.44);
    cairo_move_to(cr.get(), kWidth * 0.42, kHeight * 0.45);
    cairo_line_to(cr.get(), kWidth * 0.58, kHeight * 0.45);
    cairo_line_to(cr.get(), kWidth * 0.95, kHeight);
    cairo_line_to(cr.get(), kWidth * 0.05, kHeight);
    cairo_close_path(cr.get());
    cairo_fill(cr.get());
    cairo_set_source_rgb(cr.get(), 0.85, 0.85, 0.82);
    cairo_set_line_width(cr.get(), 9);
    cairo_move_to(cr.get(), kWidth * 0.58, kHeight * 0.45);
    cairo_line_to(cr.get(), kWidth * 0.95, kHeight);
    cairo_stroke(cr.get());
    // The trouble: a dark patch somewhere on the street.
    const double x = kWidth * (0.35 + 0.3 * static_cast<double>(picture % 5) / 5.0);
    const double y = kHeight * (0.65 + 0.2 * static_cast<double>(picture % 3) / 3.0);
    cairo_save(cr.get());
    cairo_translate(cr.get(), x, y);
    cairo_scale(cr.get(), 1.0, 0.45);
    cairo_arc(cr.get(), 0, 0, 65 + 5 * (picture % 4), 0, 6.283185307179586);
    cairo_restore(cr.get());
    cairo_set_source_rgb(cr.get(), 0.16, 0.14, 0.12);
    cairo_fill(cr.get());
    cairo_surface_flush(surface.get());
    std::string png;
    cairo_surface_write_to_png_stream(
        surface.get(),
        [](void* closure, const unsigned char* data, unsigned int length) {
            static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
            return CAIRO_STATUS_SUCCESS;
        },
        &png);
    return png;
}

}  // namespace councilcast::portal
