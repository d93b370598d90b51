// What the residents' report pages share besides report_texts and report_paths: a state's name,
// the map's include (templates/report_map.tpl, drawn by
// static/js/report_map.js) and the Content-Security-Policy that lets a configured tile server's
// images in, notices, coordinates and tokens read from addresses and forms.
#pragma once

#include <boost/beast/http.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "config/config.hpp"
#include "portal/accounts/access.hpp"
#include "portal/accounts/notice_page.hpp"
#include "portal/accounts/page_call.hpp"
#include "portal/pages/localization.hpp"
#include "portal/reports/report_paths.hpp"
#include "portal/reports/report_record.hpp"
#include "portal/reports/report_texts.hpp"

namespace councilcast::portal {

using ReportResponse = boost::beast::http::response<boost::beast::http::string_body>;

// The main navigation's entry of every residents' report page.
inline constexpr std::string_view kReportsNav = "reports";

// A state's name in the reader's language.
const std::string& report_state_text(PageCall& call, ReportState state);

// The map's include `include_name` in `parent`: "place" (the pin on the report form, filling
// the fields with ids `lat_field` and `lon_field`) or "show" (the reports listed in the element
// with id `items_id`). `area_link`: the text of a link to the reports in view (list page).
struct ReportMap {
    std::string mode;
    std::string label;
    std::string items_id;
    std::string area_link;
    std::string lat_field;
    std::string lon_field;
    std::string status_id;
};
void place_report_map(ctemplate::TemplateDictionary& parent, std::string_view include_name,
                      const config::Reports& reports, const ReportMap& map);

// A page with a map: its Content-Security-Policy lets the tile server's images in when one is
// configured (the map's script and styles are this site's own).
ReportResponse with_report_tiles(ReportResponse response, const config::Reports& reports);

// A notice of the reports (portal/accounts' notice_page, in the reports' navigation).
ReportResponse report_notice(PageCall& call, boost::beast::http::status status,
                             const Notice& notice);

// Degrees typed or sent: "54.78", "54,78" (a Lithuanian keyboard's decimal comma); nothing for
// anything else, an empty text included.
std::optional<double> parse_degrees(std::string_view text);
// "54.786012, 24.663000".
std::string degrees_text(double lat, double lon);
// A box "south,west,north,east" as the list's area filter carries it; nothing unless well
// formed, south below north, west below east, each side at most 0.5 degrees.
std::optional<GeoBox> parse_report_area(std::string_view text);
std::string report_area_text(const GeoBox& box);

// A mailed link's token: bounded before any lookup.
bool report_token_shaped(std::string_view token);

// Instants as the pages show them: "2026 m. gruodžio 7 d." and the <time> element's value.
std::string report_date(const Localization& localization, Language language, std::int64_t unix_ms);
std::string report_datetime(const Localization& localization, std::int64_t unix_ms);

// Paragraphs of a plain text, each a PARAGRAPH section of `parent`.
void fill_report_paragraphs(ctemplate::TemplateDictionary& parent, std::string_view text);

}  // namespace councilcast::portal
