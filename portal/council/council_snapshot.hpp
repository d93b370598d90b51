// The council's record at one moment, as every page reads it: immutable once published, with the
// lookups pages make by id and by parent.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <span>
#include <utility>
#include <vector>

#include "portal/council/council_record.hpp"

namespace councilcast::portal {

// Everything public at one moment, never changed after it is published: readers on any thread
// hold it by shared_ptr for as long as they render. Lists are in display order.
struct CouncilSnapshot {
    std::int64_t version = 0;              // rises with every change
    std::int64_t published_unix = 0;       // when this snapshot replaced the last (UTC seconds)
    std::vector<CouncilGroup> groups;      // by name
    std::vector<CouncilMember> members;    // chair first, then by surname order as entered
    std::vector<Committee> committees;     // by name
    std::vector<Eldership> elderships;     // by name
    std::vector<Meeting> meetings;         // by start, oldest first
    std::vector<AgendaItem> agenda_items;  // by meeting, then position
    std::vector<Document> documents;       // by agenda item, then id
    std::vector<Decision> decisions;       // by decided_unix, oldest first

    const CouncilGroup* group(std::int64_t id) const;
    const CouncilMember* member(std::int64_t id) const;
    const Committee* committee(std::int64_t id) const;
    const Meeting* meeting(std::int64_t id) const;
    const AgendaItem* agenda_item(std::int64_t id) const;
    const Document* document(std::int64_t id) const;
    const Decision* decision(std::int64_t id) const;
    std::span<const AgendaItem> agenda(std::int64_t meeting_id) const;
    std::span<const Document> documents_of(std::int64_t agenda_item_id) const;
    const Decision* decision_on(std::int64_t agenda_item_id) const;
    // The meeting live now, the first of them if several are; nullptr when none is.
    const Meeting* live_meeting() const;
    // Committees a member sits on, by name.
    std::vector<const Committee*> committees_of(std::int64_t member_id) const;

    // Built once after loading; every lookup above goes through these.
    void index();

  private:
    std::map<std::int64_t, std::size_t> group_index_, member_index_, committee_index_,
        meeting_index_, agenda_index_, document_index_, decision_index_, decision_by_item_;
    std::map<std::int64_t, std::pair<std::size_t, std::size_t>> agenda_ranges_, document_ranges_;
};

}  // namespace councilcast::portal
