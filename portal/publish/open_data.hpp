// The council's record as open data: JSON documents for /api/v1/ and CSV tables for spreadsheets,
// each built from one snapshot by a pure function.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "portal/council/council_snapshot.hpp"
#include "portal/publish/recording_summary.hpp"

namespace councilcast::portal {

// A request's query, decoded, in the order given.
using QueryParameters = std::vector<std::pair<std::string, std::string>>;

// Which meetings (and the agenda items and decisions of which meetings) a list covers.
struct OpenDataFilter {
    std::optional<int> year;          // of the meeting's start (a decision's date), in UTC
    std::optional<MeetingKind> kind;  // council or committee
};

// Which query parameters an endpoint takes.
enum class FilterParameters { kNone, kYear, kYearAndType };

// Reads `year=YYYY` and `type=council|committee` (as far as `accepted` allows). An unknown or
// repeated parameter or a bad value throws InvalidInput with a bilingual message, so a caller
// who mistyped a filter learns it rather than getting unfiltered data.
OpenDataFilter parse_meeting_filter(const QueryParameters& query, FilterParameters accepted);

// JSON documents. Texts editors may translate are {"lt": "...", "en": "..." or null when not
// translated}; times are RFC 3339 UTC strings; links are paths on this server.
std::string meetings_json(const CouncilSnapshot& council, const OpenDataFilter& filter);
// The meeting with its agenda in order, each item's documents and decision; nothing when there is
// no meeting with that id. "recording" is `recording` (null when none): its master playlist,
// status ("recording"|"ready"), duration_s and chapters [{"kind", "title", "start_s"}].
std::optional<std::string> meeting_json(const CouncilSnapshot& council, std::int64_t meeting_id,
                                        const RecordingSummary* recording = nullptr);
std::string decisions_json(const CouncilSnapshot& council, const OpenDataFilter& filter);
std::string council_json(const CouncilSnapshot& council);

// CSV tables (RFC 4180, UTF-8 with a byte order mark), one row per record, both languages in
// their own columns.
std::string meetings_csv(const CouncilSnapshot& council, const OpenDataFilter& filter);
std::string agenda_items_csv(const CouncilSnapshot& council, const OpenDataFilter& filter);
std::string decisions_csv(const CouncilSnapshot& council, const OpenDataFilter& filter);
std::string members_csv(const CouncilSnapshot& council);

}  // namespace councilcast::portal
