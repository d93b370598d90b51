// Problem reports in SQLite: reports with their photos and answers, updates and the state
// machine (who may take which step), the spatial index the duplicate search and the map use
// (R*Tree plus exact distance), subscriptions, statistics, the fixed-questionnaire, and the
// events the mail and the routing hang on.
#pragma once

#include <boost/asio/awaitable.hpp>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/database.hpp"
#include "common/database_writer.hpp"
#include "config/config.hpp"
#include "portal/accounts/roles.hpp"
#include "portal/audit/audit_log.hpp"
#include "portal/reports/report_record.hpp"

namespace councilcast::portal {

extern const std::string_view kReportTables;

// Something that happened that somebody is told of by mail, or that the routing acts on.
// Handed to the event sink inside the writer job's transaction that caused it, so a mail (and a
// webhook's outbox row) and its cause are kept or lost together. Everything is a copy.
struct ReportEvent {
    enum class Kind {
        // A report was made, not signed in: `token` confirms it (/reports/confirm/<token>).
        kConfirmationRequested,
        // A report became open (by the link, at once for a verified account, or by Open311):
        // the routing mails the category's department and queues its webhook. Recipient: the
        // reporter (a "thank you, it went to …" mail).
        kConfirmed,
        // A public update (text, state change or both): one event per recipient (the reporter,
        // and each confirmed subscriber to the report), `update` set.
        kUpdated,
        // A subscription waits for its mailed link: `token` confirms it
        // (/reports/subscriptions/confirm/<token>). Recipient: the subscriber.
        kSubscriptionRequested,
        // A report became open inside an eldership or area subscription: one event per
        // confirmed subscription (not to the reporter themself).
        kAlert,
        // The reporter is asked whether it was fixed: `token` opens /reports/fixed/<token>.
        kQuestionnaire,
    };
    Kind kind = Kind::kConfirmationRequested;
    Report report;                       // as the job leaves it
    std::optional<ReportUpdate> update;  // kUpdated
    std::string token;                   // kConfirmationRequested, kSubscriptionRequested,
                                         // kQuestionnaire
    // Who the mail goes to, in which language, and (a subscriber) the link that ends it.
    struct Recipient {
        std::string email;
        std::string name;  // may be empty (a subscriber)
        std::string language = "lt";
        std::string unsubscribe_token;  // empty for the reporter's own mails
    };
    Recipient recipient;
    std::optional<Subscription> subscription;  // kSubscriptionRequested, kAlert, kUpdated to one
};

// Who acts on a report from the staff side, as the pages know them (Gate's signed-in account).
struct ReportActor {
    std::int64_t account_id = 0;
    Roles roles;
    std::string name;  // shown with their public updates
};

// Thread-safe. Every write is one job of the one DatabaseWriter (Durability::kFull); staff
// writes append their audit entry in the same transaction. Reads go through a connection of
// the store's own.
//
// Refusals throw InvalidInput::text with a key of portal/messages/<lt|en>/reports.toml
// ("report_error_…"). Who may take a step is asked with may_handle / may_moderate /
// may_change_state (pure functions of the actor's roles, the category's handlers and the two
// states), and the writes check them again.
class ReportStore {
  public:
    // The time in unix ms; tests set one, `serve` keeps the clock.
    using Clock = std::function<std::int64_t()>;

    // Reads through its own connection; `writer` is not owned and outlives the store.
    ReportStore(const std::filesystem::path& database_file, DatabaseWriter& writer,
                config::Reports settings, Clock clock = {});
    ReportStore(const ReportStore&) = delete;
    ReportStore& operator=(const ReportStore&) = delete;

    const config::Reports& settings() const { return settings_; }
    std::int64_t now() const;
    // The configured category with this code; nullptr for none.
    const config::ReportCategory* category(std::string_view code) const;
    // Whether the point lies inside [reports] boundary, and the eldership whose centre is
    // nearest to it (great-circle distance).
    bool inside_boundary(double lat, double lon) const;
    std::string eldership_at(double lat, double lon) const;

    // Called on the writer's thread inside the job's transaction for every event; it may
    // write (enqueue mail, an outbox row) through `db`; it throws to refuse the whole write.
    // Several sinks may be added (the mail, the routing); set them before the first write.
    using EventSink = std::function<void(Database& db, const ReportEvent& event)>;
    void add_event_sink(EventSink sink) { event_sinks_.push_back(std::move(sink)); }

    template <typename T>
    using Write = boost::asio::awaitable<T>;

    // ---- residents ----

