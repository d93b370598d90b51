#include "common/database.hpp"

#include <fmt/core.h>

#include "common/error.hpp"

namespace councilcast {
namespace {

[[noreturn]] void fail(sqlite3* db, std::string_view what) {
    throw Error(fmt::format("database: {}: {}", what, sqlite3_errmsg(db)));
}

void check(sqlite3* db, int rc, std::string_view what) {
    if (rc != SQLITE_OK) fail(db, what);
}

constexpr int kBusyTimeoutMs = 5000;

}  // namespace

Statement::Statement(sqlite3* db, std::string_view sql) : db_(db) {
    sqlite3_stmt* raw = nullptr;
    int rc = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()),
                                SQLITE_PREPARE_PERSISTENT, &raw, nullptr);
    stmt_.reset(raw);
    if (rc != SQLITE_OK) fail(db, fmt::format("prepare '{}'", sql));
}

Statement& Statement::bind(int index, std::int64_t value) {
    check(db_, sqlite3_bind_int64(stmt_.get(), index, value), "bind");
    return *this;
}

Statement& Statement::bind(int index, double value) {
    check(db_, sqlite3_bind_double(stmt_.get(), index, value), "bind");
    return *this;
}

Statement& Statement::bind(int index, std::string_view value) {
    check(db_,
          sqlite3_bind_text(stmt_.get(), index, value.data(), static_cast<int>(value.size()),
                            SQLITE_TRANSIENT),
          "bind");
    return *this;
}

Statement& Statement::bind_null(int index) {
    check(db_, sqlite3_bind_null(stmt_.get(), index), "bind");
    return *this;
}

bool Statement::step() {
    int rc = sqlite3_step(stmt_.get());
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    fail(db_, fmt::format("step '{}'", sqlite3_sql(stmt_.get())));
}

void Statement::run() {
    while (step()) {
    }
    reset();
}

void Statement::reset() {
    sqlite3_reset(stmt_.get());
    sqlite3_clear_bindings(stmt_.get());
}

std::int64_t Statement::column_int(int index) const {
    return sqlite3_column_int64(stmt_.get(), index);
}

double Statement::column_double(int index) const {
    return sqlite3_column_double(stmt_.get(), index);
}

std::string Statement::column_text(int index) const {
    const auto* text = sqlite3_column_text(stmt_.get(), index);
    if (!text) return {};
    return std::string(reinterpret_cast<const char*>(text),
                       static_cast<std::size_t>(sqlite3_column_bytes(stmt_.get(), index)));
}

bool Statement::column_is_null(int index) const {
    return sqlite3_column_type(stmt_.get(), index) == SQLITE_NULL;
}

Database::Database(const std::filesystem::path& path, Durability durability) {
    sqlite3* raw = nullptr;
    std::string name = path.empty() ? ":memory:" : path.string();
    int rc =
        sqlite3_open_v2(name.c_str(), &raw,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    db_.reset(raw);
    if (rc != SQLITE_OK) {
        throw Error(fmt::format("cannot open database {}: {}", name,
                                raw ? sqlite3_errmsg(raw) : "out of memory"));
    }
    sqlite3_busy_timeout(raw, kBusyTimeoutMs);
    sqlite3_extended_result_codes(raw, 1);
    exec("PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON;");
    exec(durability == Durability::kFull ? "PRAGMA synchronous=FULL;"
                                         : "PRAGMA synchronous=NORMAL;");
}

void Database::exec(std::string_view sql) {
    std::string text(sql);
    char* message = nullptr;
    int rc = sqlite3_exec(db_.get(), text.c_str(), nullptr, nullptr, &message);
    if (rc != SQLITE_OK) {
        std::string reason = message ? message : sqlite3_errstr(rc);
        sqlite3_free(message);
        throw Error(fmt::format("database: {}", reason));
    }
}

Statement& Database::cached(std::string_view sql) {
    auto it = statements_.find(std::string(sql));
    if (it == statements_.end()) {
        it = statements_.emplace(std::string(sql), std::make_unique<Statement>(db_.get(), sql))
                 .first;
    } else {
        it->second->reset();
    }
    return *it->second;
}

std::int64_t Database::last_insert_rowid() const {
    return sqlite3_last_insert_rowid(db_.get());
}

int Database::user_version() {
    Statement& stmt = cached("PRAGMA user_version");
    stmt.step();
    int version = static_cast<int>(stmt.column_int(0));
    stmt.reset();
    return version;
}

Transaction::Transaction(Database& db) : db_(db) {
    db_.exec("BEGIN IMMEDIATE");
}

Transaction::~Transaction() {
    if (!done_) sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void Transaction::commit() {
    db_.exec("COMMIT");
    done_ = true;
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
