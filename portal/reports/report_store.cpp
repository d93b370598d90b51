#include "portal/reports/report_store.hpp"

#include <algorithm>

#include "common/unix_time.hpp"
#include "portal/reports/report_geography.hpp"

namespace councilcast::portal {

ReportStore::ReportStore(const std::filesystem::path& database_file, DatabaseWriter& writer,
                         config::Reports settings, Clock clock)
    : writer_(writer),
      settings_(std::move(settings)),
      clock_(clock ? std::move(clock) : Clock(now_unix_ms)),
      reader_(database_file, Durability::kNormal, OpenMode::kReadOnly) {}

std::int64_t ReportStore::now() const {
    return clock_();
}

const config::ReportCategory* ReportStore::category(std::string_view code) const {
    const auto found = std::find_if(settings_.categories.begin(), settings_.categories.end(),
                                    [&](const auto& category) { return category.code == code; });
    return found != settings_.categories.end() ? &*found : nullptr;
}

bool ReportStore::inside_boundary(double lat, double lon) const {
    return valid_coordinates(lat, lon) && inside_polygon(settings_.boundary, lat, lon);
}

std::string ReportStore::eldership_at(double lat, double lon) const {
    return nearest_eldership(settings_.elderships, lat, lon);
}

template <typename Change>
auto ReportStore::write(Change change) {
    return writer_.run(std::move(change), Durability::kFull);
}

void ReportStore::emit(Database& db, const ReportEvent& event) const {
    for (const auto& sink : event_sinks_) sink(db, event);
}

// ---- who may do what ----

bool ReportStore::may_moderate(const ReportActor& actor) {
    return actor.account_id != 0 && actor.roles.any_of(Roles(Role::kAdmin) | Role::kModerator);
}

bool ReportStore::may_handle(const ReportActor& actor, std::string_view category) const {
    if (actor.account_id == 0 || this->category(category) == nullptr) return false;
    if (may_moderate(actor)) return true;
    const auto handled = categories_handled_by(actor.account_id);
    return std::find(handled.begin(), handled.end(), category) != handled.end();
}

bool ReportStore::may_change_state(const ReportActor& actor, std::string_view category,
                                   ReportState from, ReportState to) const {
    if (!may_handle(actor, category)) return false;
    if (from == to) return from != ReportState::kUnconfirmed || may_moderate(actor);
    // Nobody confirms for the reporter, nor takes a report back to unconfirmed.
    if (from == ReportState::kUnconfirmed || to == ReportState::kUnconfirmed) {
        return to == ReportState::kHidden && may_moderate(actor);
    }
    if (from == ReportState::kHidden || to == ReportState::kHidden) {
        // Hiding and showing are moderation; a hidden report comes back as open.
        return may_moderate(actor) && (to == ReportState::kHidden || to == ReportState::kOpen);
    }
    return true;
}

std::vector<std::string> ReportStore::categories_handled_by(std::int64_t account_id) const {
    std::lock_guard lock(reader_mutex_);
    std::vector<std::string> categories;
    auto statement =
        reader_.cached("SELECT category FROM report_handler WHERE account_id = ? ORDER BY 1");
    statement.bind(1, account_id);
    while (statement.step()) categories.push_back(statement.column_text(0));
    return categories;
}

}  // namespace councilcast::portal
