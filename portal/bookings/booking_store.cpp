#include "portal/bookings/booking_store.hpp"

#include <fmt/core.h>
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <map>

#include "common/error.hpp"
#include "common/secret_token.hpp"
#include "common/typed_text.hpp"
#include "common/unix_time.hpp"
#include "portal/bookings/booking_input.hpp"
#include "portal/bookings/local_days.hpp"

namespace councilcast::portal {

namespace {

// The step of booking_slot's rows; [bookings] granule_minutes must equal it (the loader says so).
constexpr int kGranuleMinutes = 5;
constexpr std::int64_t kGranuleMs = kGranuleMinutes * kMinuteMs;
constexpr std::size_t kNearest = 5;
constexpr std::string_view kTaken = "booking_error_taken";

std::vector<LocalDate> extra_holidays(const config::Bookings& settings) {
    std::vector<LocalDate> dates;
    for (const std::string& text : settings.extra_holidays) {
        auto date = parse_iso_date(text);
        if (!date) throw InvalidInput("[bookings] extra_holidays: not a date: " + text);
        dates.push_back(*date);
    }
    return dates;
}

bool on_granule(int minutes) {
    return minutes % kGranuleMinutes == 0;
}

// ---- rows ----

std::vector<std::string> split_languages(std::string_view text) {
    std::vector<std::string> languages;
    if (text.find("lt") != std::string_view::npos) languages.emplace_back("lt");
    if (text.find("en") != std::string_view::npos) languages.emplace_back("en");
    return languages;
}

constexpr std::string_view kBookingColumns =
    "id, service_id, official_id, start_unix_ms, end_unix_ms, occupied_from_unix_ms, "
    "occupied_to_unix_ms, state, name, email, phone, note, language, account_id, "
    "created_unix_ms, confirmed_unix_ms, cancelled_unix_ms, cancelled_by, cancel_message, "
    "reminded_unix_ms, marked_unix_ms, private_note, ics_uid, ics_sequence, rescheduled_unix_ms";

Booking read_booking_row(const Statement& row) {
    Booking b;
    b.id = row.column_int(0);
    b.service_id = row.column_int(1);
    b.official_id = row.column_int(2);
    b.start_unix_ms = row.column_int(3);
    b.end_unix_ms = row.column_int(4);
    b.occupied_from_unix_ms = row.column_int(5);
    b.occupied_to_unix_ms = row.column_int(6);
    b.state = parse_booking_state(row.column_text(7)).value_or(BookingState::kCancelled);
    b.name = row.column_text(8);
    b.email = row.column_text(9);
    b.phone = row.column_text(10);
    b.note = row.column_text(11);
    b.language = row.column_text(12);
    b.account_id = row.column_int(13);
    b.created_unix_ms = row.column_int(14);
    b.confirmed_unix_ms = row.column_int(15);
    b.cancelled_unix_ms = row.column_int(16);
    b.cancelled_by = parse_cancelled_by(row.column_text(17)).value_or(CancelledBy::kNobody);
    b.cancel_message = row.column_text(18);
    b.reminded_unix_ms = row.column_int(19);
    b.marked_unix_ms = row.column_int(20);
    b.private_note = row.column_text(21);
    b.ics_uid = row.column_text(22);
    b.ics_sequence = static_cast<int>(row.column_int(23));
    b.rescheduled_unix_ms = row.column_int(24);
    return b;
}

const std::string& booking_select(std::string_view where) {
    thread_local std::map<std::string, std::string, std::less<>> sql;
    auto it = sql.find(where);
    if (it == sql.end()) {
        it = sql.emplace(std::string(where),
                         fmt::format("SELECT {} FROM booking {}", kBookingColumns, where))
                 .first;
    }
    return it->second;
}

std::optional<Booking> read_booking(Database& db, std::int64_t booking_id) {
    Statement select = db.cached(booking_select("WHERE id = ?"));
    select.bind(1, booking_id);
    if (!select.step()) return std::nullopt;
    return read_booking_row(select);
}

Booking require_booking(Database& db, std::int64_t booking_id) {
    auto booking = read_booking(db, booking_id);
    if (!booking) throw InvalidInput::text("booking_error_not_found");
    return std::move(*booking);
}

constexpr std::string_view kHoldColumns =
    "id, service_id, official_id, start_unix_ms, end_unix_ms, expires_unix_ms, booking_id, "
    "released_unix_ms";

Hold read_hold_row(const Statement& row) {
    Hold h;
    h.id = row.column_int(0);
    h.service_id = row.column_int(1);
    h.official_id = row.column_int(2);
    h.start_unix_ms = row.column_int(3);
    h.end_unix_ms = row.column_int(4);
    h.expires_unix_ms = row.column_int(5);
    h.booking_id = row.column_int(6);
    h.released_unix_ms = row.column_int(7);
    return h;
}

std::optional<Hold> read_hold(Database& db, std::int64_t hold_id) {
    static const std::string sql =
        fmt::format("SELECT {} FROM booking_hold WHERE id = ?", kHoldColumns);
    Statement select = db.cached(sql);
    select.bind(1, hold_id);
    if (!select.step()) return std::nullopt;
    return read_hold_row(select);
}

// ---- tokens ----

struct TokenRow {
    std::int64_t ref_id = 0;
    std::int64_t spent_unix_ms = 0;
};

std::optional<TokenRow> find_token(Database& db, std::string_view kind, std::string_view token) {
    if (!looks_like_token(token)) return std::nullopt;
    Statement select =
        db.cached("SELECT ref_id, spent_unix_ms FROM booking_token WHERE digest = ? AND kind = ?");
    select.bind(1, digest_hex(token)).bind(2, kind);
    if (!select.step()) return std::nullopt;
    return TokenRow{select.column_int(0), select.column_int(1)};
}

std::string mint_token(Database& db, std::string_view kind, std::int64_t ref_id, std::int64_t at) {
    std::string token = new_secret_token();
    db.cached(
          "INSERT INTO booking_token (digest, kind, ref_id, created_unix_ms) VALUES (?, ?, ?, ?)")
        .bind(1, digest_hex(token))
        .bind(2, kind)
        .bind(3, ref_id)
        .bind(4, at)
        .run();
    return token;
}

void spend_token(Database& db, std::string_view token, std::int64_t at) {
    db.cached("UPDATE booking_token SET spent_unix_ms = ? WHERE digest = ?")
        .bind(1, at)
        .bind(2, digest_hex(token))
        .run();
}

// The booking a live manage token opens; refused for anything else.
std::int64_t booking_of_manage_token(Database& db, std::string_view token) {
    auto row = find_token(db, "manage", token);
    if (!row) throw InvalidInput::text("booking_error_token");
    if (row->spent_unix_ms != 0) throw InvalidInput::text("booking_error_link_used");
    return row->ref_id;
}

// ---- slot rows ----

// Claims [from, to) of the official's time, rounded out to whole granules, in one statement:
// SQLite undoes a statement that fails a constraint as a whole, so a claim is all or nothing.
void claim(Database& db, std::int64_t official_id, std::int64_t from_unix_ms,
           std::int64_t to_unix_ms, std::int64_t hold_id, std::int64_t booking_id) {
    const std::int64_t first = from_unix_ms >= 0 ? from_unix_ms / kGranuleMs : 0;
    const std::int64_t end = (to_unix_ms + kGranuleMs - 1) / kGranuleMs;
    try {
        db.cached(
              "WITH RECURSIVE granules(n) AS (SELECT ?1 UNION ALL SELECT n + 1 FROM granules "
              "WHERE n + 1 < ?2) INSERT INTO booking_slot (official_id, granule, hold_id, "
              "booking_id) SELECT ?3, n, ?4, ?5 FROM granules")
            .bind(1, first)
            .bind(2, end)
            .bind(3, official_id)
            .bind(4, hold_id)
            .bind(5, booking_id)
            .run();
    } catch (const DatabaseError& e) {
        if ((e.code() & 0xff) == SQLITE_CONSTRAINT) throw InvalidInput::text(std::string(kTaken));
        throw;
    }
}

void free_booking_slots(Database& db, std::int64_t booking_id) {
    db.cached("DELETE FROM booking_slot WHERE booking_id = ?").bind(1, booking_id).run();
}

// Expired holds and unconfirmed bookings past the deadline give their time back.
int release_expired(Database& db, std::int64_t now, std::chrono::minutes confirm) {
    db.cached(
          "DELETE FROM booking_slot WHERE hold_id IN (SELECT id FROM booking_hold WHERE "
          "released_unix_ms = 0 AND expires_unix_ms <= ?)")
        .bind(1, now)
        .run();
    db.cached(
          "UPDATE booking_hold SET released_unix_ms = ? WHERE released_unix_ms = 0 AND "
          "expires_unix_ms <= ?")
        .bind(1, now)
        .bind(2, now)
        .run();
    int released = db.changes();
    const std::int64_t deadline = now - confirm.count() * kMinuteMs;
    db.cached(
          "DELETE FROM booking_slot WHERE booking_id IN (SELECT id FROM booking WHERE state = "
          "'pending' AND created_unix_ms <= ?)")
        .bind(1, deadline)
        .run();
    db.cached(
          "UPDATE booking SET state = 'expired' WHERE state = 'pending' AND created_unix_ms <= ?")
        .bind(1, deadline)
        .run();
    return released + db.changes();
}

// What takes the officials' time between `from` and `to`: active bookings (unconfirmed ones
// within their deadline) and live holds.
std::vector<BusyTime> busy_times(Database& db, const std::vector<std::int64_t>& officials,
                                 std::int64_t from, std::int64_t to, std::int64_t now,
                                 std::chrono::minutes confirm) {
    std::vector<BusyTime> busy;
    const std::int64_t deadline = now - confirm.count() * kMinuteMs;
    for (std::int64_t official : officials) {
        {
            Statement select = db.cached(
                "SELECT service_id, start_unix_ms, occupied_from_unix_ms, occupied_to_unix_ms "
                "FROM booking WHERE official_id = ? AND start_unix_ms < ? AND "
                "occupied_to_unix_ms > ? AND (state IN ('confirmed', 'attended', 'no_show') OR "
                "(state = 'pending' AND created_unix_ms > ?))");
            select.bind(1, official).bind(2, to).bind(3, from).bind(4, deadline);
            while (select.step()) {
                busy.push_back({official, select.column_int(0), select.column_int(1),
                                select.column_int(2), select.column_int(3)});
            }
        }
        Statement select = db.cached(
            "SELECT service_id, start_unix_ms, occupied_from_unix_ms, occupied_to_unix_ms FROM "
            "booking_hold WHERE official_id = ? AND released_unix_ms = 0 AND expires_unix_ms > ? "
            "AND start_unix_ms < ? AND occupied_to_unix_ms > ?");
        select.bind(1, official).bind(2, now).bind(3, to).bind(4, from);
        while (select.step()) {
            busy.push_back({official, select.column_int(0), select.column_int(1),
                            select.column_int(2), select.column_int(3)});
        }
    }
    return busy;
}

// ---- snapshot ----

std::shared_ptr<BookingsSnapshot> load_snapshot(Database& db) {
    auto snapshot = std::make_shared<BookingsSnapshot>();
    {
        Statement select = db.cached(
            "SELECT id, name_lt, name_en, position FROM booking_department ORDER BY position, id");
        while (select.step()) {
            snapshot->departments.push_back({select.column_int(0), select.column_text(1),
                                             select.column_text(2),
                                             static_cast<int>(select.column_int(3))});
        }
    }
    {
        Statement select = db.cached(
            "SELECT s.id, s.department_id, s.topic_lt, s.topic_en, s.description_lt, "
            "s.description_en, s.duration_minutes, s.mode, s.place, s.video_link, s.languages, "
            "s.account_required, s.active, s.position FROM booking_service s JOIN "
            "booking_department d ON d.id = s.department_id ORDER BY d.position, d.id, "
            "s.position, s.id");
        while (select.step()) {
            Service s;
            s.id = select.column_int(0);
            s.department_id = select.column_int(1);
            s.topic_lt = select.column_text(2);
            s.topic_en = select.column_text(3);
            s.description_lt = select.column_text(4);
            s.description_en = select.column_text(5);
            s.duration_minutes = static_cast<int>(select.column_int(6));
            s.mode = parse_service_mode(select.column_text(7)).value_or(ServiceMode::kInPerson);
            s.place = select.column_text(8);
            s.video_link = select.column_text(9);
            s.languages = split_languages(select.column_text(10));
            s.account_required = select.column_int(11) != 0;
            s.active = select.column_int(12) != 0;
            s.position = static_cast<int>(select.column_int(13));
            snapshot->services.push_back(std::move(s));
        }
    }
    {
        Statement select = db.cached(
            "SELECT account_id, display_name, active FROM booking_official ORDER BY "
            "display_name, account_id");
        while (select.step()) {
            snapshot->officials.push_back(
                {select.column_int(0), select.column_text(1), select.column_int(2) != 0});
        }
    }
    {
        Statement select = db.cached(
            "SELECT official_id, service_id, buffer_before_minutes, buffer_after_minutes, "
            "minimum_notice_minutes, horizon_days, daily_maximum FROM booking_rule ORDER BY "
            "official_id, service_id");
        while (select.step()) {
            AvailabilityRule r;
            r.official_id = select.column_int(0);
            r.service_id = select.column_int(1);
            r.buffer_before_minutes = static_cast<int>(select.column_int(2));
            r.buffer_after_minutes = static_cast<int>(select.column_int(3));
            r.minimum_notice_minutes = static_cast<int>(select.column_int(4));
            r.horizon_days = static_cast<int>(select.column_int(5));
            r.daily_maximum = static_cast<int>(select.column_int(6));
            snapshot->rules.push_back(std::move(r));
        }
    }
    {
        Statement select = db.cached(
            "SELECT official_id, service_id, weekday, start_minute, end_minute FROM "
            "booking_rule_range ORDER BY official_id, service_id, weekday, start_minute");
        while (select.step()) {
            for (AvailabilityRule& rule : snapshot->rules) {
                if (rule.official_id == select.column_int(0) &&
                    rule.service_id == select.column_int(1)) {
                    rule.weekly.push_back({static_cast<Weekday>(select.column_int(2)),
                                           static_cast<int>(select.column_int(3)),
                                           static_cast<int>(select.column_int(4))});
                }
            }
        }
    }
    Statement select = db.cached(
        "SELECT id, official_id, kind, from_date, to_date, start_minute, end_minute, service_id, "
        "note FROM booking_exception ORDER BY official_id, from_date, id");
    while (select.step()) {
        AvailabilityException e;
        e.id = select.column_int(0);
        e.official_id = select.column_int(1);
        e.kind = select.column_text(2) == "extra" ? AvailabilityException::Kind::kExtra
                                                  : AvailabilityException::Kind::kOff;
        e.from = parse_iso_date(select.column_text(3)).value_or(LocalDate{});
        e.to = parse_iso_date(select.column_text(4)).value_or(LocalDate{});
        e.start_minute = static_cast<int>(select.column_int(5));
        e.end_minute = static_cast<int>(select.column_int(6));
        e.service_id = select.column_int(7);
        e.note = select.column_text(8);
        snapshot->exceptions.push_back(std::move(e));
    }
    return snapshot;
}

void audit_in(Database& db, const AuditNote& audit, std::int64_t id) {
    if (audit) AuditLog::append(db, audit(id));
}

void check_key(std::string_view key) {
    if (key.empty()) return;
    const bool shaped =
        key.size() >= 8 && key.size() <= 64 && std::all_of(key.begin(), key.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                   c == '_' || c == '-';
        });
    if (!shaped) throw InvalidInput::text("booking_error_idempotency_key");
}

void check_ranges(const std::vector<WeeklyRange>& weekly) {
    for (std::size_t i = 0; i < weekly.size(); ++i) {
        const WeeklyRange& r = weekly[i];
        if (r.weekday < 1 || r.weekday > 7 || r.start_minute < 0 ||
            r.start_minute >= r.end_minute || r.end_minute > 1440 || !on_granule(r.start_minute) ||
            !on_granule(r.end_minute)) {
            throw InvalidInput::text("booking_error_hours");
        }
        for (std::size_t k = 0; k < i; ++k) {
            const WeeklyRange& o = weekly[k];
            if (o.weekday == r.weekday && o.start_minute < r.end_minute &&
                r.start_minute < o.end_minute) {
                throw InvalidInput::text("booking_error_hours");
            }
        }
    }
    if (weekly.size() > 7 * 24) throw InvalidInput::text("booking_error_hours");
}

boost::asio::awaitable<int> nothing_to_do() {
    co_return 0;
}

}  // namespace

