#include "vote_overlay/overlay_state.hpp"

#include "common/error.hpp"

#include <boost/json.hpp>

#include <array>
#include <string_view>

namespace councilcast::vote_overlay {

namespace {

constexpr std::string_view kChannelTitleKey = "channel_title";
constexpr std::string_view kLiveLabelKey = "live_label";
constexpr std::string_view kClockTextKey = "clock_text";
constexpr std::array<std::string_view, 3> kKnownKeys = {kChannelTitleKey, kLiveLabelKey,
                                                        kClockTextKey};

// Strict UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF): pango would otherwise draw
// replacement boxes on air. Control characters are refused too: a newline would turn the one-line
// lower third into two lines that no longer fit the band.
bool is_displayable_utf8(std::string_view text) {
    const auto* p = reinterpret_cast<const unsigned char*>(text.data());
    const auto* end = p + text.size();
    while (p < end) {
        const unsigned char lead = *p;
        if (lead < 0x80) {
            if (lead < 0x20 || lead == 0x7f) return false;
            ++p;
            continue;
        }
        int continuation_count = 0;
        char32_t code_point = 0;
        char32_t min_code_point = 0;
        if (lead >= 0xc2 && lead <= 0xdf) {
            continuation_count = 1;
            code_point = lead & 0x1f;
            min_code_point = 0x80;
        } else if (lead >= 0xe0 && lead <= 0xef) {
            continuation_count = 2;
            code_point = lead & 0x0f;
            min_code_point = 0x800;
        } else if (lead >= 0xf0 && lead <= 0xf4) {
            continuation_count = 3;
            code_point = lead & 0x07;
            min_code_point = 0x10000;
        } else {
            return false;
        }
        if (end - p <= continuation_count) return false;
        for (int i = 1; i <= continuation_count; ++i) {
            if ((p[i] & 0xc0) != 0x80) return false;
            code_point = (code_point << 6) | (p[i] & 0x3f);
        }
        if (code_point < min_code_point || code_point > 0x10ffff) return false;
        if (code_point >= 0xd800 && code_point <= 0xdfff) return false;
        // C1 controls (U+0080..U+009F) are as invisible as C0 ones.
        if (code_point <= 0x9f) return false;
        p += continuation_count + 1;
    }
    return true;
}

std::string text_member(const boost::json::object& object, std::string_view key) {
    const auto* value = object.if_contains(key);
    if (value == nullptr) {
        throw InvalidInput("overlay state: \"" + std::string(key) + "\" is missing");
    }
    const auto* text = value->if_string();
    if (text == nullptr) {
        throw InvalidInput("overlay state: \"" + std::string(key) + "\" must be a string");
    }
    if (text->size() > kMaxOverlayTextBytes) {
        throw InvalidInput("overlay state: \"" + std::string(key) + "\" is longer than " +
                           std::to_string(kMaxOverlayTextBytes) + " bytes");
    }
    if (!is_displayable_utf8(*text)) {
        throw InvalidInput("overlay state: \"" + std::string(key) +
                           "\" must be UTF-8 text without control characters");
    }
    return std::string(*text);
}

}  // namespace

boost::json::value to_json(const OverlayState& state) {
    return boost::json::object{
        {kChannelTitleKey, state.channel_title},
        {kLiveLabelKey, state.live_label},
        {kClockTextKey, state.clock_text},
    };
}

OverlayState overlay_state_from_json(const boost::json::value& json) {
    const auto* object = json.if_object();
    if (object == nullptr) throw InvalidInput("overlay state must be a JSON object");
    // The portal and the worker are one binary, so an unknown member is a typo that would
    // otherwise silently blank a field on air.
    for (const auto& member : *object) {
        bool known = false;
        for (auto key : kKnownKeys) known = known || member.key() == key;
        if (!known) {
            throw InvalidInput("overlay state: unknown member \"" +
                               std::string(member.key().substr(0, 40)) + "\"");
        }
    }
    return OverlayState{
        .channel_title = text_member(*object, kChannelTitleKey),
        .live_label = text_member(*object, kLiveLabelKey),
        .clock_text = text_member(*object, kClockTextKey),
    };
}

}  // namespace councilcast::vote_overlay
