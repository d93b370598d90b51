#include "portal/petitions/petition_listing.hpp"

#include <algorithm>
#include <array>

#include "common/enum_names.hpp"
#include "common/error.hpp"

namespace councilcast::portal {
namespace {

constexpr auto kShows = std::to_array<EnumName<PetitionShow>>({
    {PetitionShow::kOpen, "open"},
    {PetitionShow::kAnswered, "answered"},
    {PetitionShow::kClosed, "closed"},
    {PetitionShow::kRejected, "rejected"},
});
constexpr auto kOrders = std::to_array<EnumName<PetitionOrder>>({
    {PetitionOrder::kPopular, "popular"},
    {PetitionOrder::kNewest, "newest"},
});

// When the petition last moved on: what "newest" means on each tab.
std::int64_t last_step_ms(const Petition& petition) {
    switch (petition.state) {
        case PetitionState::kAnswered:
            return petition.response ? petition.response->answered_unix_ms
                                     : petition.closed_unix_ms;
        case PetitionState::kClosed:
            return petition.closed_unix_ms;
        case PetitionState::kRejected:
            return petition.rejected_unix_ms;
        default:
            return petition.opened_unix_ms;
    }
}

bool newer(const Petition* a, const Petition* b) {
    const auto at = last_step_ms(*a);
    const auto bt = last_step_ms(*b);
    return at != bt ? at > bt : a->id > b->id;
}

}  // namespace

std::string_view petition_show_name(PetitionShow show) {
    return name_of(kShows, show);
}

std::string_view petition_order_name(PetitionOrder order) {
    return name_of(kOrders, order);
}

std::optional<PetitionShow> parse_petition_show(std::string_view name) {
    return councilcast::parse(kShows, name);
}

std::optional<PetitionOrder> parse_petition_order(std::string_view name) {
    return councilcast::parse(kOrders, name);
}

PetitionListQuery PetitionListQuery::parse(
    const std::vector<std::pair<std::string, std::string>>& parameters) {
    PetitionListQuery query;
    for (const auto& [name, value] : parameters) {
        if (name == "show" && !value.empty()) {
            const auto show = parse_petition_show(value);
            if (!show) throw InvalidInput::text("petition_list_error_show");
            query.show = *show;
        } else if (name == "sort" && !value.empty()) {
            const auto order = parse_petition_order(value);
            if (!order) throw InvalidInput::text("petition_list_error_sort");
            query.order = *order;
        } else if (name == "q") {
            query.q = value;
        } else if (name == "page" && !value.empty()) {
            if (value.size() > 2 || value.find_first_not_of("0123456789") != std::string::npos ||
                value == "0" || value == "00" || std::stoul(value) > kMaxPetitionPage) {
                throw InvalidInput::text("petition_list_error_page");
            }
            query.page = std::stoul(value);
        }
    }
    return query;
}

bool publicly_visible(const Petition& petition) {
    return has_public_page(petition) && !petition.hidden;
}

bool has_public_page(const Petition& petition) {
    return petition.published() || petition.state == PetitionState::kRejected;
}

std::optional<PetitionShow> show_of(const Petition& petition) {
    if (!publicly_visible(petition)) return std::nullopt;
    switch (petition.state) {
        case PetitionState::kOpen:
            return PetitionShow::kOpen;
        case PetitionState::kAnswered:
            return PetitionShow::kAnswered;
        case PetitionState::kClosed:
            return PetitionShow::kClosed;
        default:
            return PetitionShow::kRejected;
    }
}

std::vector<const Petition*> list_petitions(const PetitionsSnapshot& snapshot, PetitionShow show,
                                            PetitionOrder order, const PetitionSearch& search) {
    std::vector<const Petition*> chosen;
    for (const auto& petition : snapshot.petitions) {
        if (show_of(petition) != show) continue;
        if (!search.matches(petition.title, petition.text)) continue;
        chosen.push_back(&petition);
    }
    if (show == PetitionShow::kOpen && order == PetitionOrder::kPopular) {
        std::sort(chosen.begin(), chosen.end(), [](const Petition* a, const Petition* b) {
            return a->signature_count != b->signature_count
                       ? a->signature_count > b->signature_count
                       : newer(a, b);
        });
    } else {
        std::sort(chosen.begin(), chosen.end(), newer);
    }
    return chosen;
}

std::vector<const Petition*> visible_petitions(const PetitionsSnapshot& snapshot) {
    std::vector<const Petition*> chosen;
    for (const auto& petition : snapshot.petitions) {
        if (publicly_visible(petition)) chosen.push_back(&petition);
    }
    std::sort(chosen.begin(), chosen.end(), newer);
    return chosen;
}

}  // namespace councilcast::portal
