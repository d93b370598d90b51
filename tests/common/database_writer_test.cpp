#include "common/database_writer.hpp"

#include <doctest/doctest.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>

#include <array>
#include <chrono>
#include <future>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "common/error.hpp"
#include "tests/support/demo_process.hpp"

using namespace councilcast;
namespace asio = boost::asio;

namespace {

constexpr std::array<std::string_view, 1> kSchema = {
    "CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, body BLOB)",
};
constexpr auto kDeadline = std::chrono::seconds(10);

std::filesystem::path migrated(const std::string& name) {
    auto path = councilcast::testing::fresh_database_path(name);
    Database db(path);
    migrate(db, kSchema);
    return path;
}

std::vector<std::string> names(const std::filesystem::path& path) {
    Database db(path, Durability::kNormal, OpenMode::kReadOnly);
    Statement select = db.cached("SELECT name FROM item ORDER BY id");
    std::vector<std::string> result;
    while (select.step()) result.push_back(select.column_text(0));
    return result;
}

auto insert(std::string name) {
    return [name](Database& db) {
        db.cached("INSERT INTO item (name) VALUES (?)").bind(1, name).run();
        return db.last_insert_rowid();
    };
}

// Holds the writer's thread inside a job until released, so later jobs queue up behind it.
struct Gate {
    std::promise<void> entered;
    std::promise<void> open;
    std::shared_future<void> opened = open.get_future().share();

    auto job() {
        return [this](Database&) {
            entered.set_value();
            return opened.wait_for(kDeadline) == std::future_status::ready;
        };
    }
};

}  // namespace

TEST_CASE("jobs run in the order they were queued, on the writer's thread only") {
    const auto path = migrated("writer-order.sqlite");
    DatabaseWriter writer(path);
    std::vector<std::thread::id> threads;
    for (int i = 0; i < 20; ++i) {
        writer.execute([&threads, i](Database& db) {
            threads.push_back(std::this_thread::get_id());
            db.cached("INSERT INTO item (name) VALUES (?)").bind(1, std::to_string(i)).run();
        });
    }
    const auto written = names(path);
    REQUIRE(written.size() == 20);
    for (int i = 0; i < 20; ++i) CHECK(written[static_cast<std::size_t>(i)] == std::to_string(i));
    for (const auto& id : threads) CHECK(id == writer.thread_id());
    CHECK(writer.thread_id() != std::this_thread::get_id());
}

TEST_CASE("a coroutine awaits a write without blocking its thread, and resumes on it") {
    const auto path = migrated("writer-await.sqlite");
    DatabaseWriter writer(path);
    asio::io_context io;  // run by this thread alone, like one network thread
    Gate gate;
    bool released_by_other_coroutine = false;
    std::thread::id resumed_on;
    std::int64_t id = 0;
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
            released_by_other_coroutine = co_await writer.run(gate.job());
            resumed_on = std::this_thread::get_id();
            id = co_await writer.run(insert("after"));
        },
        asio::detached);
    // Runs on the same thread while the first coroutine waits: a blocked thread never gets here,
    // and the gate's job then reports its deadline passed.
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
            gate.entered.get_future().wait();
            gate.open.set_value();
            co_return;
        },
        asio::detached);
    io.run();
    CHECK(released_by_other_coroutine);
    CHECK(resumed_on == std::this_thread::get_id());
    CHECK(id == 1);
}

TEST_CASE("a full queue answers WriterBusy at once") {
    const auto path = migrated("writer-busy.sqlite");
    DatabaseWriter writer(path, {.queue_length = 2});
    Gate gate;
    std::thread blocked([&] { writer.execute(gate.job()); });
    gate.entered.get_future().wait();
    CHECK(writer.post(insert("queued"), "[test]"));  // the second of two places
    CHECK_THROWS_AS(writer.execute(insert("refused")), WriterBusy);
    CHECK_FALSE(writer.post(insert("refused too"), "[test]"));
    gate.open.set_value();
    blocked.join();
    writer.execute([](Database&) {});  // the queue drains: room again
    CHECK(names(path) == std::vector<std::string>{"queued"});
}