    struct NewReport {
        std::string category;  // a configured code
        std::string title;     // one line, 3..120 characters
        std::string details;   // at most 5,000 characters
        double lat = 0;        // inside [reports] boundary
        double lon = 0;
        std::string address;  // at most 200 characters, may be empty
        // One per question of the category at most; every required one answered.
        std::vector<ReportAnswer> answers;
        // Hashes of photos PhotoFiles already holds (at most [reports] max_photos).
        std::vector<std::string> photo_hashes;
        std::string email;            // a mail address
        std::string name;             // 2..100 characters, one line
        bool anonymous = false;       // refused unless the category allows it
        std::string language = "lt";  // "lt" or "en"
        // The signed-in resident (0: none) and whether `email` is their verified address: then
        // open at once (kConfirmed), else unconfirmed (kConfirmationRequested).
        std::int64_t account_id = 0;
        bool email_verified = false;
        // Posted through Open311 with this key's name: open at once, like a verified account.
        std::string api_key_name;
    };
    struct Created {
        std::int64_t report_id = 0;
        std::string token;                              // the report's public token (Open311's)
        ReportState state = ReportState::kUnconfirmed;  // unconfirmed or open
    };
    // Refused for an unknown category, a field out of bounds, a point outside the boundary,
    // a missing required answer, an unknown question, too many or unknown photos.
    Write<Created> create(NewReport report);

    // The link from the confirmation mail: unconfirmed → open (kConfirmed, and kAlert to the
    // matching subscriptions). Acts once: a second use is refused (report_error_link_used), an
    // unknown token too (report_error_link_unknown). Resolves to the report id.
    Write<std::int64_t> confirm(std::string token);
    // A report a mailed link opens, and whether the link has acted already: for the pages that
    // ask before they act.
    struct TokenLookup {
        Report report;
        bool used = false;
    };
    // What a confirmation link opens.
    std::optional<TokenLookup> by_confirmation_token(std::string_view token) const;

    // ---- subscriptions ----

    struct SubscriptionRequest {
        SubscriptionKind kind = SubscriptionKind::kReport;
        std::int64_t report_id = 0;  // kReport: a public report
        std::string eldership;       // kEldership: a [reports] eldership
        GeoBox area;                 // kArea: inside-out or over 0.5° a side is refused
        std::string email;
        std::string language = "lt";
        std::int64_t account_id = 0;
        bool email_verified = false;  // confirmed at once (no mail) when true
    };
    struct Subscribed {
        std::int64_t subscription_id = 0;
        bool confirmed = false;
    };
    // A second identical subscription of the same address gives the first back (and mails
    // its link again while unconfirmed).
    Write<Subscribed> subscribe(SubscriptionRequest request);
    // Refused for an unknown token; a second use answers the same subscription.
    Write<Subscription> confirm_subscription(std::string token);
    // Ends it; refused for an unknown token (a second use: report_error_link_used).
    Write<void> unsubscribe(std::string unsubscribe_token);
    // The subscription a mailed confirmation link is for, confirmed or not.
    std::optional<Subscription> subscription_by_confirm_token(std::string_view token) const;
    std::optional<Subscription> subscription_by_unsubscribe_token(std::string_view token) const;

    // ---- staff ----

    // Administrators and moderators handle every category; an account listed as a handler of
    // the category (set_handlers) handles that one.
    bool may_handle(const ReportActor& actor, std::string_view category) const;
    // Administrators and moderators: hide or show a report or a photo, edit its text.
    static bool may_moderate(const ReportActor& actor);
    // Whether the actor may move a report of `category` from `from` to `to`: handlers take
    // every step between open and closed states (and reopen); only moderators hide and show
    // (hidden → open); nobody moves a report back to unconfirmed or confirms it for the
    // reporter. `from == to` (an update without change) needs may_handle only.
    bool may_change_state(const ReportActor& actor, std::string_view category, ReportState from,
                          ReportState to) const;

    struct StaffUpdate {
        std::int64_t report_id = 0;
        std::string text;  // at most 5,000 characters; needed unless the state changes
        // Nothing: the state stays.
        std::optional<ReportState> new_state;
        std::int64_t duplicate_of = 0;  // new_state duplicate: another public report's id
        bool internal = false;          // a staff note: no state change, no mail
    };
    // Adds the update (kUpdated to the reporter and the report's subscribers unless internal),
    // with its audit entry. Refused when may_change_state says no, for an unknown report or
    // duplicate target, or a duplicate of itself. Resolves to the update id.
    Write<std::int64_t> add_update(ReportActor actor, StaffUpdate update, AuditNote audit);
    // New title and details (moderators); the reporter's first words are kept
    // (Report::original_title/details). No mail.
    Write<void> edit_text(ReportActor actor, std::int64_t report_id, std::string title,
                          std::string details, AuditNote audit);
    // Hides or shows one photo of the report (moderators).
    Write<void> set_photo_hidden(ReportActor actor, std::int64_t report_id, std::string hash,
                                 bool hidden, AuditNote audit);
    // The accounts that handle a category (administrators); replaces the list.
    Write<void> set_handlers(ReportActor actor, std::string category,
                             std::vector<std::int64_t> account_ids, AuditNote audit);
    std::vector<std::int64_t> handlers(std::string_view category) const;
    // The categories an account handles (as a listed handler).
    std::vector<std::string> categories_handled_by(std::int64_t account_id) const;

