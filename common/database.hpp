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

namespace councilcast {

class Database;

// A prepared statement. Bind by 1-based index, step, read columns by 0-based index.
// Reset happens automatically before the next use from the cache.
class Statement {
  public:
    Statement(sqlite3* db, std::string_view sql);
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

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
    void reset();

    std::int64_t column_int(int index) const;
    double column_double(int index) const;
    std::string column_text(int index) const;
    bool column_is_null(int index) const;

  private:
    struct Finalizer {
        void operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }
    };
    sqlite3* db_;  // non-owning: the Database outlives its statements
    std::unique_ptr<sqlite3_stmt, Finalizer> stmt_;
};

enum class Durability {
    kNormal,  // synchronous=NORMAL: a power cut may lose the last commits, never corrupts
    kFull,    // synchronous=FULL: a commit that returned is on disk (votes, signatures)
};

// One connection. Not thread-safe: each thread or executor that writes owns its own.
class Database {
  public:
    // An empty path or ":memory:" opens an in-memory database.
    Database(const std::filesystem::path& path, Durability durability = Durability::kNormal);
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    // Runs one or more statements without parameters (schema, pragmas).
    void exec(std::string_view sql);
    // A statement prepared once per connection and reused; reset before it is handed out.
    Statement& cached(std::string_view sql);
    std::int64_t last_insert_rowid() const;
    int user_version();
    sqlite3* handle() const { return db_.get(); }

  private:
    struct Closer {
        void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
    };
    std::unique_ptr<sqlite3, Closer> db_;
    std::unordered_map<std::string, std::unique_ptr<Statement>> statements_;
};

// BEGIN IMMEDIATE on construction; rolls back unless commit() was called.
class Transaction {
  public:
    explicit Transaction(Database& db);
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    ~Transaction();
    void commit();

  private:
    Database& db_;
    bool done_ = false;
};

// Migrations are an ordered list: migration i (0-based) takes user_version i to i + 1.
// A database newer than the list is refused (an older binary must not touch it).
// Returns the number of migrations applied.
int migrate(Database& db, std::span<const std::string_view> migrations);

}  // namespace councilcast
