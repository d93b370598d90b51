// SQLite behind small owners: a connection, cached prepared statements, IMMEDIATE transactions
// and migrations by PRAGMA user_version.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <utility>

#include "common/c_ptr.hpp"
#include "common/error.hpp"

namespace councilcast {

class Database;

// A statement prepared once per connection and kept in its cache (Database::cached).
class PreparedStatement {
  public:
    PreparedStatement(sqlite3* db, std::string_view sql);
    PreparedStatement(const PreparedStatement&) = delete;
    PreparedStatement& operator=(const PreparedStatement&) = delete;

    sqlite3* db() const { return db_; }
    sqlite3_stmt* handle() const { return stmt_.get(); }

  private:
    sqlite3* db_;  // non-owning: the Database outlives its statements
    CPtr<&sqlite3_finalize> stmt_;
};

// One use of a cached statement. Bind by 1-based index, step, read columns by 0-based index.
// Resets the statement and clears its bindings when it goes out of scope (as Chromium's
// sql::Statement does): a statement left stepping would hold its read snapshot open, and the
// connection would stop seeing other connections' writes.
class Statement {
  public:
    explicit Statement(PreparedStatement& prepared) : prepared_(&prepared) {}
    Statement(Statement&& other) noexcept : prepared_(std::exchange(other.prepared_, nullptr)) {}
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    Statement& operator=(Statement&&) = delete;
    ~Statement();

    Statement& bind(int index, std::int64_t value);
    template <typename T>
    requires std::is_integral_v<T> &&
        (!std::is_same_v<T, std::int64_t>)Statement& bind(int index, T value) {
        return bind(index, static_cast<std::int64_t>(value));
    }
    Statement& bind(int index, double value);
    Statement& bind(int index, std::string_view value);
    Statement& bind_null(int index);
    template <typename T>
    Statement& bind(int index, const std::optional<T>& value) {
        return value ? bind(index, *value) : bind_null(index);
    }

    // Returns true while there is a row to read.
    bool step();
    // Runs a statement that returns no rows.
    void run();
    // Ends this use early: the statement may be stepped again from the start, bindings cleared.
    void reset();

    std::int64_t column_int(int index) const;
    double column_double(int index) const;
    std::string column_text(int index) const;
    bool column_is_null(int index) const;

  private:
    sqlite3_stmt* stmt() const { return prepared_->handle(); }
    PreparedStatement* prepared_;  // non-owning: the connection's cache owns it
};

// A failure SQLite reported, with its (extended) result code, so a caller can tell a full disk
// (SQLITE_FULL) or an I/O error from a constraint.
class DatabaseError : public Error {
  public:
    DatabaseError(const std::string& message, int code) : Error(message), code_(code) {}
    int code() const { return code_; }
    // The storage itself is failing (disk full, I/O error), not this one statement.
    bool storage_failing() const {
        const int primary = code_ & 0xff;
        return primary == SQLITE_FULL || primary == SQLITE_IOERR || primary == SQLITE_CANTOPEN;
    }

  private:
    int code_;
};

enum class Durability {
    kNormal,  // synchronous=NORMAL: a power cut may lose the last commits, never corrupts
    kFull,    // synchronous=FULL: a commit that returned is on disk (votes, signatures)
};

enum class OpenMode {
    kReadWrite,  // creates the file when missing; the writer's connection, migrations, tests
    kReadOnly,   // a reader's connection: a write through it fails (SQLITE_READONLY)
};

// One connection. Not thread-safe: each thread that reads owns its own (or holds a lock); every
// write in the portal goes through the one DatabaseWriter.
class Database {
  public:
    // An empty path or ":memory:" opens an in-memory database.
    Database(const std::filesystem::path& path, Durability durability = Durability::kNormal,
             OpenMode mode = OpenMode::kReadWrite);
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    // Runs one or more statements without parameters (schema, pragmas).
    void exec(std::string_view sql);
    // A statement prepared once per connection and reused; the returned use resets it at scope
    // exit.
    Statement cached(std::string_view sql);
    std::int64_t last_insert_rowid() const;
    // Rows the last INSERT, UPDATE or DELETE changed.
    int changes() const;
    int user_version();
    // synchronous=FULL or NORMAL from now on; outside a transaction.
    void set_durability(Durability durability);
    Durability durability() const { return durability_; }
    sqlite3* handle() const { return db_.get(); }

  private:
    CPtr<&sqlite3_close_v2> db_;
    Durability durability_ = Durability::kNormal;
    std::unordered_map<std::string, std::unique_ptr<PreparedStatement>> statements_;
};

// BEGIN IMMEDIATE on construction; rolls back unless commit() was called. Inside a transaction
// already open (a DatabaseWriter job) it is a SAVEPOINT instead: commit() releases it into the
// outer transaction, which the writer commits, and a rollback undoes only its own changes.
class Transaction {
  public:
    explicit Transaction(Database& db);
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    ~Transaction();
    void commit();

  private:
    Database& db_;
    const bool nested_;
    bool done_ = false;
};

// BEGIN DEFERRED on construction, so every read inside sees one snapshot of the database; ends
// the read at scope exit, which lets the WAL checkpoint past it.
class ReadTransaction {
  public:
    explicit ReadTransaction(Database& db);
    ReadTransaction(const ReadTransaction&) = delete;
    ReadTransaction& operator=(const ReadTransaction&) = delete;
    ~ReadTransaction();

  private:
    Database& db_;
};

// Migrations are an ordered list: migration i (0-based) takes user_version i to i + 1.
// A database newer than the list is refused (an older binary must not touch it).
// Returns the number of migrations applied.
int migrate(Database& db, std::span<const std::string_view> migrations);

}  // namespace councilcast
