#include "vote_overlay/overlay_renderer.hpp"

#include <cairo.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <string>

#include "common/cairo_ptr.hpp"
#include "common/require.hpp"
#include "vote_overlay/overlay_text.hpp"

namespace councilcast::vote_overlay {

namespace {

// The reference design, in pixels of a 1080-line frame; everything scales with the frame height.
constexpr double kReferenceFrameHeight = 1080;

// The bar.
constexpr int kReferenceBandHeight = 200;
constexpr double kSidePadding = 60;
constexpr double kGap = 40;  // between title, badge and clock
constexpr double kTitleSize = 60;
constexpr double kBadgeTextSize = 40;
constexpr double kBadgePaddingX = 24;
constexpr double kBadgePaddingY = 12;
constexpr double kBadgeRadius = 12;
constexpr double kClockSize = 64;

// The tally panel: about a third of a 16:9 frame's width, 60 px in from the top and right edges
// (inside the title-safe area of a TV picture). No text is smaller than 28 px at 1080p (19 px at
// 720p), what a viewer across a room still reads.
constexpr double kPanelWidth = 640;
constexpr double kPanelMargin = 60;
constexpr double kPanelPadding = 28;
constexpr double kPanelRadius = 16;
constexpr double kSectionGap = 14;
constexpr double kItemTitleSize = 36;
constexpr double kCountdownSize = 44;
constexpr double kMotionSize = 30;
constexpr double kCountLabelSize = 30;
constexpr double kCountValueSize = 36;
constexpr double kCountRowHeight = 50;
constexpr double kCountBarHeight = 22;
constexpr double kCountColumnGap = 18;
constexpr double kMinimumBarLength = 6;  // a single vote still shows as a bar
constexpr double kPresenceSize = 28;
constexpr double kResultSize = 44;
constexpr double kArithmeticSize = 28;
constexpr int kWrappedLines = 2;  // every text of the panel but the counts and the result
// Room for the widest count the state allows (kMaxOverlayCount has four digits), so the bars do
// not move when a count reaches 10.
constexpr const char* kWidestCount = "0000";

// The speaker's lower third.
constexpr double kSpeakerNameSize = 52;
constexpr double kSpeakerRoleSize = 36;
constexpr double kSpeakerPaddingX = 30;
constexpr double kSpeakerPaddingY = 16;
constexpr double kSpeakerLineGap = 4;
constexpr double kSpeakerAccentWidth = 10;
constexpr double kSpeakerGapAboveBar = 24;
constexpr double kSpeakerMaxWidthShare = 0.55;  // of the frame width: the right stays clear

// DejaVu ships with Debian (fonts-dejavu-core) and covers Lithuanian; the clock, the countdown
// and the counts are monospaced so that nothing beside them moves as they change.
constexpr const char* kTextFamily = "DejaVu Sans";
constexpr const char* kMonoFamily = "DejaVu Sans Mono";

struct Rgba {
    double red, green, blue, alpha;
};
// Dark enough for white text to read on any picture, light enough to see the hall through it.
constexpr Rgba kBandColor{0.05, 0.07, 0.11, 0.72};
// The panels carry more small text than the bar, so they let less of the picture through.
constexpr Rgba kPanelColor{0.05, 0.07, 0.11, 0.86};
constexpr Rgba kTextColor{1.0, 1.0, 1.0, 1.0};
constexpr Rgba kSecondaryTextColor{0.86, 0.88, 0.92, 1.0};
constexpr Rgba kBadgeColor{0.82, 0.08, 0.10, 1.0};
constexpr Rgba kBarTrackColor{1.0, 1.0, 1.0, 0.16};
constexpr Rgba kAccentColor{0.16, 0.47, 0.90, 1.0};
// Už, Prieš, Susilaikė, Nebalsavo. Light enough on the dark panel for a contrast of 4.5:1 and
// more; the same hues as the portal's tally page.
constexpr std::array<Rgba, 4> kCountColors{{
    {0.24, 0.78, 0.38, 1.0},
    {0.93, 0.30, 0.30, 1.0},
    {0.96, 0.72, 0.18, 1.0},
    {0.62, 0.64, 0.70, 1.0},
}};
constexpr Rgba kAdoptedColor{0.30, 0.86, 0.42, 1.0};
constexpr Rgba kNotAdoptedColor{1.0, 0.38, 0.38, 1.0};

void set_color(cairo_t* cr, const Rgba& color) {
    cairo_set_source_rgba(cr, color.red, color.green, color.blue, color.alpha);
}

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

double frame_scale(int frame_height) {
    return frame_height / kReferenceFrameHeight;
}

int scaled(double reference_pixels, double scale) {
    return static_cast<int>(std::lround(reference_pixels * scale));
}

// An image of `placement`'s size with cairo drawing straight into its pixels: ARGB32 rows are
// exactly width * 4 bytes. The image must outlive the canvas.
class Canvas {
  public:
    Canvas(OverlayImage& image, FrameRect placement, PangoContext* context) {
        require(placement.width > 0 && placement.height > 0, "overlay part of no size");
        require(cairo_format_stride_for_width(CAIRO_FORMAT_ARGB32, placement.width) ==
                    placement.width * 4,
                "unexpected cairo stride");
        image.placement = placement;
        image.pixels.assign(static_cast<std::size_t>(placement.width) * placement.height, 0);
        surface_.reset(cairo_image_surface_create_for_data(
            reinterpret_cast<unsigned char*>(image.pixels.data()), CAIRO_FORMAT_ARGB32,
            placement.width, placement.height, placement.width * 4));
        cr_.reset(cairo_create(surface_.get()));
        pango_cairo_update_context(cr_.get(), context);
    }
    Canvas(const Canvas&) = delete;
    Canvas& operator=(const Canvas&) = delete;
    ~Canvas() { cairo_surface_flush(surface_.get()); }