BookingStore::BookingStore(const std::filesystem::path& database_file, DatabaseWriter& writer,
                           config::Bookings settings, IsOfficial is_official, Clock clock)
    : writer_(writer),
      settings_(std::move(settings)),
      holidays_(extra_holidays(settings_)),
      finder_(zone_, holidays_),
      is_official_(std::move(is_official)),
      clock_(clock ? std::move(clock) : Clock(now_unix_ms)),
      reader_(database_file, Durability::kNormal, OpenMode::kReadOnly) {
    {
        std::lock_guard lock(reader_mutex_);
        ReadTransaction read(reader_);
        snapshot_.store(load_snapshot(reader_));
    }
    // After the commit, on the writer's thread, before the writing caller resumes: it sees its
    // own change, and nobody sees a change a failed commit took back.
    writer_.add_commit_listener([this](Database& db) {
        if (changed_) publish(db);
    });
}

std::int64_t BookingStore::now() const {
    return clock_();
}

void BookingStore::publish(Database& db) {
    changed_ = false;
    std::shared_ptr<BookingsSnapshot> loaded;
    {
        ReadTransaction read(db);
        loaded = load(db);
    }
    loaded->version = ++version_;
    snapshot_.store(loaded);
    if (listener_) listener_(*loaded);
}

std::shared_ptr<BookingsSnapshot> BookingStore::load(Database& db) const {
    return load_snapshot(db);
}

