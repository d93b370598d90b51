#include "portal/reports/report_record.hpp"

#include "common/enum_names.hpp"

namespace councilcast::portal {
namespace {

constexpr auto kReportStateNames = std::to_array<EnumName<ReportState>>({
    {ReportState::kUnconfirmed, "unconfirmed"},
    {ReportState::kOpen, "open"},
    {ReportState::kInvestigating, "investigating"},
    {ReportState::kInProgress, "in_progress"},
    {ReportState::kActionScheduled, "action_scheduled"},
    {ReportState::kFixed, "fixed"},
    {ReportState::kNotResponsible, "not_responsible"},
    {ReportState::kDuplicate, "duplicate"},
    {ReportState::kUnableToFix, "unable_to_fix"},
    {ReportState::kInternalReferral, "internal_referral"},
    {ReportState::kClosed, "closed"},
    {ReportState::kHidden, "hidden"},
});

constexpr auto kUpdateAuthorNames = std::to_array<EnumName<UpdateAuthor>>({
    {UpdateAuthor::kStaff, "staff"},
    {UpdateAuthor::kReporter, "reporter"},
    {UpdateAuthor::kSystem, "system"},
});

constexpr auto kSubscriptionKindNames = std::to_array<EnumName<SubscriptionKind>>({
    {SubscriptionKind::kReport, "report"},
    {SubscriptionKind::kEldership, "eldership"},
    {SubscriptionKind::kArea, "area"},
});

}  // namespace

std::string_view report_state_name(ReportState state) {
    return name_of(kReportStateNames, state);
}

std::optional<ReportState> parse_report_state(std::string_view name) {
    return parse(kReportStateNames, name);
}

const std::vector<ReportState>& all_report_states() {
    static const std::vector<ReportState> states = [] {
        std::vector<ReportState> all;
        for (const auto& entry : kReportStateNames) all.push_back(entry.value);
        return all;
    }();
    return states;
}

bool is_open_state(ReportState state) {
    return state == ReportState::kOpen || state == ReportState::kInvestigating ||
           state == ReportState::kInProgress || state == ReportState::kActionScheduled;
}

bool is_closed_state(ReportState state) {
    return state == ReportState::kFixed || state == ReportState::kNotResponsible ||
           state == ReportState::kDuplicate || state == ReportState::kUnableToFix ||
           state == ReportState::kInternalReferral || state == ReportState::kClosed;
}

std::string_view update_author_name(UpdateAuthor author) {
    return name_of(kUpdateAuthorNames, author);
}

std::optional<UpdateAuthor> parse_update_author(std::string_view name) {
    return parse(kUpdateAuthorNames, name);
}

std::string_view subscription_kind_name(SubscriptionKind kind) {
    return name_of(kSubscriptionKindNames, kind);
}

std::optional<SubscriptionKind> parse_subscription_kind(std::string_view name) {
    return parse(kSubscriptionKindNames, name);
}

}  // namespace councilcast::portal
