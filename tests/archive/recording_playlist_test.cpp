// The playlist rules of a meeting's recording: EVENT while live, VOD once ended, a worker
// restart inside the meeting, and where wall-clock moments fall on its timeline.
#include <doctest/doctest.h>

#include <chrono>
#include <cstdint>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "archive/playlist.hpp"
#include "archive/segment_index.hpp"
#include "archive/segment_reader.hpp"
#include "common/database.hpp"
#include "tests/support/demo_process.hpp"

using namespace councilcast;
using namespace councilcast::archive;

namespace {

constexpr std::int64_t kStartMs = 1795867200000;  // 2026-11-28T12:00:00.000Z
constexpr int kTarget = 3;

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

int count_lines(const std::string& text, std::string_view prefix) {
    int count = 0;
    for (const auto& line : lines_of(text)) count += line.starts_with(prefix) ? 1 : 0;
    return count;
}

// `count` segments of 2 s from kStartMs; the one at `restart` (if any) begins after a worker
// restart that lost 9 s of wall-clock time.
std::vector<Segment> meeting(int count, int restart = -1) {
    std::vector<Segment> segments;
    std::int64_t at = kStartMs;
    std::int64_t discontinuity_sequence = 4;
    for (int i = 0; i < count; ++i) {
        Segment segment;
        segment.sequence = 50 + i;
        segment.discontinuity = i == restart;
        if (segment.discontinuity) {
            at += 9000;
            ++discontinuity_sequence;
        }
        segment.discontinuity_sequence = discontinuity_sequence;
        segment.file = "a1-" + std::to_string(100000 + i) + ".ts";
        segment.start_unix_ms = at;
        segment.duration_us = 2'000'000;
        at += 2000;
        segments.push_back(segment);
    }
    return segments;
}

}  // namespace

TEST_CASE("a live meeting's recording is an EVENT playlist from its first segment, no ENDLIST") {
    auto segments = meeting(5);
    const std::string text = recording_media_playlist(segments, kTarget, false);
    const auto lines = lines_of(text);
    REQUIRE(lines.size() > 6);
    CHECK(lines[0] == "#EXTM3U");
    CHECK(count_lines(text, "#EXT-X-PLAYLIST-TYPE:EVENT") == 1);
    CHECK(count_lines(text, "#EXT-X-MEDIA-SEQUENCE:0") == 1);
    CHECK(count_lines(text, "#EXT-X-TARGETDURATION:3") == 1);
    CHECK(count_lines(text, "#EXT-X-ENDLIST") == 0);
    CHECK(count_lines(text, "#EXTINF:2.000,") == 5);
    CHECK(count_lines(text, "#EXT-X-PROGRAM-DATE-TIME:2026-11-28T12:00:00.000Z") == 1);
    // The first segment listed is the meeting's first: a viewer can rewind to the opening.
    CHECK(text.find("a1-100000.ts") < text.find("a1-100001.ts"));

    // It only grows: the playlist of more segments starts with the same lines.
    const std::string later = recording_media_playlist(meeting(7), kTarget, false);
    CHECK(later.starts_with(text));
}

TEST_CASE("an ended meeting's recording is VOD with ENDLIST") {
    const std::string text = recording_media_playlist(meeting(4), kTarget, true);
    CHECK(count_lines(text, "#EXT-X-PLAYLIST-TYPE:VOD") == 1);
    CHECK(count_lines(text, "#EXT-X-PLAYLIST-TYPE:EVENT") == 0);
    CHECK(lines_of(text).back() == "#EXT-X-ENDLIST");
    CHECK(count_lines(text, "#EXTINF:") == 4);
}

TEST_CASE("a worker restart inside a meeting is a discontinuity with its own date") {
    const std::string text = recording_media_playlist(meeting(6, 3), kTarget, true);
    CHECK(count_lines(text, "#EXT-X-DISCONTINUITY") == 1);
    const auto lines = lines_of(text);
    std::size_t tag = 0;
    while (tag < lines.size() && lines[tag] != "#EXT-X-DISCONTINUITY") ++tag;
    REQUIRE(tag + 3 < lines.size());
    // 12:00:06 + the 9 s lost = 12:00:15.
    CHECK(lines[tag + 1] == "#EXT-X-PROGRAM-DATE-TIME:2026-11-28T12:00:15.000Z");
    CHECK(lines[tag + 3] == "a1-100003.ts");
    CHECK(count_lines(text, "#EXT-X-PROGRAM-DATE-TIME:") == 2);

    // A segment missing in between (removed by hand) is a break too, even with no flag.
    auto missing = meeting(5);
    missing.erase(missing.begin() + 2);
    CHECK(count_lines(recording_media_playlist(missing, kTarget, true), "#EXT-X-DISCONTINUITY") ==
          1);
    // No discontinuity tag before the first segment, even if it followed a break.
    auto first_after_break = meeting(3, 0);
    CHECK(count_lines(recording_media_playlist(first_after_break, kTarget, false),
                      "#EXT-X-DISCONTINUITY") == 0);
}