template <typename Change>
auto BookingStore::write(Change change) {
    return writer_.run(std::move(change), Durability::kFull);
}

void BookingStore::emit(Database& db, const BookingEvent& event) const {
    if (event_sink_) event_sink_(db, event);
}

// ---- administrators ----

BookingStore::Write<std::int64_t> BookingStore::save_department(Department department,
                                                                AuditNote audit) {
    return write([this, department = std::move(department),
                  audit = std::move(audit)](Database& db) {
        const std::string name_lt =
            checked_line(department.name_lt, 2, 120, "booking_error_department_name");
        const std::string name_en =
            checked_line(department.name_en, 2, 120, "booking_error_department_name");
        const int position = std::clamp(department.position, -1'000'000, 1'000'000);
        std::int64_t id = department.id;
        if (id == 0) {
            db.cached(
                  "INSERT INTO booking_department (name_lt, name_en, position) VALUES (?, ?, ?)")
                .bind(1, name_lt)
                .bind(2, name_en)
                .bind(3, position)
                .run();
            id = db.last_insert_rowid();
        } else {
            db.cached(
                  "UPDATE booking_department SET name_lt = ?, name_en = ?, position = ? WHERE "
                  "id = ?")
                .bind(1, name_lt)
                .bind(2, name_en)
                .bind(3, position)
                .bind(4, id)
                .run();
            if (db.changes() == 0) throw InvalidInput::text("booking_error_department");
        }
        changed_ = true;
        audit_in(db, audit, id);
        return id;
    });
}

