// An overlay image converted once into a frame's own planar YUV layout, blended onto every frame.
#pragma once

#include "vote_overlay/overlay_renderer.hpp"

#include <gst/video/video.h>

#include <cstdint>
#include <vector>

namespace councilcast::vote_overlay {

// Per plane, the bytes under the overlay hold colour already multiplied by alpha and the
// remaining weight of the frame (255 - alpha). A frame then costs one multiply-add per byte and
// no colour conversion; GStreamer's generic blend converts the frame's lines to AYUV and back on
// every frame.
class PlanarOverlay {
  public:
    // The 8-bit 4:2:0 layouts our encoders take: I420, YV12, NV12, NV21.
    static bool supports(GstVideoFormat format);

    // `frame_info` gives the frame's format, size and colorimetry (matrix and range, which are
    // followed rather than assumed); the image may reach outside the frame: that part is dropped
    // here. Aborts if the format is not supported (check supports() first).
    PlanarOverlay(const OverlayImage& image, const GstVideoInfo& frame_info);

    // True when frames of `frame_info` can take this copy as it is (same format, size, colours).
    bool matches(const GstVideoInfo& frame_info) const;

    // dst = overlay_premultiplied + dst * (255 - alpha) / 255 over the covered rectangle only.
    // `frame` must be mapped writable and match() the info this copy was made for.
    void blend(GstVideoFrame& frame) const;

  private:
    // Rows of one plane under the overlay, as bytes of that plane (interleaved UV stays
    // interleaved, so NV12 chroma is one run per row like I420's).
    struct PlaneLayer {
        int plane = 0;
        int first_row = 0;
        int row_count = 0;
        int first_byte = 0;  // offset of the layer's left edge inside a plane row
        int row_bytes = 0;
        std::vector<std::uint8_t> premultiplied;  // row_count * row_bytes
        std::vector<std::uint8_t> inverse_alpha;  // 255 - alpha, same shape
        // Per row, the bytes that are not fully transparent; begin == end: nothing to do.
        struct Run {
            int begin = 0;
            int end = 0;
        };
        std::vector<Run> runs;  // row_count
    };

    GstVideoFormat format_ = GST_VIDEO_FORMAT_UNKNOWN;
    int frame_width_ = 0;
    int frame_height_ = 0;
    GstVideoColorimetry colorimetry_{};
    std::vector<PlaneLayer> layers_;
};

}  // namespace councilcast::vote_overlay
