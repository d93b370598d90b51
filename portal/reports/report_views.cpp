#include "portal/reports/report_views.hpp"

#include <fmt/core.h>

#include <charconv>
#include <cmath>
#include <string>

#include "portal/http/responses.hpp"
#include "portal/pages/target.hpp"

namespace councilcast::portal {
namespace http = boost::beast::http;
using Dictionary = ctemplate::TemplateDictionary;

namespace {

// A box of the list's area filter or an area subscription: about 55 by 32 km here, more than
// the municipality.
constexpr double kMaxAreaSide = 0.5;
constexpr std::string_view kPolicyHeader = "Content-Security-Policy";

// The tile server's origin for the policy: "https://tile.example" of
// "https://tile.example/{z}/{x}/{y}.png", and "https://*.tile.example" where Leaflet picks a
// subdomain ({s}).
std::string tile_origin(const std::string& tile_url) {
    const auto scheme = tile_url.find("://");
    if (scheme == std::string::npos) return {};
    const auto path = tile_url.find('/', scheme + 3);
    std::string origin = tile_url.substr(0, path);
    if (const auto sub = origin.find("{s}"); sub != std::string::npos) origin.replace(sub, 3, "*");
    return origin;
}

// The boundary as the script reads it: [[lat,lon],...].
std::string boundary_json(const config::Reports& reports) {
    std::string json = "[";
    for (const auto& point : reports.boundary) {
        if (json.size() > 1) json += ",";
        json += fmt::format("[{:.6f},{:.6f}]", point.lat, point.lon);
    }
    return json + "]";
}

}  // namespace

const std::string& report_state_text(PageCall& call, ReportState state) {
    return call.text(report_state_key(state));
}

void place_report_map(Dictionary& parent, std::string_view include_name,
                      const config::Reports& reports, const ReportMap& map) {
    auto* shown = parent.AddIncludeDictionary(std::string(include_name));
    shown->SetFilename("report_map.tpl");
    shown->SetValue("mode", map.mode);
    shown->SetValue("boundary", boundary_json(reports));
    shown->SetValue("tile_url", reports.tile_url);
    shown->SetValue("tile_attribution", reports.tile_attribution);
    shown->SetValue("label", map.label);
    shown->SetValue("items", map.items_id);
    shown->SetValue("area_link", map.area_link);
    shown->SetValue("lat_field", map.lat_field);
    shown->SetValue("lon_field", map.lon_field);
    shown->SetValue("status_id", map.status_id);
}

ReportResponse with_report_tiles(ReportResponse response, const config::Reports& reports) {
    const std::string origin = tile_origin(reports.tile_url);
    if (origin.empty()) return response;
    std::string policy(response[kPolicyHeader]);
    constexpr std::string_view kImages = "img-src 'self' data:";
    if (const auto at = policy.find(kImages); at != std::string::npos) {
        policy.insert(at + kImages.size(), " " + origin);
        response.set(kPolicyHeader, policy);
    }
    return response;
}

ReportResponse report_notice(PageCall& call, http::status status, const Notice& notice) {
    return notice_page(call, status, notice, kReportsNav);
}

std::optional<double> parse_degrees(std::string_view text) {
    constexpr std::size_t kMaxLength = 20;
    std::string typed(text.substr(0, kMaxLength + 1));
    while (!typed.empty() && typed.front() == ' ') typed.erase(typed.begin());
    while (!typed.empty() && typed.back() == ' ') typed.pop_back();
    if (typed.empty() || typed.size() > kMaxLength) return std::nullopt;
    for (char& c : typed) {
        if (c == ',') c = '.';
    }
    double value = 0;
    const auto [end, error] = std::from_chars(typed.data(), typed.data() + typed.size(), value);
    if (error != std::errc() || end != typed.data() + typed.size() || !std::isfinite(value)) {
        return std::nullopt;
    }
    return value;
}

std::string degrees_text(double lat, double lon) {
    return fmt::format("{:.6f}, {:.6f}", lat, lon);
}

std::optional<GeoBox> parse_report_area(std::string_view text) {
    constexpr std::size_t kMaxLength = 100;
    if (text.empty() || text.size() > kMaxLength) return std::nullopt;
    double sides[4];
    std::size_t start = 0;
    for (int i = 0; i < 4; ++i) {
        const auto comma = text.find(',', start);
        if ((comma == std::string_view::npos) != (i == 3)) return std::nullopt;
        const auto value = parse_degrees(text.substr(start, comma - start));
        if (!value) return std::nullopt;
        sides[i] = *value;
        start = comma + 1;
    }
    const GeoBox box{sides[0], sides[1], sides[2], sides[3]};
    if (box.south < -90 || box.north > 90 || box.west < -180 || box.east > 180 ||
        !(box.south < box.north) || !(box.west < box.east) ||
        box.north - box.south > kMaxAreaSide || box.east - box.west > kMaxAreaSide) {
        return std::nullopt;
    }
    return box;
}

std::string report_area_text(const GeoBox& box) {
    return fmt::format("{:.5f},{:.5f},{:.5f},{:.5f}", box.south, box.west, box.north, box.east);
}

bool report_token_shaped(std::string_view token) {
    constexpr std::size_t kMaxTokenBytes = 128;
    return !token.empty() && token.size() <= kMaxTokenBytes;
}

std::string report_date(const Localization& localization, Language language, std::int64_t unix_ms) {
    return localization.long_date(language, unix_ms / 1000);
}

std::string report_datetime(const Localization& localization, std::int64_t unix_ms) {
    return localization.machine_datetime(unix_ms / 1000);
}

void fill_report_paragraphs(Dictionary& parent, std::string_view text) {
    std::size_t start = 0;
    while (start < text.size()) {
        auto end = text.find("\n\n", start);
        if (end == std::string_view::npos) end = text.size();
        const auto paragraph = text.substr(start, end - start);
        if (!paragraph.empty()) {
            parent.AddSectionDictionary("PARAGRAPH")->SetValue("text", std::string(paragraph));
        }
        start = end + 2;
    }
}

}  // namespace councilcast::portal
