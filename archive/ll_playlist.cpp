#include "archive/ll_playlist.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <charconv>
#include <vector>

#include "common/require.hpp"

namespace councilcast::archive {
namespace {

constexpr std::int64_t kUsPerMs = 1000;
constexpr std::int64_t kUsPerSecond = 1'000'000;

// RFC 8216bis 4.4.3.8: the skip boundary must be at least six target durations.
constexpr int kSkipBoundaryTargets = 6;
// 4.4.3.8 requires a part hold-back of twice the part target and recommends three times.
constexpr int kPartHoldBackParts = 3;
// 6.2.2: parts are dropped once they are more than three target durations from the end.
constexpr int kPartListTargets = 3;
// 6.2.5.2: the Advance Part Limit is this many seconds' worth of parts, or this many parts
// when a part target is a second or more.
constexpr std::int64_t kAdvancePartLimitUs = 3 * kUsPerSecond;
// 6.2.5.2: a request further ahead than two segments past the last one is refused.
constexpr std::int64_t kMaxSegmentsAhead = 2;
// 6.2.5.2: blocking beyond three target durations earns a 503.
constexpr int kMaxBlockingTargets = 3;

// A line of a playlist must stay one line, and a quoted attribute must stay quoted.
bool is_plain_uri(std::string_view text) {
    return !text.empty() && text.find_first_of("\r\n\"") == text.npos;
}

void require_timing(const LowLatencyTiming& timing) {
    require(timing.target_duration_s >= 1, "TARGETDURATION must be at least 1 s");
    require(timing.part_target_us > 0 &&
                timing.part_target_us <= timing.target_duration_s * kUsPerSecond,
            "the part target must be positive and at most the target duration");
}

// PART-TARGET in whole milliseconds, rounded up so a part within the configured target also
// prints within the printed one.
std::int64_t part_target_ms(const LowLatencyTiming& timing) {
    return (timing.part_target_us + kUsPerMs - 1) / kUsPerMs;
}

// A part's DURATION in milliseconds: rounded, and clamped to PART-TARGET, which 4.4.4.9 says no
// part exceeds (a longer one is a segmenter error, treated like an overlong segment's EXTINF).
std::int64_t part_ms(const Part& part, std::int64_t target_ms) {
    const std::int64_t rounded = (part.duration_us + kUsPerMs / 2) / kUsPerMs;
    return std::clamp<std::int64_t>(rounded, 0, target_ms);
}

std::string decimal_seconds(std::int64_t ms) {
    return fmt::format("{}.{:03}", ms / 1000, ms % 1000);
}

// _HLS_msn and _HLS_part are decimal-integers (RFC 8216bis 4.2): digits only.
std::optional<std::int64_t> parse_directive(std::string_view name, std::string_view text,
                                            std::string& reason) {
    std::int64_t value = 0;
    const char* end = text.data() + text.size();
    const bool digits_only = !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
        return c >= '0' && c <= '9';
    });
    if (digits_only) {
        const auto [stop, error] = std::from_chars(text.data(), end, value);
        if (error == std::errc{} && stop == end) return value;
        reason = fmt::format("{} is too large", name);
        return std::nullopt;
    }
    const bool negative =
        text.size() > 1 && text.front() == '-' &&
        std::all_of(text.begin() + 1, text.end(), [](char c) { return c >= '0' && c <= '9'; });
    reason = negative ? fmt::format("{} is negative", name)
                      : fmt::format("{} is not a decimal integer", name);
    return std::nullopt;
}

}  // namespace