BookingStore::Write<std::int64_t> BookingStore::save_service(Service service, AuditNote audit) {
    return write([this, service = std::move(service), audit = std::move(audit)](Database& db) {
        {
            Statement department = db.cached("SELECT 1 FROM booking_department WHERE id = ?");
            department.bind(1, service.department_id);
            if (!department.step()) throw InvalidInput::text("booking_error_department");
        }
        const std::string topic_lt = checked_line(service.topic_lt, 2, 150, "booking_error_topic");
        const std::string topic_en = checked_line(service.topic_en, 2, 150, "booking_error_topic");
        const std::string description_lt =
            checked_paragraphs(service.description_lt, 0, 2'000, "booking_error_description");
        const std::string description_en =
            checked_paragraphs(service.description_en, 0, 2'000, "booking_error_description");
        if (service.duration_minutes < 5 || service.duration_minutes > 480 ||
            !on_granule(service.duration_minutes)) {
            throw InvalidInput::text("booking_error_duration");
        }
        std::string place;
        std::string link;
        if (service.mode == ServiceMode::kInPerson) {
            place = checked_line(service.place, 2, 200, "booking_error_place");
        } else if (service.mode == ServiceMode::kVideo) {
            link = checked_line(service.video_link, 9, 500, "booking_error_video_link");
            if (!link.starts_with("https://") || link.find_first_of(" \"<>") != std::string::npos) {
                throw InvalidInput::text("booking_error_video_link");
            }
        }
        const bool lt = std::count(service.languages.begin(), service.languages.end(), "lt") > 0;
        const bool en = std::count(service.languages.begin(), service.languages.end(), "en") > 0;
        if ((!lt && !en) || service.languages.size() > 2 ||
            static_cast<std::size_t>(lt) + static_cast<std::size_t>(en) !=
                service.languages.size()) {
            throw InvalidInput::text("booking_error_languages");
        }
        const std::string languages = lt && en ? "lt,en" : lt ? "lt" : "en";
        const int position = std::clamp(service.position, -1'000'000, 1'000'000);
        std::int64_t id = service.id;
        // One list of values for both statements: a new service's row, or the same columns of
        // an existing one (`id` bound last, for the WHERE).
        Statement statement = db.cached(
            id == 0 ? "INSERT INTO booking_service (department_id, topic_lt, topic_en, "
                      "description_lt, description_en, duration_minutes, mode, place, "
                      "video_link, languages, account_required, active, position) VALUES (?, ?, "
                      "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    : "UPDATE booking_service SET department_id = ?, topic_lt = ?, topic_en = ?, "
                      "description_lt = ?, description_en = ?, duration_minutes = ?, mode = ?, "
                      "place = ?, video_link = ?, languages = ?, account_required = ?, "
                      "active = ?, position = ? WHERE id = ?");
        statement.bind(1, service.department_id)
            .bind(2, topic_lt)
            .bind(3, topic_en)
            .bind(4, description_lt)
            .bind(5, description_en)
            .bind(6, service.duration_minutes)
            .bind(7, service_mode_name(service.mode))
            .bind(8, place)
            .bind(9, link)
            .bind(10, languages)
            .bind(11, service.account_required ? 1 : 0)
            .bind(12, service.active ? 1 : 0)
            .bind(13, position);
        if (id == 0) {
            statement.run();
            id = db.last_insert_rowid();
        } else {
            statement.bind(14, id).run();
            if (db.changes() == 0) throw InvalidInput::text("booking_error_service");
        }
        changed_ = true;
        audit_in(db, audit, id);
        return id;
    });
}

BookingStore::Write<void> BookingStore::save_official(Official official, AuditNote audit) {
    // Asked here, on the caller's thread: the accounts room's store is theirs to read.
    const bool allowed =
        official.account_id > 0 && (!is_official_ || is_official_(official.account_id));
    return write([this, official = std::move(official), allowed,
                  audit = std::move(audit)](Database& db) {
        if (!allowed) throw InvalidInput::text("booking_error_official");
        const std::string name =
            checked_line(official.display_name, 2, 100, "booking_error_official_name");
        db.cached(
              "INSERT INTO booking_official (account_id, display_name, active) VALUES (?, ?, ?) "
              "ON CONFLICT (account_id) DO UPDATE SET display_name = excluded.display_name, "
              "active = excluded.active")
            .bind(1, official.account_id)
            .bind(2, name)
            .bind(3, official.active ? 1 : 0)
            .run();
        changed_ = true;
        audit_in(db, audit, official.account_id);
    });
}

// ---- an official's hours ----

BookingStore::Write<void> BookingStore::save_rule(AvailabilityRule rule, AuditNote audit) {
    return write([this, rule = std::move(rule), audit = std::move(audit)](Database& db) {
        {
            Statement official = db.cached("SELECT 1 FROM booking_official WHERE account_id = ?");
            official.bind(1, rule.official_id);
            if (!official.step()) throw InvalidInput::text("booking_error_official");
            Statement service = db.cached("SELECT 1 FROM booking_service WHERE id = ?");
            service.bind(1, rule.service_id);
            if (!service.step()) throw InvalidInput::text("booking_error_service");
        }
        check_ranges(rule.weekly);
        for (int buffer : {rule.buffer_before_minutes, rule.buffer_after_minutes}) {
            if (buffer < 0 || buffer > 240 || !on_granule(buffer)) {
                throw InvalidInput::text("booking_error_buffer");
            }
        }
        if (rule.minimum_notice_minutes < 0 || rule.minimum_notice_minutes > 43'200) {
            throw InvalidInput::text("booking_error_notice");
        }
        if (rule.horizon_days < 1 || rule.horizon_days > 366) {
            throw InvalidInput::text("booking_error_horizon");
        }
        if (rule.daily_maximum < 0 || rule.daily_maximum > 200) {
            throw InvalidInput::text("booking_error_daily_maximum");
        }
        db.cached("DELETE FROM booking_rule_range WHERE official_id = ? AND service_id = ?")
            .bind(1, rule.official_id)
            .bind(2, rule.service_id)
            .run();
        db.cached(
              "INSERT INTO booking_rule (official_id, service_id, buffer_before_minutes, "
              "buffer_after_minutes, minimum_notice_minutes, horizon_days, daily_maximum) VALUES "
              "(?, ?, ?, ?, ?, ?, ?) ON CONFLICT (official_id, service_id) DO UPDATE SET "
              "buffer_before_minutes = excluded.buffer_before_minutes, buffer_after_minutes = "
              "excluded.buffer_after_minutes, minimum_notice_minutes = "
              "excluded.minimum_notice_minutes, horizon_days = excluded.horizon_days, "
              "daily_maximum = excluded.daily_maximum")
            .bind(1, rule.official_id)
            .bind(2, rule.service_id)
            .bind(3, rule.buffer_before_minutes)
            .bind(4, rule.buffer_after_minutes)
            .bind(5, rule.minimum_notice_minutes)
            .bind(6, rule.horizon_days)
            .bind(7, rule.daily_maximum)
            .run();
        for (const WeeklyRange& range : rule.weekly) {
            db.cached(
                  "INSERT INTO booking_rule_range (official_id, service_id, weekday, "
                  "start_minute, end_minute) VALUES (?, ?, ?, ?, ?)")
                .bind(1, rule.official_id)
                .bind(2, rule.service_id)
                .bind(3, range.weekday)
                .bind(4, range.start_minute)
                .bind(5, range.end_minute)
                .run();
        }
        changed_ = true;
        audit_in(db, audit, rule.official_id);
    });
}

BookingStore::Write<void> BookingStore::remove_rule(std::int64_t official_id,
                                                    std::int64_t service_id, AuditNote audit) {
    return write([this, official_id, service_id, audit = std::move(audit)](Database& db) {
        db.cached("DELETE FROM booking_rule_range WHERE official_id = ? AND service_id = ?")
            .bind(1, official_id)
            .bind(2, service_id)
            .run();
        db.cached("DELETE FROM booking_rule WHERE official_id = ? AND service_id = ?")
            .bind(1, official_id)
            .bind(2, service_id)
            .run();
        if (db.changes() == 0) throw InvalidInput::text("booking_error_rule_not_found");
        changed_ = true;
        audit_in(db, audit, official_id);
    });
}

BookingStore::Write<std::int64_t> BookingStore::add_exception(AvailabilityException exception,
                                                              AuditNote audit) {
    return write([this, exception = std::move(exception), audit = std::move(audit)](Database& db) {
        {
            Statement official = db.cached("SELECT 1 FROM booking_official WHERE account_id = ?");
            official.bind(1, exception.official_id);
            if (!official.step()) throw InvalidInput::text("booking_error_official");
        }
        if (!valid_date(exception.from) || !valid_date(exception.to) ||
            exception.to < exception.from ||
            day_number(exception.to) - day_number(exception.from) > 366) {
            throw InvalidInput::text("booking_error_exception_dates");
        }
        const bool extra = exception.kind == AvailabilityException::Kind::kExtra;
        if (extra &&
            (exception.to != exception.from || exception.start_minute < 0 ||
             exception.start_minute >= exception.end_minute || exception.end_minute > 1440 ||
             !on_granule(exception.start_minute) || !on_granule(exception.end_minute))) {
            throw InvalidInput::text("booking_error_exception_hours");
        }
        if (extra && exception.service_id != 0) {
            Statement service = db.cached("SELECT 1 FROM booking_service WHERE id = ?");
            service.bind(1, exception.service_id);
            if (!service.step()) throw InvalidInput::text("booking_error_service");
        }
        const std::string note =
            checked_line(exception.note, 0, 200, "booking_error_exception_note");
        db.cached(
              "INSERT INTO booking_exception (official_id, kind, from_date, to_date, "
              "start_minute, end_minute, service_id, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
            .bind(1, exception.official_id)
            .bind(2, extra ? "extra" : "off")
            .bind(3, iso_date(exception.from))
            .bind(4, iso_date(exception.to))
            .bind(5, extra ? exception.start_minute : 0)
            .bind(6, extra ? exception.end_minute : 0)
            .bind(7, extra ? exception.service_id : 0)
            .bind(8, note)
            .run();
        const std::int64_t id = db.last_insert_rowid();
        changed_ = true;
        audit_in(db, audit, id);
        return id;
    });
}

BookingStore::Write<void> BookingStore::remove_exception(std::int64_t official_id,
                                                         std::int64_t exception_id,
                                                         AuditNote audit) {
    return write([this, official_id, exception_id, audit = std::move(audit)](Database& db) {
        db.cached("DELETE FROM booking_exception WHERE id = ? AND official_id = ?")
            .bind(1, exception_id)
            .bind(2, official_id)
            .run();
        if (db.changes() == 0) throw InvalidInput::text("booking_error_exception_not_found");
        changed_ = true;
        audit_in(db, audit, exception_id);
    });
}

// ---- residents ----

namespace {

// The finder's question for one service: its officials' rules and exceptions from the snapshot
// (which must outlive the query), their busy times in [from, to) from `db`.
SlotFinder::Query service_query(Database& db, const BookingsSnapshot& snapshot,
                                const Service& service, std::int64_t now, std::int64_t from,
                                std::int64_t to, std::chrono::minutes confirm) {
    SlotFinder::Query query;
    query.service = &service;
    query.now_unix_ms = now;
    query.rules = snapshot.rules_for_service(service.id);
    std::vector<std::int64_t> officials;
    for (const AvailabilityRule* rule : query.rules) {
        officials.push_back(rule->official_id);
        query.officials.push_back(snapshot.official(rule->official_id));
        for (const AvailabilityException* e : snapshot.exceptions_of(rule->official_id)) {
            query.exceptions.push_back(e);
        }
    }
    query.busy = busy_times(db, officials, from, to, now, confirm);
    return query;
}

BookingEvent make_event(BookingEvent::Kind kind, Booking booking,
                        const BookingsSnapshot& snapshot) {
    BookingEvent event;
    event.kind = kind;
    if (const Service* service = snapshot.service(booking.service_id)) event.service = *service;
    if (const Official* official = snapshot.official(booking.official_id)) {
        event.official = *official;
    } else {
        event.official.account_id = booking.official_id;
    }
    event.booking = std::move(booking);
    return event;
}

// A hold the resident may still use.
Hold live_hold(Database& db, std::string_view token, std::int64_t now) {
    auto row = find_token(db, "hold", token);
    if (!row) throw InvalidInput::text("booking_error_token");
    auto hold = read_hold(db, row->ref_id);
    if (!hold || hold->booking_id != 0 || hold->released_unix_ms != 0 ||
        hold->expires_unix_ms <= now) {
        throw InvalidInput::text("booking_error_hold_expired");
    }
    return *hold;
}

std::pair<std::int64_t, std::int64_t> hold_occupancy(Database& db, std::int64_t hold_id) {
    Statement select = db.cached(
        "SELECT occupied_from_unix_ms, occupied_to_unix_ms FROM booking_hold WHERE id = ?");
    select.bind(1, hold_id);
    select.step();
    return {select.column_int(0), select.column_int(1)};
}

// "Taken" is thrown inside the job so the writer undoes whatever the job had written; here it
// becomes an outcome with the nearest free times, read once the job is over.
boost::asio::awaitable<BookingStore::HoldOutcome> taken_or(
    boost::asio::awaitable<BookingStore::HoldOutcome> write,
    std::function<std::vector<FreeSlot>()> nearest) {
    BookingStore::HoldOutcome outcome;
    bool taken = false;
    try {
        outcome = co_await std::move(write);
    } catch (const InvalidInput& e) {
        if (e.key() != kTaken) throw;
        taken = true;
    }
    if (taken) {
        outcome.taken = true;
        outcome.nearest = nearest();
    }
    co_return outcome;
}

}  // namespace

BookingStore::Write<BookingStore::HoldOutcome> BookingStore::hold(HoldRequest request) {
    const std::int64_t service_id = request.service_id;
    const std::int64_t start = request.start_unix_ms;
    auto job = [this, request = std::move(request)](Database& db) {
        check_key(request.idempotency_key);
        const std::string client = request.client_key.substr(0, 64);
        const std::int64_t at = now();
        release_expired(db, at, settings_.confirm);
        if (!request.idempotency_key.empty()) {
            Statement same = db.cached("SELECT id FROM booking_hold WHERE idempotency_key = ?");
            same.bind(1, request.idempotency_key);
            if (same.step()) {
                const Hold hold = *read_hold(db, same.column_int(0));
                if (hold.booking_id == 0 && hold.released_unix_ms != 0) {
                    throw InvalidInput::text("booking_error_hold_expired");
                }
                return HoldOutcome{false, hold, mint_token(db, "hold", hold.id, at), {}};
            }
        }
        {
            Statement held = db.cached(
                "SELECT count(*) FROM booking_hold WHERE client_key = ? AND released_unix_ms = 0");
            held.bind(1, client);
            held.step();
            if (held.column_int(0) >= settings_.holds_per_client) {
                throw InvalidInput::text("booking_error_too_many_holds");
            }
        }
        const auto snapshot = snapshot_.load();
        const Service* service = snapshot->service(request.service_id);
        if (service == nullptr || !service->active)
            throw InvalidInput::text("booking_error_service");
        const LocalDate day = zone_.local_date(request.start_unix_ms);
        SlotFinder::Query query =
            service_query(db, *snapshot, *service, at, zone_.unix_ms(add_days(day, -1), 0),
                          zone_.unix_ms(add_days(day, 2), 0), settings_.confirm);
        const auto slot = finder_.slot_at(query, request.start_unix_ms);
        if (!slot) {
            query.busy.clear();
            if (finder_.slot_at(query, request.start_unix_ms)) {
                throw InvalidInput::text(std::string(kTaken));
            }
            throw InvalidInput::text("booking_error_no_slot");
        }
        const AvailabilityRule& rule = *snapshot->rule(slot->official_id, service->id);
        const std::int64_t occupied_from =
            slot->start_unix_ms - rule.buffer_before_minutes * kMinuteMs;
        const std::int64_t occupied_to = slot->end_unix_ms + rule.buffer_after_minutes * kMinuteMs;
        Hold hold;
        hold.service_id = service->id;
        hold.official_id = slot->official_id;
        hold.start_unix_ms = slot->start_unix_ms;
        hold.end_unix_ms = slot->end_unix_ms;
        hold.expires_unix_ms = at + settings_.hold.count() * kMinuteMs;
        db.cached(
              "INSERT INTO booking_hold (service_id, official_id, start_unix_ms, end_unix_ms, "
              "occupied_from_unix_ms, occupied_to_unix_ms, expires_unix_ms, client_key, "
              "idempotency_key, created_unix_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
            .bind(1, hold.service_id)
            .bind(2, hold.official_id)
            .bind(3, hold.start_unix_ms)
            .bind(4, hold.end_unix_ms)
            .bind(5, occupied_from)
            .bind(6, occupied_to)
            .bind(7, hold.expires_unix_ms)
            .bind(8, client)
            .bind(9, request.idempotency_key.empty()
                         ? std::nullopt
                         : std::optional<std::string_view>(request.idempotency_key))
            .bind(10, at)
            .run();
        hold.id = db.last_insert_rowid();
        claim(db, hold.official_id, occupied_from, occupied_to, hold.id, 0);
        return HoldOutcome{false, hold, mint_token(db, "hold", hold.id, at), {}};
    };
    auto write_job = write(std::move(job));
    return taken_or(std::move(write_job), [this, service_id, start] {
        return nearest_free(service_id, start, kNearest);
    });
}

BookingStore::Write<BookingStore::Booked> BookingStore::book(BookingRequest request) {
    return write([this, request = std::move(request)](Database& db) {
        const std::string name = checked_line(request.name, 2, 100, "booking_error_name");
        const std::string email = booking_email(request.email);
        const std::string phone = booking_phone(request.phone);
        const std::string note = checked_paragraphs(request.note, 0, 1'000, "booking_error_note");
        const std::string language = booking_language(request.language);
        check_key(request.idempotency_key);
        const std::int64_t at = now();
        auto token = find_token(db, "hold", request.hold_token);
        if (!token) throw InvalidInput::text("booking_error_token");
        if (!request.idempotency_key.empty()) {
            Statement same =
                db.cached("SELECT id, hold_id, state FROM booking WHERE idempotency_key = ?");
            same.bind(1, request.idempotency_key);
            if (same.step()) {
                if (same.column_int(1) != token->ref_id) {
                    throw InvalidInput::text("booking_error_idempotency_key");
                }
                const std::int64_t id = same.column_int(0);
                return Booked{
                    id, parse_booking_state(same.column_text(2)).value_or(BookingState::kPending),
                    mint_token(db, "manage", id, at), true};
            }
        }
        const Hold hold = live_hold(db, request.hold_token, at);
        const auto snapshot = snapshot_.load();
        const Service* service = snapshot->service(hold.service_id);
        if (service == nullptr) throw InvalidInput::text("booking_error_service");
        if (std::find(service->languages.begin(), service->languages.end(), language) ==
            service->languages.end()) {
            throw InvalidInput::text("booking_error_language");
        }
        if (service->account_required && request.account_id == 0) {
            throw InvalidInput::text("booking_error_account_required");
        }
        const bool confirmed = request.account_id != 0 && request.email_verified;
        const auto [occupied_from, occupied_to] = hold_occupancy(db, hold.id);
        db.cached(
              "INSERT INTO booking (service_id, official_id, hold_id, start_unix_ms, "
              "end_unix_ms, occupied_from_unix_ms, occupied_to_unix_ms, state, name, email, "
              "phone, note, language, account_id, idempotency_key, created_unix_ms, "
              "confirmed_unix_ms, ics_uid) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
              "?, ?, ?)")
            .bind(1, hold.service_id)
            .bind(2, hold.official_id)
            .bind(3, hold.id)
            .bind(4, hold.start_unix_ms)
            .bind(5, hold.end_unix_ms)
            .bind(6, occupied_from)
            .bind(7, occupied_to)
            .bind(8, confirmed ? "confirmed" : "pending")
            .bind(9, name)
            .bind(10, email)
            .bind(11, phone)
            .bind(12, note)
            .bind(13, language)
            .bind(14, request.account_id)
            .bind(15, request.idempotency_key.empty()
                          ? std::nullopt
                          : std::optional<std::string_view>(request.idempotency_key))
            .bind(16, at)
            .bind(17, confirmed ? at : 0)
            .bind(18, fmt::format("consultation-{}@councilcast", new_secret_token()))
            .run();
        const std::int64_t id = db.last_insert_rowid();
        db.cached("UPDATE booking_slot SET hold_id = 0, booking_id = ? WHERE hold_id = ?")
            .bind(1, id)
            .bind(2, hold.id)
            .run();
        db.cached("UPDATE booking_hold SET booking_id = ?, released_unix_ms = ? WHERE id = ?")
            .bind(1, id)
            .bind(2, at)
            .bind(3, hold.id)
            .run();
        Booked booked{id, confirmed ? BookingState::kConfirmed : BookingState::kPending,
                      mint_token(db, "manage", id, at), false};
        BookingEvent event = make_event(
            confirmed ? BookingEvent::Kind::kConfirmed : BookingEvent::Kind::kPendingConfirmation,
            require_booking(db, id), *snapshot);
        event.manage_token = booked.manage_token;
        if (!confirmed) event.confirmation_token = mint_token(db, "confirm", id, at);
        emit(db, event);
        return booked;
    });
}

BookingStore::Write<std::int64_t> BookingStore::confirm(std::string confirmation_token) {
    return write([this, token = std::move(confirmation_token)](Database& db) {
        auto row = find_token(db, "confirm", token);
        if (!row) throw InvalidInput::text("booking_error_token");
        if (row->spent_unix_ms != 0) throw InvalidInput::text("booking_error_link_used");
        const std::int64_t at = now();
        const Booking booking = require_booking(db, row->ref_id);
        if (booking.state != BookingState::kPending ||
            booking.created_unix_ms + settings_.confirm.count() * kMinuteMs <= at) {
            throw InvalidInput::text("booking_error_not_active");
        }
        db.cached("UPDATE booking SET state = 'confirmed', confirmed_unix_ms = ? WHERE id = ?")
            .bind(1, at)
            .bind(2, booking.id)
            .run();
        spend_token(db, token, at);
        BookingEvent event = make_event(BookingEvent::Kind::kConfirmed,
                                        require_booking(db, booking.id), *snapshot_.load());
        event.manage_token = mint_token(db, "manage", booking.id, at);
        emit(db, event);
        return booking.id;
    });
}

namespace {

// An active booking whose time has not begun: what a resident may still change.
Booking changeable(Database& db, std::int64_t booking_id, std::int64_t now) {
    Booking booking = require_booking(db, booking_id);
    if (!booking.active()) throw InvalidInput::text("booking_error_not_active");
    if (booking.start_unix_ms <= now) throw InvalidInput::text("booking_error_started");
    return booking;
}

void cancel_in(Database& db, std::int64_t booking_id, CancelledBy by, const std::string& message,
               std::int64_t at) {
    db.cached(
          "UPDATE booking SET state = 'cancelled', cancelled_unix_ms = ?, cancelled_by = ?, "
          "cancel_message = ?, ics_sequence = ics_sequence + 1 WHERE id = ?")
        .bind(1, at)
        .bind(2, cancelled_by_name(by))
        .bind(3, message)
        .bind(4, booking_id)
        .run();
    free_booking_slots(db, booking_id);
}

}  // namespace

BookingStore::Write<void> BookingStore::cancel(std::string manage_token) {
    return write([this, token = std::move(manage_token)](Database& db) {
        const std::int64_t at = now();
        const Booking booking = changeable(db, booking_of_manage_token(db, token), at);
        cancel_in(db, booking.id, CancelledBy::kResident, "", at);
        spend_token(db, token, at);
        emit(db, make_event(BookingEvent::Kind::kCancelled, require_booking(db, booking.id),
                            *snapshot_.load()));
    });
}

BookingStore::Write<std::int64_t> BookingStore::reschedule(std::string manage_token,
                                                           std::string hold_token) {
    return write([this, token = std::move(manage_token),
                  hold_token = std::move(hold_token)](Database& db) {
        const std::int64_t at = now();
        const Booking booking = changeable(db, booking_of_manage_token(db, token), at);
        const Hold hold = live_hold(db, hold_token, at);
        if (hold.service_id != booking.service_id) {
            throw InvalidInput::text("booking_error_reschedule_service");
        }
        const auto [occupied_from, occupied_to] = hold_occupancy(db, hold.id);
        free_booking_slots(db, booking.id);
        db.cached("UPDATE booking_slot SET hold_id = 0, booking_id = ? WHERE hold_id = ?")
            .bind(1, booking.id)
            .bind(2, hold.id)
            .run();
        db.cached(
              "UPDATE booking SET official_id = ?, hold_id = ?, start_unix_ms = ?, end_unix_ms = "
              "?, occupied_from_unix_ms = ?, occupied_to_unix_ms = ?, ics_sequence = "
              "ics_sequence + 1, rescheduled_unix_ms = ?, reminded_unix_ms = 0 WHERE id = ?")
            .bind(1, hold.official_id)
            .bind(2, hold.id)
            .bind(3, hold.start_unix_ms)
            .bind(4, hold.end_unix_ms)
            .bind(5, occupied_from)
            .bind(6, occupied_to)
            .bind(7, at)
            .bind(8, booking.id)
            .run();
        db.cached("UPDATE booking_hold SET booking_id = ?, released_unix_ms = ? WHERE id = ?")
            .bind(1, booking.id)
            .bind(2, at)
            .bind(3, hold.id)
            .run();
        db.cached(
              "UPDATE booking_token SET spent_unix_ms = ? WHERE kind = 'manage' AND ref_id = ? "
              "AND spent_unix_ms = 0")
            .bind(1, at)
            .bind(2, booking.id)
            .run();
        BookingEvent event = make_event(BookingEvent::Kind::kRescheduled,
                                        require_booking(db, booking.id), *snapshot_.load());
        event.manage_token = mint_token(db, "manage", booking.id, at);
        event.previous_start_unix_ms = booking.start_unix_ms;
        event.previous_official_id = booking.official_id;
        emit(db, event);
        return booking.id;
    });
}

// ---- staff on a booking ----

BookingStore::Write<void> BookingStore::cancel_by_official(std::int64_t booking_id,
                                                           std::string message, AuditNote audit) {
    return write(
        [this, booking_id, message = std::move(message), audit = std::move(audit)](Database& db) {
            const std::string text = checked_paragraphs(message, 0, 2'000, "booking_error_message");
            const std::int64_t at = now();
            const Booking booking = require_booking(db, booking_id);
            if (!booking.active()) throw InvalidInput::text("booking_error_not_active");
            cancel_in(db, booking.id, CancelledBy::kOfficial, text, at);
            audit_in(db, audit, booking.id);
            emit(db, make_event(BookingEvent::Kind::kCancelled, require_booking(db, booking.id),
                                *snapshot_.load()));
        });
}

BookingStore::Write<void> BookingStore::mark(std::int64_t booking_id, BookingState outcome,
                                             AuditNote audit) {
    return write([this, booking_id, outcome, audit = std::move(audit)](Database& db) {
        if (outcome != BookingState::kAttended && outcome != BookingState::kNoShow) {
            throw InvalidInput::text("booking_error_mark");
        }
        const Booking booking = require_booking(db, booking_id);
        const bool markable = booking.state == BookingState::kConfirmed ||
                              booking.state == BookingState::kAttended ||
                              booking.state == BookingState::kNoShow;
        if (!markable || booking.start_unix_ms > now()) {
            throw InvalidInput::text("booking_error_mark");
        }
        db.cached("UPDATE booking SET state = ?, marked_unix_ms = ? WHERE id = ?")
            .bind(1, booking_state_name(outcome))
            .bind(2, now())
            .bind(3, booking_id)
            .run();
        audit_in(db, audit, booking_id);
    });
}

BookingStore::Write<void> BookingStore::note(std::int64_t booking_id, std::string text,
                                             AuditNote audit) {
    return write([booking_id, text = std::move(text), audit = std::move(audit)](Database& db) {
        const std::string note = checked_paragraphs(text, 0, 4'000, "booking_error_private_note");
        require_booking(db, booking_id);
        db.cached("UPDATE booking SET private_note = ? WHERE id = ?")
            .bind(1, note)
            .bind(2, booking_id)
            .run();
        audit_in(db, audit, booking_id);
    });
}

BookingStore::Write<std::string> BookingStore::create_feed_token(std::int64_t official_id,
                                                                 AuditNote audit) {
    return write([this, official_id, audit = std::move(audit)](Database& db) {
        Statement official = db.cached("SELECT 1 FROM booking_official WHERE account_id = ?");
        official.bind(1, official_id);
        if (!official.step()) throw InvalidInput::text("booking_error_official");
        db.cached("DELETE FROM booking_token WHERE kind = 'feed' AND ref_id = ?")
            .bind(1, official_id)
            .run();
        std::string token = mint_token(db, "feed", official_id, now());
        audit_in(db, audit, official_id);
        return token;
    });
}

BookingStore::Write<void> BookingStore::revoke_feed_token(std::int64_t official_id,
                                                          AuditNote audit) {
    return write([official_id, audit = std::move(audit)](Database& db) {
        db.cached("DELETE FROM booking_token WHERE kind = 'feed' AND ref_id = ?")
            .bind(1, official_id)
            .run();
        audit_in(db, audit, official_id);
    });
}

// ---- timers ----

BookingStore::Write<int> BookingStore::send_reminders(std::int64_t now_unix_ms) {
    const std::int64_t lead = settings_.reminder_hours_before * 60 * kMinuteMs;
    static constexpr std::string_view kDue =
        "SELECT id FROM booking WHERE state = 'confirmed' AND reminded_unix_ms = 0 AND "
        "start_unix_ms > ? AND start_unix_ms <= ?";
    {
        std::lock_guard lock(reader_mutex_);
        Statement due = reader_.cached(kDue);
        due.bind(1, now_unix_ms).bind(2, now_unix_ms + lead);
        if (!due.step()) return nothing_to_do();
    }
    return write([this, now_unix_ms, lead](Database& db) {
        std::vector<std::int64_t> due;
        {
            Statement select = db.cached(kDue);
            select.bind(1, now_unix_ms).bind(2, now_unix_ms + lead);
            while (select.step()) due.push_back(select.column_int(0));
        }
        const auto snapshot = snapshot_.load();
        for (std::int64_t id : due) {
            db.cached("UPDATE booking SET reminded_unix_ms = ? WHERE id = ?")
                .bind(1, now_unix_ms)
                .bind(2, id)
                .run();
            BookingEvent event =
                make_event(BookingEvent::Kind::kReminder, require_booking(db, id), *snapshot);
            event.manage_token = mint_token(db, "manage", id, now_unix_ms);
            emit(db, event);
        }
        return static_cast<int>(due.size());
    });
}

BookingStore::Write<int> BookingStore::expire_holds(std::int64_t now_unix_ms) {
    {
        std::lock_guard lock(reader_mutex_);
        Statement due = reader_.cached(
            "SELECT EXISTS (SELECT 1 FROM booking_hold WHERE released_unix_ms = 0 AND "
            "expires_unix_ms <= ?1) OR EXISTS (SELECT 1 FROM booking WHERE state = 'pending' "
            "AND created_unix_ms <= ?2)");
        due.bind(1, now_unix_ms).bind(2, now_unix_ms - settings_.confirm.count() * kMinuteMs);
        due.step();
        if (due.column_int(0) == 0) return nothing_to_do();
    }
    return write([this, now_unix_ms](Database& db) {
        return release_expired(db, now_unix_ms, settings_.confirm);
    });
}

// ---- reads ----

std::vector<FreeSlot> BookingStore::free_slots(std::int64_t service_id, LocalDate from,
                                               LocalDate to) const {
    const auto snapshot = snapshot_.load();
    const Service* service = snapshot->service(service_id);
    if (service == nullptr || !service->active || !valid_date(from) || !valid_date(to) ||
        to < from) {
        return {};
    }
    if (day_number(to) - day_number(from) > 366) to = add_days(from, 366);
    SlotFinder::Query query;
    {
        std::lock_guard lock(reader_mutex_);
        ReadTransaction read(reader_);
        query =
            service_query(reader_, *snapshot, *service, now(), zone_.unix_ms(add_days(from, -1), 0),
                          zone_.unix_ms(add_days(to, 2), 0), settings_.confirm);
    }
    query.from = from;
    query.to = to;
    return finder_.free_slots(query);
}

std::vector<FreeSlot> BookingStore::nearest_free(std::int64_t service_id,
                                                 std::int64_t around_unix_ms,
                                                 std::size_t count) const {
    const LocalDate day = zone_.local_date(around_unix_ms);
    const auto snapshot = snapshot_.load();
    const Service* service = snapshot->service(service_id);
    if (service == nullptr || !service->active) return {};
    const LocalDate from = add_days(day, -7);
    const LocalDate to = add_days(day, 7);
    SlotFinder::Query query;
    {
        std::lock_guard lock(reader_mutex_);
        ReadTransaction read(reader_);
        query =
            service_query(reader_, *snapshot, *service, now(), zone_.unix_ms(add_days(from, -1), 0),
                          zone_.unix_ms(add_days(to, 2), 0), settings_.confirm);
    }
    query.from = from;
    query.to = to;
    return finder_.nearest(query, around_unix_ms, count);
}

std::vector<Booking> BookingStore::official_bookings(std::int64_t official_id,
                                                     std::int64_t from_unix_ms,
                                                     std::int64_t to_unix_ms) const {
    std::lock_guard lock(reader_mutex_);
    Statement select = reader_.cached(booking_select(
        "WHERE official_id = ? AND start_unix_ms >= ? AND start_unix_ms < ? ORDER BY "
        "start_unix_ms, id"));
    select.bind(1, official_id).bind(2, from_unix_ms).bind(3, to_unix_ms);
    std::vector<Booking> bookings;
    while (select.step()) bookings.push_back(read_booking_row(select));
    return bookings;
}

std::vector<Booking> BookingStore::account_bookings(std::int64_t account_id) const {
    if (account_id == 0) return {};
    std::lock_guard lock(reader_mutex_);
    Statement select = reader_.cached(
        booking_select("WHERE account_id = ? ORDER BY start_unix_ms DESC, id DESC LIMIT 100"));
    select.bind(1, account_id);
    std::vector<Booking> bookings;
    while (select.step()) bookings.push_back(read_booking_row(select));
    return bookings;
}

std::optional<Booking> BookingStore::booking(std::int64_t booking_id) const {
    std::lock_guard lock(reader_mutex_);
    return read_booking(reader_, booking_id);
}

std::optional<Booking> BookingStore::by_manage_token(std::string_view manage_token) const {
    std::lock_guard lock(reader_mutex_);
    ReadTransaction read(reader_);
    auto row = find_token(reader_, "manage", manage_token);
    if (!row || row->spent_unix_ms != 0) return std::nullopt;
    return read_booking(reader_, row->ref_id);
}

std::optional<BookingStore::ConfirmationLookup> BookingStore::by_confirmation_token(
    std::string_view token) const {
    std::lock_guard lock(reader_mutex_);
    ReadTransaction read(reader_);
    auto row = find_token(reader_, "confirm", token);
    if (!row) return std::nullopt;
    auto booking = read_booking(reader_, row->ref_id);
    if (!booking) return std::nullopt;
    return ConfirmationLookup{std::move(*booking), row->spent_unix_ms != 0};
}

std::optional<Hold> BookingStore::hold_by_token(std::string_view hold_token) const {
    std::lock_guard lock(reader_mutex_);
    ReadTransaction read(reader_);
    auto row = find_token(reader_, "hold", hold_token);
    if (!row) return std::nullopt;
    return read_hold(reader_, row->ref_id);
}

std::optional<std::int64_t> BookingStore::official_of_feed_token(
    std::string_view feed_token) const {
    std::lock_guard lock(reader_mutex_);
    auto row = find_token(reader_, "feed", feed_token);
    if (!row) return std::nullopt;
    return row->ref_id;
}

bool BookingStore::has_feed_token(std::int64_t official_id) const {
    std::lock_guard lock(reader_mutex_);
    Statement select =
        reader_.cached("SELECT 1 FROM booking_token WHERE kind = 'feed' AND ref_id = ?");
    select.bind(1, official_id);
    return select.step();
}

}  // namespace councilcast::portal
