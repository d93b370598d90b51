// What search finds: one document per meeting, agenda item, decision, vote or chapter, and the
// functions through which other rooms (wired by the composition root) add theirs.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "portal/council/council_record.hpp"

namespace councilcast::portal {

struct SearchDocument {
    std::int64_t meeting_id = 0;  // every hit leads to its meeting's page
    // "meeting" | "agenda" | "decision" | "vote" | "chapter" (later "note", "caption"):
    // the result list names it.
    std::string kind;
    LocalizedText title;  // plain text
    LocalizedText body;   // plain text (Markdown made plain before it comes here)
    // Seconds into the meeting's recording where this is discussed: the hit links to
    // /meetings/<id>?t=<seconds>. None: to the meeting.
    std::optional<double> t;
};

// What other rooms add to the council's record. Empty functions: nothing added.
struct SearchSources {
    // Every extra document (votes, chapters, notes...), called off the network threads
    // whenever `version` has changed; the index is rebuilt from them and the council's record.
    std::function<std::vector<SearchDocument>()> extra;
    // Rises with every change of what `extra` returns.
    std::function<std::int64_t()> version;
    // Where on its meeting's recording an agenda item is discussed, in seconds, if known: the
    // council's agenda hits link there.
    std::function<std::optional<double>(std::int64_t meeting_id, std::int64_t agenda_item_id)>
        agenda_moment;
};

}  // namespace councilcast::portal
