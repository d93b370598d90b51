#include "portal/council/council_record.hpp"

#include <array>
#include <utility>

namespace councilcast::portal {

namespace {

// Each enum's names as stored, in URLs and in the open-data API: one table both ways.
template <typename Enum>
using Name = std::pair<Enum, std::string_view>;

constexpr auto kPositionNames = std::to_array<Name<CouncilPosition>>({
    {CouncilPosition::kMember, "member"},
    {CouncilPosition::kChair, "chair"},
    {CouncilPosition::kDeputyChair, "deputy_chair"},
});
constexpr auto kKindNames = std::to_array<Name<MeetingKind>>({
    {MeetingKind::kCouncil, "council"},
    {MeetingKind::kCommittee, "committee"},
});
constexpr auto kStatusNames = std::to_array<Name<MeetingStatus>>({
    {MeetingStatus::kPlanned, "planned"},
    {MeetingStatus::kLive, "live"},
    {MeetingStatus::kEnded, "ended"},
    {MeetingStatus::kCancelled, "cancelled"},
});
constexpr auto kOutcomeNames = std::to_array<Name<DecisionOutcome>>({
    {DecisionOutcome::kAdopted, "adopted"},
    {DecisionOutcome::kRejected, "rejected"},
    {DecisionOutcome::kPostponed, "postponed"},
});

template <typename Table, typename Enum>
std::string_view name_in(const Table& names, Enum value) {
    for (const auto& [candidate, name] : names) {
        if (candidate == value) return name;
    }
    return names.front().second;
}

template <typename Table>
auto value_in(const Table& names, std::string_view name)
    -> std::optional<typename Table::value_type::first_type> {
    for (const auto& [value, candidate] : names) {
        if (candidate == name) return value;
    }
    return std::nullopt;
}

}  // namespace

std::string_view position_name(CouncilPosition position) {
    return name_in(kPositionNames, position);
}

std::string_view kind_name(MeetingKind kind) {
    return name_in(kKindNames, kind);
}

std::string_view status_name(MeetingStatus status) {
    return name_in(kStatusNames, status);
}

std::string_view outcome_name(DecisionOutcome outcome) {
    return name_in(kOutcomeNames, outcome);
}

std::optional<CouncilPosition> parse_position(std::string_view name) {
    return value_in(kPositionNames, name);
}

std::optional<MeetingKind> parse_kind(std::string_view name) {
    return value_in(kKindNames, name);
}

std::optional<MeetingStatus> parse_status(std::string_view name) {
    return value_in(kStatusNames, name);
}

std::optional<DecisionOutcome> parse_outcome(std::string_view name) {
    return value_in(kOutcomeNames, name);
}

}  // namespace councilcast::portal
