// The council's votes as open data: the JSON object of one vote (the API, and the "vote" event
// of a meeting's stream), a meeting's votes, the CSV table, and the "agenda" event's object.
// Pure functions of the two snapshots, so the same record always gives the same bytes.
#pragma once

#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>

#include "portal/council/council_snapshot.hpp"
#include "portal/voting/voting_record.hpp"

namespace councilcast::portal {

// {"id", "meeting_id", "agenda_item_id", "title" {lt, en}, "motion" {lt, en}, "kind"
// ("named"|"secret"), "question", "opened_at", "closed_at" (null while open), "closes_at" (the
// countdown's end or null), "media_time_s" (or null), "status" ("open"|"closed"|"void"),
// "result" ("adopted"|"rejected"|"no_quorum"|null), "counts" {"for", "against", "abstain",
// "not_voting"}, "present", "required", "manual", "announced", "replaces_vote_id" (or null),
// "members" [{"member_id", "name", "choice" ("for"|"against"|"abstain"|"not_voting")}] (named
// votes only; [] for secret and manual ones)}. Times are RFC 3339 UTC.
boost::json::object vote_object(const Vote& vote, const CouncilSnapshot& council);

// {"meeting_id", "votes": [vote_object...]} oldest first; nothing for an unknown meeting.
std::optional<std::string> meeting_votes_json(const VotingSnapshot& voting,
                                              const CouncilSnapshot& council,
                                              std::int64_t meeting_id);

// One row per vote (the counts, the result and how it was taken), for a meeting or, with 0,
// for every meeting; RFC 4180 with a byte order mark, as the other tables.
std::string votes_csv(const VotingSnapshot& voting, const CouncilSnapshot& council,
                      std::int64_t meeting_id);

// The "agenda" event: {"meeting_id", "agenda_item_id" (or null), "title" {lt, en} (or null),
// "position" (or null), "media_time_s" (or null), "speaker" {"name", "role"} (or null)}.
boost::json::object sitting_object(const Sitting& sitting, const CouncilSnapshot& council);

}  // namespace councilcast::portal
