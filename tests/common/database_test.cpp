#include "common/database.hpp"

#include <doctest/doctest.h>

#include <array>
#include <filesystem>
#include <string_view>

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
    Statement& stmt = db.cached("SELECT name, size FROM item");
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
    Statement& stmt = db.cached("SELECT group_concat(name) FROM item");
    REQUIRE(stmt.step());
    CHECK(stmt.column_text(0) == "kept");
}
