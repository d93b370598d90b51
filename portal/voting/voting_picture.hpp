// What the voting puts in the broadcast's picture: the open vote's tally (and the result for a
// while after it closes) and the speaker's lower third, with every label in the channel's
// language from the voting catalogue.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>

#include "portal/council/council_snapshot.hpp"
#include "portal/pages/page_renderer.hpp"
#include "portal/voting/voting_record.hpp"
#include "vote_overlay/overlay_state.hpp"

namespace councilcast::portal {

// How long a closed vote's result stays in the picture.
inline constexpr std::chrono::milliseconds kResultShown{20'000};

struct VotingPicture {
    std::optional<vote_overlay::OverlayTally> tally;
    std::optional<vote_overlay::OverlaySpeaker> speaker;

    bool operator==(const VotingPicture&) const = default;
};

// The meeting's open vote, else its last closed one until kResultShown after it closed (the
// tally's visible_until lets the worker drop it on time by itself); a void vote shows nothing.
// Texts are cut to the overlay's limits.
VotingPicture voting_picture(const VotingSnapshot& voting, const CouncilSnapshot& council,
                             const VotingRules& rules, std::int64_t meeting_id,
                             const PageRenderer& messages, Language language,
                             std::int64_t now_unix_ms);

}  // namespace councilcast::portal
