#include "archive/ll_playlist.hpp"

#include <doctest/doctest.h>
#include <fmt/core.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "tests/archive/playlist_lines.hpp"

using namespace councilcast::testing;
using namespace councilcast::archive;

namespace {

constexpr std::int64_t kStartMs = 1795867200000;  // 2026-11-28T12:00:00.000Z

// 1 s segments in parts of 250 ms: four parts a segment, the Advance Part Limit 12 parts.
constexpr LowLatencyTiming kTiming{.target_duration_s = 1, .part_target_us = 250'000};
constexpr int kPartsPerSegment = 4;

std::string part_uri(std::int64_t sequence, int index) {
    return fmt::format("run-{}.{}.ts", sequence, index);
}

// A rendition's live edge: `complete` segments of 1 s numbered from 100, each written as four
// parts of which the first begins with the keyframe, then `in_progress` parts of the next one.
// Segments listed in `breaks` begin after a worker restart.
struct LiveRendition {
    std::vector<Segment> segments;
    std::vector<Part> parts;
    bool in_progress_discontinuity = false;

    LowLatencyWindow window() const {
        const std::int64_t next = segments.back().sequence + 1;
        const auto published = std::count_if(parts.begin(), parts.end(),
                                             [&](const Part& p) { return p.sequence == next; });
        return {segments, parts, in_progress_discontinuity, kStartMs + (next - 100) * 1000 + 700,
                part_uri(next, static_cast<int>(published))};
    }
};

LiveRendition rendition(int complete, int in_progress, std::vector<std::int64_t> breaks = {}) {
    LiveRendition live;
    std::int64_t discontinuity_sequence = 0;
    for (int i = 0; i <= complete; ++i) {
        const std::int64_t sequence = 100 + i;
        const int parts = i < complete ? kPartsPerSegment : in_progress;
        for (int index = 0; index < parts; ++index) {
            live.parts.push_back({sequence, index, part_uri(sequence, index), 250'000, index == 0});
        }
        if (i == complete) break;
        Segment segment;
        segment.sequence = sequence;
        segment.discontinuity = std::find(breaks.begin(), breaks.end(), sequence) != breaks.end();
        if (segment.discontinuity) ++discontinuity_sequence;
        segment.discontinuity_sequence = discontinuity_sequence;
        segment.file = fmt::format("run-{}.ts", sequence);
        segment.start_unix_ms = kStartMs + i * 1000 + (segment.discontinuity ? 700 : 0);
        segment.duration_us = 1'000'000;
        live.segments.push_back(segment);
    }
    return live;
}

// The URIs of the listed parts, in order.
std::vector<std::string> part_uris(const std::string& text) {
    std::vector<std::string> uris;
    for (const auto& attributes : lines_starting(text, "#EXT-X-PART:")) {
        const auto start = attributes.find("URI=\"") + 5;
        uris.push_back(attributes.substr(start, attributes.find('"', start) - start));
    }
    return uris;
}

ReloadDecision reload(const LiveEdge& edge, std::optional<std::string_view> msn,
                      std::optional<std::string_view> part = std::nullopt,
                      std::optional<std::string_view> skip = std::nullopt,
                      const LowLatencyTiming& timing = kTiming) {
    return decide_reload({msn, part, skip}, edge, timing);
}

}  // namespace

TEST_CASE("a low-latency playlist lists parts before their segment, then the next part's hint") {
    const auto live = rendition(2, 1);
    const std::vector<RenditionReport> reports = {{"../360p/live.m3u8", 102, 0}};
    CHECK(low_latency_playlist(live.window(), kTiming, reports, false) ==
          "#EXTM3U\n"
          "#EXT-X-VERSION:3\n"
          "#EXT-X-TARGETDURATION:1\n"
          "#EXT-X-PART-INF:PART-TARGET=0.250\n"
          "#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,CAN-SKIP-UNTIL=6.000,HOLD-BACK=3.000,"
          "PART-HOLD-BACK=0.750\n"
          "#EXT-X-MEDIA-SEQUENCE:100\n"
          "#EXT-X-DISCONTINUITY-SEQUENCE:0\n"
          // The date applies to the parent segment, so it comes before the parent's first part.
          "#EXT-X-PROGRAM-DATE-TIME:2026-11-28T12:00:00.000Z\n"
          "#EXT-X-PART:DURATION=0.250,URI=\"run-100.0.ts\",INDEPENDENT=YES\n"
          "#EXT-X-PART:DURATION=0.250,URI=\"run-100.1.ts\"\n"
          "#EXT-X-PART:DURATION=0.250,URI=\"run-100.2.ts\"\n"
          "#EXT-X-PART:DURATION=0.250,URI=\"run-100.3.ts\"\n"
          "#EXTINF:1.000,\n"
          "run-100.ts\n"
          "#EXT-X-PART:DURATION=0.250,URI=\"run-101.0.ts\",INDEPENDENT=YES\n"
          "#EXT-X-PART:DURATION=0.250,URI=\"run-101.1.ts\"\n"
          "#EXT-X-PART:DURATION=0.250,URI=\"run-101.2.ts\"\n"
          "#EXT-X-PART:DURATION=0.250,URI=\"run-101.3.ts\"\n"
          "#EXTINF:1.000,\n"
          "run-101.ts\n"
          "#EXT-X-PART:DURATION=0.250,URI=\"run-102.0.ts\",INDEPENDENT=YES\n"
          "#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"run-102.1.ts\"\n"
          "#EXT-X-RENDITION-REPORT:URI=\"../360p/live.m3u8\",LAST-MSN=102,LAST-PART=0\n");
}

TEST_CASE("parts are listed only for segments within three target durations of the end") {
    // Eight segments and half a segment in progress: segment 105 starts 3.5 s before the end.
    const auto live = rendition(8, 2);
    const std::string text = low_latency_playlist(live.window(), kTiming, {}, false);
    const std::vector<std::string> expected = {
        "run-106.0.ts", "run-106.1.ts", "run-106.2.ts", "run-106.3.ts", "run-107.0.ts",
        "run-107.1.ts", "run-107.2.ts", "run-107.3.ts", "run-108.0.ts", "run-108.1.ts"};
    CHECK(part_uris(text) == expected);
    // Every complete segment stays, with or without its parts.
    CHECK(lines_starting(text, "#EXTINF:").size() == 8);
    CHECK(
        text.find("#EXTINF:1.000,\nrun-105.ts\n#EXT-X-PART:DURATION=0.250,URI=\"run-106.0.ts\"") !=
        std::string::npos);
    // The segment in progress follows the last complete one.
    CHECK(text.find("run-107.ts\n#EXT-X-PART:DURATION=0.250,URI=\"run-108.0.ts\"") !=
          std::string::npos);

    // Nothing in progress: 105 starts exactly three target durations before the end and stays.
    const auto at_boundary = rendition(8, 0);
    CHECK(part_uris(low_latency_playlist(at_boundary.window(), kTiming, {}, false)).front() ==
          "run-105.0.ts");
}

TEST_CASE("only parts that begin with a keyframe are marked INDEPENDENT") {
    auto live = rendition(2, 3);
    live.parts[5].independent = true;  // 101.1: a keyframe the encoder put in mid-segment
    const std::string text = low_latency_playlist(live.window(), kTiming, {}, false);
    std::vector<std::string> independent;
    for (const auto& attributes : lines_starting(text, "#EXT-X-PART:")) {
        if (attributes.ends_with(",INDEPENDENT=YES")) independent.push_back(attributes);
    }
    CHECK(independent ==
          std::vector<std::string>{"DURATION=0.250,URI=\"run-100.0.ts\",INDEPENDENT=YES",
                                   "DURATION=0.250,URI=\"run-101.0.ts\",INDEPENDENT=YES",
                                   "DURATION=0.250,URI=\"run-101.1.ts\",INDEPENDENT=YES",
                                   "DURATION=0.250,URI=\"run-102.0.ts\",INDEPENDENT=YES"});
    CHECK(lines_starting(text, "#EXT-X-PART:").size() == 11);
}

TEST_CASE("the preload hint names the part the player will need next") {
    const auto mid_segment = rendition(4, 2);
    CHECK(header_value(low_latency_playlist(mid_segment.window(), kTiming, {}, false),
                       "#EXT-X-PRELOAD-HINT") == "TYPE=PART,URI=\"run-104.2.ts\"");
    // Right after a segment completes, the hint is the first part of the next one.
    const auto at_boundary = rendition(4, 0);
    const std::string text = low_latency_playlist(at_boundary.window(), kTiming, {}, false);
    CHECK(header_value(text, "#EXT-X-PRELOAD-HINT") == "TYPE=PART,URI=\"run-104.0.ts\"");
    CHECK(part_uris(text).back() == "run-103.3.ts");
    CHECK(lines_of(text).back() == "#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"run-104.0.ts\"");
}

TEST_CASE("part durations and the hold-back never promise less than the part target") {
    // A third of a second: PART-TARGET rounds up, so the segmenter's parts print within it.
    const LowLatencyTiming timing{.target_duration_s = 1, .part_target_us = 333'333};
    auto live = rendition(1, 0);
    live.parts = {{100, 0, "a.ts", 333'333, true},
                  {100, 1, "b.ts", 333'333, false},
                  {100, 2, "c.ts", 333'334, false},
                  {101, 0, "d.ts", 400'000, true}};  // overlong: a segmenter error
    const std::string text = low_latency_playlist(live.window(), timing, {}, false);
    CHECK(header_value(text, "#EXT-X-PART-INF") == "PART-TARGET=0.334");
    CHECK(header_value(text, "#EXT-X-SERVER-CONTROL") ==
          "CAN-BLOCK-RELOAD=YES,CAN-SKIP-UNTIL=6.000,HOLD-BACK=3.000,PART-HOLD-BACK=1.002");
    const auto parts = lines_starting(text, "#EXT-X-PART:DURATION=");
    REQUIRE(parts.size() == 4);
    CHECK(parts[0].starts_with("0.333,"));
    CHECK(parts[2].starts_with("0.333,"));
    CHECK(parts[3].starts_with("0.334,"));  // clamped to the target players were promised

    // Longer segments scale the segment-based values; PART-HOLD-BACK follows the part target.
    const auto two_second = low_latency_playlist(live.window(), {2, 500'000}, {}, false);
    CHECK(header_value(two_second, "#EXT-X-SERVER-CONTROL") ==
          "CAN-BLOCK-RELOAD=YES,CAN-SKIP-UNTIL=12.000,HOLD-BACK=6.000,PART-HOLD-BACK=1.500");
}

TEST_CASE("rendition reports tell where the other renditions' newest parts are") {
    const auto live = rendition(4, 2);
    const LiveEdge edge = live_edge(live.window());
    CHECK(edge.last_msn == 103);
    CHECK(edge.last_segment_parts == 4);
    CHECK(edge.parts_in_progress == 2);
    // The report of this edge names the newest part this playlist lists.
    const RenditionReport report = rendition_report("../720p/live.m3u8", edge);
    CHECK(report.last_msn == 104);
    CHECK(report.last_part == 1);
    CHECK(part_uris(low_latency_playlist(live.window(), kTiming, {}, false)).back() ==
          "run-104.1.ts");

    // At a segment boundary the newest part is the completed segment's last.
    const RenditionReport boundary =
        rendition_report("x.m3u8", live_edge(rendition(4, 0).window()));
    CHECK(boundary.last_msn == 103);
    CHECK(boundary.last_part == 3);
    // A rendition with no part at all reports its last segment and leaves LAST-PART out.
    const RenditionReport no_parts = rendition_report("x.m3u8", LiveEdge{103, 0, 0});
    CHECK(no_parts.last_msn == 103);
    CHECK(no_parts.last_part == -1);

    const std::vector<RenditionReport> reports = {report, {"../audio/live.m3u8", 103, -1}};
    const std::string text = low_latency_playlist(live.window(), kTiming, reports, false);
    CHECK(lines_starting(text, "#EXT-X-RENDITION-REPORT:") ==
          std::vector<std::string>{"URI=\"../720p/live.m3u8\",LAST-MSN=104,LAST-PART=1",
                                   "URI=\"../audio/live.m3u8\",LAST-MSN=103"});
    // Reports close the playlist, after the hint.
    CHECK(lines_of(text).back() ==
          "#EXT-X-RENDITION-REPORT:URI=\"../audio/live.m3u8\",LAST-MSN=103");
}

TEST_CASE("a delta update replaces the segments beyond the skip boundary with EXT-X-SKIP") {
    // Twelve segments and half a segment in progress: segments 100-105 end more than 6 s
    // before the end (105 at 6.5 s), 106 at 5.5 s.
    const auto live = rendition(12, 2);
    const std::string full = low_latency_playlist(live.window(), kTiming, {}, false);
    const std::string delta = low_latency_playlist(live.window(), kTiming, {}, true);

    CHECK(header_value(delta, "#EXT-X-SKIP") == "SKIPPED-SEGMENTS=6");
    // The media sequence stays the first segment's, so the next segment counted is 106.
    CHECK(header_value(delta, "#EXT-X-MEDIA-SEQUENCE") == "100");
    CHECK(header_value(delta, "#EXT-X-VERSION") == "9");  // EXT-X-SKIP needs version 9
    CHECK(delta.find("run-105.ts") == std::string::npos);
    CHECK(lines_starting(delta, "#EXTINF:").size() == 6);

    // Otherwise it is the full playlist: the skipped segments' lines (the first one's date
    // with them) replaced by the one tag, everything else in place.
    std::string expected = full;
    expected.replace(expected.find("#EXT-X-VERSION:3"), 16, "#EXT-X-VERSION:9");
    const auto from = expected.find("#EXT-X-PROGRAM-DATE-TIME:");
    const auto to = expected.find("run-105.ts\n") + std::string_view("run-105.ts\n").size();
    expected.replace(from, to - from, "#EXT-X-SKIP:SKIPPED-SEGMENTS=6\n");
    CHECK(delta == expected);
}

TEST_CASE("a segment ending exactly at the skip boundary stays in a delta update") {
    // Twelve complete segments, none in progress: 105 ends 6 s before the end.
    const auto live = rendition(12, 0);
    const std::string delta = low_latency_playlist(live.window(), kTiming, {}, true);
    CHECK(header_value(delta, "#EXT-X-SKIP") == "SKIPPED-SEGMENTS=5");
    CHECK(delta.find("\nrun-104.ts\n") == std::string::npos);
    CHECK(delta.find("\nrun-105.ts\n") != std::string::npos);
}

TEST_CASE("a playlist too short to skip anything answers a delta request in full") {
    const auto live = rendition(6, 2);  // the oldest segment ends 5.5 s before the end
    const std::string full = low_latency_playlist(live.window(), kTiming, {}, false);
    CHECK(low_latency_playlist(live.window(), kTiming, {}, true) == full);
    CHECK(header_value(full, "#EXT-X-VERSION") == "3");
    CHECK(full.find("#EXT-X-SKIP") == std::string::npos);
}

TEST_CASE("a break among skipped segments still counts in the discontinuity sequence") {
    // Restarts before 102 (skipped) and 110 (kept): 110 is in discontinuity sequence 2.
    const auto live = rendition(12, 2, {102, 110});
    const std::string full = low_latency_playlist(live.window(), kTiming, {}, false);
    const std::string delta = low_latency_playlist(live.window(), kTiming, {}, true);
    REQUIRE(header_value(delta, "#EXT-X-SKIP") == "SKIPPED-SEGMENTS=6");
    // RFC 8216bis 4.4.5.2: skipping does not change EXT-X-DISCONTINUITY-SEQUENCE. The player
    // takes 102's tag from its previous copy, which it merges the delta into, so it still
    // counts 0 + 1 (skipped) + 1 (kept) = 2 for segment 110.
    CHECK(header_value(delta, "#EXT-X-DISCONTINUITY-SEQUENCE") == "0");
    const auto count = [](const std::string& text) {
        return lines_starting(text, "#EXT-X-DISCONTINUITY").size() -
               lines_starting(text, "#EXT-X-DISCONTINUITY-SEQUENCE").size();
    };
    CHECK(count(full) == 2);
    CHECK(count(delta) == 1);
    CHECK(live.segments[10].discontinuity_sequence == 2);
    // The kept break keeps its tag and date, before its parts.
    CHECK(delta.find("run-109.ts\n#EXT-X-DISCONTINUITY\n#EXT-X-PROGRAM-DATE-TIME:"
                     "2026-11-28T12:00:10.700Z\n#EXT-X-PART:DURATION=0.250,URI=\"run-110.0.ts\"") !=
          std::string::npos);
}

TEST_CASE("a segment in progress after a restart begins with its discontinuity and date") {
    auto live = rendition(3, 1);
    live.in_progress_discontinuity = true;
    const std::string text = low_latency_playlist(live.window(), kTiming, {}, false);
    CHECK(text.find("run-102.ts\n#EXT-X-DISCONTINUITY\n#EXT-X-PROGRAM-DATE-TIME:"
                    "2026-11-28T12:00:03.700Z\n#EXT-X-PART:DURATION=0.250,URI=\"run-103.0.ts\"") !=
          std::string::npos);
    // Until its first part is out there is nothing for the tags to apply to: the hinted part
    // may arrive after them (4.4.5.3).
    auto not_begun = rendition(3, 0);
    not_begun.in_progress_discontinuity = true;
    CHECK(low_latency_playlist(not_begun.window(), kTiming, {}, false)
              .find("#EXT-X-DISCONTINUITY\n") == std::string::npos);
}

TEST_CASE("before the first segment completes the low-latency playlist is its header alone") {
    const std::vector<RenditionReport> reports = {{"../360p/live.m3u8", 0, 0}};
    const std::string text = low_latency_playlist({}, kTiming, reports, true);
    CHECK(text ==
          "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:1\n#EXT-X-PART-INF:PART-TARGET=0.250\n"
          "#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,CAN-SKIP-UNTIL=6.000,HOLD-BACK=3.000,"
          "PART-HOLD-BACK=0.750\n");
}

TEST_CASE("delivery directives that are not decimal integers are refused with 400") {
    const LiveEdge edge{107, 4, 2};
    for (const std::string_view text : {"", "abc", "1.5", "+1", " 1", "1 ", "0x10", "1e3"}) {
        CAPTURE(text);
        const ReloadDecision msn = reload(edge, text);
        CHECK(msn.answer == ReloadAnswer::kBadRequest);
        CHECK(msn.reason == "_HLS_msn is not a decimal integer");
        const ReloadDecision part = reload(edge, "107", text);
        CHECK(part.answer == ReloadAnswer::kBadRequest);
        CHECK(part.reason == "_HLS_part is not a decimal integer");
    }
    CHECK(reload(edge, "-1").reason == "_HLS_msn is negative");
    CHECK(reload(edge, "107", "-2").reason == "_HLS_part is negative");
    CHECK(reload(edge, "99999999999999999999").reason == "_HLS_msn is too large");
    CHECK(reload(edge, "107", "99999999999999999999").answer == ReloadAnswer::kBadRequest);
    // Leading zeros are still a decimal integer.
    CHECK(reload(edge, "00107").answer == ReloadAnswer::kReady);
}

TEST_CASE("a part without a segment, or a request too far ahead, is refused with 400") {
    const LiveEdge edge{107, 4, 2};
    const ReloadDecision part_alone = reload(edge, std::nullopt, "1");
    CHECK(part_alone.answer == ReloadAnswer::kBadRequest);
    CHECK(part_alone.reason == "_HLS_part without _HLS_msn");

    // The last segment + 2 waits; + 3 is refused.
    CHECK(reload(edge, "109").answer == ReloadAnswer::kWait);
    const ReloadDecision too_far = reload(edge, "110");
    CHECK(too_far.answer == ReloadAnswer::kBadRequest);
    CHECK(too_far.reason == "_HLS_msn 110 is more than 2 segments past the last (107)");
    CHECK(reload(edge, "110", "0").answer == ReloadAnswer::kBadRequest);
}

TEST_CASE("a part beyond the Advance Part Limit is refused with 400") {
    // Newest part 108.1; parts of 250 ms make the limit 3 / 0.25 = 12 parts past it.
    const LiveEdge edge{107, 4, 2};
    CHECK(reload(edge, "108", "13").answer == ReloadAnswer::kWait);  // 12 past
    const ReloadDecision refused = reload(edge, "108", "14");        // 13 past
    CHECK(refused.answer == ReloadAnswer::kBadRequest);
    CHECK(refused.reason ==
          "_HLS_part 14 of segment 108 is more than the Advance Part Limit (12 parts) past the "
          "newest part");
    // In the segment after: 108.2 and 108.3 still to come, then 109.0 to 109.9 make 12.
    CHECK(reload(edge, "109", "9").answer == ReloadAnswer::kWait);
    CHECK(reload(edge, "109", "10").answer == ReloadAnswer::kBadRequest);

    // A part target of a second or more makes the limit 3 parts.
    const LowLatencyTiming long_parts{.target_duration_s = 2, .part_target_us = 1'000'000};
    const LiveEdge boundary{107, 2, 0};  // newest part 107.1
    CHECK(reload(boundary, "108", "2", std::nullopt, long_parts).answer == ReloadAnswer::kWait);
    CHECK(reload(boundary, "108", "3", std::nullopt, long_parts).answer ==
          ReloadAnswer::kBadRequest);
    // Half-second parts: 6 parts.
    const LowLatencyTiming half{.target_duration_s = 2, .part_target_us = 500'000};
    CHECK(reload(boundary, "108", "5", std::nullopt, half).answer == ReloadAnswer::kWait);
    CHECK(reload(boundary, "108", "6", std::nullopt, half).answer == ReloadAnswer::kBadRequest);
}

TEST_CASE("a blocking reload is answered once the playlist holds what the player asked for") {
    // Segment 107 complete in four parts; 108.0 and 108.1 published.
    const LiveEdge edge{107, 4, 2};
    // No _HLS_msn: an ordinary reload.
    CHECK(reload(edge, std::nullopt).answer == ReloadAnswer::kReady);
    // Whole segments: the complete one is there, the one in progress is not complete yet.
    CHECK(reload(edge, "107").answer == ReloadAnswer::kReady);
    CHECK(reload(edge, "108").answer == ReloadAnswer::kWait);
    CHECK(reload(edge, "95").answer == ReloadAnswer::kReady);  // long gone: the whole playlist
    // The part just published is there; the next one is waited for.
    CHECK(reload(edge, "108", "1").answer == ReloadAnswer::kReady);
    CHECK(reload(edge, "108", "2").answer == ReloadAnswer::kWait);
    // A complete segment holds all its parts.
    CHECK(reload(edge, "107", "3").answer == ReloadAnswer::kReady);
    CHECK(reload(edge, "106", "0").answer == ReloadAnswer::kReady);
    // Past a complete segment's last part means the next segment's first, published here.
    CHECK(reload(edge, "107", "4").answer == ReloadAnswer::kReady);
    CHECK(reload(edge, "109", "0").answer == ReloadAnswer::kWait);
}

TEST_CASE("at a segment boundary the next segment's first part is waited for") {
    const LiveEdge edge{107, 4, 0};  // 107 just completed, nothing of 108 yet
    CHECK(reload(edge, "107", "3").answer == ReloadAnswer::kReady);
    CHECK(reload(edge, "108", "0").answer == ReloadAnswer::kWait);
    // Part 4 of a four-part segment stands for 108.0: answering now would hand the player the
    // playlist it already has, and it would ask again at once.
    CHECK(reload(edge, "107", "4").answer == ReloadAnswer::kWait);
    CHECK(reload(edge, "109").answer == ReloadAnswer::kWait);
    CHECK(reload(edge, "110").answer == ReloadAnswer::kBadRequest);
}

TEST_CASE("the reload rules and the playlist agree on what the live edge holds") {
    const auto live = rendition(5, 3);
    const LowLatencyWindow window = live.window();
    const LiveEdge edge = live_edge(window);
    const std::string text = low_latency_playlist(window, kTiming, {}, false);
    // The newest part listed is ready; the hinted one is waited for.
    CHECK(part_uris(text).back() == "run-105.2.ts");
    CHECK(reload(edge, "105", "2").answer == ReloadAnswer::kReady);
    CHECK(window.next_part_uri == "run-105.3.ts");
    CHECK(reload(edge, "105", "3").answer == ReloadAnswer::kWait);
}

TEST_CASE("_HLS_skip=YES or v2 asks for a delta update; other values are ignored") {
    const LiveEdge edge{107, 4, 2};
    CHECK(reload(edge, std::nullopt, std::nullopt, "YES").skip);
    CHECK(reload(edge, std::nullopt, std::nullopt, "v2").skip);
    CHECK(reload(edge, "108", "1", "YES").skip);
    const ReloadDecision lower = reload(edge, std::nullopt, std::nullopt, "yes");
    CHECK(lower.answer == ReloadAnswer::kReady);
    CHECK_FALSE(lower.skip);
    CHECK_FALSE(reload(edge, std::nullopt, std::nullopt, "NO").skip);
    CHECK_FALSE(reload(edge, std::nullopt).skip);
}

TEST_CASE("a blocking request waits at most three target durations") {
    CHECK(max_blocking_wait(kTiming) == std::chrono::seconds(3));
    CHECK(max_blocking_wait({2, 500'000}) == std::chrono::seconds(6));
}