std::string low_latency_playlist(const LowLatencyWindow& window, const LowLatencyTiming& timing,
                                 std::span<const RenditionReport> reports, bool skip) {
    require_timing(timing);
    const std::span<const Segment> segments = window.segments;
    const std::span<const Part> parts = window.parts;
    const std::int64_t target_ms = timing.target_duration_s * std::int64_t{1000};
    const std::int64_t part_target = part_target_ms(timing);
    const std::string header_tail = fmt::format(
        "#EXT-X-TARGETDURATION:{}\n#EXT-X-PART-INF:PART-TARGET={}\n"
        "#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,CAN-SKIP-UNTIL={}.000,HOLD-BACK={}.000,"
        "PART-HOLD-BACK={}\n",
        timing.target_duration_s, decimal_seconds(part_target),
        kSkipBoundaryTargets * timing.target_duration_s,
        kHoldBackTargets * timing.target_duration_s,
        decimal_seconds(kPartHoldBackParts * part_target));
    if (segments.empty()) return "#EXTM3U\n#EXT-X-VERSION:3\n" + header_tail;

    const std::int64_t first_sequence = segments.front().sequence;
    const std::int64_t in_progress_sequence = segments.back().sequence + 1;
    for (std::size_t k = 0; k < parts.size(); ++k) {
        const Part& part = parts[k];
        require(is_plain_uri(part.uri), "part URI must be one line");
        require(part.sequence >= first_sequence && part.sequence <= in_progress_sequence,
                "a part belongs to a listed segment or to the one in progress");
        const bool same_parent = k > 0 && parts[k - 1].sequence == part.sequence;
        require(same_parent ? part.index == parts[k - 1].index + 1
                            : part.index == 0 && (k == 0 || parts[k - 1].sequence < part.sequence),
                "parts must be in order, each parent's all of them from index 0");
    }

    // Where each segment ends, back from the end of the playlist (the newest part's end), in
    // milliseconds as the player adds them up from EXTINF and DURATION.
    std::vector<std::int64_t> segment_end_to_end(segments.size());
    std::int64_t later_ms = 0;
    for (const Part& part : parts) {
        if (part.sequence == in_progress_sequence) later_ms += part_ms(part, part_target);
    }
    for (std::size_t i = segments.size(); i-- > 0;) {
        segment_end_to_end[i] = later_ms;
        later_ms += extinf_ms(segments[i], timing.target_duration_s);
    }
    // Parts are listed by whole parent segment: the segment in progress's, and those of every
    // complete segment that starts within three target durations of the end. Players number a
    // parent's parts from the first one listed (hls.js does), so cutting into a parent would
    // misnumber the rest of it.
    std::size_t first_listed_part = parts.size();
    for (std::size_t k = parts.size(); k-- > 0;) {
        const Part& part = parts[k];
        if (part.sequence != in_progress_sequence) {
            const auto i = static_cast<std::size_t>(part.sequence - first_sequence);
            const std::int64_t start_to_end =
                segment_end_to_end[i] + extinf_ms(segments[i], timing.target_duration_s);
            if (start_to_end > kPartListTargets * target_ms) break;
        }
        first_listed_part = k;
    }

    // Segments ending beyond the skip boundary form a leading run, as ends only get nearer;
    // the newest segment always stays, so the delta update has a segment to merge at.
    std::size_t skipped = 0;
    if (skip) {
        while (skipped + 1 < segments.size() &&
               segment_end_to_end[skipped] > kSkipBoundaryTargets * target_ms) {
            ++skipped;
        }
    }

    std::string text = fmt::format("#EXTM3U\n#EXT-X-VERSION:{}\n", skipped > 0 ? 9 : 3);
    text += header_tail;
    std::size_t next_part = first_listed_part;
    const auto append_parts_of = [&](std::int64_t sequence, std::string& out) {
        for (; next_part < parts.size() && parts[next_part].sequence == sequence; ++next_part) {
            const Part& part = parts[next_part];
            out += fmt::format("#EXT-X-PART:DURATION={},URI=\"{}\"{}\n",
                               decimal_seconds(part_ms(part, part_target)), part.uri,
                               part.independent ? ",INDEPENDENT=YES" : "");
        }
    };
    append_live_window(
        text, segments, timing.target_duration_s, skipped,
        [&](std::size_t i, std::string& out) { append_parts_of(segments[i].sequence, out); });
    // Listed parts lie within three target durations of the end, skipped segments beyond six,
    // so every listed part of a complete segment has gone out with it.
    require(next_part == parts.size() || parts[next_part].sequence == in_progress_sequence,
            "every listed part of a complete segment precedes its EXTINF");

    if (next_part < parts.size() && window.in_progress_discontinuity) {
        // 4.4.4.9: a parent segment's discontinuity and date come before its first part.
        text += fmt::format("#EXT-X-DISCONTINUITY\n#EXT-X-PROGRAM-DATE-TIME:{}\n",
                            program_date_time(window.in_progress_start_unix_ms));
    }
    append_parts_of(in_progress_sequence, text);

    require(is_plain_uri(window.next_part_uri), "preload hint URI must be one line");
    text += fmt::format("#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"{}\"\n", window.next_part_uri);
    for (const RenditionReport& report : reports) {
        require(is_plain_uri(report.uri), "rendition report URI must be one line");
        require(report.last_msn >= 0 && report.last_part >= -1, "rendition report out of range");
        text += fmt::format("#EXT-X-RENDITION-REPORT:URI=\"{}\",LAST-MSN={}", report.uri,
                            report.last_msn);
        if (report.last_part >= 0) text += fmt::format(",LAST-PART={}", report.last_part);
        text += "\n";
    }
    return text;
}

