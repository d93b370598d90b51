// The petitions as open data and as a feed, each a pure function of a snapshot: the API's JSON
// (/api/v1/petitions, /api/v1/petitions/<id>), the CSV table and the Atom feed of new and
// answered petitions. Only publicly_visible() petitions appear in any of them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "portal/http/http_server.hpp"
#include "portal/pages/page_renderer.hpp"
#include "portal/petitions/petition_listing.hpp"
#include "portal/petitions/petition_record.hpp"

namespace councilcast::portal {

// A feed reader needs the recent past: this many entries, newest first.
inline constexpr std::size_t kPetitionFeedEntries = 100;

struct PetitionDataContext {
    // "https://www.elektrenai.lt", no trailing slash: links in the data and the feed are
    // absolute, since they are read away from the site.
    std::string base_url;
    const config::Petitions& settings;
    // PetitionStore::elderships(); signatures_by_eldership is keyed by their names, and
    // "outside the municipality" by the Lithuanian catalogue's name for it, always present.
    std::vector<PetitionEldership> elderships;
    const PageRenderer& messages;
};

// The validator of every answer made from one snapshot. `run_unix_ms`, when this process
// started, names the run: versions count from 1 again after a restart. There is no
// Last-Modified: hiding a petition changes no time in it, so only the tag can tell.
std::string petitions_etag(std::int64_t run_unix_ms, const PetitionsSnapshot& snapshot);
// Whether the client's copy is still the one `etag` names (If-None-Match only).
bool petitions_not_modified(const Request& request, std::string_view etag);

// {"id", "title", "state", "language", "creator_name", "url", "signature_count",
//  "signatures_by_eldership": {name: count}, "opened_at", "closes_at", "closed_at",
//  "thresholds": {"response": {"signatures", "reached_at"}, "council": {…}},
//  "response": null | {"text", "answered_at", "meeting_id", "meeting_url", "decision"},
//  "rejection": null | {"reason", "text", "duplicate_of"}, "stop_reason"}; times RFC 3339 UTC,
// null when not yet.
std::string petition_json(const Petition& petition, const PetitionDataContext& context);
// {"petitions": [the above…]}, newest first; `state` keeps one tab's.
std::string petitions_json(const PetitionsSnapshot& snapshot, const PetitionDataContext& context,
                           std::optional<PetitionShow> state);
// One row per petition, a column per eldership (then "outside"), with a byte order mark.
std::string petitions_csv(const PetitionsSnapshot& snapshot, const PetitionDataContext& context,
                          std::optional<PetitionShow> state);
// Atom 1.0 (RFC 4287): an entry when a petition opened and another when it was answered,
// newest first, each linking to its page. `language`'s texts and links; `updated` is the
// newest entry's time, so the same snapshot gives the same bytes.
std::string petitions_atom(const PetitionsSnapshot& snapshot, const PetitionDataContext& context,
                           Language language, const std::string& municipality_name);

}  // namespace councilcast::portal
