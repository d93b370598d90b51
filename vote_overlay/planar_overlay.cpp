#include "vote_overlay/planar_overlay.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <cstdlib>

namespace councilcast::vote_overlay {

namespace {

// Programmer errors: stop with a message in every build type rather than write out of bounds.
void require(bool condition, const char* message) {
    if (condition) return;
    std::fprintf(stderr, "councilcast: vote_overlay/planar_overlay: %s\n", message);
    std::abort();
}

constexpr int kComponentCount = 3;  // Y, U, V
constexpr int kFractionBits = 16;   // fixed-point weights: plenty for 8-bit results

// Sums of the A, R, G, B bytes of the pixels one sample stands for. In 4:2:0 that is 1, 2 or 4
// frame pixels (fewer than 2×2 only at an odd frame edge), so the mean is a shift.
struct ArgbSums {
    int alpha = 0;
    int red = 0;
    int green = 0;
    int blue = 0;
    int pixel_count_log2 = 0;

    bool operator==(const ArgbSums&) const = default;

    int mean_alpha() const {
        return (alpha + (1 << pixel_count_log2 >> 1)) >> pixel_count_log2;
    }
};

// How ARGB becomes Y'CbCr for this frame. The matrix and range come from the frame's caps: x264
// writes them into the stream, so following them is what makes white stay white on viewers'
// screens. Caps without colorimetry (videotestsrc, most cameras) get GStreamer's default, which
// is BT.709 limited range above 576 lines (720p, 1080p) and BT.601 limited range up to 576 — not
// BT.601 at every size; the tests pin both. Chroma siting is approximated by the 2×2 box average.
class YuvConverter {
public:
    explicit YuvConverter(const GstVideoInfo& info) {
        double kr = 0;
        double kb = 0;
        if (!gst_video_color_matrix_get_Kr_Kb(info.colorimetry.matrix, &kr, &kb)) {
            kr = 0.299;  // unknown matrix: BT.601, the historical default of every decoder
            kb = 0.114;
        }
        const double kg = 1.0 - kr - kb;
        auto range = info.colorimetry.range;
        if (range == GST_VIDEO_COLOR_RANGE_UNKNOWN) range = GST_VIDEO_COLOR_RANGE_16_235;
        std::array<gint, 4> offsets{};
        std::array<gint, 4> scales{};
        gst_video_color_range_offsets(range, info.finfo, offsets.data(), scales.data());

        // Rows: Y, Cb, Cr as functions of (R, G, B) in 0..1, before offset and scale.
        const std::array<std::array<double, 3>, kComponentCount> matrix = {{
            {kr, kg, kb},
            {-kr / (2 * (1 - kb)), -kg / (2 * (1 - kb)), 0.5},
            {0.5, -kg / (2 * (1 - kr)), -kb / (2 * (1 - kr))},
        }};
        // cairo's colour is premultiplied and the conversion is linear, so a premultiplied
        // component is one weighted sum of the A, R, G, B bytes: the offset is scaled by alpha.
        const double one = 1 << kFractionBits;
        for (int c = 0; c < kComponentCount; ++c) {
            weights_[c][0] = static_cast<int>(std::lround(one * offsets[c] / 255.0));
            for (int i = 0; i < 3; ++i) {
                weights_[c][i + 1] = static_cast<int>(std::lround(one * scales[c] * matrix[c][i] / 255.0));
            }
        }
    }

