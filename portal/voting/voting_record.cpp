#include "portal/voting/voting_record.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <array>

#include "common/enum_names.hpp"

namespace councilcast::portal {

namespace {

constexpr auto kKindNames = std::to_array<EnumName<VoteKind>>({
    {VoteKind::kNamed, "named"},
    {VoteKind::kSecret, "secret"},
});
constexpr auto kStatusNames = std::to_array<EnumName<VoteStatus>>({
    {VoteStatus::kOpen, "open"},
    {VoteStatus::kClosed, "closed"},
    {VoteStatus::kVoid, "void"},
});
constexpr auto kResultNames = std::to_array<EnumName<VoteResult>>({
    {VoteResult::kNone, ""},
    {VoteResult::kAdopted, "adopted"},
    {VoteResult::kRejected, "rejected"},
    {VoteResult::kNoQuorum, "no_quorum"},
});
constexpr auto kChoiceNames = std::to_array<EnumName<Choice>>({
    {Choice::kFor, "for"},
    {Choice::kAgainst, "against"},
    {Choice::kAbstain, "abstain"},
});

}  // namespace

std::string_view vote_kind_name(VoteKind kind) {
    return name_of(kKindNames, kind);
}
std::string_view vote_status_name(VoteStatus status) {
    return name_of(kStatusNames, status);
}
std::string_view vote_result_name(VoteResult result) {
    return name_of(kResultNames, result);
}
std::string_view choice_name(Choice choice) {
    return name_of(kChoiceNames, choice);
}
std::optional<VoteKind> parse_vote_kind(std::string_view name) {
    return parse(kKindNames, name);
}
std::optional<VoteStatus> parse_vote_status(std::string_view name) {
    return parse(kStatusNames, name);
}
std::optional<VoteResult> parse_vote_result(std::string_view name) {
    return parse(kResultNames, name);
}
std::optional<Choice> parse_choice(std::string_view name) {
    return parse(kChoiceNames, name);
}

const Vote* VotingSnapshot::vote(std::int64_t id) const {
    auto found = std::lower_bound(votes.begin(), votes.end(), id,
                                  [](const Vote& vote, std::int64_t id) { return vote.id < id; });
    return found != votes.end() && found->id == id ? &*found : nullptr;
}

const Sitting* VotingSnapshot::sitting(std::int64_t meeting_id) const {
    auto found = sittings.find(meeting_id);
    return found == sittings.end() ? nullptr : &found->second;
}

const Vote* VotingSnapshot::open_vote(std::int64_t meeting_id) const {
    for (const Vote& vote : votes) {
        if (vote.meeting_id == meeting_id && vote.status == VoteStatus::kOpen) return &vote;
    }
    return nullptr;
}

std::vector<const Vote*> VotingSnapshot::votes_of(std::int64_t meeting_id) const {
    std::vector<const Vote*> found;
    for (const Vote& vote : votes) {
        if (vote.meeting_id == meeting_id) found.push_back(&vote);
    }
    return found;
}

std::vector<const Vote*> VotingSnapshot::votes_with_member(std::int64_t member_id) const {
    std::vector<const Vote*> found;
    for (auto vote = votes.rbegin(); vote != votes.rend(); ++vote) {
        if (vote->kind != VoteKind::kNamed || vote->status == VoteStatus::kVoid) continue;
        const bool took_part =
            std::any_of(vote->members.begin(), vote->members.end(),
                        [member_id](const MemberChoice& m) { return m.member_id == member_id; });
        // A show of hands names nobody: the member's presence at the sitting stands for it.
        const Sitting* at = vote->manual ? sitting(vote->meeting_id) : nullptr;
        if (took_part || (at != nullptr && at->registered.contains(member_id))) {
            found.push_back(&*vote);
        }
    }
    return found;
}

std::string vote_audit_target(const Vote& vote) {
    return fmt::format("vote {} of meeting {} on agenda item {}", vote.id, vote.meeting_id,
                       vote.agenda_item_id);
}

}  // namespace councilcast::portal
