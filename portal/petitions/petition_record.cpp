#include "portal/petitions/petition_record.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <array>
#include <utility>

#include "common/enum_names.hpp"

namespace councilcast::portal {

namespace {

constexpr auto kStates = std::to_array<EnumName<PetitionState>>({
    {PetitionState::kDraft, "draft"},
    {PetitionState::kGathering, "gathering"},
    {PetitionState::kModeration, "moderation"},
    {PetitionState::kOpen, "open"},
    {PetitionState::kClosed, "closed"},
    {PetitionState::kAnswered, "answered"},
    {PetitionState::kRejected, "rejected"},
});

constexpr auto kReasons = std::to_array<EnumName<RejectionReason>>({
    {RejectionReason::kDuplicate, "duplicate"},
    {RejectionReason::kNotMunicipal, "not_municipal"},
    {RejectionReason::kUnlawful, "unlawful"},
    {RejectionReason::kOffensive, "offensive"},
    {RejectionReason::kPersonalData, "personal_data"},
    {RejectionReason::kUnclear, "unclear"},
    {RejectionReason::kOther, "other"},
});

}  // namespace

std::string_view petition_state_name(PetitionState state) {
    return name_of(kStates, state);
}

std::string_view rejection_reason_name(RejectionReason reason) {
    return name_of(kReasons, reason);
}

std::optional<PetitionState> parse_petition_state(std::string_view name) {
    return parse(kStates, name);
}

std::optional<RejectionReason> parse_rejection_reason(std::string_view name) {
    return parse(kReasons, name);
}

const std::vector<RejectionReason>& rejection_reasons() {
    static const std::vector<RejectionReason> reasons = [] {
        std::vector<RejectionReason> all;
        for (const auto& [reason, name] : kReasons) all.push_back(reason);
        return all;
    }();
    return reasons;
}

bool Petition::published() const {
    return state == PetitionState::kOpen || state == PetitionState::kClosed ||
           state == PetitionState::kAnswered;
}

const Petition* PetitionsSnapshot::petition(std::int64_t id) const {
    const auto found = std::lower_bound(petitions.begin(), petitions.end(), id,
                                        [](const Petition& p, std::int64_t v) { return p.id < v; });
    return found != petitions.end() && found->id == id ? &*found : nullptr;
}

std::vector<const Petition*> PetitionsSnapshot::in_state(PetitionState state) const {
    std::vector<const Petition*> found;
    for (const Petition& petition : petitions) {
        if (petition.state == state) found.push_back(&petition);
    }
    return found;
}

std::string petition_path(std::int64_t id, std::string_view rest) {
    return fmt::format("/petitions/{}{}", id, rest);
}

}  // namespace councilcast::portal
