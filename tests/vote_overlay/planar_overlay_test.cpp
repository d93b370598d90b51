#include "vote_overlay/planar_overlay.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <random>
#include <utility>
#include <vector>

#include "tests/vote_overlay/test_frame.hpp"

using namespace councilcast::vote_overlay;
using councilcast::vote_overlay::test::TestFrame;
using councilcast::vote_overlay::test::video_info;

namespace {

constexpr std::uint32_t kOpaqueWhite = 0xffffffff;
constexpr std::uint32_t kOpaqueRed = 0xffff0000;
constexpr std::uint32_t kTransparent = 0x00000000;
constexpr std::uint32_t kHalfWhite = 0x80808080;  // premultiplied: alpha 128, colour 128

OverlayImage solid_image(FrameRect placement, std::uint32_t argb) {
    OverlayImage image;
    image.placement = placement;
    image.pixels.assign(static_cast<std::size_t>(placement.width) * placement.height, argb);
    return image;
}

void blend(TestFrame& frame, const OverlayImage& image) {
    PlanarOverlay(image, frame.info()).blend(frame.frame());
}

std::vector<std::uint8_t> noise(std::size_t size, unsigned seed) {
    std::mt19937 generator(seed);
    std::uniform_int_distribution<int> byte(0, 255);
    std::vector<std::uint8_t> bytes(size);
    for (auto& b : bytes) b = static_cast<std::uint8_t>(byte(generator));
    return bytes;
}

// Buffer offsets the overlay may write: the samples of each component whose pixels meet the
// visible part of `placement`. Everything else (row padding, other samples, guard) must stay.
std::vector<bool> writable_bytes(const GstVideoInfo& info, std::size_t buffer_size,
                                 FrameRect placement) {
    std::vector<bool> writable(buffer_size, false);
    const int left = std::max(0, placement.x);
    const int top = std::max(0, placement.y);
    const int right = std::min(GST_VIDEO_INFO_WIDTH(&info), placement.x + placement.width);
    const int bottom = std::min(GST_VIDEO_INFO_HEIGHT(&info), placement.y + placement.height);
    if (left >= right || top >= bottom) return writable;
    for (int c = 0; c < 3; ++c) {
        const int w_sub = GST_VIDEO_FORMAT_INFO_W_SUB(info.finfo, c);
        const int h_sub = GST_VIDEO_FORMAT_INFO_H_SUB(info.finfo, c);
        const int plane = GST_VIDEO_FORMAT_INFO_PLANE(info.finfo, c);
        for (int y = top >> h_sub; y <= (bottom - 1) >> h_sub; ++y) {
            for (int x = left >> w_sub; x <= (right - 1) >> w_sub; ++x) {
                writable[info.offset[plane] + y * info.stride[plane] +
                         x * GST_VIDEO_FORMAT_INFO_PSTRIDE(info.finfo, c) +
                         GST_VIDEO_FORMAT_INFO_POFFSET(info.finfo, c)] = true;
            }
        }
    }
    return writable;
}

}  // namespace

TEST_CASE("an opaque white pixel becomes limited-range white") {
    for (auto format : {GST_VIDEO_FORMAT_I420, GST_VIDEO_FORMAT_NV12}) {
        CAPTURE(gst_video_format_to_string(format));
        TestFrame frame(format, 64, 32, 40, 90, 200);
        blend(frame, solid_image({8, 4, 8, 4}, kOpaqueWhite));
        CHECK(frame.luma(8, 4) == 235);
        CHECK(frame.luma(15, 7) == 235);
        CHECK(frame.cb(4, 2) == 128);
        CHECK(frame.cr(7, 3) == 128);
        CHECK(frame.luma(7, 4) == 40);
        CHECK(frame.luma(16, 4) == 40);
    }
}

