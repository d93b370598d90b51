// Problem reports, one struct per row: a report with its answers and photos, its updates, the
// subscriptions to it or to a place, and the names of its states.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace councilcast::portal {

// FixMyStreet's states. unconfirmed (the mailed link not followed yet) → open → investigating,
// in_progress, action_scheduled (still open) → fixed, not_responsible, duplicate (of another
// report), unable_to_fix, internal_referral, closed (closed states; a closed report may be
// reopened); any confirmed report may be hidden by a moderator, and shown again. Names as
// written here ("in_progress"), catalogue keys report_state_<name>.
enum class ReportState {
    kUnconfirmed,
    kOpen,
    kInvestigating,
    kInProgress,
    kActionScheduled,
    kFixed,
    kNotResponsible,
    kDuplicate,
    kUnableToFix,
    kInternalReferral,
    kClosed,
    kHidden,
};

std::string_view report_state_name(ReportState state);
std::optional<ReportState> parse_report_state(std::string_view name);
// Every state in the order above (for filters and forms).
const std::vector<ReportState>& all_report_states();

// open, investigating, in_progress, action_scheduled: the municipality still owes an answer;
// these are the ones the duplicate search offers and the map shows as open.
bool is_open_state(ReportState state);
// fixed, not_responsible, duplicate, unable_to_fix, internal_referral, closed.
bool is_closed_state(ReportState state);

// A box of WGS84 degrees, south ≤ north, west ≤ east (reports do not cross the antimeridian).
struct GeoBox {
    double south = 0;
    double west = 0;
    double north = 0;
    double east = 0;
    bool contains(double lat, double lon) const {
        return lat >= south && lat <= north && lon >= west && lon <= east;
    }
};

// An answer to one of the category's extra questions ([[reports.categories.questions]]).
struct ReportAnswer {
    std::string question_code;
    std::string value;  // kind yes_no: "yes" or "no"; kind text: one line, at most 200 chars
};

// A photo of a report by its content hash (portal/reports/report_photos: PhotoFiles keeps the
// files); a moderator may hide one, which the public pages and feeds then leave out.
struct ReportPhoto {
    std::string hash;  // 64 lowercase hex characters (SHA-256 of the full-size JPEG)
    bool hidden = false;
};

// Who reported. A signed-in resident has an account id; anyone gives a mail address and name.
// `anonymous`: the public pages show no name (allowed only by categories that say so); staff
// still see it.
struct Reporter {
    std::int64_t account_id = 0;  // 0: not signed in
    std::string email;            // where the mails go; always set
    std::string name;             // one line, 2..100 characters
    bool anonymous = false;
    // A program posted it through Open311 with this key's name ([[reports.open311_api_keys]]);
    // empty: the web form.
    std::string api_key_name;
};

struct Report {
    std::int64_t id = 0;
    // Open311's token for the request (shown before confirmation, GET tokens/<token>.json);
    // public, unguessable, never changes.
    std::string token;
    std::string category;  // a [[reports.categories]] code
    ReportState state = ReportState::kUnconfirmed;
    std::string title;    // one line, 3..120 characters
    std::string details;  // plain text, at most 5,000 characters, may be empty
    // What the reporter wrote when staff edited the text since (empty: never edited); staff see
    // it, the public pages show only title and details.
    std::string original_title;
    std::string original_details;
    double lat = 0;  // WGS84 degrees, inside [reports] boundary
    double lon = 0;
    std::string eldership;  // the [reports] eldership whose centre is nearest
    std::string address;    // the reporter's words for the place, at most 200 characters
    std::vector<ReportAnswer> answers;
    Reporter reporter;
    std::string language = "lt";  // of the reporter's mails
    std::int64_t created_unix_ms = 0;
    std::int64_t confirmed_unix_ms = 0;  // 0: unconfirmed
    std::int64_t fixed_unix_ms = 0;      // the last time it became fixed; 0: not fixed
    std::int64_t updated_unix_ms = 0;    // the last update or state change
    std::int64_t duplicate_of = 0;       // state duplicate: the report it repeats
    std::vector<ReportPhoto> photos;     // in the order given, at most [reports] max_photos
    // When the reporter was asked whether it was fixed (0: not yet), and what they said.
    std::int64_t questionnaire_sent_unix_ms = 0;
    std::int64_t questionnaire_answered_unix_ms = 0;

