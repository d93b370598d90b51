// The council's votes and what surrounds them in a sitting (who registered, who recused, the
// item under discussion, the speaker), one struct per row, and the snapshot pages read.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "portal/council/council_record.hpp"
#include "portal/voting/vote_rules.hpp"

namespace councilcast::portal {

enum class VoteKind { kNamed, kSecret };
enum class VoteStatus { kOpen, kClosed, kVoid };

// The names the database, the open data and the event stream use: "named"|"secret",
// "open"|"closed"|"void", "adopted"|"rejected"|"no_quorum" (kNone: ""), "for"|"against"|"abstain".
std::string_view vote_kind_name(VoteKind kind);
std::string_view vote_status_name(VoteStatus status);
std::string_view vote_result_name(VoteResult result);
std::string_view choice_name(Choice choice);
std::optional<VoteKind> parse_vote_kind(std::string_view name);
std::optional<VoteStatus> parse_vote_status(std::string_view name);
std::optional<VoteResult> parse_vote_result(std::string_view name);
std::optional<Choice> parse_choice(std::string_view name);

// How one member taking part voted in a named vote; no choice: registered, cast none (counted
// as abstaining).
struct MemberChoice {
    std::int64_t member_id = 0;
    std::optional<Choice> choice;

    bool operator==(const MemberChoice&) const = default;
};

struct Vote {
    std::int64_t id = 0;
    std::int64_t meeting_id = 0;
    std::int64_t agenda_item_id = 0;
    LocalizedText motion;  // what is put to the vote; the title is the agenda item's
    VoteKind kind = VoteKind::kNamed;
    std::string question;  // a QuestionRule id
    std::int64_t opened_unix_ms = 0;
    std::int64_t closes_unix_ms = 0;     // the countdown's end; 0: closed by hand only
    std::int64_t closed_unix_ms = 0;     // 0 while open
    std::optional<double> media_time_s;  // where it opened in the meeting's recording
    VoteStatus status = VoteStatus::kOpen;
    Outcome outcome;  // result kNone while open or void
    // Live while open, final once closed. While a secret vote is open only not_voting is live
    // (its choices are counted at the close, or the counts moving with each participation
    // would tell who chose what): outcome.participants - counts.not_voting have cast a ballot.
    VoteCounts counts;
    int registered = 0;   // members registered when it opened (and at close)
    bool manual = false;  // a show of hands the secretary entered
    bool announced = false;
    std::int64_t replaces_vote_id = 0;  // a re-vote after a technical fault: the void one
    // Named votes only, every member taking part, by member id; empty when secret or manual.
    std::vector<MemberChoice> members;
};

// What the audit log names a vote by: "vote 3 of meeting 12 on agenda item 40".
std::string vote_audit_target(const Vote& vote);

// A meeting's sitting as it stands: presence, recusals, the item and the speaker.
struct Sitting {
    std::int64_t meeting_id = 0;
    std::int64_t current_item_id = 0;  // 0: not started
    std::optional<double> item_media_time_s;
    std::string speaker_name;  // empty: none shown
    std::string speaker_role;
    std::set<std::int64_t> registered;                        // member ids
    std::map<std::int64_t, std::set<std::int64_t>> recusals;  // agenda item id -> member ids
    std::string chain_head;  // SHA-256 (hex) of the meeting's last vote-log entry; empty: none
};

// Immutable once published, like CouncilSnapshot: any thread reads it without locks.
struct VotingSnapshot {
    std::int64_t version = 0;
    std::vector<Vote> votes;                   // by id
    std::map<std::int64_t, Sitting> sittings;  // by meeting id, meetings with any sitting

    const Vote* vote(std::int64_t id) const;
    const Sitting* sitting(std::int64_t meeting_id) const;
    const Vote* open_vote(std::int64_t meeting_id) const;              // at most one per meeting
    std::vector<const Vote*> votes_of(std::int64_t meeting_id) const;  // by id
    // Named and manual votes a member took part in or was registered for, newest first.
    std::vector<const Vote*> votes_with_member(std::int64_t member_id) const;
};

}  // namespace councilcast::portal
