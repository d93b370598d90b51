// Which petitions the public sees and in what order: the list page's and the API's filters,
// checked, and the choice they make from a snapshot.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "portal/petitions/petition_record.hpp"
#include "portal/petitions/petition_search.hpp"

namespace councilcast::portal {

// The list page's tabs and the API's ?state=.
enum class PetitionShow { kOpen, kAnswered, kClosed, kRejected };
// Open petitions by signature count (ties: newest first) or newest first.
enum class PetitionOrder { kPopular, kNewest };

inline constexpr std::size_t kPetitionsPerPage = 20;
inline constexpr std::size_t kMaxPetitionPage = 50;

// "open", "answered", "closed", "rejected"; "popular", "newest".
std::string_view petition_show_name(PetitionShow show);
std::string_view petition_order_name(PetitionOrder order);
std::optional<PetitionShow> parse_petition_show(std::string_view name);
std::optional<PetitionOrder> parse_petition_order(std::string_view name);

// The list page's query: ?show=&sort=&q=&page=, each optional; other parameters are ignored
// (a link from elsewhere may carry tracking ones). Throws InvalidInput ("petition_list_error_…")
// for a value it does not know.
struct PetitionListQuery {
    PetitionShow show = PetitionShow::kOpen;
    PetitionOrder order = PetitionOrder::kPopular;
    std::string q;
    std::size_t page = 1;

    static PetitionListQuery parse(
        const std::vector<std::pair<std::string, std::string>>& parameters);
};

// Whether anyone may read the petition: published (open, closed, answered) or rejected (its
// page says why, and a duplicate leads to the original), and not hidden. A hidden one's page says
// so; a draft, one gathering sponsors or awaiting moderation is nobody's business but its creator's
// and the moderators'.
bool publicly_visible(const Petition& petition);
// Whether its page exists at all: visible, or hidden after it was published.
bool has_public_page(const Petition& petition);
// Which tab it belongs to, if visible.
std::optional<PetitionShow> show_of(const Petition& petition);

// The visible petitions of `show` that match `search`, in `order` (open ones only; the
// others newest first by the time of their last step).
std::vector<const Petition*> list_petitions(const PetitionsSnapshot& snapshot, PetitionShow show,
                                            PetitionOrder order, const PetitionSearch& search);

// Every visible petition, newest first: the API's and the CSV's rows, and the sitemap's.
std::vector<const Petition*> visible_petitions(const PetitionsSnapshot& snapshot);

}  // namespace councilcast::portal
