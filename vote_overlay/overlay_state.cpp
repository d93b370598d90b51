#include "vote_overlay/overlay_state.hpp"

#include "common/error.hpp"
#include "common/require.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <array>
#include <cstdio>
#include <limits>
#include <string_view>

namespace councilcast::vote_overlay {

namespace {

// Members of each object, in the order to_json writes them.
constexpr std::string_view kChannelTitleKey = "channel_title";
constexpr std::string_view kLiveLabelKey = "live_label";
constexpr std::string_view kClockTextKey = "clock_text";
constexpr std::string_view kTallyKey = "tally";
constexpr std::string_view kSpeakerKey = "speaker";
constexpr std::array<std::string_view, 5> kStateKeys = {kChannelTitleKey, kLiveLabelKey,
                                                        kClockTextKey, kTallyKey, kSpeakerKey};

constexpr std::string_view kItemTitleKey = "item_title";
constexpr std::string_view kMotionKey = "motion";
constexpr std::string_view kCountsKey = "counts";
constexpr std::string_view kPresenceTextKey = "presence_text";
constexpr std::string_view kCountdownEndsKey = "countdown_ends_unix_ms";
constexpr std::string_view kOutcomeKey = "outcome";
constexpr std::string_view kResultTextKey = "result_text";
constexpr std::string_view kArithmeticTextKey = "arithmetic_text";
constexpr std::string_view kVisibleUntilKey = "visible_until_unix_ms";
constexpr std::array<std::string_view, 9> kTallyKeys = {
    kItemTitleKey, kMotionKey,     kCountsKey,         kPresenceTextKey, kCountdownEndsKey,
    kOutcomeKey,   kResultTextKey, kArithmeticTextKey, kVisibleUntilKey};

constexpr std::string_view kLabelKey = "label";
constexpr std::string_view kValueKey = "value";
constexpr std::array<std::string_view, 2> kCountKeys = {kLabelKey, kValueKey};

constexpr std::string_view kNameKey = "name";
constexpr std::string_view kRoleKey = "role";
constexpr std::array<std::string_view, 2> kSpeakerKeys = {kNameKey, kRoleKey};

struct OutcomeName {
    OverlayOutcome outcome;
    std::string_view name;
};
constexpr std::array<OutcomeName, 4> kOutcomeNames = {{
    {OverlayOutcome::kOpen, "open"},
    {OverlayOutcome::kAdopted, "adopted"},
    {OverlayOutcome::kRejected, "rejected"},
    {OverlayOutcome::kInvalid, "invalid"},
}};

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

[[noreturn]] void refuse(std::string_view path, std::string_view problem) {
    throw InvalidInput("overlay state: \"" + std::string(path) + "\" " + std::string(problem));
}

// `path` names the object in messages ("tally.counts[2]"); empty for the state itself.
std::string member_path(std::string_view path, std::string_view key) {
    return path.empty() ? std::string(key) : std::string(path) + "." + std::string(key);
}

const boost::json::object& object_at(const boost::json::value& value, std::string_view path) {
    const auto* object = value.if_object();
    if (object == nullptr) refuse(path, "must be a JSON object");
    return *object;
}

// The portal and the worker are one binary, so an unknown member is a typo that would otherwise
// silently blank a field on air.
template <std::size_t N>
void refuse_unknown_members(const boost::json::object& object, std::string_view path,
                            const std::array<std::string_view, N>& known_keys) {
    for (const auto& member : object) {
        if (std::find(known_keys.begin(), known_keys.end(), member.key()) == known_keys.end()) {
            throw InvalidInput("overlay state: unknown member \"" +
                               member_path(path, member.key().substr(0, 40)) + "\"");
        }
    }
}

const boost::json::value& required(const boost::json::object& object, std::string_view path,
                                   std::string_view key) {
    const auto* value = object.if_contains(key);
    if (value == nullptr) refuse(member_path(path, key), "is missing");
    return *value;
}

std::string text_member(const boost::json::object& object, std::string_view path,
                        std::string_view key) {
    const auto* text = required(object, path, key).if_string();
    const auto name = member_path(path, key);
    if (text == nullptr) refuse(name, "must be a string");
    if (text->size() > kMaxOverlayTextBytes) {
        refuse(name, "is longer than " + std::to_string(kMaxOverlayTextBytes) + " bytes");
    }
    if (!is_displayable_utf8(*text)) {
        refuse(name, "must be UTF-8 text without control characters");
    }
    return std::string(*text);
}

// An integer in [minimum, maximum]; 13.0 is refused like "13": the portal sends integers.
std::int64_t integer_member(const boost::json::object& object, std::string_view path,
                            std::string_view key, std::int64_t minimum, std::int64_t maximum) {
    const auto& value = required(object, path, key);
    const auto name = member_path(path, key);
    std::int64_t number = 0;
    if (const auto* signed_number = value.if_int64()) {
        number = *signed_number;
    } else if (const auto* unsigned_number = value.if_uint64()) {
        if (*unsigned_number > static_cast<std::uint64_t>(maximum)) {
            refuse(name, "must be at most " + std::to_string(maximum));
        }
        number = static_cast<std::int64_t>(*unsigned_number);
    } else {
        refuse(name, "must be an integer");
    }
    if (number < minimum || number > maximum) {
        refuse(name, "must be from " + std::to_string(minimum) + " to " + std::to_string(maximum));
    }
    return number;
}

std::int64_t time_member(const boost::json::object& object, std::string_view path,
                         std::string_view key) {
    return integer_member(object, path, key, 0, std::numeric_limits<std::int64_t>::max());
}

std::string_view outcome_name(OverlayOutcome outcome) {
    for (const auto& entry : kOutcomeNames) {
        if (entry.outcome == outcome) return entry.name;
    }
    require(false, "unknown overlay outcome");
    return {};
}

OverlayOutcome outcome_member(const boost::json::object& object, std::string_view path) {
    const auto* text = required(object, path, kOutcomeKey).if_string();
    for (const auto& entry : kOutcomeNames) {
        if (text != nullptr && *text == entry.name) return entry.outcome;
    }
    refuse(member_path(path, kOutcomeKey),
           "must be \"open\", \"adopted\", \"rejected\" or \"invalid\"");
}

OverlayCount count_from_json(const boost::json::value& value, std::string_view path) {
    const auto& object = object_at(value, path);
    refuse_unknown_members(object, path, kCountKeys);
    return OverlayCount{
        .label = text_member(object, path, kLabelKey),
        .value = static_cast<int>(integer_member(object, path, kValueKey, 0, kMaxOverlayCount)),
    };
}

OverlayTally tally_from_json(const boost::json::value& value) {
    constexpr std::string_view path = kTallyKey;
    const auto& object = object_at(value, path);
    refuse_unknown_members(object, path, kTallyKeys);
    OverlayTally tally;
    tally.item_title = text_member(object, path, kItemTitleKey);
    tally.motion = text_member(object, path, kMotionKey);
    const auto* counts = required(object, path, kCountsKey).if_array();
    const auto counts_path = member_path(path, kCountsKey);
    if (counts == nullptr || counts->size() != tally.counts.size()) {
        refuse(counts_path,
               "must be an array of " + std::to_string(tally.counts.size()) + " counts");
    }
    for (std::size_t i = 0; i < tally.counts.size(); ++i) {
        tally.counts[i] =
            count_from_json((*counts)[i], counts_path + "[" + std::to_string(i) + "]");
    }
    tally.presence_text = text_member(object, path, kPresenceTextKey);
    tally.countdown_ends_unix_ms = time_member(object, path, kCountdownEndsKey);
    tally.outcome = outcome_member(object, path);
    tally.result_text = text_member(object, path, kResultTextKey);
    tally.arithmetic_text = text_member(object, path, kArithmeticTextKey);
    tally.visible_until_unix_ms = time_member(object, path, kVisibleUntilKey);
    return tally;
}

OverlaySpeaker speaker_from_json(const boost::json::value& value) {
    constexpr std::string_view path = kSpeakerKey;
    const auto& object = object_at(value, path);
    refuse_unknown_members(object, path, kSpeakerKeys);
    return OverlaySpeaker{
        .name = text_member(object, path, kNameKey),
        .role = text_member(object, path, kRoleKey),
    };
}

boost::json::value tally_to_json(const OverlayTally& tally) {
    boost::json::array counts;
    for (const auto& count : tally.counts) {
        counts.push_back(boost::json::object{{kLabelKey, count.label}, {kValueKey, count.value}});
    }
    return boost::json::object{
        {kItemTitleKey, tally.item_title},
        {kMotionKey, tally.motion},
        {kCountsKey, std::move(counts)},
        {kPresenceTextKey, tally.presence_text},
        {kCountdownEndsKey, tally.countdown_ends_unix_ms},
        {kOutcomeKey, outcome_name(tally.outcome)},
        {kResultTextKey, tally.result_text},
        {kArithmeticTextKey, tally.arithmetic_text},
        {kVisibleUntilKey, tally.visible_until_unix_ms},
    };
}

}  // namespace

bool tally_visible(const OverlayTally& tally, std::int64_t now_unix_ms) {
    return tally.visible_until_unix_ms == 0 || now_unix_ms < tally.visible_until_unix_ms;
}

std::optional<std::int64_t> countdown_seconds(const OverlayTally& tally, std::int64_t now_unix_ms) {
    if (tally.countdown_ends_unix_ms == 0 || tally.outcome != OverlayOutcome::kOpen) {
        return std::nullopt;
    }
    const std::int64_t left_ms =
        std::max<std::int64_t>(0, tally.countdown_ends_unix_ms - now_unix_ms);
    return (left_ms + 999) / 1000;
}

std::string countdown_text(std::int64_t seconds) {
    constexpr std::int64_t kLargestShown = 99 * 60 + 59;
    seconds = std::clamp<std::int64_t>(seconds, 0, kLargestShown);
    char text[8];
    std::snprintf(text, sizeof text, "%d:%02d", static_cast<int>(seconds / 60),
                  static_cast<int>(seconds % 60));
    return text;
}

boost::json::value to_json(const OverlayState& state) {
    boost::json::object object{
        {kChannelTitleKey, state.channel_title},
        {kLiveLabelKey, state.live_label},
        {kClockTextKey, state.clock_text},
    };
    if (state.tally) object[kTallyKey] = tally_to_json(*state.tally);
    if (state.speaker) {
        object[kSpeakerKey] =
            boost::json::object{{kNameKey, state.speaker->name}, {kRoleKey, state.speaker->role}};
    }
    return object;
}

OverlayState overlay_state_from_json(const boost::json::value& json) {
    const auto* object = json.if_object();
    if (object == nullptr) throw InvalidInput("overlay state must be a JSON object");
    refuse_unknown_members(*object, "", kStateKeys);
    OverlayState state{
        .channel_title = text_member(*object, "", kChannelTitleKey),
        .live_label = text_member(*object, "", kLiveLabelKey),
        .clock_text = text_member(*object, "", kClockTextKey),
    };
    if (const auto* tally = object->if_contains(kTallyKey)) state.tally = tally_from_json(*tally);
    if (const auto* speaker = object->if_contains(kSpeakerKey)) {
        state.speaker = speaker_from_json(*speaker);
    }
    return state;
}

}  // namespace councilcast::vote_overlay