    // The component of the sample, already multiplied by alpha, in 8-bit code values, at most
    // `alpha` (so the blend cannot overflow). No intermediate passes 2^31: |weights| < 2^17 and
    // each sum < 2^10.
    std::uint8_t premultiplied(int component, const ArgbSums& sums, int alpha) const {
        const auto& w = weights_[component];
        const int weighted = w[0] * sums.alpha + w[1] * sums.red + w[2] * sums.green + w[3] * sums.blue;
        const int shift = kFractionBits + sums.pixel_count_log2;
        return static_cast<std::uint8_t>(std::clamp((weighted + (1 << (shift - 1))) >> shift, 0, alpha));
    }

private:
    std::array<std::array<int, 4>, kComponentCount> weights_{};
};

// The per-frame work: dst = premultiplied + dst * inverse_alpha / 255, rounded. For every
// t = dst * inverse_alpha + 128 (at most 255 * 255 + 128, so 16 bits) t * 257 >> 16 is exactly
// the rounded quotient, and that is one high-half multiply per 16-bit lane. The sum cannot pass
// 255: premultiplied <= alpha.
inline std::uint8_t blend_byte(std::uint8_t dst, std::uint8_t premultiplied,
                               std::uint8_t inverse_alpha) {
    const auto kept = static_cast<std::uint16_t>(dst * inverse_alpha + 128);
    return static_cast<std::uint8_t>(premultiplied + ((kept * 257u) >> 16));
}

// g++ -O2 (its "very cheap" vectoriser model) only vectorises loops whose trip count is a known
// multiple of the vector width, so rows go in fixed blocks of kBlockBytes and a scalar tail.
constexpr int kBlockBytes = 32;

void blend_run(std::uint8_t* __restrict dst, const std::uint8_t* __restrict premultiplied,
               const std::uint8_t* __restrict inverse_alpha, int count) {
    int i = 0;
    for (; i + kBlockBytes <= count; i += kBlockBytes) {
        std::uint8_t* __restrict block_dst = dst + i;
        const std::uint8_t* __restrict block_premultiplied = premultiplied + i;
        const std::uint8_t* __restrict block_inverse_alpha = inverse_alpha + i;
        for (int j = 0; j < kBlockBytes; ++j) {
            block_dst[j] = blend_byte(block_dst[j], block_premultiplied[j], block_inverse_alpha[j]);
        }
    }
    for (; i < count; ++i) dst[i] = blend_byte(dst[i], premultiplied[i], inverse_alpha[i]);
}

}  // namespace

bool PlanarOverlay::supports(GstVideoFormat format) {
    switch (format) {
        case GST_VIDEO_FORMAT_I420:
        case GST_VIDEO_FORMAT_YV12:
        case GST_VIDEO_FORMAT_NV12:
        case GST_VIDEO_FORMAT_NV21:
            return true;
        default:
            return false;
    }
}

PlanarOverlay::PlanarOverlay(const OverlayImage& image, const GstVideoInfo& frame_info)
    : format_(GST_VIDEO_INFO_FORMAT(&frame_info)),
      frame_width_(GST_VIDEO_INFO_WIDTH(&frame_info)),
      frame_height_(GST_VIDEO_INFO_HEIGHT(&frame_info)),
      colorimetry_(frame_info.colorimetry) {
    require(supports(format_), "frame format not supported (check PlanarOverlay::supports)");
    const auto& placement = image.placement;
    require(placement.width >= 0 && placement.height >= 0 &&
                image.pixels.size() ==
                    static_cast<std::size_t>(placement.width) * placement.height,
            "overlay image size does not match its placement");

    // The visible part, in frame pixels.
    const int left = std::max(0, placement.x);
    const int top = std::max(0, placement.y);
    const int right = std::min(frame_width_, placement.x + placement.width);
    const int bottom = std::min(frame_height_, placement.y + placement.height);
    if (left >= right || top >= bottom) return;

    const YuvConverter converter(frame_info);
    const GstVideoFormatInfo* format_info = frame_info.finfo;

    const int plane_count = static_cast<int>(GST_VIDEO_FORMAT_INFO_N_PLANES(format_info));
    for (int plane = 0; plane < plane_count; ++plane) {
        std::array<int, kComponentCount> components{};
        int component_count = 0;
        for (int c = 0; c < kComponentCount; ++c) {
            if (static_cast<int>(GST_VIDEO_FORMAT_INFO_PLANE(format_info, c)) == plane) {
                components[component_count++] = c;
            }
        }
        // Components sharing a plane share subsampling and pixel stride in 4:2:0 layouts.
        const int first_component = components[0];
        const int w_sub = GST_VIDEO_FORMAT_INFO_W_SUB(format_info, first_component);
        const int h_sub = GST_VIDEO_FORMAT_INFO_H_SUB(format_info, first_component);
        const int pixel_stride = GST_VIDEO_FORMAT_INFO_PSTRIDE(format_info, first_component);
        std::array<int, kComponentCount> offsets{};
        int min_offset = pixel_stride;
        int max_offset = 0;
        for (int i = 0; i < component_count; ++i) {
            offsets[i] = static_cast<int>(GST_VIDEO_FORMAT_INFO_POFFSET(format_info, components[i]));
            min_offset = std::min(min_offset, offsets[i]);
            max_offset = std::max(max_offset, offsets[i]);
        }

        // Samples of this plane that touch the visible part: with an odd left edge or width the
        // edge chroma samples are only partly covered, and get a correspondingly smaller alpha.
        const int sample_left = left >> w_sub;
        const int sample_right = ((right - 1) >> w_sub) + 1;
        const int sample_top = top >> h_sub;
        const int sample_bottom = ((bottom - 1) >> h_sub) + 1;

        PlaneLayer layer;
        layer.plane = plane;
        layer.first_row = sample_top;
        layer.row_count = sample_bottom - sample_top;
        layer.first_byte = sample_left * pixel_stride + min_offset;
        layer.row_bytes = (sample_right - 1) * pixel_stride + max_offset + 1 - layer.first_byte;
        const auto layer_bytes = static_cast<std::size_t>(layer.row_count) * layer.row_bytes;
        layer.premultiplied.assign(layer_bytes, 0);
        layer.inverse_alpha.assign(layer_bytes, 255);
        layer.runs.resize(layer.row_count);

        ArgbSums previous_sums{.alpha = -1};
        int previous_alpha = 0;
        std::array<std::uint8_t, kComponentCount> previous_values{};
        for (int sample_y = sample_top; sample_y < sample_bottom; ++sample_y) {
            // Frame pixels a sample stands for (at an odd frame edge fewer than 2×2), and the
            // visible ones among them, which come from the image; the rest count as transparent.
            const int pixel_top = sample_y << h_sub;
            const int pixel_bottom = std::min(frame_height_, (sample_y + 1) << h_sub);
            const int image_top = std::max(pixel_top, top) - placement.y;
            const int image_bottom = std::min(pixel_bottom, bottom) - placement.y;
            auto* premultiplied_row =
                layer.premultiplied.data() +
                static_cast<std::size_t>(sample_y - sample_top) * layer.row_bytes;
            auto* inverse_alpha_row =
                layer.inverse_alpha.data() +
                static_cast<std::size_t>(sample_y - sample_top) * layer.row_bytes;
            for (int sample_x = sample_left; sample_x < sample_right; ++sample_x) {
                const int pixel_left = sample_x << w_sub;
                const int pixel_right = std::min(frame_width_, (sample_x + 1) << w_sub);
                const int image_left = std::max(pixel_left, left) - placement.x;
                const int image_right = std::min(pixel_right, right) - placement.x;
                ArgbSums sums;
                sums.pixel_count_log2 =
                    (pixel_bottom - pixel_top - 1) + (pixel_right - pixel_left - 1);
                for (int y = image_top; y < image_bottom; ++y) {
                    for (int x = image_left; x < image_right; ++x) {
                        const std::uint32_t argb = image.pixel(x, y);
                        sums.alpha += static_cast<int>(argb >> 24);
                        sums.red += static_cast<int>((argb >> 16) & 0xff);
                        sums.green += static_cast<int>((argb >> 8) & 0xff);
                        sums.blue += static_cast<int>(argb & 0xff);
                    }
                }
                // Most of an overlay is one colour (the band): convert each run once. This keeps
                // a re-render, which happens on the streaming thread, to about a millisecond.
                if (!(sums == previous_sums)) {
                    previous_sums = sums;
                    previous_alpha = sums.mean_alpha();
                    for (int i = 0; i < component_count; ++i) {
                        previous_values[i] =
                            converter.premultiplied(components[i], sums, previous_alpha);
                    }
                }
                const int sample_byte = sample_x * pixel_stride - layer.first_byte;
                for (int i = 0; i < component_count; ++i) {
                    premultiplied_row[sample_byte + offsets[i]] = previous_values[i];
                    inverse_alpha_row[sample_byte + offsets[i]] =
                        static_cast<std::uint8_t>(255 - previous_alpha);
                }
            }
        }

        // Fully transparent ends of a row (rounded corners, a panel narrower than the frame)
        // are never touched per frame.
        for (int row = 0; row < layer.row_count; ++row) {
            const auto* inverse = layer.inverse_alpha.data() +
                                  static_cast<std::size_t>(row) * layer.row_bytes;
            int begin = 0;
            int end = layer.row_bytes;
            while (begin < end && inverse[begin] == 255) ++begin;
            while (end > begin && inverse[end - 1] == 255) --end;
            layer.runs[row] = {begin, end};
        }
        layers_.push_back(std::move(layer));
    }
}

bool PlanarOverlay::matches(const GstVideoInfo& frame_info) const {
    return GST_VIDEO_INFO_FORMAT(&frame_info) == format_ &&
           GST_VIDEO_INFO_WIDTH(&frame_info) == frame_width_ &&
           GST_VIDEO_INFO_HEIGHT(&frame_info) == frame_height_ &&
           frame_info.colorimetry.matrix == colorimetry_.matrix &&
           frame_info.colorimetry.range == colorimetry_.range;
}

void PlanarOverlay::blend(GstVideoFrame& frame) const {
    require(GST_VIDEO_FRAME_FORMAT(&frame) == format_ &&
                GST_VIDEO_FRAME_WIDTH(&frame) == frame_width_ &&
                GST_VIDEO_FRAME_HEIGHT(&frame) == frame_height_,
            "frame does not match the format and size the overlay was converted for");
    for (const auto& layer : layers_) {
        auto* plane_data = static_cast<std::uint8_t*>(GST_VIDEO_FRAME_PLANE_DATA(&frame, layer.plane));
        const std::ptrdiff_t stride = GST_VIDEO_FRAME_PLANE_STRIDE(&frame, layer.plane);
        for (int row = 0; row < layer.row_count; ++row) {
            const auto run = layer.runs[row];
            if (run.begin == run.end) continue;
            auto* dst = plane_data + (layer.first_row + row) * stride + layer.first_byte + run.begin;
            const auto source = static_cast<std::size_t>(row) * layer.row_bytes + run.begin;
            blend_run(dst, layer.premultiplied.data() + source, layer.inverse_alpha.data() + source,
                      run.end - run.begin);
        }
    }
}

}  // namespace councilcast::vote_overlay