LiveEdge live_edge(const LowLatencyWindow& window) {
    require(!window.segments.empty(), "a live edge needs a complete segment");
    LiveEdge edge;
    edge.last_msn = window.segments.back().sequence;
    for (const Part& part : window.parts) {
        if (part.sequence == edge.last_msn) ++edge.last_segment_parts;
        if (part.sequence == edge.last_msn + 1) ++edge.parts_in_progress;
    }
    return edge;
}

RenditionReport rendition_report(std::string uri, const LiveEdge& edge) {
    if (edge.parts_in_progress > 0) {
        return {std::move(uri), edge.last_msn + 1, edge.parts_in_progress - 1};
    }
    return {std::move(uri), edge.last_msn, edge.last_segment_parts - 1};
}

ReloadDecision decide_reload(const DeliveryDirectives& directives, const LiveEdge& edge,
                             const LowLatencyTiming& timing) {
    require_timing(timing);
    ReloadDecision decision;
    decision.skip = directives.skip == "YES" || directives.skip == "v2";
    const auto bad_request = [](std::string reason) {
        return ReloadDecision{ReloadAnswer::kBadRequest, false, std::move(reason)};
    };
    if (directives.part && !directives.msn) return bad_request("_HLS_part without _HLS_msn");
    if (!directives.msn) return decision;

    std::string reason;
    const std::optional<std::int64_t> msn = parse_directive("_HLS_msn", *directives.msn, reason);
    if (!msn) return bad_request(reason);
    std::optional<std::int64_t> part;
    if (directives.part) {
        part = parse_directive("_HLS_part", *directives.part, reason);
        if (!part) return bad_request(reason);
    }

    const std::int64_t last = edge.last_msn;
    if (*msn > last + kMaxSegmentsAhead) {
        return bad_request(fmt::format("_HLS_msn {} is more than {} segments past the last ({})",
                                       *msn, kMaxSegmentsAhead, last));
    }
    const auto ready_if = [&](bool ready) {
        decision.answer = ready ? ReloadAnswer::kReady : ReloadAnswer::kWait;
        return decision;
    };
    if (!part) return ready_if(*msn <= last);

    // Parts the request lies past the newest published one, counted so that comparing never
    // overflows: N - P + 1 for the segment in progress; for the one after it, the parts the
    // segment in progress is still expected to get, plus N + 1.
    const std::int64_t parts_published = edge.parts_in_progress;
    const std::int64_t limit = kAdvancePartLimitUs / std::min(timing.part_target_us, kUsPerSecond);
    const std::int64_t parts_per_segment =
        (timing.target_duration_s * kUsPerSecond + timing.part_target_us - 1) /
        timing.part_target_us;
    const bool too_far =
        (*msn == last + 1 && *part > limit + parts_published - 1) ||
        (*msn == last + 2 &&
         *part > limit - 1 - std::max<std::int64_t>(parts_per_segment - parts_published, 0));
    if (too_far) {
        return bad_request(fmt::format(
            "_HLS_part {} of segment {} is more than the Advance Part Limit ({} parts) past the "
            "newest part",
            *part, *msn, limit));
    }
    if (*msn < last) return ready_if(true);
    // A part index past a complete segment's last stands for part 0 of the next (6.2.5.2).
    if (*msn == last) return ready_if(*part < edge.last_segment_parts || parts_published > 0);
    return ready_if(*msn == last + 1 && *part < parts_published);
}

std::chrono::milliseconds max_blocking_wait(const LowLatencyTiming& timing) {
    require_timing(timing);
    return std::chrono::seconds(kMaxBlockingTargets * timing.target_duration_s);
}

}  // namespace councilcast::archive