TEST_CASE("a transparent overlay leaves the frame byte-identical") {
    for (auto format : {GST_VIDEO_FORMAT_I420, GST_VIDEO_FORMAT_NV12}) {
        CAPTURE(gst_video_format_to_string(format));
        TestFrame frame(format, 1280, 720);
        frame.set_bytes(noise(frame.bytes().size(), 1));
        const auto before = frame.bytes();
        blend(frame, solid_image({0, 587, 1280, 133}, kTransparent));
        CHECK(frame.bytes() == before);

        // Transparent ends of an otherwise visible overlay: only the middle is touched.
        auto image = solid_image({0, 587, 1280, 133}, kTransparent);
        for (int y = 0; y < 133; ++y) {
            for (int x = 600; x < 700; ++x) image.pixels[y * 1280 + x] = kOpaqueWhite;
        }
        blend(frame, image);
        const auto after = frame.bytes();
        const auto writable = writable_bytes(frame.info(), after.size(), {600, 587, 100, 133});
        std::size_t changed_outside = 0;
        for (std::size_t i = 0; i < after.size(); ++i) {
            changed_outside += !writable[i] && after[i] != before[i];
        }
        CHECK(changed_outside == 0);
        CHECK(frame.luma(650, 600) == 235);
    }
}

TEST_CASE("50 % alpha lands on the midpoint") {
    for (auto format : {GST_VIDEO_FORMAT_I420, GST_VIDEO_FORMAT_NV12}) {
        CAPTURE(gst_video_format_to_string(format));
        TestFrame frame(format, 64, 32, 16, 128, 128);  // limited-range black
        blend(frame, solid_image({0, 0, 64, 32}, kHalfWhite));
        CHECK(std::abs(frame.luma(10, 10) - (16 + 235) / 2.0) <= 1.0);
        CHECK(std::abs(frame.cb(5, 5) - 128) <= 1);
        CHECK(std::abs(frame.cr(5, 5) - 128) <= 1);

        frame.fill(200, 60, 180);
        blend(frame, solid_image({0, 0, 64, 32}, kHalfWhite));
        CHECK(std::abs(frame.luma(10, 10) - (200 + 235) / 2.0) <= 1.0);
        CHECK(std::abs(frame.cb(5, 5) - (60 + 128) / 2.0) <= 1.0);
        CHECK(std::abs(frame.cr(5, 5) - (180 + 128) / 2.0) <= 1.0);
    }
}

TEST_CASE("chroma lands on the right samples in I420, YV12, NV12 and NV21") {
    // 64×32 is SD, so GStreamer's default colorimetry is BT.601: red is Y 81, Cb 90, Cr 240.
    for (auto format : {GST_VIDEO_FORMAT_I420, GST_VIDEO_FORMAT_YV12, GST_VIDEO_FORMAT_NV12,
                        GST_VIDEO_FORMAT_NV21}) {
        CAPTURE(gst_video_format_to_string(format));
        TestFrame frame(format, 64, 32, 16, 128, 128);
        blend(frame, solid_image({10, 6, 2, 2}, kOpaqueRed));
        CHECK(frame.luma(10, 6) == 81);
        CHECK(frame.luma(11, 7) == 81);
        CHECK(frame.luma(9, 6) == 16);
        CHECK(frame.luma(12, 7) == 16);
        CHECK(frame.luma(10, 8) == 16);
        CHECK(frame.cb(5, 3) == 90);
        CHECK(frame.cr(5, 3) == 240);
        for (auto [x, y] : {std::pair{4, 3}, {6, 3}, {5, 2}, {5, 4}}) {
            CHECK(frame.cb(x, y) == 128);
            CHECK(frame.cr(x, y) == 128);
        }

        // A single pixel at an odd position covers a quarter of one chroma sample.
        frame.fill(16, 128, 128);
        blend(frame, solid_image({21, 13, 1, 1}, kOpaqueRed));
        CHECK(frame.luma(21, 13) == 81);
        CHECK(frame.luma(20, 12) == 16);
        CHECK(std::abs(frame.cb(10, 6) - (3 * 128 + 90) / 4.0) <= 1.0);
        CHECK(std::abs(frame.cr(10, 6) - (3 * 128 + 240) / 4.0) <= 1.0);
        CHECK(frame.cb(11, 6) == 128);
        CHECK(frame.cb(10, 7) == 128);
    }
}

