// A small council record, built in memory, whose texts are what an editor could paste by
// mistake or an attacker on purpose: markup, quotes, commas, line breaks, spreadsheet formulas.
#pragma once

#include <cstdint>
#include <string>

#include "portal/council/council_snapshot.hpp"

namespace councilcast::testing {

inline constexpr std::int64_t kHostileNow = 1795867200;  // 2026-11-28T12:00:00Z
inline constexpr std::int64_t kDay = 24 * 3600;

inline constexpr const char* kScriptTitle = "Posėdis <script>alert(1)</script> ]]> & „kabutės“";
inline constexpr const char* kCsvTitle = "Dėl \"kabučių\", kablelių\nir eilučių";
inline constexpr const char* kFormulaTitle = "=cmd|' /C calc'!A0";

// 300 characters, most of them two bytes in UTF-8, so folding at 75 octets would split a
// letter if it folded carelessly.
inline std::string long_lithuanian_title() {
    std::string title;
    while (title.size() < 600) title += "ąčęėįšųūž ĄČĘĖĮŠŲŪŽ ";
    // Cut on a letter boundary: every letter above is two bytes and every space one.
    std::string cut;
    std::size_t letters = 0;
    for (std::size_t i = 0; i < title.size() && letters < 299; ++letters) {
        const std::size_t width = static_cast<unsigned char>(title[i]) < 0x80 ? 1 : 2;
        cut += title.substr(i, width);
        i += width;
    }
    // A letter last: calendar parsers drop trailing spaces.
    return cut + "ž";
}

// Meetings, oldest first as the store keeps them:
//   4: a council meeting 400 days ago (outside the calendar's year);
//   3: a cancelled committee meeting 60 days ago;
//   1: a council meeting 30 days ago with the hostile agenda and two decisions;
//   2: a planned committee meeting in a week, titled only in Lithuanian, 300 letters long.
inline portal::CouncilSnapshot hostile_council() {
    using namespace portal;
    CouncilSnapshot council;
    council.version = 7;
    council.published_unix = kHostileNow;
    council.groups = {{1, {"Grupė \"A\", <b>", ""}, "GA"}};
    council.members = {{.id = 1,
                        .name = "Rasa Petrauskienė",
                        .group_id = 1,
                        .position = CouncilPosition::kChair,
                        .term_start = "2023-04-20",
                        .biography = {"Biografija", ""}},
                       {.id = 2, .name = "+370 600 00000", .term_start = "2023-04-20"}};
    council.committees = {{1, {"Kontrolės komitetas", "Audit Committee"}, {"", ""}, 1, {1, 2}}};
    council.elderships = {{1, "Vievio seniūnija"}};
    council.meetings = {
        {.id = 4,
         .title = {"Senas posėdis", "Old meeting"},
         .starts_unix = kHostileNow - 400 * kDay,
         .status = MeetingStatus::kEnded},
        {.id = 3,
         .kind = MeetingKind::kCommittee,
         .committee_id = 1,
         .title = {"Atšauktas komiteto posėdis", "Cancelled committee meeting"},
         .starts_unix = kHostileNow - 60 * kDay,
         .place = {"214 kab.", "Room 214"},
         .status = MeetingStatus::kCancelled},
        {.id = 1,
         .title = {kScriptTitle, "Council <meeting> & more"},
         .starts_unix = kHostileNow - 30 * kDay,
         .place = {"Posėdžių salė, Trakų g. 2", ""},
         .status = MeetingStatus::kEnded,
         .channel_id = "hall"},
        {.id = 2,
         .kind = MeetingKind::kCommittee,
         .committee_id = 1,
         .title = {long_lithuanian_title(), ""},
         .starts_unix = kHostileNow + 7 * kDay,
         .place = {"214 kab.", "Room 214"},
         .status = MeetingStatus::kPlanned},
    };
    council.agenda_items = {
        {1, 1, 1, {kCsvTitle, "Quotes, commas"}, "Asta Jonaitienė", {"**Svarbu**", ""}},
        {2, 1, 2, {kFormulaTitle, ""}, "", {}},
        {3, 2, 1, {"Dėl biudžeto", "The budget"}, "", {}},
    };
    council.documents = {{1,
                          1,
                          {"Sprendimo projektas", "Draft decision"},
                          "projektas.pdf",
                          "application/pdf",
                          1234,
                          "ab12",
                          kHostileNow - 35 * kDay}};
    council.decisions = {
        {1,
         1,
         "KS-1",
         DecisionOutcome::kAdopted,
         {"Pritarti <b>&amp;</b> ]]>\n\nAntra pastraipa.", "Adopted."},
         kHostileNow - 30 * kDay},
        {2,
         2,
         "KS-2",
         DecisionOutcome::kRejected,
         {"Nepritarti.", ""},
         kHostileNow - 30 * kDay + 60},
    };
    council.index();
    return council;
}

}  // namespace councilcast::testing
