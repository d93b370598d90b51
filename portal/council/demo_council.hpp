// The demo's believable municipality: Elektrėnai's council of 25 in five groups, its committees
// and elderships, half a year of meetings with agendas, documents and decisions, and one meeting
// in progress on the demo's broadcast channel.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "portal/council/council_store.hpp"

namespace councilcast::portal {

// A one-page decision draft as a real PDF, made with cairo and pango so Lithuanian letters
// print right and the file passes any content check an upload would (tests upload it too).
std::string decision_draft_pdf(std::string_view title, std::string_view number);

// Fills an empty council record; does nothing when it holds anything already (so restarting the
// demo keeps what a visitor changed). Meetings are placed around `now_unix`: monthly council
// meetings for six months back and two ahead, committee meetings the week before each, and a
// council meeting that started half an hour ago, live on `channel_id`.
void seed_demo_council(CouncilStore& store, std::int64_t now_unix, const std::string& channel_id);

// On a later start of the demo: moves the whole calendar by the whole weeks since it was seeded
// (weekdays and times of day stay) and the live meeting to half an hour before `now_unix`, so a
// demo started next month still has last month's meetings behind it and one in progress.
void keep_demo_calendar_current(CouncilStore& store, std::int64_t now_unix);

}  // namespace councilcast::portal