TEST_CASE("colours follow the frame's colorimetry: BT.709 at 720p and 1080p, BT.601 in SD") {
    TestFrame hd(GST_VIDEO_FORMAT_I420, 1920, 1080);
    CHECK(hd.info().colorimetry.matrix == GST_VIDEO_COLOR_MATRIX_BT709);
    blend(hd, solid_image({100, 100, 2, 2}, kOpaqueRed));
    CHECK(hd.luma(100, 100) == 63);
    CHECK(hd.cb(50, 50) == 102);
    CHECK(hd.cr(50, 50) == 240);

    TestFrame sd(GST_VIDEO_FORMAT_I420, 720, 576);
    CHECK(sd.info().colorimetry.matrix == GST_VIDEO_COLOR_MATRIX_BT601);
    blend(sd, solid_image({100, 100, 2, 2}, kOpaqueRed));
    CHECK(sd.luma(100, 100) == 81);
    CHECK(sd.cb(50, 50) == 90);
}

TEST_CASE("an overlay clipped by the frame edges writes nothing outside it") {
    // Odd sizes: the last chroma column and row stand for a single luma column/row, and rows
    // have padding bytes after the picture.
    for (auto format : {GST_VIDEO_FORMAT_I420, GST_VIDEO_FORMAT_NV12}) {
        for (const FrameRect placement :
             {FrameRect{-5, -3, 20, 10}, FrameRect{50, 25, 30, 20}, FrameRect{-7, 20, 100, 40},
              FrameRect{61, 0, 5, 31}, FrameRect{100, 100, 10, 10}, FrameRect{-20, 5, 10, 10}}) {
            CAPTURE(gst_video_format_to_string(format));
            CAPTURE(placement.x);
            CAPTURE(placement.y);
            TestFrame frame(format, 63, 31);
            frame.set_bytes(noise(frame.bytes().size(), 7));
            const auto before = frame.bytes();
            blend(frame, solid_image(placement, kOpaqueWhite));
            const auto after = frame.bytes();
            const auto writable = writable_bytes(frame.info(), after.size(), placement);
            std::size_t changed_outside = 0;
            for (std::size_t i = 0; i < after.size(); ++i) {
                changed_outside += !writable[i] && after[i] != before[i];
            }
            CHECK(changed_outside == 0);
            // The visible part is white.
            const int x = std::clamp(placement.x, 0, 62);
            const int y = std::clamp(placement.y, 0, 30);
            const bool visible = placement.x < 63 && placement.y < 31 &&
                                 placement.x + placement.width > 0 &&
                                 placement.y + placement.height > 0;
            if (visible) CHECK(frame.luma(x, y) == 235);
        }
    }
}

TEST_CASE("a copy matches only frames of its format, size and colours") {
    const auto image = solid_image({0, 0, 4, 4}, kOpaqueWhite);
    const PlanarOverlay overlay(image, video_info(GST_VIDEO_FORMAT_I420, 1280, 720));
    CHECK(overlay.matches(video_info(GST_VIDEO_FORMAT_I420, 1280, 720)));
    CHECK_FALSE(overlay.matches(video_info(GST_VIDEO_FORMAT_NV12, 1280, 720)));
    CHECK_FALSE(overlay.matches(video_info(GST_VIDEO_FORMAT_I420, 1920, 1080)));
    auto full_range = video_info(GST_VIDEO_FORMAT_I420, 1280, 720);
    full_range.colorimetry.range = GST_VIDEO_COLOR_RANGE_0_255;
    CHECK_FALSE(overlay.matches(full_range));
    CHECK(PlanarOverlay::supports(GST_VIDEO_FORMAT_NV12));
    CHECK_FALSE(PlanarOverlay::supports(GST_VIDEO_FORMAT_RGBA));
}
