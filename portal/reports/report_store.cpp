#include "portal/reports/report_store.hpp"

#include <sodium.h>

#include <algorithm>
#include <map>
#include <set>

#include "common/error.hpp"
#include "common/mail_address.hpp"
#include "common/secret_token.hpp"
#include "common/typed_text.hpp"
#include "common/unix_time.hpp"
#include "portal/reports/report_geography.hpp"

namespace councilcast::portal {
namespace {

constexpr std::int64_t kMillisecondsPerDay = 24LL * 60 * 60 * 1000;
// Nearby reports offered at most ("is it one of these?").
constexpr std::size_t kNearbyMost = 20;
// Questionnaires sent by one run of the timer: the rest wait for the next.
constexpr std::size_t kQuestionnairesPerRun = 200;
// A list's page at most.
constexpr std::size_t kListMost = 500;
// An area subscription's side at most, in degrees.
constexpr double kAreaMostDegrees = 0.5;

constexpr std::string_view kReportColumns =
    "id, token, category, state, title, details, original_title, original_details, lat, lon, "
    "eldership, address, account_id, email, name, anonymous, api_key_name, language, "
    "created_unix_ms, confirmed_unix_ms, fixed_unix_ms, updated_unix_ms, duplicate_of, "
    "questionnaire_sent_unix_ms, questionnaire_answered_unix_ms";

// The public states: confirmed and not hidden.
constexpr std::string_view kPublicStates = "state NOT IN ('unconfirmed', 'hidden')";
constexpr std::string_view kOpenStates =
    "state IN ('open', 'investigating', 'in_progress', 'action_scheduled')";

std::string report_sql(std::string_view tail) {
    return "SELECT " + std::string(kReportColumns) + " FROM report " + std::string(tail);
}

// The row's own columns; answers and photos are read by report_details.
Report report_row(const Statement& row) {
    Report report;
    report.id = row.column_int(0);
    report.token = row.column_text(1);
    report.category = row.column_text(2);
    report.state = parse_report_state(row.column_text(3)).value_or(ReportState::kHidden);
    report.title = row.column_text(4);
    report.details = row.column_text(5);
    report.original_title = row.column_text(6);
    report.original_details = row.column_text(7);
    report.lat = row.column_double(8);
    report.lon = row.column_double(9);
    report.eldership = row.column_text(10);
    report.address = row.column_text(11);
    report.reporter.account_id = row.column_int(12);
    report.reporter.email = row.column_text(13);
    report.reporter.name = row.column_text(14);
    report.reporter.anonymous = row.column_int(15) != 0;
    report.reporter.api_key_name = row.column_text(16);
    report.language = row.column_text(17);
    report.created_unix_ms = row.column_int(18);
    report.confirmed_unix_ms = row.column_int(19);
    report.fixed_unix_ms = row.column_int(20);
    report.updated_unix_ms = row.column_int(21);
    report.duplicate_of = row.column_int(22);
    report.questionnaire_sent_unix_ms = row.column_int(23);
    report.questionnaire_answered_unix_ms = row.column_int(24);
    return report;
}

void report_details(Database& db, Report& report) {
    Statement answers = db.cached(
        "SELECT question_code, value FROM report_answer WHERE report_id = ? ORDER BY "
        "question_code");
    answers.bind(1, report.id);
    while (answers.step())
        report.answers.push_back({answers.column_text(0), answers.column_text(1)});
    Statement photos =
        db.cached("SELECT hash, hidden FROM report_photo WHERE report_id = ? ORDER BY position");
    photos.bind(1, report.id);
    while (photos.step())
        report.photos.push_back({photos.column_text(0), photos.column_int(1) != 0});
}

std::vector<Report> reports_of(Database& db, Statement& statement) {
    std::vector<Report> reports;
    while (statement.step()) reports.push_back(report_row(statement));
    for (Report& report : reports) report_details(db, report);
    return reports;
}

std::optional<Report> find_report(Database& db, std::int64_t report_id) {
    Statement statement = db.cached(report_sql("WHERE id = ?"));
    statement.bind(1, report_id);
    if (!statement.step()) return std::nullopt;
    Report report = report_row(statement);
    report_details(db, report);
    return report;
}

Report require_report(Database& db, std::int64_t report_id) {
    auto report = find_report(db, report_id);
    if (!report) throw InvalidInput::text("report_error_not_found");
    return std::move(*report);
}

ReportUpdate update_row(const Statement& row) {
    ReportUpdate update;
    update.id = row.column_int(0);
    update.report_id = row.column_int(1);
    update.text = row.column_text(2);
    update.previous_state = parse_report_state(row.column_text(3)).value_or(ReportState::kOpen);
    update.new_state = parse_report_state(row.column_text(4)).value_or(ReportState::kOpen);
    update.duplicate_of = row.column_int(5);
    update.author = parse_update_author(row.column_text(6)).value_or(UpdateAuthor::kSystem);
    update.author_account_id = row.column_int(7);
    update.author_name = row.column_text(8);
    update.internal = row.column_int(9) != 0;
    update.created_unix_ms = row.column_int(10);
    return update;
}

constexpr std::string_view kUpdateColumns =
    "id, report_id, text, previous_state, new_state, duplicate_of, author, author_account_id, "
    "author_name, internal, created_unix_ms";

ReportUpdate insert_update(Database& db, ReportUpdate update) {
    db.cached(
          "INSERT INTO report_update (report_id, text, previous_state, new_state, duplicate_of, "
          "author, author_account_id, author_name, internal, created_unix_ms) VALUES (?, ?, ?, "
          "?, ?, ?, ?, ?, ?, ?)")
        .bind(1, update.report_id)
        .bind(2, update.text)
        .bind(3, report_state_name(update.previous_state))
        .bind(4, report_state_name(update.new_state))
        .bind(5, update.duplicate_of)
        .bind(6, update_author_name(update.author))
        .bind(7, update.author_account_id)
        .bind(8, update.author_name)
        .bind(9, update.internal ? 1 : 0)
        .bind(10, update.created_unix_ms)
        .run();
    update.id = db.last_insert_rowid();
    return update;
}

Subscription subscription_row(const Statement& row) {
    Subscription subscription;
    subscription.id = row.column_int(0);
    subscription.kind =
        parse_subscription_kind(row.column_text(1)).value_or(SubscriptionKind::kReport);
    subscription.report_id = row.column_int(2);
    subscription.eldership = row.column_text(3);
    subscription.area = {row.column_double(4), row.column_double(5), row.column_double(6),
                         row.column_double(7)};
    subscription.email = row.column_text(8);
    subscription.language = row.column_text(9);
    subscription.account_id = row.column_int(10);
    subscription.created_unix_ms = row.column_int(11);
    subscription.confirmed_unix_ms = row.column_int(12);
    subscription.unsubscribe_token = row.column_text(13);
    return subscription;
}

constexpr std::string_view kSubscriptionColumns =
    "id, kind, report_id, eldership, south, west, north, east, email, language, account_id, "
    "created_unix_ms, confirmed_unix_ms, unsubscribe_token";

std::string subscription_sql(std::string_view tail) {
    return "SELECT " + std::string(kSubscriptionColumns) + " FROM report_subscription " +
           std::string(tail);
}

std::optional<Subscription> find_subscription(Database& db, std::int64_t id) {
    Statement statement = db.cached(subscription_sql("WHERE id = ?"));
    statement.bind(1, id);
    if (!statement.step()) return std::nullopt;
    return subscription_row(statement);
}

// A mailed link's token, stored as its digest.
std::string mint_report_token(Database& db, std::string_view kind, std::int64_t ref_id,
                              std::int64_t at) {
    std::string token = new_secret_token();
    db.cached(
          "INSERT INTO report_token (digest, kind, ref_id, created_unix_ms) VALUES (?, ?, ?, ?)")
        .bind(1, digest_hex(token))
        .bind(2, kind)
        .bind(3, ref_id)
        .bind(4, at)
        .run();
    return token;
}

struct FoundToken {
    std::string digest;
    std::int64_t ref_id = 0;
    bool used = false;
};

std::optional<FoundToken> find_report_token(Database& db, std::string_view kind,
                                            std::string_view token) {
    if (!looks_like_token(token)) return std::nullopt;
    std::string digest = digest_hex(token);
    Statement statement =
        db.cached("SELECT ref_id, used_unix_ms FROM report_token WHERE digest = ? AND kind = ?");
    statement.bind(1, digest).bind(2, kind);
    if (!statement.step()) return std::nullopt;
    return FoundToken{std::move(digest), statement.column_int(0), statement.column_int(1) != 0};
}

void use_report_token(Database& db, const FoundToken& token, std::int64_t at) {
    db.cached("UPDATE report_token SET used_unix_ms = ? WHERE digest = ?")
        .bind(1, at)
        .bind(2, token.digest)
        .run();
}

std::string checked_report_email(std::string_view text) {
    const std::string_view address = trimmed(text);
    if (address.size() > 254 || !is_mail_address(address)) {
        throw InvalidInput::text("report_error_email");
    }
    return std::string(address);
}

std::string checked_report_language(std::string_view text) {
    if (text != "lt" && text != "en") throw InvalidInput::text("report_error_language");
    return std::string(text);
}

bool lowercase_hex_64(std::string_view text) {
    return text.size() == 64 && std::all_of(text.begin(), text.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
           });
}

std::vector<ReportAnswer> checked_answers(const config::ReportCategory& category,
                                          const std::vector<ReportAnswer>& answers) {
    std::vector<ReportAnswer> kept;
    std::set<std::string> seen;
    for (const ReportAnswer& answer : answers) {
        const auto question =
            std::find_if(category.questions.begin(), category.questions.end(),
                         [&](const auto& q) { return q.code == answer.question_code; });
        if (question == category.questions.end() || !seen.insert(answer.question_code).second) {
            throw InvalidInput::text("report_error_question");
        }
        std::string value;
        if (question->kind == "yes_no") {
            const std::string_view given = trimmed(answer.value);
            if (!given.empty() && given != "yes" && given != "no") {
                throw InvalidInput::text("report_error_answer");
            }
            value = given;
        } else {
            value = checked_line(answer.value, 0, 200, "report_error_answer");
        }
        if (!value.empty()) kept.push_back({question->code, std::move(value)});
    }
    for (const auto& question : category.questions) {
        if (question.required && std::none_of(kept.begin(), kept.end(), [&](const auto& a) {
                return a.question_code == question.code;
            })) {
            throw InvalidInput::text("report_error_answer_missing");
        }
    }
    return kept;
}

ReportEvent::Recipient reporter_recipient(const Report& report) {
    return {report.reporter.email, report.reporter.name, report.language, {}};
}

double median_of(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    const std::size_t middle = values.size() / 2;
    return values.size() % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
}

}  // namespace

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

