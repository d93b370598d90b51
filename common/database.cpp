#include "common/database.hpp"

#include <fmt/core.h>

#include "common/error.hpp"

namespace councilcast {
namespace {

[[noreturn]] void fail(sqlite3* db, std::string_view what) {
    throw DatabaseError(fmt::format("database: {}: {}", what, sqlite3_errmsg(db)),
                        sqlite3_extended_errcode(db));
}

void check(sqlite3* db, int rc, std::string_view what) {
    if (rc != SQLITE_OK) fail(db, what);
}

constexpr int kBusyTimeoutMs = 5000;

}  // namespace

PreparedStatement::PreparedStatement(sqlite3* db, std::string_view sql) : db_(db) {
    sqlite3_stmt* raw = nullptr;
    int rc = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()),
                                SQLITE_PREPARE_PERSISTENT, &raw, nullptr);
    stmt_.reset(raw);
    if (rc != SQLITE_OK) fail(db, fmt::format("prepare '{}'", sql));
}

Statement::~Statement() {
    if (prepared_) reset();
}

Statement& Statement::bind(int index, std::int64_t value) {
    check(prepared_->db(), sqlite3_bind_int64(stmt(), index, value), "bind");
    return *this;
}

Statement& Statement::bind(int index, double value) {
    check(prepared_->db(), sqlite3_bind_double(stmt(), index, value), "bind");
    return *this;
}

Statement& Statement::bind(int index, std::string_view value) {
    // SQLite binds NULL for a null pointer, which an empty std::string_view() may hold: an empty
    // text is '' however it was made, and NULL only what bind_null asks for.
    check(prepared_->db(),
          sqlite3_bind_text(stmt(), index, value.data() ? value.data() : "",
                            static_cast<int>(value.size()), SQLITE_TRANSIENT),
          "bind");
    return *this;
}

Statement& Statement::bind_null(int index) {
    check(prepared_->db(), sqlite3_bind_null(stmt(), index), "bind");
    return *this;
}

bool Statement::step() {
    int rc = sqlite3_step(stmt());
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    fail(prepared_->db(), fmt::format("step '{}'", sqlite3_sql(stmt())));
}

void Statement::run() {
    while (step()) {
    }
    reset();
}

void Statement::reset() {
    sqlite3_reset(stmt());
    sqlite3_clear_bindings(stmt());
}

std::int64_t Statement::column_int(int index) const {
    return sqlite3_column_int64(stmt(), index);
}

double Statement::column_double(int index) const {
    return sqlite3_column_double(stmt(), index);
}

std::string Statement::column_text(int index) const {
    const auto* text = sqlite3_column_text(stmt(), index);
    if (!text) return {};
    return std::string(reinterpret_cast<const char*>(text),
                       static_cast<std::size_t>(sqlite3_column_bytes(stmt(), index)));
}

bool Statement::column_is_null(int index) const {
    return sqlite3_column_type(stmt(), index) == SQLITE_NULL;
}

Database::Database(const std::filesystem::path& path, Durability durability, OpenMode mode) {
    sqlite3* raw = nullptr;
    std::string name = path.empty() ? ":memory:" : path.string();
    const int flags = (mode == OpenMode::kReadOnly ? SQLITE_OPEN_READONLY
                                                   : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
                      SQLITE_OPEN_NOMUTEX;
    int rc = sqlite3_open_v2(name.c_str(), &raw, flags, nullptr);
    db_.reset(raw);
    if (rc != SQLITE_OK) {
        throw DatabaseError(fmt::format("cannot open database {}: {}", name,
                                        raw ? sqlite3_errmsg(raw) : "out of memory"),
                            rc);
    }
    sqlite3_busy_timeout(raw, kBusyTimeoutMs);
    sqlite3_extended_result_codes(raw, 1);
    // A read-only connection cannot change the journal mode; the writer (or migrate) set WAL in
    // the file, and a reader follows it.
    if (mode == OpenMode::kReadWrite) exec("PRAGMA journal_mode=WAL;");
    exec("PRAGMA foreign_keys=ON;");
    set_durability(durability);
}

void Database::set_durability(Durability durability) {
    exec(durability == Durability::kFull ? "PRAGMA synchronous=FULL;"
                                         : "PRAGMA synchronous=NORMAL;");
    durability_ = durability;
}

void Database::exec(std::string_view sql) {
    std::string text(sql);
    char* message = nullptr;
    int rc = sqlite3_exec(db_.get(), text.c_str(), nullptr, nullptr, &message);
    if (rc != SQLITE_OK) {
        std::string reason = message ? message : sqlite3_errstr(rc);
        sqlite3_free(message);
        throw DatabaseError(fmt::format("database: {}", reason),
                            sqlite3_extended_errcode(db_.get()));
    }
}

Statement Database::cached(std::string_view sql) {
    auto it = statements_.find(std::string(sql));
    if (it == statements_.end()) {
        it = statements_
                 .emplace(std::string(sql), std::make_unique<PreparedStatement>(db_.get(), sql))
                 .first;
    }
    return Statement(*it->second);
}

std::int64_t Database::last_insert_rowid() const {
    return sqlite3_last_insert_rowid(db_.get());
}

int Database::changes() const {
    return sqlite3_changes(db_.get());
}

int Database::user_version() {
    Statement stmt = cached("PRAGMA user_version");
    stmt.step();
    return static_cast<int>(stmt.column_int(0));
}

Transaction::Transaction(Database& db)
    : db_(db), nested_(sqlite3_get_autocommit(db.handle()) == 0) {
    db_.exec(nested_ ? "SAVEPOINT nested" : "BEGIN IMMEDIATE");
}

Transaction::~Transaction() {
    if (done_) return;
    if (nested_) {
        sqlite3_exec(db_.handle(), "ROLLBACK TO nested; RELEASE nested", nullptr, nullptr, nullptr);
    } else {
        sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
    }
}

void Transaction::commit() {
    db_.exec(nested_ ? "RELEASE nested" : "COMMIT");
    done_ = true;
}

ReadTransaction::ReadTransaction(Database& db) : db_(db) {
    db_.exec("BEGIN DEFERRED");
}

ReadTransaction::~ReadTransaction() {
    // A read has nothing to keep: COMMIT and ROLLBACK both just end it; ROLLBACK also ends a
    // transaction a failed statement left half-done.
    sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

int migrate(Database& db, std::span<const std::string_view> migrations) {
    const int known = static_cast<int>(migrations.size());
    int version = db.user_version();
    if (version > known) {
        throw Error(
            fmt::format("the database is at schema version {}, newer than this program knows ({}); "
                        "run the newer councilcast or restore a backup",
                        version, known));
    }
    int applied = 0;
    for (; version < known; ++version, ++applied) {
        Transaction tx(db);
        db.exec(migrations[static_cast<std::size_t>(version)]);
        db.exec(fmt::format("PRAGMA user_version = {}", version + 1));
        tx.commit();
    }
    return applied;
}

}  // namespace councilcast
