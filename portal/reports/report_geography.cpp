#include "portal/reports/report_geography.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

namespace councilcast::portal {
namespace {

constexpr double kEarthRadiusM = 6'371'008.8;  // the mean radius (IUGG)

double geo_radians(double degrees) {
    return degrees * std::numbers::pi / 180.0;
}

}  // namespace

double distance_m(double lat1, double lon1, double lat2, double lon2) {
    const double d_lat = geo_radians(lat2 - lat1);
    const double d_lon = geo_radians(lon2 - lon1);
    const double a = std::sin(d_lat / 2) * std::sin(d_lat / 2) +
                     std::cos(geo_radians(lat1)) * std::cos(geo_radians(lat2)) *
                         std::sin(d_lon / 2) * std::sin(d_lon / 2);
    return 2 * kEarthRadiusM * std::asin(std::min(1.0, std::sqrt(a)));
}

bool inside_polygon(const std::vector<config::GeoPoint>& polygon, double lat, double lon) {
    if (polygon.size() < 3) return false;
    bool inside = false;
    for (std::size_t i = 0, j = polygon.size() - 1; i < polygon.size(); j = i++) {
        const config::GeoPoint& a = polygon[i];
        const config::GeoPoint& b = polygon[j];
        if ((a.lat > lat) != (b.lat > lat) &&
            lon < (b.lon - a.lon) * (lat - a.lat) / (b.lat - a.lat) + a.lon) {
            inside = !inside;
        }
    }
    return inside;
}

std::string nearest_eldership(const std::vector<config::ReportEldership>& elderships, double lat,
                              double lon) {
    const config::ReportEldership* nearest = nullptr;
    double best = std::numeric_limits<double>::infinity();
    for (const auto& eldership : elderships) {
        const double d = distance_m(lat, lon, eldership.centre.lat, eldership.centre.lon);
        if (d < best) {
            best = d;
            nearest = &eldership;
        }
    }
    return nearest != nullptr ? nearest->name : std::string();
}

GeoBox box_around(double lat, double lon, double radius_m) {
    // One degree of latitude is at least 110,574 m; a degree of longitude shrinks with the
    // cosine of the latitude (taken at the box's edge nearer the pole). 1 % spare.
    const double d_lat = radius_m / 110'574.0 * 1.01;
    const double polewards = std::min(89.0, std::abs(lat) + d_lat);
    const double d_lon = radius_m / (111'320.0 * std::cos(geo_radians(polewards))) * 1.01;
    return {lat - d_lat, lon - d_lon, lat + d_lat, lon + d_lon};
}

bool valid_coordinates(double lat, double lon) {
    return std::isfinite(lat) && std::isfinite(lon) && lat >= -90 && lat <= 90 && lon >= -180 &&
           lon <= 180;
}

}  // namespace councilcast::portal
