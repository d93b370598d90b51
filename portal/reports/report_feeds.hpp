// Problem reports as Atom 1.0 feeds (RFC 4287) for feed readers: the newest public reports of
// an eldership or a map area (/reports/feed.atom?eldership=… or ?area=south,west,north,east;
// neither: the whole municipality), and one report's public updates (/reports/<id>/feed.atom).
// The documents are pure functions of the store's rows; ReportFeeds routes them.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.hpp"
#include "portal/accounts/page_route.hpp"
#include "portal/pages/language.hpp"
#include "portal/pages/page_renderer.hpp"
#include "portal/reports/report_record.hpp"
#include "portal/reports/report_store.hpp"

namespace councilcast::portal {

// A feed reader needs the recent reports, not years of them.
inline constexpr std::size_t kReportFeedEntries = 50;
// The widest area a feed follows, as for an area subscription.
inline constexpr double kReportFeedMaxSpan = 0.5;

struct ReportFeedContext {
    // "https://www.elektrenai.lt", no trailing slash: a feed is read away from the site, so
    // its links and ids are absolute.
    std::string base_url;
    Language language = Language::kLt;
    std::string municipality_name;  // the feeds' author, in `language`
    const config::Reports& settings;
    const PageRenderer& messages;
};

// What a feed follows: one eldership, one area, or (neither) every public report.
struct ReportFeedFilter {
    std::string eldership;  // a [reports] eldership's name
    std::optional<GeoBox> area;
};

// The feed's query: ?eldership= a configured eldership's name, ?area= "south,west,north,east"
// in WGS84 degrees, south ≤ north, west ≤ east, at most kReportFeedMaxSpan a side; not both.
// Throws InvalidInput::text("report_error_feed_eldership" / "report_error_feed_area").
ReportFeedFilter parse_report_feed_filter(const config::Reports& settings,
                                          std::string_view eldership, std::string_view area);

// The reports as the store lists them (newest first), each an entry with its category, state,
// place, description and first visible photo, updated at its last change. Only public ones
// are written, whatever the caller passes.
std::string reports_atom(const std::vector<Report>& reports, const ReportFeedFilter& filter,
                         const ReportFeedContext& context);

// One report's story, newest first: each public update (its text, the state it set) and the
// report itself as the first entry. Internal notes are never written.
std::string report_updates_atom(const Report& report, const std::vector<ReportUpdate>& updates,
                                const ReportFeedContext& context);

// The feeds' routes. Not copyable; the store and renderer outlive it.
class ReportFeeds {
  public:
    ReportFeeds(const config::Config& config, const ReportStore& store,
                const PageRenderer& renderer);
    ReportFeeds(const ReportFeeds&) = delete;
    ReportFeeds& operator=(const ReportFeeds&) = delete;

    // The address links start with when [server] public_url is empty (the listening address).
    void set_public_url(std::string url);
    ModuleEntries entries();

  private:
    Reply area_feed(PageCall& call);
    Reply report_feed(PageCall& call);
    ReportFeedContext context(Language language) const;

    const config::Config& config_;
    const ReportStore& store_;
    const PageRenderer& renderer_;
    std::string public_url_;
};

}  // namespace councilcast::portal
