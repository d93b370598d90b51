#include "vote_overlay/overlay_renderer.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>

using namespace councilcast::vote_overlay;

namespace {

int alpha(std::uint32_t argb) {
    return static_cast<int>(argb >> 24);
}
int red(std::uint32_t argb) {
    return static_cast<int>((argb >> 16) & 0xff);
}
int green(std::uint32_t argb) {
    return static_cast<int>((argb >> 8) & 0xff);
}

std::size_t differing_pixels(const OverlayImage& a, const OverlayImage& b) {
    REQUIRE(a.pixels.size() == b.pixels.size());
    std::size_t count = 0;
    for (std::size_t i = 0; i < a.pixels.size(); ++i) count += a.pixels[i] != b.pixels[i];
    return count;
}

// Strongly red, opaque pixels: the LIVE badge.
bool is_badge_red(std::uint32_t argb) {
    return alpha(argb) == 255 && red(argb) > 150 && green(argb) < 60;
}

std::size_t badge_pixels(const OverlayImage& image) {
    std::size_t count = 0;
    for (auto argb : image.pixels) count += is_badge_red(argb);
    return count;
}

}  // namespace

TEST_CASE("the lower third spans the width at 200/1080 of the height, at the bottom") {
    CHECK(OverlayRenderer::lower_third_rect(1920, 1080) == FrameRect{0, 880, 1920, 200});
    CHECK(OverlayRenderer::lower_third_rect(1280, 720) == FrameRect{0, 587, 1280, 133});
    CHECK(OverlayRenderer::lower_third_rect(640, 360) == FrameRect{0, 293, 640, 67});
}

TEST_CASE("the rendered image is a semi-transparent band of the lower third's size") {
    const OverlayRenderer renderer;
    const auto image =
        renderer.render({"Tarybos posėdžių salė", "TIESIOGIAI", "14:05:09"}, 1280, 720);
    CHECK(image.placement == FrameRect{0, 587, 1280, 133});
    REQUIRE(image.pixels.size() == 1280u * 133u);
    // The band covers everything, and lets the picture through where there is no text.
    CHECK(alpha(image.pixel(0, 0)) > 100);
    CHECK(alpha(image.pixel(0, 0)) < 255);
    CHECK(alpha(image.pixel(1279, 132)) == alpha(image.pixel(0, 0)));
}

TEST_CASE("Lithuanian diacritics render") {
    const OverlayRenderer renderer;
    const auto empty = renderer.render({"", "", ""}, 1920, 1080);
    const auto title = renderer.render({"Tarybos posėdžių salė", "", ""}, 1920, 1080);
    CHECK(title.missing_glyph_count == 0);
    CHECK(differing_pixels(empty, title) > 2000);

    // The marks themselves reach the picture: with them the image differs from without them.
    const auto marked = renderer.render({"ąčęėįšųūž ĄČĘĖĮŠŲŪŽ", "", ""}, 1920, 1080);
    const auto plain = renderer.render({"aceeisuuz ACEEISUUZ", "", ""}, 1920, 1080);
    CHECK(marked.missing_glyph_count == 0);
    CHECK(differing_pixels(marked, plain) > 500);
}

TEST_CASE("characters no font has are counted") {
    const OverlayRenderer renderer;
    // U+10FFFD is a private-use code point no Debian font draws.
    const auto image = renderer.render({"Salė \xf4\x8f\xbf\xbd", "", ""}, 1920, 1080);
    CHECK(image.missing_glyph_count == 1);
}

TEST_CASE("the LIVE badge is red, right of centre, and only there when labelled") {
    const OverlayRenderer renderer;
    const auto with_badge = renderer.render({"Salė", "TIESIOGIAI", "14:05:09"}, 1920, 1080);
    const auto without_badge = renderer.render({"Salė", "", "14:05:09"}, 1920, 1080);
    CHECK(badge_pixels(with_badge) > 5000);
    CHECK(badge_pixels(without_badge) == 0);
    for (int x = 0; x < 960; ++x) CHECK_FALSE(is_badge_red(with_badge.pixel(x, 100)));
}

TEST_CASE("a long title is cut short instead of running under the badge and clock") {
    const OverlayRenderer renderer;
    std::string title;
    while (title.size() + 2 <= kMaxOverlayTextBytes) title += "Ž";
    const auto long_title = renderer.render({title, "TIESIOGIAI", "14:05:09"}, 1920, 1080);
    const auto short_title = renderer.render({"Ž", "TIESIOGIAI", "14:05:09"}, 1920, 1080);
    // Right of the title's allotted space the two images are the same.
    int rightmost_difference = -1;
    for (int y = 0; y < 200; ++y) {
        for (int x = 0; x < 1920; ++x) {
            if (long_title.pixel(x, y) != short_title.pixel(x, y)) {
                rightmost_difference = std::max(rightmost_difference, x);
            }
        }
    }
    int badge_left = 1920;
    for (int x = 0; x < 1920; ++x) {
        if (is_badge_red(short_title.pixel(x, 100))) {
            badge_left = x;
            break;
        }
    }
    CHECK(badge_left < 1920);
    CHECK(rightmost_difference > 960);  // the long title does fill its space
    CHECK(rightmost_difference < badge_left);
}
