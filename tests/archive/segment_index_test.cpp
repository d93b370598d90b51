#include "archive/segment_index.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "archive/playlist.hpp"
#include "common/database.hpp"
#include "common/error.hpp"
#include "tests/support/demo_process.hpp"

using namespace councilcast;
using namespace councilcast::archive;

namespace {

constexpr std::int64_t kStartMs = 1795867200000;  // 2026-11-28T12:00:00.000Z
constexpr std::int64_t kSegmentUs = 2'000'000;

// The n-th 2 s segment of a worker run, named the way the streamer names them.
NewSegment closed(std::string_view run, int n) {
    return NewSegment{std::string(run) + "-" + std::to_string(1000000 + n).substr(1) + ".ts",
                      kStartMs + n * 2000, kSegmentUs, 500'000};
}

std::vector<std::int64_t> sequences(const std::vector<Segment>& segments) {
    std::vector<std::int64_t> numbers;
    for (const auto& segment : segments) numbers.push_back(segment.sequence);
    return numbers;
}

using Numbers = std::vector<std::int64_t>;

// A database holding the archive's tables alone, as the portal's schema would create them.
void create_tables(Database& db) {
    const std::string_view steps[] = {kSegmentTables};
    migrate(db, steps);
}

}  // namespace

TEST_CASE("sequence numbers grow per rendition and survive reopening the database") {
    auto path = councilcast::testing::fresh_database_path("index-reopen.sqlite");
    {
        Database db(path);
        create_tables(db);
        SegmentIndex index(db);
        index.mark_discontinuity("hall");
        for (int n = 0; n < 3; ++n) CHECK(index.add("hall", "720p", closed("a1", n)).sequence == n);
        // Each rendition and each channel numbers on its own.
        CHECK(index.add("hall", "360p", closed("a1", 0)).sequence == 0);
        CHECK(index.add("annex", "720p", closed("b1", 0)).sequence == 0);
        CHECK(sequences(index.live_window("hall", "720p", 6)) == Numbers{0, 1, 2});
    }
    Database db(path);
    create_tables(db);
    SegmentIndex index(db);
    // Recent segments are back in memory before anything new arrives.
    auto window = index.live_window("hall", "720p", 2);
    CHECK(sequences(window) == Numbers{1, 2});
    CHECK(window.back().file == "a1-000002.ts");
    CHECK(window.back().start_unix_ms == kStartMs + 4000);
    CHECK(window.back().duration_us == kSegmentUs);
    CHECK(window.back().bytes == 500'000);
    CHECK(index.add("hall", "720p", closed("a2", 0)).sequence == 3);
    CHECK(sequences(index.live_window("hall", "720p", 6)) == Numbers{0, 1, 2, 3});
}

TEST_CASE("a worker restart marks the next segment of every rendition as a discontinuity") {
    Database db("");
    create_tables(db);
    SegmentIndex index(db);
    index.mark_discontinuity("hall");  // the first start: nothing before it to break from
    auto first = index.add("hall", "720p", closed("a1", 0));
    CHECK_FALSE(first.discontinuity);
    CHECK(first.discontinuity_sequence == 0);
    CHECK_FALSE(index.add("hall", "360p", closed("a1", 0)).discontinuity);
    CHECK_FALSE(index.add("hall", "720p", closed("a1", 1)).discontinuity);

    // Two starts in a row (the worker died before its first segment) still make one break.
    index.mark_discontinuity("hall");
    index.mark_discontinuity("hall");
    auto after = index.add("hall", "720p", closed("a2", 0));
    CHECK(after.discontinuity);
    CHECK(after.discontinuity_sequence == 1);
    auto next = index.add("hall", "720p", closed("a2", 1));
    CHECK_FALSE(next.discontinuity);
    CHECK(next.discontinuity_sequence == 1);
    auto other = index.add("hall", "360p", closed("a2", 0));
    CHECK(other.discontinuity);
    CHECK(other.discontinuity_sequence == 1);

    // Another channel's restart does not touch this one.
    index.mark_discontinuity("annex");
    CHECK_FALSE(index.add("hall", "720p", closed("a2", 2)).discontinuity);

    // A rendition added to the configuration later starts at the channel's count, so players
    // switching variants match them up.
    index.mark_discontinuity("hall");
    auto added = index.add("hall", "1080p", closed("a3", 0));
    CHECK_FALSE(added.discontinuity);
    CHECK(added.sequence == 0);
    CHECK(added.discontinuity_sequence == 2);
    auto existing = index.add("hall", "720p", closed("a3", 0));
    CHECK(existing.discontinuity);
    CHECK(existing.discontinuity_sequence == 2);
}

TEST_CASE("a mark survives a server crash before the next segment arrives") {
    auto path = councilcast::testing::fresh_database_path("index-restart.sqlite");
    {
        Database db(path);
        create_tables(db);
        SegmentIndex index(db);
        index.mark_discontinuity("hall");
        for (int n = 0; n < 4; ++n) index.add("hall", "720p", closed("a1", n));
        // The server restarts the worker, then dies before the worker's first segment.
        index.mark_discontinuity("hall");
    }
    Database db(path);
    create_tables(db);
    SegmentIndex index(db);
    auto segment = index.add("hall", "720p", closed("a2", 0));
    CHECK(segment.sequence == 4);
    CHECK(segment.discontinuity);
    CHECK(segment.discontinuity_sequence == 1);

    // The live playlist carries the break where it happened.
    std::string playlist = live_media_playlist(index.live_window("hall", "720p", 3), 3);
    CHECK(playlist.find("#EXT-X-MEDIA-SEQUENCE:2\n") != std::string::npos);
    CHECK(playlist.find("#EXT-X-DISCONTINUITY-SEQUENCE:0\n") != std::string::npos);
    CHECK(playlist.find("a1-000003.ts\n#EXT-X-DISCONTINUITY\n#EXT-X-PROGRAM-DATE-TIME:") !=
          std::string::npos);
}

TEST_CASE("sequence numbers never come back after segments are removed") {
    auto path = councilcast::testing::fresh_database_path("index-remove.sqlite");
    {
        Database db(path);
        create_tables(db);
        SegmentIndex index(db);
        for (int n = 0; n < 5; ++n) index.add("hall", "720p", closed("a1", n));
        // Retention takes everything, the newest included.
        auto expired = index.expired(std::chrono::system_clock::time_point::max(), 100);
        REQUIRE(expired.size() == 5);
        std::vector<std::int64_t> ids;
        for (const auto& segment : expired) ids.push_back(segment.id);
        index.remove(ids);
        CHECK(index.live_window("hall", "720p", 6).empty());
        CHECK(index.add("hall", "720p", closed("a1", 5)).sequence == 5);
    }
    Database db(path);
    create_tables(db);
    SegmentIndex index(db);
    CHECK(index.add("hall", "720p", closed("a1", 6)).sequence == 6);
    CHECK(sequences(index.live_window("hall", "720p", 6)) == Numbers{5, 6});
}

TEST_CASE("retention returns the oldest segments first, up to the limit") {
    Database db("");
    create_tables(db);
    SegmentIndex index(db);
    for (int n = 0; n < 10; ++n) index.add("hall", "720p", closed("a1", n));
    const auto cutoff =
        std::chrono::system_clock::time_point(std::chrono::milliseconds(kStartMs + 7000));
    auto all_old = index.expired(cutoff, 100);
    CHECK(sequences(all_old) == Numbers{0, 1, 2, 3});  // started at 0, 2, 4, 6 s
    auto batch = index.expired(cutoff, 2);
    CHECK(sequences(batch) == Numbers{0, 1});
    std::vector<std::int64_t> ids{batch[0].id, batch[1].id};
    index.remove(ids);
    CHECK(sequences(index.expired(cutoff, 100)) == Numbers{2, 3});
    CHECK(sequences(index.live_window("hall", "720p", 100)) == Numbers{2, 3, 4, 5, 6, 7, 8, 9});
    CHECK_FALSE(index.find_by_file("hall", "720p", "a1-000000.ts"));
}

TEST_CASE("a live window never spans a gap") {
    Database db("");
    create_tables(db);
    SegmentIndex index(db);
    std::vector<std::int64_t> ids;
    for (int n = 0; n < 6; ++n) ids.push_back(index.add("hall", "720p", closed("a1", n)).id);
    std::vector<std::int64_t> middle{ids[3]};
    index.remove(middle);
    CHECK(sequences(index.live_window("hall", "720p", 6)) == Numbers{4, 5});
}

TEST_CASE("a file name is indexed once per rendition") {
    Database db("");
    create_tables(db);
    SegmentIndex index(db);
    index.add("hall", "720p", closed("a1", 0));
    CHECK_THROWS_AS(index.add("hall", "720p", closed("a1", 0)), InvalidInput);
    // The streamer uses the same name in every rendition's own directory.
    CHECK(index.add("hall", "360p", closed("a1", 0)).sequence == 0);
    // The rejected segment took no number.
    CHECK(index.add("hall", "720p", closed("a1", 1)).sequence == 1);
    CHECK_THROWS_AS(index.add("hall", "720p", NewSegment{"", kStartMs, kSegmentUs, 1}),
                    InvalidInput);
    CHECK_THROWS_AS(index.add("hall", "720p", NewSegment{"x.ts", kStartMs, 0, 1}), InvalidInput);
}

TEST_CASE("recent segments are found by file name") {
    Database db("");
    create_tables(db);
    SegmentIndex index(db);
    for (int n = 0; n < 3; ++n) index.add("hall", "720p", closed("a1", n));
    auto found = index.find_by_file("hall", "720p", "a1-000001.ts");
    REQUIRE(found);
    CHECK(found->sequence == 1);
    CHECK(found->channel == "hall");
    CHECK(found->rendition == "720p");
    CHECK_FALSE(index.find_by_file("hall", "360p", "a1-000001.ts"));
    CHECK_FALSE(index.find_by_file("hall", "720p", "a1-000009.ts"));
    CHECK_FALSE(index.find_by_file("nowhere", "720p", "a1-000001.ts"));
}

TEST_CASE("memory keeps a bounded number of recent segments") {
    Database db("");
    create_tables(db);
    SegmentIndex index(db);
    const int total = static_cast<int>(SegmentIndex::kMemorySegments) + 20;
    for (int n = 0; n < total; ++n) index.add("hall", "720p", closed("a1", n));
    auto window = index.live_window("hall", "720p", 10'000);
    CHECK(window.size() == SegmentIndex::kMemorySegments);
    CHECK(window.back().sequence == total - 1);
    CHECK(index.live_window("hall", "720p", 0).empty());
    CHECK(index.live_window("hall", "1080p", 6).empty());
}

TEST_CASE("readers see consecutive, growing windows while the writer adds") {
    Database db("");
    create_tables(db);
    SegmentIndex index(db);
    index.mark_discontinuity("hall");
    constexpr int kSegments = 1000;
    std::atomic<bool> done = false;
    std::atomic<int> windows_read = 0;
    int bad_windows = 0;
    std::int64_t newest_seen = -1;
    bool newest_went_back = false;
    std::thread reader([&] {
        while (!done.load()) {
            auto window = index.live_window("hall", "720p", 6);
            ++windows_read;
            if (window.empty()) continue;
            for (std::size_t i = 1; i < window.size(); ++i) {
                if (window[i].sequence != window[i - 1].sequence + 1) ++bad_windows;
            }
            if (window.size() < 6 && window.back().sequence >= 6) ++bad_windows;
            if (window.back().sequence < newest_seen) newest_went_back = true;
            newest_seen = window.back().sequence;
            // Playlist generation on the reader's copy must accept every window.
            live_media_playlist(window, 3);
        }
    });
    // Reads happen while the writer adds, on a loaded machine too: it waits for one before it
    // starts and another halfway.
    const auto wait_for_a_read = [&] {
        const int seen = windows_read.load();
        while (windows_read.load() == seen) std::this_thread::yield();
    };
    wait_for_a_read();
    for (int n = 0; n < kSegments; ++n) {
        if (n == 500) {
            wait_for_a_read();
            index.mark_discontinuity("hall");
        }
        index.add("hall", "720p", closed("a1", n));
    }
    done = true;
    reader.join();
    CHECK(windows_read > 0);
    CHECK(bad_windows == 0);
    CHECK_FALSE(newest_went_back);
    CHECK(index.live_window("hall", "720p", 1).back().sequence == kSegments - 1);
}

TEST_CASE("a fragment's renditions share one sequence number, in step again after a broken run") {
    auto path = councilcast::testing::fresh_database_path("index-fragments.sqlite");
    Database db(path);
    create_tables(db);
    SegmentIndex index(db);
    using Parts = std::vector<std::pair<std::string, NewSegment>>;
    for (int n = 0; n < 3; ++n) {
        const auto rows = index.write_fragment(
            "hall", Parts{{"720p", closed("a1", n)}, {"360p", closed("a1", n)}});
        for (const auto& row : rows) index.remember(row);
        CHECK(sequences(rows) == Numbers{n, n});
    }
    // The old way, one rendition at a time: a worker that died between two renditions left
    // 720p a segment ahead.
    index.remember(index.write("hall", "720p", closed("a1", 3)));
    index.mark_discontinuity("hall");

    const auto rows =
        index.write_fragment("hall", Parts{{"720p", closed("a2", 0)}, {"360p", closed("a2", 0)}});
    REQUIRE(rows.size() == 2);
    CHECK(sequences(rows) == Numbers{4, 4});
    CHECK(rows[0].discontinuity);
    CHECK(rows[1].discontinuity);
    CHECK(rows[0].discontinuity_sequence == 1);
    CHECK(rows[1].discontinuity_sequence == 1);
    for (const auto& row : rows) index.remember(row);

    // The next fragment follows on, no break.
    const auto next =
        index.write_fragment("hall", Parts{{"720p", closed("a2", 1)}, {"360p", closed("a2", 1)}});
    CHECK(sequences(next) == Numbers{5, 5});
    CHECK_FALSE(next[0].discontinuity);
    CHECK(next[1].discontinuity_sequence == 1);

    // A fragment with a bad part is refused whole: no rendition gets it.
    CHECK_THROWS_AS(
        index.write_fragment("hall", Parts{{"720p", closed("a2", 2)}, {"360p", closed("a2", 1)}}),
        InvalidInput);
    CHECK(index.write_fragment("hall", Parts{{"720p", closed("a2", 2)}, {"360p", closed("a2", 2)}})
              .front()
              .sequence == 6);
}
