#include "vote_overlay/overlay_renderer.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include "tests/vote_overlay/tally_fixture.hpp"

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
        renderer.render_bar({"Tarybos posėdžių salė", "TIESIOGIAI", "14:05:09"}, 1280, 720);
    CHECK(image.placement == FrameRect{0, 587, 1280, 133});
    REQUIRE(image.pixels.size() == 1280u * 133u);
    // The band covers everything, and lets the picture through where there is no text.
    CHECK(alpha(image.pixel(0, 0)) > 100);
    CHECK(alpha(image.pixel(0, 0)) < 255);
    CHECK(alpha(image.pixel(1279, 132)) == alpha(image.pixel(0, 0)));
}

TEST_CASE("Lithuanian diacritics render") {
    const OverlayRenderer renderer;
    const auto empty = renderer.render_bar({"", "", ""}, 1920, 1080);
    const auto title = renderer.render_bar({"Tarybos posėdžių salė", "", ""}, 1920, 1080);
    CHECK(title.missing_glyph_count == 0);
    CHECK(differing_pixels(empty, title) > 2000);

    // The marks themselves reach the picture: with them the image differs from without them.
    const auto marked = renderer.render_bar({"ąčęėįšųūž ĄČĘĖĮŠŲŪŽ", "", ""}, 1920, 1080);
    const auto plain = renderer.render_bar({"aceeisuuz ACEEISUUZ", "", ""}, 1920, 1080);
    CHECK(marked.missing_glyph_count == 0);
    CHECK(differing_pixels(marked, plain) > 500);
}

TEST_CASE("characters no font has are counted") {
    const OverlayRenderer renderer;
    // U+10FFFD is a private-use code point no Debian font draws.
    const auto image = renderer.render_bar({"Salė \xf4\x8f\xbf\xbd", "", ""}, 1920, 1080);
    CHECK(image.missing_glyph_count == 1);
}

TEST_CASE("the LIVE badge is red, right of centre, and only there when labelled") {
    const OverlayRenderer renderer;
    const auto with_badge = renderer.render_bar({"Salė", "TIESIOGIAI", "14:05:09"}, 1920, 1080);
    const auto without_badge = renderer.render_bar({"Salė", "", "14:05:09"}, 1920, 1080);
    CHECK(badge_pixels(with_badge) > 5000);
    CHECK(badge_pixels(without_badge) == 0);
    for (int x = 0; x < 960; ++x) CHECK_FALSE(is_badge_red(with_badge.pixel(x, 100)));
}

