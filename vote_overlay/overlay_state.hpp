// What the broadcast overlay shows: the state the portal sends to the streamer worker, and its JSON
// form.
#pragma once

#include <boost/json/value.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace councilcast::vote_overlay {

// Every text field is bounded so a hostile or buggy sender cannot make the streaming thread lay
// out megabytes of text; 200 bytes is about 100 Lithuanian characters, far more than fits.
inline constexpr std::size_t kMaxOverlayTextBytes = 200;

// Counts on the tally: at most this many members' votes in one count.
inline constexpr int kMaxOverlayCount = 1000;

// One count of the tally with its label in the channel's language: {"Už", 13}.
struct OverlayCount {
    std::string label;
    int value = 0;  // 0..kMaxOverlayCount

    bool operator==(const OverlayCount&) const = default;
};

// How a closed vote ended, for the colour of its result line.
enum class OverlayOutcome { kOpen, kAdopted, kRejected, kInvalid };

// A vote while it is open and for a while after it closes. Every text arrives ready in the
// channel's language (the portal takes them from its catalogues), so the worker knows no
// language; it only formats the countdown as m:ss.
struct OverlayTally {
    std::string item_title;  // the agenda item's title; the renderer shortens it to fit
    std::string motion;      // what is put to the vote; may be empty
    // Už, Prieš, Susilaikė, Nebalsavo, in that order, drawn as bars of one scale.
    std::array<OverlayCount, 4> counts;
    std::string presence_text;  // "Užsiregistravo 21 iš 25, kvorumas 13"
    // While open: when the countdown reaches 0:00 (UTC milliseconds); 0 shows none.
    std::int64_t countdown_ends_unix_ms = 0;
    OverlayOutcome outcome = OverlayOutcome::kOpen;
    std::string result_text;      // "PRIIMTA", "NEPRIIMTA", "NĖRA KVORUMO"; empty while open
    std::string arithmetic_text;  // "13 už iš 21 dalyvavusio; reikėjo 11"; may be empty
    // The tally disappears by itself at this time (UTC milliseconds; 0: stays until the state
    // changes), so a worker restarted from the last state does not show it for ever.
    std::int64_t visible_until_unix_ms = 0;

    bool operator==(const OverlayTally&) const = default;
};

// Who is speaking: a lower third above the channel's bar.
struct OverlaySpeaker {
    std::string name;  // "Gintautas Rimeikis"
    std::string role;  // "Savivaldybės meras"; may be empty

    bool operator==(const OverlaySpeaker&) const = default;
};

// One plain value compared as a whole: the stage re-renders only when it changes (or when the
// countdown's shown second or the tally's visibility does).
struct OverlayState {
    std::string channel_title;  // "Tarybos posėdžių salė"
    std::string live_label;     // "TIESIOGIAI"; empty hides the badge
    std::string clock_text;     // "14:05:09"; empty hides the clock
    std::optional<OverlayTally> tally;
    std::optional<OverlaySpeaker> speaker;

    bool operator==(const OverlayState&) const = default;
};

// Whether the tally is on the picture at `now_unix_ms` (its visible_until_unix_ms not passed).
bool tally_visible(const OverlayTally& tally, std::int64_t now_unix_ms);

// The whole seconds the countdown shows at `now_unix_ms`, rounded up so that 0:00 appears only
// when the time is over; nullopt when there is none (no end time, or the vote is closed).
std::optional<std::int64_t> countdown_seconds(const OverlayTally& tally, std::int64_t now_unix_ms);

// The countdown as the picture shows it: "1:05", "0:00"; capped at 99:59 so that an end time
// hours away cannot widen the panel.
std::string countdown_text(std::int64_t seconds);

// {"channel_title": "...", "live_label": "...", "clock_text": "...", "tally": {...} (optional),
//  "speaker": {"name": "...", "role": "..."} (optional)}, where the tally is
// {"item_title": "...", "motion": "...", "counts": [{"label": "Už", "value": 13}, ×4],
//  "presence_text": "...", "countdown_ends_unix_ms": 0, "outcome": "open"|"adopted"|"rejected"|
//  "invalid", "result_text": "...", "arithmetic_text": "...", "visible_until_unix_ms": 0}.
// Every member of the tally and the speaker is written and required.
boost::json::value to_json(const OverlayState& state);

// Throws councilcast::InvalidInput when the value is not an object, a member is missing, unknown
// or of the wrong type, a text is over kMaxOverlayTextBytes, not UTF-8 or holds control
// characters, a count is not an integer 0..kMaxOverlayCount, there are not exactly four counts,
// a time is not an integer >= 0, or the outcome is not one of the four words.
OverlayState overlay_state_from_json(const boost::json::value& json);

}  // namespace councilcast::vote_overlay