TEST_CASE("wall-clock moments map onto the recording's timeline across a restart's gap") {
    auto segments = meeting(6, 3);  // 3 segments, 9 s lost, 3 segments
    CHECK(timeline_seconds({}, kTarget, kStartMs) == std::nullopt);
    CHECK(*timeline_seconds(segments, kTarget, kStartMs - 5000) == doctest::Approx(0));
    CHECK(*timeline_seconds(segments, kTarget, kStartMs) == doctest::Approx(0));
    CHECK(*timeline_seconds(segments, kTarget, kStartMs + 2500) == doctest::Approx(2.5));
    // Inside the gap: where the media goes on, at 6 s; no gap on the timeline.
    CHECK(*timeline_seconds(segments, kTarget, kStartMs + 10'000) == doctest::Approx(6));
    CHECK(*timeline_seconds(segments, kTarget, kStartMs + 15'000) == doctest::Approx(6));
    CHECK(*timeline_seconds(segments, kTarget, kStartMs + 16'500) == doctest::Approx(7.5));
    // Past the last segment (still being written): at the wall clock's pace.
    CHECK(*timeline_seconds(segments, kTarget, kStartMs + 22'000) == doctest::Approx(13));
}

TEST_CASE("a typed time on the timeline maps back to the wall-clock moment it shows") {
    auto segments = meeting(6, 3);  // 3 segments, 9 s lost, 3 segments
    CHECK(timeline_unix_ms({}, kTarget, 1) == std::nullopt);
    CHECK(*timeline_unix_ms(segments, kTarget, -3) == kStartMs);
    CHECK(*timeline_unix_ms(segments, kTarget, 2.5) == kStartMs + 2500);
    // 6 s is the first segment after the restart: 12:00:06 + the 9 s lost.
    CHECK(*timeline_unix_ms(segments, kTarget, 6) == kStartMs + 15'000);
    CHECK(*timeline_unix_ms(segments, kTarget, 7.5) == kStartMs + 16'500);
    CHECK(*timeline_unix_ms(segments, kTarget, 13) == kStartMs + 22'000);
    for (double t : {0.0, 2.5, 6.0, 11.9}) {
        CHECK(*timeline_seconds(segments, kTarget, *timeline_unix_ms(segments, kTarget, t)) ==
              doctest::Approx(t));
    }
}

TEST_CASE("the reader finds a span's segments; retention leaves every kept span alone") {
    auto path = councilcast::testing::fresh_database_path("recording-span.sqlite");
    Database db(path);
    const std::string_view steps[] = {kSegmentTables};
    migrate(db, steps);
    SegmentIndex index(db);
    for (int n = 0; n < 20; ++n) {
        for (const char* rendition : {"720p", "360p"}) {
            index.add(
                "hall", rendition,
                {"a1-" + std::to_string(100000 + n) + ".ts", kStartMs + n * 2000, 2'000'000, 1000});
        }
    }
    SegmentReader reader(path);
    // 12:00:10..12:00:20: segments 5..9; one that overlaps the start (4 ends at 10 s) does not
    // count, one that starts before the end does.
    auto span = reader.between("hall", "720p", kStartMs + 10'000, kStartMs + 19'000);
    REQUIRE(span.size() == 5);
    CHECK(span.front().file == "a1-100005.ts");
    CHECK(span.back().file == "a1-100009.ts");
    CHECK(reader.between("hall", "720p", kStartMs + 30'000, 0).size() == 5);
    CHECK(reader.between("annex", "720p", kStartMs, 0).empty());
    // What a growing recording gained after the segment it last had, up to its end if it has one.
    auto gained = reader.after("hall", "720p", span.back().sequence, kStartMs + 10'000, 0);
    REQUIRE(gained.size() == 10);
    CHECK(gained.front().sequence == span.back().sequence + 1);
    CHECK(reader.after("hall", "720p", span.back().sequence, kStartMs + 10'000, kStartMs + 24'000)
              .size() == 2);
    CHECK(reader.find("hall", "360p", "a1-100003.ts")->start_unix_ms == kStartMs + 6000);
    CHECK_FALSE(reader.find("hall", "360p", "b1-100003.ts"));

    const KeptSpan kept[] = {{"hall", kStartMs + 10'000, kStartMs + 20'000},
                             {"hall", kStartMs + 36'000, 0},
                             {"annex", kStartMs, 0}};
    auto expired = index.expired(std::chrono::system_clock::time_point::max(), 1000, kept);
    // 20 segments x 2 renditions, less 5 + 2 kept of each.
    CHECK(expired.size() == 26);
    for (const auto& segment : expired) {
        const std::int64_t offset = segment.start_unix_ms - kStartMs;
        CHECK((offset < 10'000 || (offset >= 20'000 && offset < 36'000)));
    }
    // The limit counts only what may go: the kept oldest never hold the others back.
    const KeptSpan oldest_kept[] = {{"hall", kStartMs, kStartMs + 30'000}};
    auto batch = index.expired(std::chrono::system_clock::time_point::max(), 4, oldest_kept);
    REQUIRE(batch.size() == 4);
    CHECK(batch.front().start_unix_ms == kStartMs + 30'000);
}
