#include "portal/audit/audit_log.hpp"

#include <fmt/core.h>

#include <chrono>

#include "common/secret_token.hpp"

namespace councilcast::portal {

const std::string_view kAuditTables = R"sql(
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at_unix_ms INTEGER NOT NULL,
    actor_user_id INTEGER NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    detail TEXT NOT NULL,
    peer TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log cannot be changed'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log cannot be changed'); END;
)sql";

namespace {

constexpr std::string_view kColumns =
    "id, at_unix_ms, actor_user_id, actor, action, target, detail, peer, hash";

// Each text field with its length in front, so no choice of field values makes two entries hash
// alike.
std::string chain_hash(std::string_view previous_hash, const AuditEntry& entry) {
    std::string text(previous_hash);
    text += fmt::format(";{};{};{};", entry.id, entry.at_unix_ms, entry.actor_user_id);
    for (const std::string* field :
         {&entry.actor, &entry.action, &entry.target, &entry.detail, &entry.peer}) {
        text += fmt::format("{}:{};", field->size(), *field);
    }
    return digest_hex(text);
}

AuditEntry read_entry(const Statement& row) {
    AuditEntry entry;
    entry.id = row.column_int(0);
    entry.at_unix_ms = row.column_int(1);
    entry.actor_user_id = row.column_int(2);
    entry.actor = row.column_text(3);
    entry.action = row.column_text(4);
    entry.target = row.column_text(5);
    entry.detail = row.column_text(6);
    entry.peer = row.column_text(7);
    entry.hash = row.column_text(8);
    return entry;
}

}  // namespace

AuditLog::AuditLog(const std::filesystem::path& database_file, DatabaseWriter& writer)
    : writer_(writer), reader_(database_file, Durability::kNormal, OpenMode::kReadOnly) {}

void AuditLog::append(Database& db, AuditEntry entry) {
    if (entry.at_unix_ms == 0) {
        entry.at_unix_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count();
    }
    // The previous hash is read inside the write transaction: two processes (the portal and
    // the command line) appending at once still make one chain.
    Transaction tx(db);
    Statement last = db.cached("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1");
    std::string previous_hash;
    entry.id = 1;
    if (last.step()) {
        entry.id = last.column_int(0) + 1;
        previous_hash = last.column_text(1);
    }
    last.reset();
    entry.hash = chain_hash(previous_hash, entry);
    db.cached("INSERT INTO audit_log (" + std::string(kColumns) +
              ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .bind(1, entry.id)
        .bind(2, entry.at_unix_ms)
        .bind(3, entry.actor_user_id)
        .bind(4, std::string_view(entry.actor))
        .bind(5, std::string_view(entry.action))
        .bind(6, std::string_view(entry.target))
        .bind(7, std::string_view(entry.detail))
        .bind(8, std::string_view(entry.peer))
        .bind(9, std::string_view(entry.hash))
        .run();
    tx.commit();
}

boost::asio::awaitable<void> AuditLog::record(AuditEntry entry) {
    return writer_.run([entry = std::move(entry)](Database& db) { append(db, entry); },
                       Durability::kFull);
}

std::vector<AuditEntry> AuditLog::entries(std::size_t limit, std::int64_t before_id) {
    std::lock_guard lock(mutex_);
    Statement select = reader_.cached("SELECT " + std::string(kColumns) +
                                      " FROM audit_log WHERE ?1 = 0 OR id < ?1 ORDER BY id DESC "
                                      "LIMIT ?2");
    select.bind(1, before_id).bind(2, static_cast<std::int64_t>(limit));
    std::vector<AuditEntry> result;
    while (select.step()) result.push_back(read_entry(select));
    return result;
}

std::optional<std::int64_t> AuditLog::first_broken_entry() {
    std::lock_guard lock(mutex_);
    return first_broken_entry(reader_);
}

std::optional<std::int64_t> AuditLog::first_broken_entry(Database& db) {
    ReadTransaction read(db);
    Statement select = db.cached("SELECT " + std::string(kColumns) + " FROM audit_log ORDER BY id");
    std::string previous_hash;
    std::int64_t expected_id = 1;
    while (select.step()) {
        AuditEntry entry = read_entry(select);
        if (entry.id != expected_id || chain_hash(previous_hash, entry) != entry.hash) {
            return entry.id;
        }
        previous_hash = entry.hash;
        ++expected_id;
    }
    return std::nullopt;
}

}  // namespace councilcast::portal
