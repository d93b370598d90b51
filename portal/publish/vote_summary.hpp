// A council vote as the public pages list it, its texts ready in the page's language. The
// voting room makes them and the composition root hands them over: publish never includes it.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "portal/pages/language.hpp"

namespace councilcast::portal {

struct VoteSummary {
    std::int64_t vote_id = 0;
    std::int64_t meeting_id = 0;
    std::string meeting_title;  // on a member's page, where votes of many meetings are listed
    std::string item_title;
    std::string motion;
    std::string when;           // "2026-03-05 14:05"
    std::string outcome;        // "PRIIMTA", "NEPRIIMTA", "NĖRA KVORUMO", "ANULIUOTA"
    std::string outcome_class;  // "adopted", "rejected", "no_quorum", "void": for the styling
    std::string counts;         // "už 13, prieš 5, susilaikė 2, nebalsavo 1"
    std::string arithmetic;     // "13 už iš 21 dalyvavusio; reikėjo 11"; may be empty
    std::string manual;         // the show-of-hands marker; empty for a vote on the equipment
    std::optional<double> media_time_s;  // where the vote is in the meeting's recording
    std::string member_choice;  // on a member's page: how the member voted ("Už", "Nebalsavo")
};

// The closed votes of a meeting, oldest first; the votes a member took part in, newest first.
// Empty functions (a portal without voting) list none.
struct VoteSummaries {
    std::function<std::vector<VoteSummary>(std::int64_t meeting_id, Language)> of_meeting;
    std::function<std::vector<VoteSummary>(std::int64_t member_id, Language)> of_member;
    // The hash of the meeting's last vote-log entry (SHA-256, hex), printed with its votes so
    // anyone can compare it with the log later; empty when it has none.
    std::function<std::string(std::int64_t meeting_id)> chain_head;
    // Rises with every change of the votes: part of what the anonymous page cache compares.
    std::function<std::int64_t()> version;
};

}  // namespace councilcast::portal
