#include "portal/council/council_record.hpp"

#include <array>
#include <utility>

#include "common/enum_names.hpp"

namespace councilcast::portal {

namespace {

// Each enum's names as stored, in URLs and in the open-data API: one table both ways.
constexpr auto kPositionNames = std::to_array<EnumName<CouncilPosition>>({
    {CouncilPosition::kMember, "member"},
    {CouncilPosition::kChair, "chair"},
    {CouncilPosition::kDeputyChair, "deputy_chair"},
});
constexpr auto kKindNames = std::to_array<EnumName<MeetingKind>>({
    {MeetingKind::kCouncil, "council"},
    {MeetingKind::kCommittee, "committee"},
});
constexpr auto kStatusNames = std::to_array<EnumName<MeetingStatus>>({
    {MeetingStatus::kPlanned, "planned"},
    {MeetingStatus::kLive, "live"},
    {MeetingStatus::kEnded, "ended"},
    {MeetingStatus::kCancelled, "cancelled"},
});
constexpr auto kOutcomeNames = std::to_array<EnumName<DecisionOutcome>>({
    {DecisionOutcome::kAdopted, "adopted"},
    {DecisionOutcome::kRejected, "rejected"},
    {DecisionOutcome::kPostponed, "postponed"},
});

}  // namespace

std::string_view position_name(CouncilPosition position) {
    return name_of(kPositionNames, position);
}

std::string_view kind_name(MeetingKind kind) {
    return name_of(kKindNames, kind);
}

std::string_view status_name(MeetingStatus status) {
    return name_of(kStatusNames, status);
}

std::string_view outcome_name(DecisionOutcome outcome) {
    return name_of(kOutcomeNames, outcome);
}

std::optional<CouncilPosition> parse_position(std::string_view name) {
    return parse(kPositionNames, name);
}

std::optional<MeetingKind> parse_kind(std::string_view name) {
    return parse(kKindNames, name);
}

std::optional<MeetingStatus> parse_status(std::string_view name) {
    return parse(kStatusNames, name);
}

std::optional<DecisionOutcome> parse_outcome(std::string_view name) {
    return parse(kOutcomeNames, name);
}

boost::json::object to_json(const LocalizedText& text) {
    boost::json::value english = nullptr;
    if (!text.en.empty()) english = text.en;
    return {{"lt", text.lt}, {"en", std::move(english)}};
}

}  // namespace councilcast::portal
