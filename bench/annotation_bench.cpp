// An editor's annotation save as the page makes it: a note written through the AnnotationStore
// (one job of the one writer: the row, its undo entry and its hash-chained audit entry in one
// transaction, then a new recordings snapshot), latency p50/p99 over sequential saves. The peer,
// in the same run on the same database: the bare INSERT of the same row on a fresh connection
// with synchronous=FULL per save, as a script without the writer would do it, and the plain
// INSERT without audit on a kept connection with the writer's durability. Figures only:
// nothing here fails on a slow machine.
#include <fmt/core.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "common/database.hpp"
#include "common/database_writer.hpp"
#include "portal/audit/audit_log.hpp"
#include "portal/council/council_store.hpp"
#include "portal/recordings/annotation_store.hpp"
#include "portal/recordings/recording_store.hpp"
#include "portal/schema.hpp"
#include "tests/support/demo_process.hpp"

using namespace councilcast;
using namespace councilcast::portal;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int kSaves = 400;
constexpr std::int64_t kStartMs = 1795867200000;
constexpr std::int64_t kLengthMs = 4 * 3'600'000;  // a long meeting

double percentile(std::vector<double> values, double p) {
    std::sort(values.begin(), values.end());
    const auto index = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1));
    return values[index];
}

AuditNote audited(int n) {
    return [n](std::int64_t id) {
        AuditEntry entry;
        entry.actor_user_id = 1;
        entry.actor = "editor@example.lt";
        entry.action = "recording.note";
        entry.target = fmt::format("note {}", id);
        entry.detail = fmt::format("save {}", n);
        entry.peer = "127.0.0.1";
        return entry;
    };
}

}  // namespace

int main() {
    spdlog::set_level(spdlog::level::warn);
    const auto dir = testing::fresh_directory("annotation-bench");
    const auto database = dir / "councilcast.sqlite";
    {
        Database db(database);
        migrate_database(db);
    }
    auto writer = std::make_unique<DatabaseWriter>(database);
    CouncilStore council(database, dir, *writer);
    Meeting meeting;
    meeting.title = {"Tarybos posėdis", "Council meeting"};
    meeting.starts_unix = kStartMs / 1000;
    const std::int64_t meeting_id = block_on(council.add_meeting(meeting));
    RecordingStore recordings(database, *writer);
    block_on(recordings.set_span(meeting_id, "hall", kStartMs, kStartMs + kLengthMs, {}));
    AnnotationStore annotations(*writer, recordings);

    std::vector<double> store_ms;
    for (int n = 0; n < kSaves; ++n) {
        RecordingNote note;
        note.meeting_id = meeting_id;
        note.is_public = n % 2 == 0;
        note.text = {fmt::format("Pastaba nr. {}: klausimas apie biudžetą", n),
                     fmt::format("Note {}: a question on the budget", n)};
        note.from_unix_ms = kStartMs + n * 10'000;
        const auto began = Clock::now();
        block_on(annotations.save_note(1, note, audited(n)));
        store_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - began).count());
    }

    std::vector<double> peer_ms;
    for (int n = 0; n < kSaves; ++n) {
        const auto began = Clock::now();
        Database db(database, Durability::kFull);
        Transaction transaction(db);
        db.cached(
              "INSERT INTO recording_note (meeting_id, public, text_lt, text_en, from_unix_ms) "
              "VALUES (?, 1, ?, ?, ?)")
            .bind(1, meeting_id)
            .bind(2, fmt::format("Pastaba nr. {}: klausimas apie biudžetą", n))
            .bind(3, fmt::format("Note {}: a question on the budget", n))
            .bind(4, kStartMs + n * 10'000 + 5000)
            .run();
        transaction.commit();
        peer_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - began).count());
    }
    // And the same INSERT with the writer's durability (WAL, synchronous=NORMAL) on one kept
    // connection: what the store adds (undo, audit chain, snapshot) over the row alone.
    std::vector<double> plain_ms;
    {
        Database db(database, Durability::kNormal);
        for (int n = 0; n < kSaves; ++n) {
            const auto began = Clock::now();
            Transaction transaction(db);
            db.cached(
                  "INSERT INTO recording_note (meeting_id, public, text_lt, text_en, "
                  "from_unix_ms) VALUES (?, 1, ?, ?, ?)")
                .bind(1, meeting_id)
                .bind(2, fmt::format("Pastaba nr. {}: klausimas apie biudžetą", n))
                .bind(3, fmt::format("Note {}: a question on the budget", n))
                .bind(4, kStartMs + n * 10'000 + 7000)
                .run();
            transaction.commit();
            plain_ms.push_back(
                std::chrono::duration<double, std::milli>(Clock::now() - began).count());
        }
    }
    writer->flush();

    const double store_p50 = percentile(store_ms, 0.5);
    const double store_p99 = percentile(store_ms, 0.99);
    const double peer_p50 = percentile(peer_ms, 0.5);
    const double peer_p99 = percentile(peer_ms, 0.99);
    std::printf("annotation save, %d sequential saves on one recording\n", kSaves);
    std::printf(
        "  AnnotationStore (writer job: row + undo + audit, snapshot): p50 %.2f ms, p99 "
        "%.2f ms\n",
        store_p50, store_p99);
    std::printf(
        "  peer: bare INSERT, fresh connection, synchronous=FULL:       p50 %.2f ms, p99 "
        "%.2f ms\n",
        peer_p50, peer_p99);
    const double plain_p50 = percentile(plain_ms, 0.5);
    const double plain_p99 = percentile(plain_ms, 0.99);
    std::printf(
        "  plain INSERT, kept connection, synchronous=NORMAL (no audit): p50 %.2f ms, "
        "p99 %.2f ms\n",
        plain_p50, plain_p99);
    std::printf("  ratio store/fresh-FULL peer: p50 %.2fx, p99 %.2fx\n", store_p50 / peer_p50,
                store_p99 / peer_p99);
    std::printf("  ratio store/plain INSERT:    p50 %.2fx, p99 %.2fx\n", store_p50 / plain_p50,
                store_p99 / plain_p99);
    return 0;
}