    cairo_t* cr() const { return cr_.get(); }

  private:
    CairoSurfacePtr surface_;
    CairoPtr cr_;
};

}  // namespace

OverlayRenderer::OverlayRenderer()
    // A font map of our own rather than pango's per-thread default: the stage is created on one
    // thread and renders on GStreamer's streaming thread.
    : font_map_(GPtr<PangoFontMap>::adopt(pango_cairo_font_map_new())),
      context_(GPtr<PangoContext>::adopt(pango_font_map_create_context(font_map_.get()))) {
    // Greyscale antialiasing: subpixel (coloured) edges would show as fringes on video, and
    // unhinted metrics keep the layout identical at every size and measured before drawing.
    FontOptionsPtr options(cairo_font_options_create());
    cairo_font_options_set_antialias(options.get(), CAIRO_ANTIALIAS_GRAY);
    cairo_font_options_set_hint_style(options.get(), CAIRO_HINT_STYLE_SLIGHT);
    cairo_font_options_set_hint_metrics(options.get(), CAIRO_HINT_METRICS_OFF);
    pango_cairo_context_set_font_options(context_.get(), options.get());
    pango_context_set_language(context_.get(), pango_language_from_string("lt"));
}

FrameRect OverlayRenderer::lower_third_rect(int frame_width, int frame_height) {
    require(frame_width > 0 && frame_height > 0, "frame size must be positive");
    const int band_height = std::max(
        1, (frame_height * kReferenceBandHeight + static_cast<int>(kReferenceFrameHeight) / 2) /
               static_cast<int>(kReferenceFrameHeight));
    return FrameRect{0, frame_height - band_height, frame_width, band_height};
}

FrameRect OverlayRenderer::tally_area(int frame_width, int frame_height) {
    require(frame_width > 0 && frame_height > 0, "frame size must be positive");
    const double scale = frame_scale(frame_height);
    const int margin = scaled(kPanelMargin, scale);
    // A frame narrower than 16:9 gives the panel at most half its width.
    const int width = std::max(1, std::min(scaled(kPanelWidth, scale), frame_width / 2));
    // Down to a margin above the bar: room for every text at its most lines (about 680 px at
    // 1080p), so the panel is never cut.
    const int height = std::max(1, lower_third_rect(frame_width, frame_height).y - margin - margin);
    return FrameRect{frame_width - margin - width, margin, width, height};
}

OverlayImage OverlayRenderer::render_bar(const OverlayState& state, int frame_width,
                                         int frame_height) const {
    OverlayImage image;
    const Canvas canvas(image, lower_third_rect(frame_width, frame_height), context_.get());
    cairo_t* cr = canvas.cr();
    const int width = image.placement.width;
    const int height = image.placement.height;
    const double scale = static_cast<double>(height) / kReferenceBandHeight;
    const double center_y = height / 2.0;

    set_color(cr, kBandColor);
    cairo_paint(cr);

    // Laid out right to left: the clock and the badge have natural widths, the title gets the rest.
    double right_edge = width - kSidePadding * scale;
    if (!state.clock_text.empty()) {
        const OverlayText clock(
            context_.get(), {kMonoFamily, kClockSize * scale, PANGO_WEIGHT_BOLD}, state.clock_text);
        const double clock_width = clock.width();
        set_color(cr, kTextColor);
        clock.draw(cr, right_edge - clock_width, center_y);
        image.missing_glyph_count += clock.missing_glyph_count();
        right_edge -= clock_width + kGap * scale;
    }
    if (!state.live_label.empty()) {
        const OverlayText label(context_.get(),
                                {kTextFamily, kBadgeTextSize * scale, PANGO_WEIGHT_BOLD},
                                state.live_label);
        const auto box = label.logical();
        const double badge_width = box.width + 2 * kBadgePaddingX * scale;
        const double badge_height = box.height + 2 * kBadgePaddingY * scale;
        const double badge_x = right_edge - badge_width;
        rounded_rectangle(cr, badge_x, center_y - badge_height / 2, badge_width, badge_height,
                          kBadgeRadius * scale);
        set_color(cr, kBadgeColor);
        cairo_fill(cr);
        set_color(cr, kTextColor);
        label.draw(cr, badge_x + kBadgePaddingX * scale, center_y);
        image.missing_glyph_count += label.missing_glyph_count();
        right_edge = badge_x - kGap * scale;
    }
    if (!state.channel_title.empty()) {
        const double left_edge = kSidePadding * scale;
        OverlayText title(context_.get(), {kTextFamily, kTitleSize * scale, PANGO_WEIGHT_BOLD},
                          state.channel_title);
        title.limit_width(right_edge - left_edge);
        set_color(cr, kTextColor);
        title.draw(cr, left_edge, center_y);
        image.missing_glyph_count += title.missing_glyph_count();
    }
    return image;
}

OverlayImage OverlayRenderer::render_tally(const OverlayTally& tally,
                                           std::optional<std::int64_t> countdown_seconds,
                                           int frame_width, int frame_height) const {
    const FrameRect area = tally_area(frame_width, frame_height);
    const double scale = frame_scale(frame_height);
    const double padding = kPanelPadding * scale;
    const double inner_width = std::max(1.0, area.width - 2 * padding);
    const double section_gap = kSectionGap * scale;
    PangoContext* context = context_.get();
    const auto face = [&](const char* family, double size, PangoWeight weight) {
        return OverlayFace{family, size * scale, weight};
    };

    // Measured first: the panel is only as tall as what it holds.
    std::optional<OverlayText> countdown;
    if (countdown_seconds) {
        countdown.emplace(context, face(kMonoFamily, kCountdownSize, PANGO_WEIGHT_BOLD),
                          countdown_text(*countdown_seconds));
    }
    const double countdown_room = countdown ? countdown->width() + kCountColumnGap * scale : 0;
    OverlayText title(context, face(kTextFamily, kItemTitleSize, PANGO_WEIGHT_BOLD),
                      tally.item_title);
    title.wrap(inner_width - countdown_room, kWrappedLines);
    const double header_height =
        std::max(title.empty() ? 0.0 : title.height(), countdown ? countdown->height() : 0.0);

    OverlayText motion(context, face(kTextFamily, kMotionSize, PANGO_WEIGHT_NORMAL), tally.motion);
    motion.wrap(inner_width, kWrappedLines);

    std::vector<OverlayText> labels;
    std::vector<OverlayText> values;
    double label_column = 0;
    int total = 0;
    for (const auto& count : tally.counts) {
        labels.emplace_back(context, face(kTextFamily, kCountLabelSize, PANGO_WEIGHT_BOLD),
                            count.label);
        label_column = std::max(label_column, labels.back().width());
        values.emplace_back(context, face(kMonoFamily, kCountValueSize, PANGO_WEIGHT_BOLD),
                            std::to_string(count.value));
        total += count.value;
    }
    label_column = std::min(label_column, inner_width * 0.4);
    for (auto& label : labels) label.limit_width(label_column);
    const double value_column =
        OverlayText(context, face(kMonoFamily, kCountValueSize, PANGO_WEIGHT_BOLD), kWidestCount)
            .width();
    const double row_height = kCountRowHeight * scale;

    OverlayText presence(context, face(kTextFamily, kPresenceSize, PANGO_WEIGHT_NORMAL),
                         tally.presence_text);
    presence.wrap(inner_width, kWrappedLines);

    const bool closed = tally.outcome != OverlayOutcome::kOpen;
    OverlayText result(context, face(kTextFamily, kResultSize, PANGO_WEIGHT_BOLD),
                       closed ? tally.result_text : std::string());
    result.limit_width(inner_width);
    OverlayText arithmetic(context, face(kTextFamily, kArithmeticSize, PANGO_WEIGHT_NORMAL),
                           closed ? tally.arithmetic_text : std::string());
    arithmetic.wrap(inner_width, kWrappedLines);

    // Top to bottom; a section that is empty takes no room.
    double height = padding;
    const auto add_section = [&](double section_height) {
        if (height > padding) height += section_gap;
        const double top = height;
        height += section_height;
        return top;
    };
    const double header_top = header_height > 0 ? add_section(header_height) : 0;
    const double motion_top = motion.empty() ? 0 : add_section(motion.height());
    const double counts_top = add_section(row_height * static_cast<double>(tally.counts.size()));
    const double presence_top = presence.empty() ? 0 : add_section(presence.height());
    const double result_top = result.empty() ? 0 : add_section(result.height());
    const double arithmetic_top = arithmetic.empty() ? 0 : add_section(arithmetic.height());
    height += padding;

    OverlayImage image;
    const FrameRect placement{area.x, area.y, area.width,
                              std::min(area.height, static_cast<int>(std::ceil(height)))};
    const Canvas canvas(image, placement, context);
    cairo_t* cr = canvas.cr();

    rounded_rectangle(cr, 0, 0, placement.width, placement.height, kPanelRadius * scale);
    set_color(cr, kPanelColor);
    cairo_fill(cr);

    const double left = padding;
    const double right = placement.width - padding;
    if (header_height > 0) {
        const double center_y = header_top + header_height / 2;
        set_color(cr, kTextColor);
        if (!title.empty()) title.draw(cr, left, center_y);
        if (countdown) countdown->draw(cr, right - countdown->width(), center_y);
    }
    if (!motion.empty()) {
        set_color(cr, kSecondaryTextColor);
        motion.draw_from_top(cr, left, motion_top);
    }
    const double bar_left = left + label_column + kCountColumnGap * scale;
    const double bar_length =
        std::max(0.0, right - value_column - kCountColumnGap * scale - bar_left);
    const double bar_height = kCountBarHeight * scale;
    for (std::size_t i = 0; i < tally.counts.size(); ++i) {
        const double center_y = counts_top + row_height * (static_cast<double>(i) + 0.5);
        set_color(cr, kTextColor);
        labels[i].draw(cr, left, center_y);
        values[i].draw(cr, right - values[i].width(), center_y);
        // One scale for the four bars: each is its share of all the counts together.
        const double bar_top = center_y - bar_height / 2;
        rounded_rectangle(cr, bar_left, bar_top, bar_length, bar_height, bar_height / 4);
        set_color(cr, kBarTrackColor);
        cairo_fill(cr);
        const int value = tally.counts[i].value;
        if (value > 0 && total > 0) {
            const double length = std::max(kMinimumBarLength * scale, bar_length * value / total);
            rounded_rectangle(cr, bar_left, bar_top, std::min(length, bar_length), bar_height,
                              bar_height / 4);
            set_color(cr, kCountColors[i]);
            cairo_fill(cr);
        }
    }
    if (!presence.empty()) {
        set_color(cr, kSecondaryTextColor);
        presence.draw_from_top(cr, left, presence_top);
    }
    if (!result.empty()) {
        set_color(cr, tally.outcome == OverlayOutcome::kAdopted ? kAdoptedColor : kNotAdoptedColor);
        result.draw_from_top(cr, left, result_top);
    }
    if (!arithmetic.empty()) {
        set_color(cr, kSecondaryTextColor);
        arithmetic.draw_from_top(cr, left, arithmetic_top);
    }

    for (const OverlayText* text : {&title, &motion, &presence, &result, &arithmetic}) {
        image.missing_glyph_count += text->missing_glyph_count();
    }
    for (std::size_t i = 0; i < labels.size(); ++i) {
        image.missing_glyph_count +=
            labels[i].missing_glyph_count() + values[i].missing_glyph_count();
    }
    if (countdown) image.missing_glyph_count += countdown->missing_glyph_count();
    return image;
}

OverlayImage OverlayRenderer::render_speaker(const OverlaySpeaker& speaker, int frame_width,
                                             int frame_height) const {
    OverlayImage image;
    if (speaker.name.empty() && speaker.role.empty()) return image;
    const double scale = frame_scale(frame_height);
    const double padding_x = kSpeakerPaddingX * scale;
    const double padding_y = kSpeakerPaddingY * scale;
    const double accent = kSpeakerAccentWidth * scale;
    const double margin = kSidePadding * scale;
    const double max_text_width =
        std::max(1.0, frame_width * kSpeakerMaxWidthShare - accent - 2 * padding_x);

    OverlayText name(context_.get(), {kTextFamily, kSpeakerNameSize * scale, PANGO_WEIGHT_BOLD},
                     speaker.name);
    name.limit_width(max_text_width);
    OverlayText role(context_.get(), {kTextFamily, kSpeakerRoleSize * scale, PANGO_WEIGHT_NORMAL},
                     speaker.role);
    role.limit_width(max_text_width);
    const double name_height = name.empty() ? 0 : name.height();
    const double role_height = role.empty() ? 0 : role.height();
    const double line_gap = name.empty() || role.empty() ? 0 : kSpeakerLineGap * scale;
    const double text_width =
        std::max(name.empty() ? 0 : name.width(), role.empty() ? 0 : role.width());
    const int width = static_cast<int>(std::ceil(accent + 2 * padding_x + text_width));
    const int height =
        static_cast<int>(std::ceil(2 * padding_y + name_height + line_gap + role_height));
    const FrameRect bar = lower_third_rect(frame_width, frame_height);
    const FrameRect placement{static_cast<int>(std::lround(margin)),
                              bar.y - scaled(kSpeakerGapAboveBar, scale) - height, width, height};
    const Canvas canvas(image, placement, context_.get());
    cairo_t* cr = canvas.cr();

    set_color(cr, kPanelColor);
    cairo_paint(cr);
    cairo_rectangle(cr, 0, 0, accent, height);
    set_color(cr, kAccentColor);
    cairo_fill(cr);
    const double text_left = accent + padding_x;
    if (!name.empty()) {
        set_color(cr, kTextColor);
        name.draw_from_top(cr, text_left, padding_y);
    }
    if (!role.empty()) {
        set_color(cr, kSecondaryTextColor);
        role.draw_from_top(cr, text_left, padding_y + name_height + line_gap);
    }
    image.missing_glyph_count = name.missing_glyph_count() + role.missing_glyph_count();
    return image;
}

std::vector<OverlayImage> OverlayRenderer::render_all(const OverlayState& state,
                                                      std::int64_t now_unix_ms, int frame_width,
                                                      int frame_height) const {
    std::vector<OverlayImage> images;
    images.push_back(render_bar(state, frame_width, frame_height));
    if (state.speaker) {
        auto speaker = render_speaker(*state.speaker, frame_width, frame_height);
        if (!speaker.pixels.empty()) images.push_back(std::move(speaker));
    }
    if (state.tally && tally_visible(*state.tally, now_unix_ms)) {
        images.push_back(render_tally(*state.tally, countdown_seconds(*state.tally, now_unix_ms),
                                      frame_width, frame_height));
    }
    return images;
}

}  // namespace councilcast::vote_overlay
