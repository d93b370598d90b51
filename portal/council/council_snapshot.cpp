#include "portal/council/council_snapshot.hpp"

#include <algorithm>

namespace councilcast::portal {

namespace {

template <typename Row>
void index_rows(const std::vector<Row>& rows, std::map<std::int64_t, std::size_t>& index) {
    for (std::size_t i = 0; i < rows.size(); ++i) index[rows[i].id] = i;
}

template <typename Row>
const Row* find_row(const std::vector<Row>& rows, const std::map<std::int64_t, std::size_t>& index,
                    std::int64_t id) {
    auto it = index.find(id);
    return it == index.end() ? nullptr : &rows[it->second];
}

// Contiguous runs of rows sharing a parent (the vectors are sorted by parent first).
template <typename Row, typename Parent>
void index_ranges(const std::vector<Row>& rows, Parent parent,
                  std::map<std::int64_t, std::pair<std::size_t, std::size_t>>& ranges) {
    for (std::size_t i = 0; i < rows.size(); ++i) {
        auto [it, fresh] = ranges.try_emplace(parent(rows[i]), i, i + 1);
        if (!fresh) it->second.second = i + 1;
    }
}

template <typename Row>
std::span<const Row> range_of(
    const std::vector<Row>& rows,
    const std::map<std::int64_t, std::pair<std::size_t, std::size_t>>& ranges,
    std::int64_t parent) {
    auto it = ranges.find(parent);
    if (it == ranges.end()) return {};
    return std::span<const Row>(rows).subspan(it->second.first,
                                              it->second.second - it->second.first);
}

}  // namespace

void CouncilSnapshot::index() {
    index_rows(groups, group_index_);
    index_rows(members, member_index_);
    index_rows(committees, committee_index_);
    index_rows(meetings, meeting_index_);
    index_rows(agenda_items, agenda_index_);
    index_rows(documents, document_index_);
    index_rows(decisions, decision_index_);
    for (std::size_t i = 0; i < decisions.size(); ++i) {
        decision_by_item_[decisions[i].agenda_item_id] = i;
    }
    index_ranges(
        agenda_items, [](const AgendaItem& item) { return item.meeting_id; }, agenda_ranges_);
    index_ranges(
        documents, [](const Document& document) { return document.agenda_item_id; },
        document_ranges_);
}

const CouncilGroup* CouncilSnapshot::group(std::int64_t id) const {
    return find_row(groups, group_index_, id);
}
const CouncilMember* CouncilSnapshot::member(std::int64_t id) const {
    return find_row(members, member_index_, id);
}
const Committee* CouncilSnapshot::committee(std::int64_t id) const {
    return find_row(committees, committee_index_, id);
}
const Meeting* CouncilSnapshot::meeting(std::int64_t id) const {
    return find_row(meetings, meeting_index_, id);
}
const Meeting* CouncilSnapshot::live_meeting() const {
    for (const auto& meeting : meetings) {
        if (meeting.status == MeetingStatus::kLive) return &meeting;
    }
    return nullptr;
}
const AgendaItem* CouncilSnapshot::agenda_item(std::int64_t id) const {
    return find_row(agenda_items, agenda_index_, id);
}
const Document* CouncilSnapshot::document(std::int64_t id) const {
    return find_row(documents, document_index_, id);
}
const Decision* CouncilSnapshot::decision(std::int64_t id) const {
    return find_row(decisions, decision_index_, id);
}
std::span<const AgendaItem> CouncilSnapshot::agenda(std::int64_t meeting_id) const {
    return range_of(agenda_items, agenda_ranges_, meeting_id);
}
std::span<const Document> CouncilSnapshot::documents_of(std::int64_t agenda_item_id) const {
    return range_of(documents, document_ranges_, agenda_item_id);
}
const Decision* CouncilSnapshot::decision_on(std::int64_t agenda_item_id) const {
    return find_row(decisions, decision_by_item_, agenda_item_id);
}

std::vector<const Committee*> CouncilSnapshot::committees_of(std::int64_t member_id) const {
    std::vector<const Committee*> found;
    for (const auto& committee : committees) {
        if (std::find(committee.member_ids.begin(), committee.member_ids.end(), member_id) !=
            committee.member_ids.end()) {
            found.push_back(&committee);
        }
    }
    return found;
}

}  // namespace councilcast::portal
