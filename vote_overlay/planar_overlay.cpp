#include "vote_overlay/planar_overlay.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "common/require.hpp"

namespace councilcast::vote_overlay {

namespace {

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

    int mean_alpha() const { return (alpha + (1 << pixel_count_log2 >> 1)) >> pixel_count_log2; }
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
                weights_[c][i + 1] =
                    static_cast<int>(std::lround(one * scales[c] * matrix[c][i] / 255.0));
            }
        }
    }

    // The component of the sample, already multiplied by alpha, in 8-bit code values, at most
    // `alpha` (so the blend cannot overflow). No intermediate passes 2^31: |weights| < 2^17 and
    // each sum < 2^10.
    std::uint8_t premultiplied(int component, const ArgbSums& sums, int alpha) const {
        const auto& w = weights_[component];
        const int weighted =
            w[0] * sums.alpha + w[1] * sums.red + w[2] * sums.green + w[3] * sums.blue;
        const int shift = kFractionBits + sums.pixel_count_log2;
        return static_cast<std::uint8_t>(
            std::clamp((weighted + (1 << (shift - 1))) >> shift, 0, alpha));
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

// The visible part of the image on the 2×2 grid of 4:2:0 chroma, with transparent pixels around
// it, so that every sample of every plane reads a whole block without edge checks. Pixels past an
// odd frame edge are transparent here too and are left out of the sample's pixel count.
class AlignedImage {
  public:
    AlignedImage(const OverlayImage& image, int left, int top, int right, int bottom)
        : x_(left & ~1),
          y_(top & ~1),
          width_(((right + 1) & ~1) - x_),
          height_(((bottom + 1) & ~1) - y_),
          pixels_(static_cast<std::size_t>(width_) * height_, 0) {
        const auto& placement = image.placement;
        for (int y = top; y < bottom; ++y) {
            const std::uint32_t* source =
                &image.pixels[static_cast<std::size_t>(y - placement.y) * placement.width +
                              (left - placement.x)];
            std::copy(source, source + (right - left), row(y) + (left - x_));
        }
    }

    // Row `y` of the frame, indexed by frame x.
    const std::uint32_t* frame_row(int y) const { return row(y) - x_; }

  private:
    std::uint32_t* row(int y) { return pixels_.data() + static_cast<std::size_t>(y - y_) * width_; }
    const std::uint32_t* row(int y) const {
        return pixels_.data() + static_cast<std::size_t>(y - y_) * width_;
    }

    int x_;
    int y_;
    int width_;
    int height_;
    std::vector<std::uint32_t> pixels_;
};

// Where one plane's samples go: the plane's sample rectangle and, per component of the plane,
// the byte it takes in a sample (NV12: U at 0, V at 1 of 2 bytes).
struct PlaneTarget {
    int sample_left = 0;
    int sample_top = 0;
    int sample_right = 0;
    int sample_bottom = 0;
    int pixel_stride = 1;
    int first_byte = 0;
    int row_bytes = 0;
    int component_count = 0;
    std::array<int, kComponentCount> components{};
    std::array<int, kComponentCount> byte_offsets{};
    std::uint8_t* premultiplied = nullptr;
    std::uint8_t* inverse_alpha = nullptr;
};

void add_pixel(ArgbSums& sums, std::uint32_t argb) {
    sums.alpha += static_cast<int>(argb >> 24);
    sums.red += static_cast<int>((argb >> 16) & 0xff);
    sums.green += static_cast<int>((argb >> 8) & 0xff);
    sums.blue += static_cast<int>(argb & 0xff);
}

// Fills one plane of kComponents interleaved components (2 for NV12's UV); a sample stands for
// a block of (1 << kWSub) × (1 << kHSub) frame pixels. All three are compile-time so the per-sample
// values stay in registers.
template <int kWSub, int kHSub, int kComponents>
void convert_plane(const AlignedImage& image, const YuvConverter& converter, int frame_width,
                   int frame_height, const PlaneTarget& target) {
    // Locals, not target's members: a store through a uint8_t pointer may alias anything, so
    // the compiler would reload members after every byte written.
    const int pixel_stride = target.pixel_stride;
    const int first_byte = target.first_byte;
    const std::array<int, kComponentCount> byte_offsets = target.byte_offsets;
    // Most of an overlay is one colour (the band): each run of equal blocks is converted once.
    // A re-render runs on the streaming thread; this keeps its conversion near 2 ms at 1080p.
    ArgbSums previous{.alpha = -1};
    int alpha = 0;
    std::array<std::uint8_t, kComponents> values{};
    for (int sample_y = target.sample_top; sample_y < target.sample_bottom; ++sample_y) {
        const int frame_y = sample_y << kHSub;
        const std::uint32_t* top_row = image.frame_row(frame_y);
        const std::uint32_t* bottom_row = kHSub ? image.frame_row(frame_y + 1) : top_row;
        // At an odd frame edge the last block has one row (or column) of real pixels.
        const int rows_log2 = kHSub && frame_y + 1 < frame_height ? 1 : 0;
        const auto row_offset =
            static_cast<std::size_t>(sample_y - target.sample_top) * target.row_bytes;
        std::uint8_t* premultiplied_row = target.premultiplied + row_offset;
        std::uint8_t* inverse_alpha_row = target.inverse_alpha + row_offset;
        for (int sample_x = target.sample_left; sample_x < target.sample_right; ++sample_x) {
            const int frame_x = sample_x << kWSub;
            ArgbSums sums;
            add_pixel(sums, top_row[frame_x]);
            if constexpr (kWSub) add_pixel(sums, top_row[frame_x + 1]);
            if constexpr (kHSub) {
                add_pixel(sums, bottom_row[frame_x]);
                if constexpr (kWSub) add_pixel(sums, bottom_row[frame_x + 1]);
            }
            sums.pixel_count_log2 = rows_log2 + (kWSub && frame_x + 1 < frame_width ? 1 : 0);
            if (!(sums == previous)) {
                previous = sums;
                alpha = sums.mean_alpha();
                for (int i = 0; i < kComponents; ++i) {
                    values[i] = converter.premultiplied(target.components[i], sums, alpha);
                }
            }
            const int sample_byte = sample_x * pixel_stride - first_byte;
            const auto inverse_alpha = static_cast<std::uint8_t>(255 - alpha);
            for (int i = 0; i < kComponents; ++i) {
                premultiplied_row[sample_byte + byte_offsets[i]] = values[i];
                inverse_alpha_row[sample_byte + byte_offsets[i]] = inverse_alpha;
            }
        }
    }
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
                image.pixels.size() == static_cast<std::size_t>(placement.width) * placement.height,
            "overlay image size does not match its placement");

    // The visible part, in frame pixels.
    const int left = std::max(0, placement.x);
    const int top = std::max(0, placement.y);
    const int right = std::min(frame_width_, placement.x + placement.width);
    const int bottom = std::min(frame_height_, placement.y + placement.height);
    if (left >= right || top >= bottom) return;

    const AlignedImage aligned(image, left, top, right, bottom);
    const YuvConverter converter(frame_info);
    const GstVideoFormatInfo* format_info = frame_info.finfo;

    const int plane_count = static_cast<int>(GST_VIDEO_FORMAT_INFO_N_PLANES(format_info));
    for (int plane = 0; plane < plane_count; ++plane) {
        PlaneTarget target;
        for (int c = 0; c < kComponentCount; ++c) {
            if (static_cast<int>(GST_VIDEO_FORMAT_INFO_PLANE(format_info, c)) == plane) {
                target.components[target.component_count++] = c;
            }
        }
        // Components sharing a plane share subsampling and pixel stride in 4:2:0 layouts.
        const int first_component = target.components[0];
        const int w_sub = GST_VIDEO_FORMAT_INFO_W_SUB(format_info, first_component);
        const int h_sub = GST_VIDEO_FORMAT_INFO_H_SUB(format_info, first_component);
        target.pixel_stride = GST_VIDEO_FORMAT_INFO_PSTRIDE(format_info, first_component);
        int min_offset = target.pixel_stride;
        int max_offset = 0;
        for (int i = 0; i < target.component_count; ++i) {
            const int offset =
                static_cast<int>(GST_VIDEO_FORMAT_INFO_POFFSET(format_info, target.components[i]));
            min_offset = std::min(min_offset, offset);
            max_offset = std::max(max_offset, offset);
            target.byte_offsets[i] = offset;
        }

        // Samples of this plane that touch the visible part: with an odd left edge or width the
        // edge chroma samples are only partly covered, and get a correspondingly smaller alpha.
        target.sample_left = left >> w_sub;
        target.sample_right = ((right - 1) >> w_sub) + 1;
        target.sample_top = top >> h_sub;
        target.sample_bottom = ((bottom - 1) >> h_sub) + 1;
        target.first_byte = target.sample_left * target.pixel_stride + min_offset;
        target.row_bytes =
            (target.sample_right - 1) * target.pixel_stride + max_offset + 1 - target.first_byte;

        PlaneLayer layer;
        layer.plane = plane;
        layer.first_row = target.sample_top;
        layer.row_count = target.sample_bottom - target.sample_top;
        layer.first_byte = target.first_byte;
        layer.row_bytes = target.row_bytes;
        const auto layer_bytes = static_cast<std::size_t>(layer.row_count) * layer.row_bytes;
        layer.premultiplied.assign(layer_bytes, 0);
        layer.inverse_alpha.assign(layer_bytes, 255);
        target.premultiplied = layer.premultiplied.data();
        target.inverse_alpha = layer.inverse_alpha.data();

        if (w_sub == 0 && h_sub == 0 && target.component_count == 1) {
            convert_plane<0, 0, 1>(aligned, converter, frame_width_, frame_height_, target);
        } else if (w_sub == 1 && h_sub == 1 && target.component_count == 1) {
            convert_plane<1, 1, 1>(aligned, converter, frame_width_, frame_height_, target);
        } else if (w_sub == 1 && h_sub == 1 && target.component_count == 2) {
            convert_plane<1, 1, 2>(aligned, converter, frame_width_, frame_height_, target);
        } else {
            require(false, "only 8-bit 4:2:0 planar and semi-planar layouts are supported");
        }

        // Fully transparent ends of a row (rounded corners, a panel narrower than the frame)
        // are never touched per frame.
        layer.runs.resize(layer.row_count);
        for (int row = 0; row < layer.row_count; ++row) {
            const auto* inverse =
                layer.inverse_alpha.data() + static_cast<std::size_t>(row) * layer.row_bytes;
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
        auto* plane_data =
            static_cast<std::uint8_t*>(GST_VIDEO_FRAME_PLANE_DATA(&frame, layer.plane));
        const std::ptrdiff_t stride = GST_VIDEO_FRAME_PLANE_STRIDE(&frame, layer.plane);
        for (int row = 0; row < layer.row_count; ++row) {
            const auto run = layer.runs[row];
            if (run.begin == run.end) continue;
            auto* dst =
                plane_data + (layer.first_row + row) * stride + layer.first_byte + run.begin;
            const auto source = static_cast<std::size_t>(row) * layer.row_bytes + run.begin;
            blend_run(dst, layer.premultiplied.data() + source, layer.inverse_alpha.data() + source,
                      run.end - run.begin);
        }
    }
}

}  // namespace councilcast::vote_overlay
