// The one writer's throughput with synchronous=FULL: durable writes per second from N concurrent
// producers, (1) as today before the writer: each producer on its own connection with its own
// BEGIN IMMEDIATE transactions, (2) through the DatabaseWriter with one transaction per job, and
// (3) through it with group commit (jobs waiting in the queue share one transaction and fsync).
// Figures only: nothing here fails on a slow machine.
#include <spdlog/spdlog.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "common/database.hpp"
#include "common/database_writer.hpp"
#include "tests/support/demo_process.hpp"

using namespace councilcast;

namespace {

constexpr int kProducers = 8;
constexpr int kJobsEach = 60;
constexpr std::array<std::string_view, 1> kSchema = {
    "CREATE TABLE vote (id INTEGER PRIMARY KEY, producer INTEGER NOT NULL, "
    "n INTEGER NOT NULL, cast_at INTEGER NOT NULL)",
};

struct Figures {
    double writes_per_second = 0;
    std::uint64_t commits = 0;
};

std::filesystem::path fresh(const std::string& name) {
    auto path = testing::fresh_database_path(name);
    Database db(path);
    migrate(db, kSchema);
    return path;
}

void insert(Database& db, int producer, int n) {
    db.cached("INSERT INTO vote (producer, n, cast_at) VALUES (?, ?, ?)")
        .bind(1, producer)
        .bind(2, n)
        .bind(3, static_cast<std::int64_t>(
                     std::chrono::system_clock::now().time_since_epoch().count()))
        .run();
}

template <typename Produce>
double run_producers(Produce produce) {
    const auto start = std::chrono::steady_clock::now();
    std::vector<std::thread> producers;
    for (int p = 0; p < kProducers; ++p) producers.emplace_back([&produce, p] { produce(p); });
    for (auto& thread : producers) thread.join();
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return kProducers * kJobsEach / seconds;
}

Figures own_connections() {
    const auto path = fresh("writer-bench-own.sqlite");
    Figures figures;
    figures.writes_per_second = run_producers([&path](int producer) {
        Database db(path, Durability::kFull);
        for (int n = 0; n < kJobsEach; ++n) {
            Transaction tx(db);
            insert(db, producer, n);
            tx.commit();
        }
    });
    figures.commits = kProducers * kJobsEach;
    return figures;
}

Figures through_writer(bool group_commit, const std::string& name) {
    const auto path = fresh(name);
    DatabaseWriter writer(path, {.group_commit = group_commit});
    Figures figures;
    figures.writes_per_second = run_producers([&writer](int producer) {
        for (int n = 0; n < kJobsEach; ++n) {
            writer.execute([producer, n](Database& db) { insert(db, producer, n); },
                           Durability::kFull);
        }
    });
    figures.commits = writer.stats().commits;
    return figures;
}

}  // namespace

int main() {
    spdlog::set_level(spdlog::level::warn);
    const Figures own = own_connections();
    const Figures single = through_writer(false, "writer-bench-single.sqlite");
    const Figures grouped = through_writer(true, "writer-bench-group.sqlite");
    const int writes = kProducers * kJobsEach;
    std::printf("writer_bench: %d producers x %d durable writes (synchronous=FULL)\n", kProducers,
                kJobsEach);
    std::printf("  own connection each, BEGIN IMMEDIATE (before): %8.0f writes/s, %llu commits\n",
                own.writes_per_second, static_cast<unsigned long long>(own.commits));
    std::printf("  DatabaseWriter, one transaction per job:      %8.0f writes/s, %llu commits\n",
                single.writes_per_second, static_cast<unsigned long long>(single.commits));
    std::printf(
        "  DatabaseWriter, group commit:                 %8.0f writes/s, %llu commits "
        "(%.1f writes per commit)\n",
        grouped.writes_per_second, static_cast<unsigned long long>(grouped.commits),
        grouped.commits ? static_cast<double>(writes) / grouped.commits : 0.0);
    std::printf(
        "  group commit / one per job: %.2fx; group commit / own connections: %.2fx\n",
        single.writes_per_second > 0 ? grouped.writes_per_second / single.writes_per_second : 0.0,
        own.writes_per_second > 0 ? grouped.writes_per_second / own.writes_per_second : 0.0);
    return 0;
}