TEST_CASE("a long title is cut short instead of running under the badge and clock") {
    const OverlayRenderer renderer;
    std::string title;
    while (title.size() + 2 <= kMaxOverlayTextBytes) title += "Ž";
    const auto long_title = renderer.render_bar({title, "TIESIOGIAI", "14:05:09"}, 1920, 1080);
    const auto short_title = renderer.render_bar({"Ž", "TIESIOGIAI", "14:05:09"}, 1920, 1080);
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

namespace {

using councilcast::vote_overlay::test::closed_tally;
using councilcast::vote_overlay::test::mayor;
using councilcast::vote_overlay::test::open_tally;

constexpr std::int64_t kNow = 1'796'000'000'000;
constexpr const char* kDiacritics = "ąčęėįšųūž ĄČĘĖĮŠŲŪŽ";

// The parts drawn over a black frame, as one frame-sized ARGB picture (source over).
std::vector<std::uint32_t> composite(const std::vector<OverlayImage>& parts, int width,
                                     int height) {
    std::vector<std::uint32_t> frame(static_cast<std::size_t>(width) * height, 0xff000000u);
    for (const auto& part : parts) {
        const auto& rect = part.placement;
        for (int y = std::max(0, rect.y); y < std::min(height, rect.y + rect.height); ++y) {
            for (int x = std::max(0, rect.x); x < std::min(width, rect.x + rect.width); ++x) {
                const std::uint32_t source = part.pixel(x - rect.x, y - rect.y);
                const std::uint32_t keep = 255 - alpha(source);
                std::uint32_t& dst = frame[static_cast<std::size_t>(y) * width + x];
                std::uint32_t out = 0xff000000u;
                for (int shift : {0, 8, 16}) {
                    const std::uint32_t channel =
                        ((source >> shift) & 0xff) + (((dst >> shift) & 0xff) * keep + 127) / 255;
                    out |= std::min<std::uint32_t>(channel, 255) << shift;
                }
                dst = out;
            }
        }
    }
    return frame;
}

std::size_t differing_in(const std::vector<std::uint32_t>& a, const std::vector<std::uint32_t>& b,
                         int frame_width, FrameRect rect) {
    std::size_t count = 0;
    for (int y = rect.y; y < rect.y + rect.height; ++y) {
        for (int x = rect.x; x < rect.x + rect.width; ++x) {
            const auto i = static_cast<std::size_t>(y) * frame_width + x;
            count += a[i] != b[i];
        }
    }
    return count;
}

bool contains(FrameRect rect, int x, int y) {
    return x >= rect.x && x < rect.x + rect.width && y >= rect.y && y < rect.y + rect.height;
}

// Opaque pixels of a clearly green or clearly red hue: the result line (the bars are in the
// middle rows only, so callers look below them).
std::size_t hue_pixels(const OverlayImage& image, int from_row, bool want_green) {
    std::size_t count = 0;
    for (int y = from_row; y < image.placement.height; ++y) {
        for (int x = 0; x < image.placement.width; ++x) {
            const auto argb = image.pixel(x, y);
            const int r = red(argb);
            const int g = green(argb);
            if (alpha(argb) < 250) continue;
            count += want_green ? (g > 180 && r < 120) : (r > 200 && g < 130);
        }
    }
    return count;
}

// The last row of the four bars: in a panel without a result, the last row with a strongly
// coloured pixel (the text is white and grey).
int last_bar_row(const OverlayImage& image) {
    int last = -1;
    for (int y = 0; y < image.placement.height; ++y) {
        for (int x = 0; x < image.placement.width; ++x) {
            const auto argb = image.pixel(x, y);
            const int r = red(argb);
            const int g = green(argb);
            if (alpha(argb) > 250 && std::abs(r - g) > 80) last = y;
        }
    }
    return last;
}

}  // namespace

TEST_CASE("a tally renders as a panel in the upper right, clear of the centre and the bar") {
    const OverlayRenderer renderer;
    for (const auto& [width, height] : {std::pair{1920, 1080}, std::pair{1280, 720}}) {
        CAPTURE(height);
        const auto panel = renderer.render_tally(open_tally(), 65, width, height);
        const auto& rect = panel.placement;
        CHECK(panel.missing_glyph_count == 0);
        REQUIRE(panel.pixels.size() == static_cast<std::size_t>(rect.width) * rect.height);
        CHECK(rect.x + rect.width < width);  // a margin on the right
        CHECK(rect.y > 0);
        CHECK(rect.x > width / 2);
        CHECK_FALSE(contains(rect, width / 2, height / 2));
        CHECK(rect.y + rect.height < OverlayRenderer::lower_third_rect(width, height).y);
        // Sized to what it holds: about 40 % of the height with a one-line motion.
        CHECK(rect.height > height / 4);
        CHECK(rect.height < height / 2);
        // Opaque enough to read on any picture, yet not a solid block.
        CHECK(alpha(panel.pixel(rect.width / 2, 2)) > 200);
        CHECK(alpha(panel.pixel(rect.width / 2, 2)) < 255);
    }
    // The same design at both sizes: 720p is 1080p scaled by two thirds.
    const auto full_hd = renderer.render_tally(open_tally(), 65, 1920, 1080).placement;
    const auto hd = renderer.render_tally(open_tally(), 65, 1280, 720).placement;
    CHECK(std::abs(hd.width - full_hd.width * 2 / 3) <= 2);
    CHECK(std::abs(hd.height - full_hd.height * 2 / 3) <= 6);
}

TEST_CASE("the tally changes the picture where its panel is and nowhere else") {
    const OverlayRenderer renderer;
    OverlayState without{"Tarybos posėdžių salė", "TIESIOGIAI", "14:05:09"};
    auto with = without;
    with.tally = open_tally();
    with.tally->countdown_ends_unix_ms = kNow + 65'000;
    const auto plain = composite(renderer.render_all(without, kNow, 1920, 1080), 1920, 1080);
    const auto shown = composite(renderer.render_all(with, kNow, 1920, 1080), 1920, 1080);
    const auto area = OverlayRenderer::tally_area(1920, 1080);
    const std::size_t changed = differing_in(plain, shown, 1920, area);
    MESSAGE("tally panel pixels changed: ", changed);
    CHECK(changed > 100'000);
    CHECK(differing_in(plain, shown, 1920, FrameRect{0, 0, 1920, 1080}) == changed);

    SUBCASE("and goes when its time to be seen is over") {
        with.tally->visible_until_unix_ms = kNow;
        const auto gone = composite(renderer.render_all(with, kNow, 1920, 1080), 1920, 1080);
        CHECK(gone == plain);
    }
    SUBCASE("each count changes the picture") {
        auto more = with;
        more.tally->counts[1].value = 5;
        const auto changed_count =
            composite(renderer.render_all(more, kNow, 1920, 1080), 1920, 1080);
        CHECK(differing_in(shown, changed_count, 1920, area) > 100);
    }
}

TEST_CASE("the countdown shows while open and not once closed") {
    const OverlayRenderer renderer;
    const auto with_countdown = renderer.render_tally(open_tally(), 65, 1920, 1080);
    const auto without_countdown = renderer.render_tally(open_tally(), std::nullopt, 1920, 1080);
    const auto next_second = renderer.render_tally(open_tally(), 64, 1920, 1080);
    REQUIRE(with_countdown.placement == without_countdown.placement);
    CHECK(differing_pixels(with_countdown, without_countdown) > 500);
    CHECK(differing_pixels(with_countdown, next_second) > 50);
}

TEST_CASE("a closed vote's result is green when adopted and red otherwise") {
    const OverlayRenderer renderer;
    const auto open = renderer.render_tally(open_tally(), std::nullopt, 1920, 1080);
    const auto adopted = renderer.render_tally(closed_tally(OverlayOutcome::kAdopted, "PRIIMTA"),
                                               std::nullopt, 1920, 1080);
    const auto rejected = renderer.render_tally(
        closed_tally(OverlayOutcome::kRejected, "NEPRIIMTA"), std::nullopt, 1920, 1080);
    const auto invalid = renderer.render_tally(
        closed_tally(OverlayOutcome::kInvalid, "NĖRA KVORUMO"), std::nullopt, 1920, 1080);
    // The result and the arithmetic make the panel taller.
    CHECK(adopted.placement.height > open.placement.height + 60);
    const int below_bars = last_bar_row(open) + 1;
    REQUIRE(below_bars > 0);
    CHECK(hue_pixels(open, below_bars, true) == 0);
    CHECK(hue_pixels(open, below_bars, false) == 0);
    CHECK(hue_pixels(adopted, below_bars, true) > 1000);
    CHECK(hue_pixels(adopted, below_bars, false) == 0);
    for (const auto* not_adopted : {&rejected, &invalid}) {
        CHECK(hue_pixels(*not_adopted, below_bars, false) > 1000);
        CHECK(hue_pixels(*not_adopted, below_bars, true) == 0);
    }
}

TEST_CASE("the bars share one scale") {
    const OverlayRenderer renderer;
    const auto image = renderer.render_tally(open_tally(), std::nullopt, 1920, 1080);
    // Length of one colour's fill: its most pixels on one row.
    const auto fill_length = [&](auto is_colour) {
        int best = 0;
        for (int y = 0; y < image.placement.height; ++y) {
            int length = 0;
            for (int x = 0; x < image.placement.width; ++x) length += is_colour(image.pixel(x, y));
            best = std::max(best, length);
        }
        return best;
    };
    const int in_favour = fill_length(
        [](std::uint32_t p) { return alpha(p) > 250 && green(p) > 150 && red(p) < 90; });
    const int against = fill_length(
        [](std::uint32_t p) { return alpha(p) > 250 && red(p) > 200 && green(p) < 100; });
    MESSAGE("bar lengths: už ", in_favour, " px, prieš ", against, " px");
    REQUIRE(against > 0);
    // 13 and 4 votes: the lengths keep that ratio, give or take the rounded ends.
    CHECK(static_cast<double>(in_favour) / against == doctest::Approx(13.0 / 4).epsilon(0.15));
}

TEST_CASE("Lithuanian diacritics render in every text of the tally and the speaker") {
    const OverlayRenderer renderer;
    OverlayTally marked;
    marked.item_title = marked.motion = marked.presence_text = kDiacritics;
    marked.result_text = marked.arithmetic_text = kDiacritics;
    marked.outcome = OverlayOutcome::kAdopted;
    for (auto& count : marked.counts) count = {"ĄČĘ", 1};
    OverlayTally plain = marked;
    plain.item_title = plain.motion = plain.presence_text = "aceeisuuz ACEEISUUZ";
    plain.result_text = plain.arithmetic_text = "aceeisuuz ACEEISUUZ";
    for (auto& count : plain.counts) count = {"ACE", 1};
    for (const auto& [width, height] : {std::pair{1920, 1080}, std::pair{1280, 720}}) {
        const auto marked_panel = renderer.render_tally(marked, 59, width, height);
        const auto plain_panel = renderer.render_tally(plain, 59, width, height);
        CHECK(marked_panel.missing_glyph_count == 0);
        REQUIRE(marked_panel.placement == plain_panel.placement);
        CHECK(differing_pixels(marked_panel, plain_panel) > 1000);

        const auto speaker = renderer.render_speaker({kDiacritics, kDiacritics}, width, height);
        CHECK(speaker.missing_glyph_count == 0);
        CHECK_FALSE(speaker.pixels.empty());
    }
}

TEST_CASE("the speaker is a lower third at the left, just above the channel's bar") {
    const OverlayRenderer renderer;
    for (const auto& [width, height] : {std::pair{1920, 1080}, std::pair{1280, 720}}) {
        CAPTURE(height);
        const auto image = renderer.render_speaker(mayor(), width, height);
        const auto& rect = image.placement;
        const auto bar = OverlayRenderer::lower_third_rect(width, height);
        CHECK(image.missing_glyph_count == 0);
        CHECK(rect.x > 0);
        CHECK(rect.x + rect.width < width / 2);
        CHECK(rect.y + rect.height < bar.y);
        CHECK(rect.y + rect.height > bar.y - height / 20);
        CHECK(rect.y > height / 2);
    }
    CHECK(renderer.render_speaker({"", ""}, 1920, 1080).pixels.empty());
    // Only the name: a shorter panel.
    CHECK(renderer.render_speaker({"Gintautas Rimeikis", ""}, 1920, 1080).placement.height <
          renderer.render_speaker(mayor(), 1920, 1080).placement.height);
    // A long name is cut short rather than crossing into the right half.
    std::string name;
    while (name.size() + 2 <= kMaxOverlayTextBytes) name += "Ž";
    const auto long_name = renderer.render_speaker({name, ""}, 1920, 1080);
    CHECK(long_name.placement.x + long_name.placement.width <= 1920 * 6 / 10);
}

TEST_CASE("a tally with every text at its longest still fits whole above the bar") {
    const OverlayRenderer renderer;
    std::string longest;
    while (longest.size() + 3 <= kMaxOverlayTextBytes) longest += "Ąž ";
    OverlayTally tally;
    tally.item_title = tally.motion = tally.presence_text = longest;
    tally.result_text = tally.arithmetic_text = longest;
    tally.outcome = OverlayOutcome::kInvalid;
    for (auto& count : tally.counts) count = {longest, kMaxOverlayCount};
    for (const auto& [width, height] : {std::pair{1920, 1080}, std::pair{1280, 720}}) {
        CAPTURE(height);
        const auto panel = renderer.render_tally(tally, std::nullopt, width, height);
        const auto area = OverlayRenderer::tally_area(width, height);
        CHECK(panel.missing_glyph_count == 0);
        // Not cut: the panel's own bottom margin is there, below the last text.
        CHECK(panel.placement.height < area.height);
        CHECK(panel.placement.y + panel.placement.height <
              OverlayRenderer::lower_third_rect(width, height).y);
    }
}
