#include "tests/support/test_images.hpp"

#include "common/cairo_ptr.hpp"

namespace councilcast::testing {

std::string png_image(int side) {
    std::string png;
    CairoSurfacePtr surface(cairo_image_surface_create(CAIRO_FORMAT_RGB24, side, side));
    cairo_surface_write_to_png_stream(
        surface.get(),
        [](void* closure, const unsigned char* data, unsigned int length) {
            static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
            return CAIRO_STATUS_SUCCESS;
        },
        &png);
    return png;
}

}  // namespace councilcast::testing