    bool confirmed() const { return confirmed_unix_ms != 0; }
    // What the public sees: confirmed and not hidden.
    bool is_public() const {
        return state != ReportState::kUnconfirmed && state != ReportState::kHidden;
    }
    // The name the public pages show: empty for an anonymous reporter.
    std::string_view public_name() const {
        return reporter.anonymous ? std::string_view() : std::string_view(reporter.name);
    }
};

// Who wrote an update.
enum class UpdateAuthor {
    kStaff,     // a handler, moderator or administrator (author_account_id)
    kReporter,  // the reporter, through the questionnaire
    kSystem,    // the store itself (a duplicate's note)
};
std::string_view update_author_name(UpdateAuthor author);  // "staff", "reporter", "system"
std::optional<UpdateAuthor> parse_update_author(std::string_view name);

// A public update, a state change, or both; or an internal note that only staff see.
struct ReportUpdate {
    std::int64_t id = 0;
    std::int64_t report_id = 0;
    std::string text;  // plain text, at most 5,000 characters; may be empty with a state change
    // The change this update made; both equal when it made none.
    ReportState previous_state = ReportState::kOpen;
    ReportState new_state = ReportState::kOpen;
    std::int64_t duplicate_of = 0;  // new_state duplicate: the report it repeats
    UpdateAuthor author = UpdateAuthor::kStaff;
    std::int64_t author_account_id = 0;  // kStaff
    std::string author_name;             // kStaff: the staff member's name as the pages show it
    bool internal = false;               // a note for staff only: never public, never mailed
    std::int64_t created_unix_ms = 0;

    bool changed_state() const { return previous_state != new_state; }
};

// What a subscription follows: one report's updates, or new reports in an eldership or a box.
enum class SubscriptionKind { kReport, kEldership, kArea };
std::string_view subscription_kind_name(SubscriptionKind kind);  // "report", "eldership", "area"
std::optional<SubscriptionKind> parse_subscription_kind(std::string_view name);

struct Subscription {
    std::int64_t id = 0;
    SubscriptionKind kind = SubscriptionKind::kReport;
    std::int64_t report_id = 0;  // kReport
    std::string eldership;       // kEldership: a [reports] eldership name
    GeoBox area;                 // kArea: at most 0.5° a side
    std::string email;
    std::string language = "lt";
    std::int64_t account_id = 0;  // the signed-in resident who subscribed; 0: none
    std::int64_t created_unix_ms = 0;
    std::int64_t confirmed_unix_ms = 0;  // 0: waiting for the mailed link (sends nothing)
    // In every mail the subscription sends: /reports/unsubscribe/<token> ends it. Kept as it
    // was mailed (it can only end this subscription).
    std::string unsubscribe_token;
};

// One row of the statistics page: a category in an eldership (or all of them: empty).
struct ReportStatsRow {
    std::string category;   // empty: every category
    std::string eldership;  // empty: every eldership
    int open = 0;           // in an open state now
    int fixed = 0;          // in state fixed now
    int total = 0;          // confirmed and not hidden
    // Median days from confirmation to fixed over the fixed ones; nothing when none is.
    std::optional<double> median_days_to_fix;
};

struct ReportStats {
    std::vector<ReportStatsRow> by_category;   // one per configured category, config order
    std::vector<ReportStatsRow> by_eldership;  // one per [reports] eldership, config order
    // Every (category, eldership) pair with at least one report.
    std::vector<ReportStatsRow> by_category_and_eldership;
    ReportStatsRow all;
};

}  // namespace councilcast::portal
