// What the broadcast overlay shows: the state the portal sends to the streamer worker, and its JSON
// form.
#pragma once

#include <boost/json/value.hpp>

#include <cstddef>
#include <string>

namespace councilcast::vote_overlay {

// Every text field is bounded so a hostile or buggy sender cannot make the streaming thread lay
// out megabytes of text; 200 bytes is about 100 Lithuanian characters, far more than fits.
inline constexpr std::size_t kMaxOverlayTextBytes = 200;

// One plain value compared as a whole: the stage re-renders only when it changes. The vote tally
// (a later issue) becomes another member here and another element in the renderer's layout.
struct OverlayState {
    std::string channel_title;  // "Tarybos posėdžių salė"
    std::string live_label;     // "TIESIOGIAI"; empty hides the badge
    std::string clock_text;     // "14:05:09"; empty hides the clock

    bool operator==(const OverlayState&) const = default;
};

// {"channel_title": "...", "live_label": "...", "clock_text": "..."}
boost::json::value to_json(const OverlayState& state);

// Throws councilcast::InvalidInput when the value is not an object, a member is missing, unknown
// or not a string, or a text is over kMaxOverlayTextBytes, not UTF-8 or holds control characters.
OverlayState overlay_state_from_json(const boost::json::value& json);

}  // namespace councilcast::vote_overlay
