// The votes the public pages list, made from the voting room's snapshot for publish, which
// never includes voting: the composition root's bridge between the two rooms.
#pragma once

#include "portal/council/council_store.hpp"
#include "portal/pages/localization.hpp"
#include "portal/pages/page_renderer.hpp"
#include "portal/publish/vote_summary.hpp"
#include "portal/voting/voting_store.hpp"

namespace councilcast::portal {

// Every reference is kept by the functions and must outlive them.
VoteSummaries vote_summaries(const VotingStore& voting, const CouncilStore& council,
                             const PageRenderer& renderer, const Localization& localization);

}  // namespace councilcast::portal
