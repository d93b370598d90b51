// A vote's words in a language, as every page and the picture show them: its result's
// arithmetic ("13 už iš 21 dalyvavusio; reikėjo 11"), marked when counted by hand.
#pragma once

#include <string>

#include "portal/pages/page_renderer.hpp"
#include "portal/voting/voting_record.hpp"

namespace councilcast::portal {

// For a closed vote: the votes for, of what, and how many were needed: of the members taking
// part, or of all seats when its question counts those. A show of hands says so.
std::string result_arithmetic(const Vote& vote, const VotingRules& rules,
                              const PageRenderer& messages, Language language);

}  // namespace councilcast::portal