// Each confirmed eldership or area subscription the newly open report falls in hears of it
// (the reporter's own address excepted).
void ReportStore::emit_alerts(Database& db, const Report& report) const {
    Statement statement = db.cached(subscription_sql(
        "WHERE kind <> 'report' AND ended_unix_ms = 0 AND confirmed_unix_ms <> 0 AND "
        "((kind = 'eldership' AND eldership = ?) OR (kind = 'area' AND south <= ? AND north >= ? "
        "AND west <= ? AND east >= ?)) ORDER BY id"));
    statement.bind(1, report.eldership)
        .bind(2, report.lat)
        .bind(3, report.lat)
        .bind(4, report.lon)
        .bind(5, report.lon);
    std::vector<Subscription> subscriptions;
    while (statement.step()) subscriptions.push_back(subscription_row(statement));
    for (Subscription& subscription : subscriptions) {
        if (subscription.email == report.reporter.email) continue;
        ReportEvent event;
        event.kind = ReportEvent::Kind::kAlert;
        event.report = report;
        event.recipient = {
            subscription.email, {}, subscription.language, subscription.unsubscribe_token};
        event.subscription = std::move(subscription);
        emit(db, event);
    }
}

// A public update goes to the reporter (unless `to_reporter` is false: they wrote it) and to
// each confirmed subscriber to the report.
void ReportStore::emit_update(Database& db, const Report& report, const ReportUpdate& update,
                              bool to_reporter) const {
    ReportEvent event;
    event.kind = ReportEvent::Kind::kUpdated;
    event.report = report;
    event.update = update;
    if (to_reporter) {
        event.recipient = reporter_recipient(report);
        emit(db, event);
    }
    Statement statement = db.cached(
        subscription_sql("WHERE kind = 'report' AND report_id = ? AND ended_unix_ms = 0 AND "
                         "confirmed_unix_ms <> 0 ORDER BY id"));
    statement.bind(1, report.id);
    std::vector<Subscription> subscriptions;
    while (statement.step()) subscriptions.push_back(subscription_row(statement));
    for (Subscription& subscription : subscriptions) {
        if (to_reporter && subscription.email == report.reporter.email) continue;
        event.recipient = {
            subscription.email, {}, subscription.language, subscription.unsubscribe_token};
        event.subscription = std::move(subscription);
        emit(db, event);
    }
}

