// The embeddable widgets the municipal website (and other configured sites) frame: the live
// player, one meeting, the meetings to come.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "portal/publish/council_views.hpp"

namespace councilcast::portal {

// The embeddable widgets: the same data in embed_layout.tpl, with links that open this site in
// a new tab.
std::string render_embed_live(const ViewContext& view, const CouncilSnapshot& council,
                              const std::vector<Broadcast>& broadcasts, PageFrame frame);
// `recording`: the meeting's, played (from `start_s`, ?t=) with its chapters when the meeting
// is not live.
std::string render_embed_meeting(const ViewContext& view, const CouncilSnapshot& council,
                                 const Meeting& meeting, const std::optional<Broadcast>& broadcast,
                                 PageFrame frame,
                                 const std::optional<RecordingSummary>& recording = std::nullopt,
                                 std::optional<double> start_s = std::nullopt);
std::string render_embed_upcoming(const ViewContext& view, const CouncilSnapshot& council,
                                  PageFrame frame);

}  // namespace councilcast::portal
