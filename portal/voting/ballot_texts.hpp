// What the voting pages say about a vote, in the visitor's language: the names of the choices,
// of a status and a result, and a result's arithmetic. One place, so the member's page, the
// console and the public lists of votes word a vote alike.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "portal/pages/language.hpp"
#include "portal/pages/page_renderer.hpp"
#include "portal/voting/voting_record.hpp"

namespace councilcast::portal::ballot_texts {

// "Už", "Prieš", "Susilaikė"; nothing: "Nebalsavo".
const std::string& choice_text(const PageRenderer& renderer, Language language,
                               std::optional<Choice> choice);
// "Balsuojama" while open, then "PRIIMTA", "NEPRIIMTA", "NĖRA KVORUMO" or "ANULIUOTA".
const std::string& outcome_name(const PageRenderer& renderer, Language language, const Vote& vote);
// "13 už iš 21 dalyvavusio; reikėjo 11" (of all seats for questions that count them; marked
// when counted by a show of hands); empty while the vote is open or void, or without quorum.
std::string arithmetic(const PageRenderer& renderer, Language language, const Vote& vote,
                       const VotingRules& rules);
// "Užsiregistravo 21 iš 25; kvorumas – 13".
std::string presence(const PageRenderer& renderer, Language language, int registered, int seats);

}  // namespace councilcast::portal::ballot_texts
