// A reports store on a real SQLite file through the real writer, with a clock the test moves,
// the default [reports] settings (Elektrėnai's boundary, elderships and six categories), staff
// of every kind, and every event the store hands its sinks kept for the test to read.
// RESIDENT's and STAFF's tests may use it too.
#pragma once

#include <doctest/doctest.h>
#include <fmt/core.h>

#include <atomic>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "common/database.hpp"
#include "common/database_writer.hpp"
#include "config/config.hpp"
#include "portal/audit/audit_log.hpp"
#include "portal/reports/report_store.hpp"
#include "portal/schema.hpp"
#include "tests/support/demo_process.hpp"
#include "tests/support/refusal.hpp"

namespace councilcast::portal::testing {

using councilcast::testing::refusal;

inline constexpr std::int64_t kReportDayMs = 24LL * 60 * 60 * 1000;
// Monday 11 January 2027, 09:00 in Vilnius.
inline constexpr std::int64_t kReportStartMs = 1'799'650'800'000;
// Elektrėnai's centre, inside the default boundary.
inline constexpr double kCentreLat = 54.786;
inline constexpr double kCentreLon = 24.663;
// Metres in one degree of latitude on the sphere report_geography measures on.
inline constexpr double kMetresPerDegree = 6'371'008.8 * 3.14159265358979323846 / 180.0;

inline const ReportActor kModerator{900, Role::kModerator, "Moderatorė Aistė"};
inline const ReportActor kAdministrator{901, Role::kAdmin, "Administratorius Jonas"};
inline const ReportActor kRoadsHandler{902, Role::kOfficial, "Kelių skyrius"};
inline const ReportActor kOtherOfficial{903, Role::kOfficial, "Atliekų skyrius"};
inline const ReportActor kResident{904, Roles{}, "Gyventoja"};

inline AuditNote report_note(std::string action) {
    return [action = std::move(action)](std::int64_t id) {
        AuditEntry entry;
        entry.actor_user_id = kModerator.account_id;
        entry.actor = "aiste@elektrenai.lt";
        entry.action = action;
        entry.target = fmt::format("report {}", id);
        entry.peer = "127.0.0.1";
        return entry;
    };
}

struct ReportFixture {
    std::filesystem::path dir;
    std::filesystem::path database;
    std::unique_ptr<DatabaseWriter> writer;
    std::atomic<std::int64_t> clock{kReportStartMs};
    config::Reports settings;
    std::unique_ptr<ReportStore> store;
    std::mutex events_mutex;
    std::vector<ReportEvent> events;

    explicit ReportFixture(const std::string& name, config::Reports reports = {})
        : dir(councilcast::testing::fresh_directory(name)),
          database(dir / "councilcast.sqlite"),
          settings(std::move(reports)) {
        {
            Database db(database);
            migrate_database(db);
        }
        writer = std::make_unique<DatabaseWriter>(database);
        store = std::make_unique<ReportStore>(database, *writer, settings,
                                              [this] { return clock.load(); });
        store->add_event_sink([this](Database&, const ReportEvent& event) {
            std::lock_guard lock(events_mutex);
            events.push_back(event);
        });
        block_on(store->set_handlers(kAdministrator, "roads", {kRoadsHandler.account_id},
                                     report_note("report.handlers")));
    }

    // A pothole in Elektrėnai reported by someone not signed in.
    ReportStore::NewReport pothole(double lat = kCentreLat, double lon = kCentreLon) const {
        ReportStore::NewReport report;
        report.category = "roads";
        report.title = "Duobė Trakų gatvėje";
        report.details = "Gili duobė prie autobusų stotelės.\nPavojinga dviratininkams.";
        report.lat = lat;
        report.lon = lon;
        report.address = "Trakų g. 2";
        report.answers = {{"dangerous", "yes"}};
        report.email = "ona.petraityte@example.lt";
        report.name = "Ona Petraitytė";
        return report;
    }

    // A report made and confirmed by its mailed link: open. Resolves to its id.
    std::int64_t open_report(ReportStore::NewReport report) {
        const auto created = block_on(store->create(std::move(report)));
        const auto asked = events_of(ReportEvent::Kind::kConfirmationRequested);
        REQUIRE(!asked.empty());
        REQUIRE(asked.back().report.id == created.report_id);
        return block_on(store->confirm(asked.back().token));
    }
    std::int64_t open_report() { return open_report(pothole()); }

    std::vector<ReportEvent> events_of(ReportEvent::Kind kind) {
        std::lock_guard lock(events_mutex);
        std::vector<ReportEvent> found;
        for (const auto& event : events) {
            if (event.kind == kind) found.push_back(event);
        }
        return found;
    }

    void forget_events() {
        std::lock_guard lock(events_mutex);
        events.clear();
    }

    ReportState state_of(std::int64_t report_id) const {
        const auto report = store->report(report_id);
        REQUIRE(report);
        return report->state;
    }
};

// The point `metres` north (negative: south) of the given one, on report_geography's sphere.
inline double north_of(double lat, double metres) {
    return lat + metres / kMetresPerDegree;
}
// The point `metres` east of the given one, along the parallel (for a few hundred metres the
// great-circle distance is the same to well under a millimetre).
inline double east_of(double lat, double lon, double metres) {
    return lon + metres / (kMetresPerDegree * std::cos(lat * 3.14159265358979323846 / 180.0));
}

}  // namespace councilcast::portal::testing
