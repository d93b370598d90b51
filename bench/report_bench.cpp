// Problem reports' duplicate search (portal/reports): "is it one of these?" asks for the open
// reports of a category within 250 m of a new pin. Over 100,000 reports spread across the
// municipality (six categories, three in five open), 2,000 random pins, each timed:
//
// 1. ReportStore::nearby, what the page calls: the R*Tree's box, the exact distance, the
//    found reports read whole (answers, photos).
// 2. The R*Tree query alone (ids and points, exact distance), the index's own share.
// 3. The peer: the same search over a plain B-tree index on (lat, lon), as one would without
//    an R*Tree: a latitude range, the longitude and the rest filtered row by row.
//
// p50 and p95 of each, and the same answers checked; figures only, nothing fails. The goal is a
// p95 under 5 ms for (1).
#include <fmt/core.h>

#include <algorithm>
#include <chrono>
#include <random>
#include <string>
#include <vector>

#include "common/database.hpp"
#include "common/database_writer.hpp"
#include "config/config.hpp"
#include "portal/reports/report_geography.hpp"
#include "portal/reports/report_store.hpp"
#include "portal/schema.hpp"
#include "tests/support/demo_process.hpp"

using namespace councilcast;
using namespace councilcast::portal;

namespace {

using Clock = std::chrono::steady_clock;
constexpr int kReports = 100'000;
constexpr int kSearches = 2'000;
constexpr double kRadiusM = 250;

double percentile(std::vector<double> values, double p) {
    if (values.empty()) return 0;
    std::sort(values.begin(), values.end());
    const auto index = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1) + 0.5);
    return values[index];
}

double ms_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

struct Pin {
    std::string category;
    double lat = 0;
    double lon = 0;
};

// A random point inside the municipality's boundary.
Pin random_pin(std::mt19937_64& random, const config::Reports& settings) {
    double south = 90, north = -90, west = 180, east = -180;
    for (const auto& point : settings.boundary) {
        south = std::min(south, point.lat);
        north = std::max(north, point.lat);
        west = std::min(west, point.lon);
        east = std::max(east, point.lon);
    }
    std::uniform_real_distribution<double> lat(south, north);
    std::uniform_real_distribution<double> lon(west, east);
    std::uniform_int_distribution<std::size_t> category(0, settings.categories.size() - 1);
    for (;;) {
        Pin pin{settings.categories[category(random)].code, lat(random), lon(random)};
        if (inside_polygon(settings.boundary, pin.lat, pin.lon)) return pin;
    }
}

// The reports written straight into the store's tables in one transaction: the store's own
// create() is one durable job each, which would time the disk, not the search.
void fill(const std::filesystem::path& database, const config::Reports& settings) {
    Database db(database);
    std::mt19937_64 random(16);
    std::bernoulli_distribution open(0.6);
    Transaction transaction(db);
    for (int i = 1; i <= kReports; ++i) {
        const Pin pin = random_pin(random, settings);
        db.cached(
              "INSERT INTO report (id, token, category, state, title, lat, lon, eldership, "
              "email, name, language, created_unix_ms, confirmed_unix_ms, updated_unix_ms) "
              "VALUES (?, ?, ?, ?, 'Duobė', ?, ?, ?, 'a@example.lt', 'Ona', 'lt', 1, 1, 1)")
            .bind(1, i)
            .bind(2, fmt::format("token-{}", i))
            .bind(3, pin.category)
            .bind(4, open(random) ? "open" : "fixed")
            .bind(5, pin.lat)
            .bind(6, pin.lon)
            .bind(7, nearest_eldership(settings.elderships, pin.lat, pin.lon))
            .run();
        db.cached(
              "INSERT INTO report_place (id, min_lat, max_lat, min_lon, max_lon) VALUES (?, ?, "
              "?, ?, ?)")
            .bind(1, i)
            .bind(2, pin.lat)
            .bind(3, pin.lat)
            .bind(4, pin.lon)
            .bind(5, pin.lon)
            .run();
    }
    // The peer's index.
    db.exec("CREATE INDEX bench_report_by_lat_lon ON report (lat, lon)");
    transaction.commit();
    db.exec("ANALYZE");
}