TEST_CASE("queued jobs share one commit; a failing one rolls back only itself") {
    const auto path = migrated("writer-group.sqlite");
    DatabaseWriter writer(path);
    Gate gate;
    std::thread blocked([&] { writer.execute(gate.job()); });
    gate.entered.get_future().wait();
    const auto commits_before = writer.stats().commits;

    asio::io_context io;
    std::vector<std::string> outcomes(3);
    auto attempt = [&](std::size_t i, auto job) {
        asio::co_spawn(
            io,
            [&, i, job]() -> asio::awaitable<void> {
                try {
                    co_await writer.run(job);
                    outcomes[i] = "ok";
                } catch (const InvalidInput& e) {
                    outcomes[i] = e.what();
                }
            },
            asio::detached);
    };
    attempt(0, insert("first"));
    attempt(1, [](Database& db) {
        db.cached("INSERT INTO item (name) VALUES ('half-done')").run();
        throw InvalidInput("refused");
    });
    attempt(2, insert("third"));
    // Lets the coroutines queue their jobs behind the gate before it opens.
    io.run_one();
    io.run_one();
    io.run_one();
    const auto deadline = std::chrono::steady_clock::now() + kDeadline;
    while (writer.queued() < 4 && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::yield();
    }
    REQUIRE(writer.queued() == 4);
    gate.open.set_value();
    blocked.join();
    io.run();

    CHECK(outcomes == std::vector<std::string>{"ok", "refused", "ok"});
    CHECK(names(path) == std::vector<std::string>{"first", "third"});
    // The gate's transaction, then one for all three.
    CHECK(writer.stats().commits - commits_before == 2);
}

TEST_CASE("a job's durability sets synchronous=FULL for its transaction") {
    const auto path = migrated("writer-durability.sqlite");
    DatabaseWriter writer(path);
    auto synchronous = [](Database& db) {
        Statement pragma = db.cached("PRAGMA synchronous");
        pragma.step();
        return pragma.column_int(0);
    };
    CHECK(writer.execute(synchronous, Durability::kFull) == 2);
    CHECK(writer.execute(synchronous, Durability::kNormal) == 1);
}

TEST_CASE("errors reach the caller; the writer goes on") {
    const auto path = migrated("writer-errors.sqlite");
    DatabaseWriter writer(path);
    writer.execute(insert("once"));
    CHECK_THROWS_AS(writer.execute(insert("once")), DatabaseError);  // UNIQUE
    CHECK_THROWS_WITH_AS(writer.execute([](Database&) -> int { throw InvalidInput("bad"); }), "bad",
                         InvalidInput);
    CHECK(writer.execute(insert("twice")) == 2);
    CHECK(writer.writable());
}

TEST_CASE("a full disk fails the write, not the process, and shows in writable()") {
    const auto path = migrated("writer-full.sqlite");
    DatabaseWriter writer(path);
    writer.execute(insert("before"));
    // A real SQLITE_FULL without root or a small file system: the file may not grow further.
    writer.execute([](Database& db) {
        Statement pages = db.cached("PRAGMA page_count");
        pages.step();
        db.exec("PRAGMA max_page_count = " + std::to_string(pages.column_int(0)));
    });
    const std::string big(64 * 1024, 'x');
    auto grow = [&big](Database& db) {
        db.cached("INSERT INTO item (name, body) VALUES ('big', ?)").bind(1, big).run();
    };
    CHECK_THROWS_AS(writer.execute(grow), StorageFailing);
    CHECK_FALSE(writer.writable());
    CHECK(writer.storage_problem().find("full") != std::string::npos);
    CHECK(names(path) == std::vector<std::string>{"before"});  // reads go on

    // Room again: the next write succeeds and the state clears.
    writer.execute([](Database& db) { db.exec("PRAGMA max_page_count = 1000000"); });
    writer.execute(grow);
    CHECK(writer.writable());
    CHECK(names(path) == std::vector<std::string>{"before", "big"});
}
