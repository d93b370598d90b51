// The VOD playlist of a six-hour meeting (10,800 segments of 2 s, one worker restart an hour):
// reading its segments from SQLite, making the playlist, its bytes plain and gzipped. Peers in
// the same run: the live playlist generator over the same segments, and a bare SELECT of the
// same rows; and the same playlist with 20 redacted ranges (which segments they hide, and the
// EXT-X-GAP playlist) against the one without. Figures only: nothing here fails on a slow
// machine.
#include <fmt/core.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <optional>
#include <string>

#include "archive/playlist.hpp"
#include "archive/segment_index.hpp"
#include "archive/segment_reader.hpp"
#include "common/database.hpp"
#include "portal/http/responses.hpp"
#include "portal/recordings/recording_archive.hpp"
#include "tests/support/demo_process.hpp"

using namespace councilcast;

namespace {

constexpr int kSegments = 6 * 3600 / 2;
constexpr int kRuns = 20;
constexpr std::int64_t kStartMs = 1795867200000;
constexpr int kRedactions = 20;

template <typename Work>
double best_ms(Work work) {
    double best = 1e9;
    for (int run = 0; run < kRuns; ++run) {
        const auto start = std::chrono::steady_clock::now();
        work();
        best = std::min(best, std::chrono::duration<double, std::milli>(
                                  std::chrono::steady_clock::now() - start)
                                  .count());
    }
    return best;
}

}  // namespace

int main() {
    const auto path = testing::fresh_database_path("recording-playlist-bench.sqlite");
    {
        Database db(path);
        const std::string_view steps[] = {archive::kSegmentTables};
        migrate(db, steps);
        archive::SegmentIndex index(db);
        Transaction tx(db);
        for (int n = 0; n < kSegments; ++n) {
            if (n > 0 && n % 1800 == 0) index.mark_discontinuity("hall");
            index.write(
                "hall", "720p",
                {fmt::format("{:08x}-{:06}.ts", 0x1a2b3c4d + n / 1800, n),
                 kStartMs + n * 2000LL + (n / 1800) * 5000, 2'000'000 + (n % 7) * 1000, 700'000});
        }
        tx.commit();
    }
    archive::SegmentReader reader(path);
    const std::int64_t end = kStartMs + 6 * 3'600'000LL + 60'000;
    std::vector<archive::Segment> segments;
    const double read_ms =
        best_ms([&] { segments = reader.between("hall", "720p", kStartMs, end); });
    std::string vod;
    const double vod_ms =
        best_ms([&] { vod = archive::recording_media_playlist(segments, 3, true); });
    // Twenty ranges of 1 to 5 minutes spread over the meeting, as an editor hides them.
    std::vector<portal::Redaction> redactions;
    for (int i = 0; i < kRedactions; ++i) {
        const std::int64_t from = kStartMs + (i * 17 + 3) * 60'000LL;
        redactions.push_back({.id = i + 1,
                              .meeting_id = 1,
                              .from_unix_ms = from,
                              .to_unix_ms = from + (1 + i % 5) * 60'000LL,
                              .reason = "bench"});
    }
    std::vector<const portal::Redaction*> active;
    for (const auto& redaction : redactions) active.push_back(&redaction);
    std::vector<bool> hidden;
    const double hidden_ms =
        best_ms([&] { hidden = portal::hidden_segments(segments, 3, active); });
    std::string redacted;
    const double redacted_ms =
        best_ms([&] { redacted = archive::recording_media_playlist(segments, 3, true, hidden); });
    const auto gaps = std::count(hidden.begin(), hidden.end(), true);
    std::string compressed;
    const double gzip_ms = best_ms([&] { compressed = portal::gzip(vod); });
    std::string live;
    const double live_ms = best_ms([&] {
        // The live generator needs one discontinuity sequence per break, as the index gives.
        live = archive::live_media_playlist(segments, 3);
    });
    Database plain(path, Durability::kNormal, OpenMode::kReadOnly);
    std::size_t rows = 0;
    const double select_ms = best_ms([&] {
        rows = 0;
        Statement select = plain.cached(
            "SELECT file, start_unix_ms, duration_us FROM segment WHERE channel = 'hall' AND "
            "rendition = '720p' ORDER BY sequence");
        while (select.step()) ++rows;
        select.reset();
    });
    std::printf("VOD playlist of a 6-hour meeting, %zu segments (best of %d runs):\n",
                segments.size(), kRuns);
    std::printf("  read segments (SegmentReader)      %8.2f ms\n", read_ms);
    std::printf("  make VOD playlist                  %8.2f ms  %zu bytes\n", vod_ms, vod.size());
    std::printf("  gzip it (as served)                %8.2f ms  %zu bytes\n", gzip_ms,
                compressed.size());
    std::printf("  peer: live generator, same segments %7.2f ms  %zu bytes\n", live_ms,
                live.size());
    std::printf("  peer: bare SELECT of %zu rows       %7.2f ms\n", rows, select_ms);
    std::printf("With %d redacted ranges (%td segments hidden), same segments:\n", kRedactions,
                gaps);
    std::printf("  which segments they hide           %8.2f ms\n", hidden_ms);
    std::printf("  make VOD playlist with EXT-X-GAP   %8.2f ms  %zu bytes\n", redacted_ms,
                redacted.size());
    std::printf("  peer: the same without redactions  %8.2f ms  %zu bytes\n", vod_ms, vod.size());
    return 0;
}
