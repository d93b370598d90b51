// The meeting schedule and the council's decisions as feeds: Atom 1.0 (RFC 4287) for feed readers
// and iCalendar (RFC 5545) for calendar apps, each built from one snapshot by a pure function.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "portal/council/council_snapshot.hpp"
#include "portal/pages/page_renderer.hpp"
#include "portal/publish/recording_summary.hpp"

namespace councilcast::portal {

// A feed reader needs the recent past, not a decade of meetings.
inline constexpr std::size_t kAtomEntries = 100;
// The calendar covers this much of the past, and everything planned.
inline constexpr std::int64_t kCalendarPastSeconds = 365 * 24 * 3600;

struct FeedContext {
    // "https://www.elektrenai.lt", no trailing slash: links and ids are absolute URLs under it,
    // because a feed is read away from the site and relative links would resolve against the
    // reader's own address.
    std::string base_url;
    Language language = Language::kLt;
    std::string municipality_name;  // the feed's author, in `language`
    // The moment the feed describes: the calendar's DTSTAMP and the start of its window, the
    // Atom feed's <updated>. The site passes the time the snapshot was published, so the same
    // record gives the same bytes (and the same ETag) on every request.
    std::int64_t now_unix = 0;
};

// The kAtomEntries meetings with the latest start, newest first: title, start, place, status
// and agenda titles, each linking to its meeting page; a meeting with a recording also links
// its playlist and, once it has ended, the whole recording as an enclosure.
std::string meetings_atom(const CouncilSnapshot& council, const FeedContext& context,
                          const PageRenderer& messages, const RecordingSummaries& recordings = {});
// The kAtomEntries latest decisions, newest first: number, agenda item title, outcome and text,
// each linking to its decision page.
std::string decisions_atom(const CouncilSnapshot& council, const FeedContext& context,
                           const PageRenderer& messages);
// One VEVENT per meeting of the last kCalendarPastSeconds and every planned one, in UTC.
// A council meeting is given two hours and a committee meeting one: the record has no end
// times, and those are how long they usually take.
std::string meetings_ical(const CouncilSnapshot& council, const FeedContext& context,
                          const PageRenderer& messages);

}  // namespace councilcast::portal