    // ---- the questionnaire ----

    // The reports in an open state or fixed, confirmed at least [reports] fixed_question_weeks
    // before `now_unix_ms`, whose reporter was not asked yet; oldest first, at most `limit`.
    std::vector<Report> questionnaires_due(std::int64_t now_unix_ms, std::size_t limit) const;
    // kQuestionnaire for each due report (at most 200 a run), each marked asked in the job that
    // emits it, so it goes once across restarts. Resolves to how many.
    Write<int> send_questionnaires(std::int64_t now_unix_ms);
    // What a questionnaire link opens; `used` once answered.
    std::optional<TokenLookup> questionnaire(std::string_view token) const;
    // The reporter's answer: fixed (an open report becomes fixed) or not (a fixed one reopens
    // as open), with an optional comment (at most 2,000 characters) as a public update by the
    // reporter (kUpdated to the subscribers). Once: a second answer is refused
    // (report_error_link_used).
    Write<void> answer_questionnaire(std::string token, bool fixed, std::string comment);

    // ---- Open311 ----

    // The report (Open311's service_request_id) a token names; nothing for an unknown one.
    std::optional<std::int64_t> report_of_token(std::string_view token) const;
    // The key's name when `key` is one of [[reports.open311_api_keys]] (constant time).
    std::optional<std::string> api_key_name(std::string_view key) const;

    // ---- reads ----

    // A report by id, whatever its state (the pages decide what to show).
    std::optional<Report> report(std::int64_t report_id) const;
    // True when a public report shows the photo: its file may be served. A hidden photo, or one
    // of an unconfirmed or hidden report only, is not, even to someone who kept its address.
    bool photo_shown(std::string_view hash) const;
    // Its updates, oldest first; internal notes only when asked.
    std::vector<ReportUpdate> updates(std::int64_t report_id, bool include_internal) const;

    struct Nearby {
        Report report;
        double distance_m = 0;
    };
    // Open reports of `category` within `radius_m` (0: [reports] duplicate_radius_m) of the
    // point, exact great-circle distance, nearest first, at most 20: "is it one of these?".
    std::vector<Nearby> nearby(std::string_view category, double lat, double lon,
                               double radius_m = 0) const;

    struct Filter {
        std::string category;                     // empty: all
        std::optional<ReportState> state;         // nothing: every public state
        bool open_only = false;                   // only open states (with state unset)
        std::string eldership;                    // empty: all
        std::int64_t created_after_unix_ms = 0;   // 0: any age
        std::int64_t created_before_unix_ms = 0;  // 0: up to now
        std::optional<GeoBox> area;               // the map's view
        // Staff lists: unconfirmed and hidden reports too.
        bool include_hidden = false;
        std::size_t offset = 0;
        std::size_t limit = 50;  // at most 500
    };
    struct Page {
        std::vector<Report> reports;  // newest first
        std::size_t total = 0;        // matching, for the pager
    };
    Page list(const Filter& filter) const;
    // Reports changed (created, updated) at or after `since_unix_ms`, newest first, for feeds
    // and Open311's date filters: public ones only, at most `limit`.
    std::vector<Report> changed_since(std::int64_t since_unix_ms, std::size_t limit) const;

    ReportStats stats() const;

  private:
    // The report behind a mailed link of `kind` ("confirm", "fixed").
    std::optional<TokenLookup> by_token(std::string_view kind, std::string_view token) const;
    template <typename Change>
    auto write(Change change);
    void emit(Database& db, const ReportEvent& event) const;
    void emit_confirmed(Database& db, const Report& report) const;
    void emit_alerts(Database& db, const Report& report) const;
    void emit_update(Database& db, const Report& report, const ReportUpdate& update,
                     bool to_reporter) const;
    std::vector<Report> due_questionnaires(Database& db, std::int64_t now_unix_ms,
                                           std::size_t limit) const;

    DatabaseWriter& writer_;
    const config::Reports settings_;
    Clock clock_;
    std::vector<EventSink> event_sinks_;
    mutable std::mutex reader_mutex_;  // guards reader_
    mutable Database reader_;
};

}  // namespace councilcast::portal
