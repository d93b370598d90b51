// Owners for cairo and pango handles (the overlay's renderer, the demo's PDF documents).
#pragma once

#include <cairo.h>
#include <pango/pango-font.h>

#include "common/c_ptr.hpp"

namespace councilcast {

using CairoSurfacePtr = CPtr<&cairo_surface_destroy>;
using CairoPtr = CPtr<&cairo_destroy>;
using FontOptionsPtr = CPtr<&cairo_font_options_destroy>;
using FontDescriptionPtr = CPtr<&pango_font_description_free>;

}  // namespace councilcast