std::vector<std::int64_t> search(Database& db, const std::string& sql, const Pin& pin) {
    const GeoBox box = box_around(pin.lat, pin.lon, kRadiusM);
    Statement statement = db.cached(sql);
    statement.bind(1, box.south).bind(2, box.north).bind(3, box.west).bind(4, box.east);
    statement.bind(5, pin.category);
    std::vector<std::pair<double, std::int64_t>> found;
    while (statement.step()) {
        const double d =
            distance_m(pin.lat, pin.lon, statement.column_double(1), statement.column_double(2));
        if (d <= kRadiusM) found.emplace_back(d, statement.column_int(0));
    }
    std::sort(found.begin(), found.end());
    std::vector<std::int64_t> ids;
    for (const auto& [d, id] : found) ids.push_back(id);
    return ids;
}

void report(const char* what, const std::vector<double>& times) {
    fmt::print("  {:<44} p50 {:7.3f} ms   p95 {:7.3f} ms\n", what, percentile(times, 0.5),
               percentile(times, 0.95));
}

}  // namespace

int main() {
    const auto dir = councilcast::testing::fresh_directory("report-bench");
    const auto database = dir / "councilcast.sqlite";
    {
        Database db(database);
        migrate_database(db);
    }
    const config::Reports settings;
    const auto filling = Clock::now();
    fill(database, settings);
    fmt::print("report_bench: {} reports written in {:.1f} s\n", kReports,
               ms_since(filling) / 1000);

    DatabaseWriter writer(database);
    ReportStore store(database, writer, settings);
    Database reader(database, Durability::kNormal, OpenMode::kReadOnly);
    const std::string rtree_sql =
        "SELECT r.id, r.lat, r.lon FROM report_place p JOIN report r ON r.id = p.id WHERE "
        "p.max_lat >= ?1 AND p.min_lat <= ?2 AND p.max_lon >= ?3 AND p.min_lon <= ?4 AND "
        "r.category = ?5 AND r.state IN ('open', 'investigating', 'in_progress', "
        "'action_scheduled')";
    const std::string btree_sql =
        "SELECT id, lat, lon FROM report INDEXED BY bench_report_by_lat_lon WHERE lat >= ?1 AND "
        "lat <= ?2 AND lon >= ?3 AND lon <= ?4 AND category = ?5 AND state IN ('open', "
        "'investigating', 'in_progress', 'action_scheduled')";

    std::mt19937_64 random(1611);
    std::vector<Pin> pins;
    for (int i = 0; i < kSearches; ++i) pins.push_back(random_pin(random, settings));

    std::vector<double> store_times, rtree_times, btree_times;
    std::size_t found = 0, disagreements = 0;
    for (const Pin& pin : pins) {
        auto start = Clock::now();
        const auto nearby = store.nearby(pin.category, pin.lat, pin.lon, kRadiusM);
        store_times.push_back(ms_since(start));
        start = Clock::now();
        const auto by_rtree = search(reader, rtree_sql, pin);
        rtree_times.push_back(ms_since(start));
        start = Clock::now();
        const auto by_btree = search(reader, btree_sql, pin);
        btree_times.push_back(ms_since(start));
        found += nearby.size();
        std::vector<std::int64_t> store_ids;
        for (const auto& n : nearby) store_ids.push_back(n.report.id);
        if (store_ids != by_rtree || by_rtree != by_btree) ++disagreements;
    }
    fmt::print(
        "report_bench: duplicate search within {} m, {} pins, {:.2f} open reports of the "
        "category found per pin; answers that differ: {}\n",
        kRadiusM, kSearches, static_cast<double>(found) / kSearches, disagreements);
    report("ReportStore::nearby (R*Tree, reports read)", store_times);
    report("R*Tree query and exact distance", rtree_times);
    report("peer: B-tree (lat, lon) range scan", btree_times);
    fmt::print("  goal: nearby p95 < 5 ms: {}; R*Tree against the B-tree at p95: {:.1f}x\n",
               percentile(store_times, 0.95) < 5 ? "met" : "NOT met",
               percentile(btree_times, 0.95) / std::max(percentile(rtree_times, 0.95), 1e-6));
    return 0;
}
