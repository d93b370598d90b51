#include "common/database.hpp"

#include <doctest/doctest.h>

#include <array>
#include <filesystem>
#include <string_view>
#include <thread>

#include "common/error.hpp"
#include "tests/support/demo_process.hpp"

using namespace councilcast;

namespace {

constexpr std::array<std::string_view, 2> kMigrations = {
    "CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT NOT NULL)",
    "ALTER TABLE item ADD COLUMN size INTEGER",
};

}  // namespace

TEST_CASE("migrations run once, in order, and survive reopening") {
    auto path = councilcast::testing::fresh_database_path("migrate.sqlite");
    {
        Database db(path);
        CHECK(migrate(db, kMigrations) == 2);
        CHECK(db.user_version() == 2);
        db.cached("INSERT INTO item (name, size) VALUES (?, ?)").bind(1, "a").bind(2, 3).run();
    }
    Database db(path);
    CHECK(migrate(db, kMigrations) == 0);
    Statement stmt = db.cached("SELECT name, size FROM item");
    REQUIRE(stmt.step());
    CHECK(stmt.column_text(0) == "a");
    CHECK(stmt.column_int(1) == 3);
}

TEST_CASE("a database newer than the program is refused untouched") {
    auto path = councilcast::testing::fresh_database_path("newer.sqlite");
    {
        Database db(path);
        migrate(db, kMigrations);
        db.exec("PRAGMA user_version = 7");
    }
    Database db(path);
    CHECK_THROWS_AS(migrate(db, kMigrations), Error);
    CHECK(db.user_version() == 7);
}

TEST_CASE("a failing migration leaves the previous version in place") {
    Database db("");
    constexpr std::array<std::string_view, 2> broken = {
        "CREATE TABLE a (x INTEGER)",
        "CREATE TABLE b (y INTEGER); INSERT INTO nowhere VALUES (1)",
    };
    CHECK_THROWS_AS(migrate(db, broken), Error);
    CHECK(db.user_version() == 1);
    CHECK_THROWS(db.exec("SELECT * FROM b"));
}

TEST_CASE("a transaction rolls back unless committed") {
    Database db("");
    migrate(db, kMigrations);
    {
        Transaction tx(db);
        db.cached("INSERT INTO item (name) VALUES (?)").bind(1, "lost").run();
    }
    {
        Transaction tx(db);
        db.cached("INSERT INTO item (name) VALUES (?)").bind(1, "kept").run();
        tx.commit();
    }
    Statement stmt = db.cached("SELECT group_concat(name) FROM item");
    REQUIRE(stmt.step());
    CHECK(stmt.column_text(0) == "kept");
}

TEST_CASE("an empty text is stored as '', however it was made; NULL only when asked for") {
    Database db("");
    migrate(db, kMigrations);
    // A default std::string_view holds a null pointer, which SQLite alone would bind as NULL
    // and a NOT NULL column would refuse.
    db.cached("INSERT INTO item (name) VALUES (?)").bind(1, std::string_view()).run();
    db.cached("INSERT INTO item (name) VALUES (?)").bind(1, std::string()).run();
    Statement empty = db.cached("SELECT count(*) FROM item WHERE name = ''");
    REQUIRE(empty.step());
    CHECK(empty.column_int(0) == 2);
    CHECK_THROWS_AS(db.cached("INSERT INTO item (name) VALUES (?)").bind_null(1).run(),
                    DatabaseError);
}

TEST_CASE("a connection runs in WAL mode with a busy timeout") {
    Database db(councilcast::testing::fresh_database_path("contract.sqlite"));
    Statement mode = db.cached("PRAGMA journal_mode");
    REQUIRE(mode.step());
    CHECK(mode.column_text(0) == "wal");
    Statement timeout = db.cached("PRAGMA busy_timeout");
    REQUIRE(timeout.step());
    CHECK(timeout.column_int(0) > 0);
}

TEST_CASE("BEGIN IMMEDIATE serialises read-modify-write transactions of two connections") {
    auto path = councilcast::testing::fresh_database_path("contention.sqlite");
    {
        Database db(path);
        migrate(db, kMigrations);
    }
    // Each transaction reads the count and writes it back as a new row: a deferred transaction
    // would fail with SQLITE_BUSY when two upgrade to writing at once; IMMEDIATE ones wait.
    constexpr int kPerThread = 50;
    auto writer = [&path] {
        Database db(path);
        for (int i = 0; i < kPerThread; ++i) {
            Transaction tx(db);
            db.cached("INSERT INTO item (name, size) SELECT 'n', count(*) FROM item").run();
            tx.commit();
        }
    };
    std::thread other(writer);
    writer();
    other.join();
    Database db(path);
    Statement check = db.cached("SELECT count(*), count(DISTINCT size), max(size) FROM item");
    REQUIRE(check.step());
    CHECK(check.column_int(0) == 2 * kPerThread);
    CHECK(check.column_int(1) == 2 * kPerThread);
    CHECK(check.column_int(2) == 2 * kPerThread - 1);
}

TEST_CASE("a cached statement is reset at scope exit, so the connection sees later writes") {
    auto path = councilcast::testing::fresh_database_path("reset.sqlite");
    Database writer(path);
    migrate(writer, kMigrations);
    for (const char* name : {"a", "b"}) {
        writer.cached("INSERT INTO item (name) VALUES (?)").bind(1, name).run();
    }
    Database reader(path, Durability::kNormal, OpenMode::kReadOnly);
    {
        Statement names = reader.cached("SELECT name FROM item ORDER BY id");
        REQUIRE(names.step());  // left mid-way: only the scope's end resets it
        CHECK(names.column_text(0) == "a");
    }
    writer.cached("INSERT INTO item (name) VALUES ('c')").run();
    auto count = [&reader] {
        Statement select = reader.cached("SELECT count(*) FROM item");
        select.step();
        return select.column_int(0);
    };
    CHECK(count() == 3);
    // The same prepared statement again, from the start, its bindings cleared.
    Statement names = reader.cached("SELECT name FROM item ORDER BY id");
    REQUIRE(names.step());
    CHECK(names.column_text(0) == "a");
}

TEST_CASE(
    "a read transaction sees one snapshot until it ends; a read-only connection cannot write") {
    auto path = councilcast::testing::fresh_database_path("read-transaction.sqlite");
    Database writer(path);
    migrate(writer, kMigrations);
    writer.cached("INSERT INTO item (name) VALUES ('a')").run();
    Database reader(path, Durability::kNormal, OpenMode::kReadOnly);
    auto count = [&reader] {
        Statement select = reader.cached("SELECT count(*) FROM item");
        select.step();
        return select.column_int(0);
    };
    {
        ReadTransaction read(reader);
        CHECK(count() == 1);
        writer.cached("INSERT INTO item (name) VALUES ('b')").run();
        CHECK(count() == 1);
    }
    CHECK(count() == 2);
    CHECK_THROWS_AS(reader.exec("INSERT INTO item (name) VALUES ('c')"), DatabaseError);
}

TEST_CASE("a transaction inside another is a savepoint that rolls back only itself") {
    Database db("");
    migrate(db, kMigrations);
    Transaction outer(db);
    db.cached("INSERT INTO item (name) VALUES ('outer')").run();
    {
        Transaction inner(db);
        db.cached("INSERT INTO item (name) VALUES ('inner')").run();
    }
    outer.commit();
    Statement names = db.cached("SELECT group_concat(name) FROM item");
    REQUIRE(names.step());
    CHECK(names.column_text(0) == "outer");
}
