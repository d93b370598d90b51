#include "portal/petitions/petition_record.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace councilcast::portal {

namespace {

constexpr std::array<std::pair<PetitionState, std::string_view>, 7> kStates = {{
    {PetitionState::kDraft, "draft"},
    {PetitionState::kGathering, "gathering"},
    {PetitionState::kModeration, "moderation"},
    {PetitionState::kOpen, "open"},
    {PetitionState::kClosed, "closed"},
    {PetitionState::kAnswered, "answered"},
    {PetitionState::kRejected, "rejected"},
}};

constexpr std::array<std::pair<RejectionReason, std::string_view>, 7> kReasons = {{
    {RejectionReason::kDuplicate, "duplicate"},
    {RejectionReason::kNotMunicipal, "not_municipal"},
    {RejectionReason::kUnlawful, "unlawful"},
    {RejectionReason::kOffensive, "offensive"},
    {RejectionReason::kPersonalData, "personal_data"},
    {RejectionReason::kUnclear, "unclear"},
    {RejectionReason::kOther, "other"},
}};

template <typename Enum, std::size_t N>
std::string_view name_of(const std::array<std::pair<Enum, std::string_view>, N>& names,
                         Enum value) {
    for (const auto& [candidate, name] : names) {
        if (candidate == value) return name;
    }
    return {};
}

template <typename Enum, std::size_t N>
std::optional<Enum> parse(const std::array<std::pair<Enum, std::string_view>, N>& names,
                          std::string_view name) {
    for (const auto& [value, candidate] : names) {
        if (candidate == name) return value;
    }
    return std::nullopt;
}

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

}  // namespace councilcast::portal