void ReportStore::emit_confirmed(Database& db, const Report& report) const {
    ReportEvent event;
    event.kind = ReportEvent::Kind::kConfirmed;
    event.report = report;
    event.recipient = reporter_recipient(report);
    emit(db, event);
    emit_alerts(db, report);
}

// ---- residents ----

ReportStore::Write<ReportStore::Created> ReportStore::create(NewReport report) {
    return write([this, report = std::move(report)](Database& db) {
        const config::ReportCategory* category = this->category(report.category);
        if (category == nullptr) throw InvalidInput::text("report_error_category");
        const std::string title = checked_line(report.title, 3, 120, "report_error_title");
        const std::string details =
            checked_paragraphs(report.details, 0, 5'000, "report_error_details");
        if (!inside_boundary(report.lat, report.lon)) {
            throw InvalidInput::text("report_error_location");
        }
        const std::string address = checked_line(report.address, 0, 200, "report_error_address");
        const std::vector<ReportAnswer> answers = checked_answers(*category, report.answers);
        if (report.photo_hashes.size() > static_cast<std::size_t>(settings_.max_photos) ||
            std::set<std::string>(report.photo_hashes.begin(), report.photo_hashes.end()).size() !=
                report.photo_hashes.size() ||
            !std::all_of(report.photo_hashes.begin(), report.photo_hashes.end(),
                         [](const std::string& hash) { return lowercase_hex_64(hash); })) {
            throw InvalidInput::text("report_error_photos");
        }
        const std::string email = checked_report_email(report.email);
        const std::string name = checked_line(report.name, 2, 100, "report_error_name");
        if (report.anonymous && !category->anonymous_allowed) {
            throw InvalidInput::text("report_error_anonymous");
        }
        const std::string language = checked_report_language(report.language);
        const bool open =
            (report.account_id > 0 && report.email_verified) || !report.api_key_name.empty();
        const std::int64_t at = now();
        const std::string token = new_secret_token();
        db.cached(
              "INSERT INTO report (token, category, state, title, details, lat, lon, eldership, "
              "address, account_id, email, name, anonymous, api_key_name, language, "
              "created_unix_ms, confirmed_unix_ms, updated_unix_ms) VALUES (?, ?, ?, ?, ?, ?, ?, "
              "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
            .bind(1, token)
            .bind(2, category->code)
            .bind(3, open ? "open" : "unconfirmed")
            .bind(4, title)
            .bind(5, details)
            .bind(6, report.lat)
            .bind(7, report.lon)
            .bind(8, eldership_at(report.lat, report.lon))
            .bind(9, address)
            .bind(10, std::max<std::int64_t>(report.account_id, 0))
            .bind(11, email)
            .bind(12, name)
            .bind(13, report.anonymous ? 1 : 0)
            .bind(14, report.api_key_name)
            .bind(15, language)
            .bind(16, at)
            .bind(17, open ? at : 0)
            .bind(18, at)
            .run();
        const std::int64_t id = db.last_insert_rowid();
        db.cached(
              "INSERT INTO report_place (id, min_lat, max_lat, min_lon, max_lon) VALUES (?, ?, "
              "?, ?, ?)")
            .bind(1, id)
            .bind(2, report.lat)
            .bind(3, report.lat)
            .bind(4, report.lon)
            .bind(5, report.lon)
            .run();
        for (const ReportAnswer& answer : answers) {
            db.cached(
                  "INSERT INTO report_answer (report_id, question_code, value) VALUES (?, ?, ?)")
                .bind(1, id)
                .bind(2, answer.question_code)
                .bind(3, answer.value)
                .run();
        }
        for (std::size_t i = 0; i < report.photo_hashes.size(); ++i) {
            db.cached("INSERT INTO report_photo (report_id, position, hash) VALUES (?, ?, ?)")
                .bind(1, id)
                .bind(2, static_cast<std::int64_t>(i))
                .bind(3, report.photo_hashes[i])
                .run();
        }
        const Report made = require_report(db, id);
        if (open) {
            emit_confirmed(db, made);
        } else {
            ReportEvent event;
            event.kind = ReportEvent::Kind::kConfirmationRequested;
            event.report = made;
            event.token = mint_report_token(db, "confirm", id, at);
            event.recipient = reporter_recipient(made);
            emit(db, event);
        }
        return Created{id, token, made.state};
    });
}

ReportStore::Write<std::int64_t> ReportStore::confirm(std::string token) {
    return write([this, token = std::move(token)](Database& db) {
        const auto found = find_report_token(db, "confirm", token);
        if (!found) throw InvalidInput::text("report_error_link_unknown");
        if (found->used) throw InvalidInput::text("report_error_link_used");
        const std::int64_t at = now();
        use_report_token(db, *found, at);
        Report report = require_report(db, found->ref_id);
        // A moderator may have hidden it meanwhile: the link is spent, nothing is published.
        if (report.state != ReportState::kUnconfirmed) return report.id;
        db.cached(
              "UPDATE report SET state = 'open', confirmed_unix_ms = ?, updated_unix_ms = ? "
              "WHERE id = ?")
            .bind(1, at)
            .bind(2, at)
            .bind(3, report.id)
            .run();
        report.state = ReportState::kOpen;
        report.confirmed_unix_ms = at;
        report.updated_unix_ms = at;
        emit_confirmed(db, report);
        return report.id;
    });
}

std::optional<ReportStore::TokenLookup> ReportStore::by_token(std::string_view kind,
                                                              std::string_view token) const {
    std::lock_guard lock(reader_mutex_);
    ReadTransaction read(reader_);
    const auto found = find_report_token(reader_, kind, token);
    if (!found) return std::nullopt;
    auto report = find_report(reader_, found->ref_id);
    if (!report) return std::nullopt;
    return TokenLookup{std::move(*report), found->used};
}

std::optional<ReportStore::TokenLookup> ReportStore::by_confirmation_token(
    std::string_view token) const {
    return by_token("confirm", token);
}

// ---- subscriptions ----

ReportStore::Write<ReportStore::Subscribed> ReportStore::subscribe(SubscriptionRequest request) {
    return write([this, request = std::move(request)](Database& db) {
        const std::string email = checked_report_email(request.email);
        const std::string language = checked_report_language(request.language);
        std::int64_t report_id = 0;
        std::string eldership;
        GeoBox area;
        switch (request.kind) {
            case SubscriptionKind::kReport: {
                const auto report = find_report(db, request.report_id);
                if (!report || !report->is_public()) {
                    throw InvalidInput::text("report_error_subscription");
                }
                report_id = report->id;
                break;
            }
            case SubscriptionKind::kEldership: {
                const auto& all = settings_.elderships;
                if (std::none_of(all.begin(), all.end(),
                                 [&](const auto& e) { return e.name == request.eldership; })) {
                    throw InvalidInput::text("report_error_subscription");
                }
                eldership = request.eldership;
                break;
            }
            case SubscriptionKind::kArea:
                area = request.area;
                if (!valid_coordinates(area.south, area.west) ||
                    !valid_coordinates(area.north, area.east) || area.south > area.north ||
                    area.west > area.east || area.north - area.south > kAreaMostDegrees ||
                    area.east - area.west > kAreaMostDegrees) {
                    throw InvalidInput::text("report_error_subscription");
                }
                break;
        }
        const std::int64_t at = now();
        const bool verified = request.account_id > 0 && request.email_verified;
        Statement same = db.cached(
            "SELECT id, confirmed_unix_ms FROM report_subscription WHERE kind = ? AND "
            "report_id = ? AND eldership = ? AND south = ? AND west = ? AND north = ? AND east = "
            "? AND email = ? AND ended_unix_ms = 0");
        same.bind(1, subscription_kind_name(request.kind))
            .bind(2, report_id)
            .bind(3, eldership)
            .bind(4, area.south)
            .bind(5, area.west)
            .bind(6, area.north)
            .bind(7, area.east)
            .bind(8, email);
        std::int64_t id = 0;
        bool confirmed = false;
        if (same.step()) {
            id = same.column_int(0);
            confirmed = same.column_int(1) != 0;
            same.reset();
            if (confirmed) return Subscribed{id, true};
        } else {
            same.reset();
            db.cached(
                  "INSERT INTO report_subscription (kind, report_id, eldership, south, west, "
                  "north, east, email, language, account_id, created_unix_ms, confirmed_unix_ms, "
                  "unsubscribe_token) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .bind(1, subscription_kind_name(request.kind))
                .bind(2, report_id)
                .bind(3, eldership)
                .bind(4, area.south)
                .bind(5, area.west)
                .bind(6, area.north)
                .bind(7, area.east)
                .bind(8, email)
                .bind(9, language)
                .bind(10, std::max<std::int64_t>(request.account_id, 0))
                .bind(11, at)
                .bind(12, verified ? at : 0)
                .bind(13, new_secret_token())
                .run();
            id = db.last_insert_rowid();
            if (verified) return Subscribed{id, true};
        }
        if (verified) {
            db.cached("UPDATE report_subscription SET confirmed_unix_ms = ? WHERE id = ?")
                .bind(1, at)
                .bind(2, id)
                .run();
            return Subscribed{id, true};
        }
        ReportEvent event;
        event.kind = ReportEvent::Kind::kSubscriptionRequested;
        event.subscription = find_subscription(db, id);
        if (report_id != 0) event.report = require_report(db, report_id);
        event.token = mint_report_token(db, "subscribe", id, at);
        event.recipient = {email, {}, language, event.subscription->unsubscribe_token};
        emit(db, event);
        return Subscribed{id, false};
    });
}

ReportStore::Write<Subscription> ReportStore::confirm_subscription(std::string token) {
    return write([this, token = std::move(token)](Database& db) {
        const auto found = find_report_token(db, "subscribe", token);
        if (!found) throw InvalidInput::text("report_error_link_unknown");
        auto subscription = find_subscription(db, found->ref_id);
        if (!subscription) throw InvalidInput::text("report_error_link_unknown");
        if (!found->used) {
            const std::int64_t at = now();
            use_report_token(db, *found, at);
            if (subscription->confirmed_unix_ms == 0) {
                db.cached("UPDATE report_subscription SET confirmed_unix_ms = ? WHERE id = ?")
                    .bind(1, at)
                    .bind(2, subscription->id)
                    .run();
                subscription->confirmed_unix_ms = at;
            }
        }
        return std::move(*subscription);
    });
}

ReportStore::Write<void> ReportStore::unsubscribe(std::string unsubscribe_token) {
    return write([this, token = std::move(unsubscribe_token)](Database& db) {
        if (!looks_like_token(token)) throw InvalidInput::text("report_error_link_unknown");
        Statement statement = db.cached(
            "SELECT id, ended_unix_ms FROM report_subscription WHERE unsubscribe_token = ?");
        statement.bind(1, token);
        if (!statement.step()) throw InvalidInput::text("report_error_link_unknown");
        const std::int64_t id = statement.column_int(0);
        const bool ended = statement.column_int(1) != 0;
        statement.reset();
        if (ended) throw InvalidInput::text("report_error_link_used");
        db.cached("UPDATE report_subscription SET ended_unix_ms = ? WHERE id = ?")
            .bind(1, now())
            .bind(2, id)
            .run();
    });
}

std::optional<Subscription> ReportStore::subscription_by_confirm_token(
    std::string_view token) const {
    std::lock_guard lock(reader_mutex_);
    const auto found = find_report_token(reader_, "subscribe", token);
    if (!found) return std::nullopt;
    return find_subscription(reader_, found->ref_id);
}

std::optional<Subscription> ReportStore::subscription_by_unsubscribe_token(
    std::string_view token) const {
    if (!looks_like_token(token)) return std::nullopt;
    std::lock_guard lock(reader_mutex_);
    Statement statement =
        reader_.cached(subscription_sql("WHERE unsubscribe_token = ? AND ended_unix_ms = 0"));
    statement.bind(1, token);
    if (!statement.step()) return std::nullopt;
    return subscription_row(statement);
}

// ---- who may do what ----

bool ReportStore::may_moderate(const ReportActor& actor) {
    return actor.account_id > 0 && actor.roles.any_of(Roles(Role::kAdmin) | Role::kModerator);
}

bool ReportStore::may_handle(const ReportActor& actor, std::string_view category) const {
    if (actor.account_id <= 0 || this->category(category) == nullptr) return false;
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

// ---- staff ----

ReportStore::Write<std::int64_t> ReportStore::add_update(ReportActor actor, StaffUpdate update,
                                                         AuditNote audit) {
    return write([this, actor = std::move(actor), update = std::move(update),
                  audit = std::move(audit)](Database& db) {
        Report report = require_report(db, update.report_id);
        const ReportState from = report.state;
        const ReportState to = update.internal ? from : update.new_state.value_or(from);
        if (!may_change_state(actor, report.category, from, to)) {
            throw InvalidInput::text("report_error_not_allowed");
        }
        const std::string text =
            checked_paragraphs(update.text, 0, 5'000, "report_error_update_text");
        if (text.empty() && (update.internal || from == to)) {
            throw InvalidInput::text("report_error_update_text");
        }
        std::int64_t duplicate_of = 0;
        if (to == ReportState::kDuplicate && !update.internal) {
            const auto original = update.duplicate_of != report.id
                                      ? find_report(db, update.duplicate_of)
                                      : std::nullopt;
            if (!original || !original->is_public()) {
                throw InvalidInput::text("report_error_duplicate_of");
            }
            duplicate_of = original->id;
        }
        const std::int64_t at = now();
        if (!update.internal) {
            const bool becomes_fixed = to == ReportState::kFixed && from != ReportState::kFixed;
            db.cached(
                  "UPDATE report SET state = ?, updated_unix_ms = ?, duplicate_of = ?, "
                  "fixed_unix_ms = CASE WHEN ? THEN ? ELSE fixed_unix_ms END WHERE id = ?")
                .bind(1, report_state_name(to))
                .bind(2, at)
                .bind(3, duplicate_of)
                .bind(4, becomes_fixed ? 1 : 0)
                .bind(5, at)
                .bind(6, report.id)
                .run();
            report.state = to;
            report.updated_unix_ms = at;
            report.duplicate_of = duplicate_of;
            if (becomes_fixed) report.fixed_unix_ms = at;
        }
        ReportUpdate row;
        row.report_id = report.id;
        row.text = text;
        row.previous_state = from;
        row.new_state = to;
        row.duplicate_of = duplicate_of;
        row.author = UpdateAuthor::kStaff;
        row.author_account_id = actor.account_id;
        row.author_name = tidy_line(actor.name);
        row.internal = update.internal;
        row.created_unix_ms = at;
        row = insert_update(db, std::move(row));
        if (audit) AuditLog::append(db, audit(report.id));
        // Moderation (hiding, showing) and staff notes are told to nobody.
        const bool moderation = from == ReportState::kHidden || to == ReportState::kHidden;
        if (!update.internal && !moderation) emit_update(db, report, row, true);
        return row.id;
    });
}

ReportStore::Write<void> ReportStore::edit_text(ReportActor actor, std::int64_t report_id,
                                                std::string title, std::string details,
                                                AuditNote audit) {
    return write([this, actor = std::move(actor), report_id, title = std::move(title),
                  details = std::move(details), audit = std::move(audit)](Database& db) {
        const Report report = require_report(db, report_id);
        if (!may_moderate(actor)) throw InvalidInput::text("report_error_not_allowed");
        const std::string new_title = checked_line(title, 3, 120, "report_error_title");
        const std::string new_details =
            checked_paragraphs(details, 0, 5'000, "report_error_details");
        const bool first_edit = report.original_title.empty() && report.original_details.empty();
        db.cached(
              "UPDATE report SET title = ?, details = ?, original_title = ?, original_details = "
              "?, updated_unix_ms = ? WHERE id = ?")
            .bind(1, new_title)
            .bind(2, new_details)
            .bind(3, first_edit ? report.title : report.original_title)
            .bind(4, first_edit ? report.details : report.original_details)
            .bind(5, now())
            .bind(6, report_id)
            .run();
        if (audit) AuditLog::append(db, audit(report_id));
    });
}

ReportStore::Write<void> ReportStore::set_photo_hidden(ReportActor actor, std::int64_t report_id,
                                                       std::string hash, bool hidden,
                                                       AuditNote audit) {
    return write([actor = std::move(actor), report_id, hash = std::move(hash), hidden,
                  audit = std::move(audit)](Database& db) {
        require_report(db, report_id);
        if (!may_moderate(actor)) throw InvalidInput::text("report_error_not_allowed");
        db.cached("UPDATE report_photo SET hidden = ? WHERE report_id = ? AND hash = ?")
            .bind(1, hidden ? 1 : 0)
            .bind(2, report_id)
            .bind(3, hash)
            .run();
        if (db.changes() == 0) throw InvalidInput::text("report_error_photo_unknown");
        if (audit) AuditLog::append(db, audit(report_id));
    });
}

ReportStore::Write<void> ReportStore::set_handlers(ReportActor actor, std::string category,
                                                   std::vector<std::int64_t> account_ids,
                                                   AuditNote audit) {
    return write([this, actor = std::move(actor), category = std::move(category),
                  account_ids = std::move(account_ids), audit = std::move(audit)](Database& db) {
        if (actor.account_id <= 0 || !actor.roles.has(Role::kAdmin)) {
            throw InvalidInput::text("report_error_not_allowed");
        }
        if (this->category(category) == nullptr) throw InvalidInput::text("report_error_category");
        if (std::any_of(account_ids.begin(), account_ids.end(),
                        [](std::int64_t id) { return id <= 0; })) {
            throw InvalidInput::text("report_error_handler");
        }
        db.cached("DELETE FROM report_handler WHERE category = ?").bind(1, category).run();
        for (std::int64_t id : std::set<std::int64_t>(account_ids.begin(), account_ids.end())) {
            db.cached("INSERT INTO report_handler (category, account_id) VALUES (?, ?)")
                .bind(1, category)
                .bind(2, id)
                .run();
        }
        if (audit) AuditLog::append(db, audit(0));
    });
}

std::vector<std::int64_t> ReportStore::handlers(std::string_view category) const {
    std::lock_guard lock(reader_mutex_);
    std::vector<std::int64_t> ids;
    Statement statement =
        reader_.cached("SELECT account_id FROM report_handler WHERE category = ? ORDER BY 1");
    statement.bind(1, category);
    while (statement.step()) ids.push_back(statement.column_int(0));
    return ids;
}

std::vector<std::string> ReportStore::categories_handled_by(std::int64_t account_id) const {
    std::lock_guard lock(reader_mutex_);
    std::vector<std::string> categories;
    Statement statement =
        reader_.cached("SELECT category FROM report_handler WHERE account_id = ? ORDER BY 1");
    statement.bind(1, account_id);
    while (statement.step()) categories.push_back(statement.column_text(0));
    return categories;
}

// ---- the questionnaire ----

std::vector<Report> ReportStore::due_questionnaires(Database& db, std::int64_t now_unix_ms,
                                                    std::size_t limit) const {
    const std::int64_t before =
        now_unix_ms - std::int64_t{settings_.fixed_question_weeks} * 7 * kMillisecondsPerDay;
    Statement statement = db.cached(report_sql(
        "WHERE questionnaire_sent_unix_ms = 0 AND confirmed_unix_ms <> 0 AND confirmed_unix_ms "
        "<= ? AND (" +
        std::string(kOpenStates) + " OR state = 'fixed') ORDER BY confirmed_unix_ms, id LIMIT ?"));
    statement.bind(1, before).bind(2, static_cast<std::int64_t>(limit));
    return reports_of(db, statement);
}

std::vector<Report> ReportStore::questionnaires_due(std::int64_t now_unix_ms,
                                                    std::size_t limit) const {
    std::lock_guard lock(reader_mutex_);
    ReadTransaction read(reader_);
    return due_questionnaires(reader_, now_unix_ms, limit);
}

ReportStore::Write<int> ReportStore::send_questionnaires(std::int64_t now_unix_ms) {
    return write([this, now_unix_ms](Database& db) {
        const std::vector<Report> due = due_questionnaires(db, now_unix_ms, kQuestionnairesPerRun);
        for (Report report : due) {
            db.cached("UPDATE report SET questionnaire_sent_unix_ms = ? WHERE id = ?")
                .bind(1, now_unix_ms)
                .bind(2, report.id)
                .run();
            report.questionnaire_sent_unix_ms = now_unix_ms;
            ReportEvent event;
            event.kind = ReportEvent::Kind::kQuestionnaire;
            event.token = mint_report_token(db, "fixed", report.id, now_unix_ms);
            event.recipient = reporter_recipient(report);
            event.report = std::move(report);
            emit(db, event);
        }
        return static_cast<int>(due.size());
    });
}

std::optional<ReportStore::TokenLookup> ReportStore::questionnaire(std::string_view token) const {
    return by_token("fixed", token);
}

ReportStore::Write<void> ReportStore::answer_questionnaire(std::string token, bool fixed,
                                                           std::string comment) {
    return write([this, token = std::move(token), fixed,
                  comment = std::move(comment)](Database& db) {
        const auto found = find_report_token(db, "fixed", token);
        if (!found) throw InvalidInput::text("report_error_link_unknown");
        if (found->used) throw InvalidInput::text("report_error_link_used");
        const std::string text = checked_paragraphs(comment, 0, 2'000, "report_error_comment");
        const std::int64_t at = now();
        use_report_token(db, *found, at);
        Report report = require_report(db, found->ref_id);
        const ReportState from = report.state;
        ReportState to = from;
        if (fixed && is_open_state(from)) to = ReportState::kFixed;
        if (!fixed && from == ReportState::kFixed) to = ReportState::kOpen;
        db.cached(
              "UPDATE report SET state = ?, questionnaire_answered_unix_ms = ?, updated_unix_ms "
              "= CASE WHEN ? THEN ? ELSE updated_unix_ms END, fixed_unix_ms = CASE WHEN ? THEN "
              "? ELSE fixed_unix_ms END WHERE id = ?")
            .bind(1, report_state_name(to))
            .bind(2, at)
            .bind(3, (to != from || !text.empty()) ? 1 : 0)
            .bind(4, at)
            .bind(5, to == ReportState::kFixed && from != ReportState::kFixed ? 1 : 0)
            .bind(6, at)
            .bind(7, report.id)
            .run();
        if (to == from && text.empty()) return;
        report = require_report(db, report.id);
        ReportUpdate row;
        row.report_id = report.id;
        row.text = text;
        row.previous_state = from;
        row.new_state = to;
        row.author = UpdateAuthor::kReporter;
        row.author_name = std::string(report.public_name());
        row.created_unix_ms = at;
        row = insert_update(db, std::move(row));
        if (report.is_public()) emit_update(db, report, row, false);
    });
}

// ---- Open311 ----

std::optional<std::int64_t> ReportStore::report_of_token(std::string_view token) const {
    if (!looks_like_token(token)) return std::nullopt;
    std::lock_guard lock(reader_mutex_);
    Statement statement = reader_.cached("SELECT id FROM report WHERE token = ?");
    statement.bind(1, token);
    if (!statement.step()) return std::nullopt;
    return statement.column_int(0);
}

std::optional<std::string> ReportStore::api_key_name(std::string_view key) const {
    std::optional<std::string> name;
    // Every key is compared, in constant time each, so the answer's time says nothing.
    for (const auto& api_key : settings_.open311_api_keys) {
        if (api_key.key.size() == key.size() &&
            sodium_memcmp(api_key.key.data(), key.data(), key.size()) == 0) {
            name = api_key.name;
        }
    }
    return name;
}

// ---- reads ----

std::optional<Report> ReportStore::report(std::int64_t report_id) const {
    std::lock_guard lock(reader_mutex_);
    ReadTransaction read(reader_);
    return find_report(reader_, report_id);
}

bool ReportStore::photo_shown(std::string_view hash) const {
    std::lock_guard lock(reader_mutex_);
    Statement statement = reader_.cached(
        "SELECT 1 FROM report_photo AS p JOIN report AS r ON r.id = p.report_id "
        "WHERE p.hash = ? AND p.hidden = 0 AND r.state NOT IN ('unconfirmed', 'hidden') LIMIT 1");
    statement.bind(1, hash);
    return statement.step();
}

std::vector<ReportUpdate> ReportStore::updates(std::int64_t report_id,
                                               bool include_internal) const {
    std::lock_guard lock(reader_mutex_);
    Statement statement =
        reader_.cached("SELECT " + std::string(kUpdateColumns) +
                       " FROM report_update WHERE report_id = ? AND (internal = 0 OR ?) ORDER BY "
                       "id");
    statement.bind(1, report_id).bind(2, include_internal ? 1 : 0);
    std::vector<ReportUpdate> updates;
    while (statement.step()) updates.push_back(update_row(statement));
    return updates;
}

std::vector<ReportStore::Nearby> ReportStore::nearby(std::string_view category, double lat,
                                                     double lon, double radius_m) const {
    if (!valid_coordinates(lat, lon)) return {};
    const double radius = radius_m > 0 ? radius_m : settings_.duplicate_radius_m;
    const GeoBox box = box_around(lat, lon, radius);
    std::lock_guard lock(reader_mutex_);
    ReadTransaction read(reader_);
    Statement statement = reader_.cached(
        "SELECT r.id, r.lat, r.lon FROM report_place p JOIN report r ON r.id = p.id WHERE "
        "p.max_lat >= ? AND p.min_lat <= ? AND p.max_lon >= ? AND p.min_lon <= ? AND "
        "r.category = ? AND r." +
        std::string(kOpenStates));
    statement.bind(1, box.south).bind(2, box.north).bind(3, box.west).bind(4, box.east);
    statement.bind(5, category);
    std::vector<std::pair<double, std::int64_t>> found;
    while (statement.step()) {
        const double d =
            distance_m(lat, lon, statement.column_double(1), statement.column_double(2));
        if (d <= radius) found.emplace_back(d, statement.column_int(0));
    }
    std::sort(found.begin(), found.end());
    if (found.size() > kNearbyMost) found.resize(kNearbyMost);
    std::vector<Nearby> nearby;
    for (const auto& [d, id] : found) {
        if (auto report = find_report(reader_, id)) nearby.push_back({std::move(*report), d});
    }
    return nearby;
}

ReportStore::Page ReportStore::list(const Filter& filter) const {
    // The clauses are fixed text; only the values are bound.
    std::string where = "WHERE 1";
    std::vector<std::function<void(Statement&, int&)>> binds;
    if (!filter.category.empty()) {
        where += " AND category = ?";
        binds.push_back([&](Statement& s, int& i) { s.bind(++i, filter.category); });
    }
    if (filter.state) {
        if (!filter.include_hidden &&
            (*filter.state == ReportState::kUnconfirmed || *filter.state == ReportState::kHidden)) {
            return {};
        }
        where += " AND state = ?";
        binds.push_back(
            [&](Statement& s, int& i) { s.bind(++i, report_state_name(*filter.state)); });
    } else if (filter.open_only) {
        where += " AND " + std::string(kOpenStates);
    } else if (!filter.include_hidden) {
        where += " AND " + std::string(kPublicStates);
    }
    if (!filter.eldership.empty()) {
        where += " AND eldership = ?";
        binds.push_back([&](Statement& s, int& i) { s.bind(++i, filter.eldership); });
    }
    if (filter.created_after_unix_ms > 0) {
        where += " AND created_unix_ms >= ?";
        binds.push_back([&](Statement& s, int& i) { s.bind(++i, filter.created_after_unix_ms); });
    }
    if (filter.created_before_unix_ms > 0) {
        where += " AND created_unix_ms < ?";
        binds.push_back([&](Statement& s, int& i) { s.bind(++i, filter.created_before_unix_ms); });
    }
    if (filter.area) {
        where +=
            " AND id IN (SELECT id FROM report_place WHERE max_lat >= ? AND min_lat <= ? AND "
            "max_lon >= ? AND min_lon <= ?)";
        binds.push_back([&](Statement& s, int& i) {
            s.bind(++i, filter.area->south);
            s.bind(++i, filter.area->north);
            s.bind(++i, filter.area->west);
            s.bind(++i, filter.area->east);
        });
    }
    const std::size_t limit = std::min(filter.limit, kListMost);
    std::lock_guard lock(reader_mutex_);
    ReadTransaction read(reader_);
    Page page;
    {
        Statement count = reader_.cached("SELECT count(*) FROM report " + where);
        int index = 0;
        for (auto& bind : binds) bind(count, index);
        count.step();
        page.total = static_cast<std::size_t>(count.column_int(0));
        count.reset();
    }
    Statement rows = reader_.cached(report_sql(where + " ORDER BY created_unix_ms DESC, id DESC "
                                                       "LIMIT ? OFFSET ?"));
    int index = 0;
    for (auto& bind : binds) bind(rows, index);
    rows.bind(++index, static_cast<std::int64_t>(limit));
    rows.bind(++index, static_cast<std::int64_t>(std::min<std::size_t>(filter.offset, 1u << 30)));
    page.reports = reports_of(reader_, rows);
    return page;
}

std::vector<Report> ReportStore::changed_since(std::int64_t since_unix_ms,
                                               std::size_t limit) const {
    std::lock_guard lock(reader_mutex_);
    ReadTransaction read(reader_);
    Statement statement =
        reader_.cached(report_sql("WHERE updated_unix_ms >= ? AND " + std::string(kPublicStates) +
                                  " ORDER BY updated_unix_ms DESC, id DESC LIMIT ?"));
    statement.bind(1, since_unix_ms).bind(2, static_cast<std::int64_t>(std::min(limit, kListMost)));
    return reports_of(reader_, statement);
}

ReportStats ReportStore::stats() const {
    struct Tally {
        int open = 0;
        int fixed = 0;
        int total = 0;
        std::vector<double> days_to_fix;
    };
    std::map<std::pair<std::string, std::string>, Tally> pairs;
    {
        std::lock_guard lock(reader_mutex_);
        Statement statement = reader_.cached(
            "SELECT category, eldership, state, confirmed_unix_ms, fixed_unix_ms FROM report "
            "WHERE " +
            std::string(kPublicStates));
        while (statement.step()) {
            Tally& tally = pairs[{statement.column_text(0), statement.column_text(1)}];
            const auto state = parse_report_state(statement.column_text(2));
            ++tally.total;
            if (state && is_open_state(*state)) ++tally.open;
            if (state == ReportState::kFixed) {
                ++tally.fixed;
                const std::int64_t took = statement.column_int(4) - statement.column_int(3);
                tally.days_to_fix.push_back(static_cast<double>(std::max<std::int64_t>(took, 0)) /
                                            kMillisecondsPerDay);
            }
        }
    }
    const auto row = [](std::string category, std::string eldership,
                        const std::vector<const Tally*>& tallies) {
        ReportStatsRow result{std::move(category), std::move(eldership)};
        std::vector<double> days;
        for (const Tally* tally : tallies) {
            result.open += tally->open;
            result.fixed += tally->fixed;
            result.total += tally->total;
            days.insert(days.end(), tally->days_to_fix.begin(), tally->days_to_fix.end());
        }
        if (!days.empty()) result.median_days_to_fix = median_of(std::move(days));
        return result;
    };
    const auto matching = [&](const std::string* category, const std::string* eldership) {
        std::vector<const Tally*> tallies;
        for (const auto& [key, tally] : pairs) {
            if ((category == nullptr || key.first == *category) &&
                (eldership == nullptr || key.second == *eldership)) {
                tallies.push_back(&tally);
            }
        }
        return tallies;
    };
    ReportStats stats;
    for (const auto& category : settings_.categories) {
        stats.by_category.push_back(row(category.code, {}, matching(&category.code, nullptr)));
    }
    for (const auto& eldership : settings_.elderships) {
        stats.by_eldership.push_back(row({}, eldership.name, matching(nullptr, &eldership.name)));
    }
    for (const auto& [key, tally] : pairs) {
        stats.by_category_and_eldership.push_back(row(key.first, key.second, {&tally}));
    }
    stats.all = row({}, {}, matching(nullptr, nullptr));
    return stats;
}

}  // namespace councilcast::portal
