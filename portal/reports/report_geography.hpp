// Where a report is, pure: great-circle distance, the municipality's polygon, the nearest
// eldership centre, and the box of degrees that holds a circle (what the R*Tree is asked).
#pragma once

#include <string>
#include <vector>

#include "config/config.hpp"
#include "portal/reports/report_record.hpp"

namespace councilcast::portal {

// Metres between two WGS84 points on a sphere of the Earth's mean radius (haversine): within
// 0.5 % of the ellipsoid's, well under a metre at the 250 m of the duplicate search.
double distance_m(double lat1, double lon1, double lat2, double lon2);

// Whether the point lies inside the polygon (ray casting over lat/lon as a plane: the
// municipality is small enough). A point exactly on an edge may fall either way.
bool inside_polygon(const std::vector<config::GeoPoint>& polygon, double lat, double lon);

// The name of the eldership whose centre is nearest; empty when there is none.
std::string nearest_eldership(const std::vector<config::ReportEldership>& elderships, double lat,
                              double lon);

// A box that holds every point within `radius_m` of the point (a little larger: the caller
// checks the exact distance). Not for the poles.
GeoBox box_around(double lat, double lon, double radius_m);

// Whether lat and lon are finite numbers within [-90, 90] and [-180, 180].
bool valid_coordinates(double lat, double lon);

}  // namespace councilcast::portal
