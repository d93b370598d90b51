// Test helper: a vote's tally and a speaker as the portal sends them, in Lithuanian.
#pragma once

#include "vote_overlay/overlay_state.hpp"

namespace councilcast::vote_overlay::test {

inline OverlayTally open_tally() {
    OverlayTally tally;
    tally.item_title = "Dėl Elektrėnų savivaldybės 2027 metų biudžeto patvirtinimo";
    tally.motion = "Pritarti sprendimo projektui";
    tally.counts = {{{"Už", 13}, {"Prieš", 4}, {"Susilaikė", 3}, {"Nebalsavo", 1}}};
    tally.presence_text = "Užsiregistravo 21 iš 25, kvorumas 13";
    return tally;
}

inline OverlayTally closed_tally(OverlayOutcome outcome, const char* result_text) {
    auto tally = open_tally();
    tally.outcome = outcome;
    tally.result_text = result_text;
    tally.arithmetic_text = "13 už iš 21 dalyvavusio; reikėjo 11";
    return tally;
}

inline OverlaySpeaker mayor() {
    return OverlaySpeaker{"Gintautas Rimeikis", "Savivaldybės meras"};
}

}  // namespace councilcast::vote_overlay::test
