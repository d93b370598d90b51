#include "archive/playlist.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>

#include "common/error.hpp"
#include "common/require.hpp"

namespace councilcast::archive {
namespace {

// A line of a playlist must stay one line, and a quoted attribute must stay quoted.
bool is_plain(std::string_view text) {
    return text.find_first_of("\r\n\"") == text.npos;
}

// H.264 (ITU-T H.264 Table A-1): the limits that decide a level for a given picture and rates.
struct H264Level {
    int level_idc;                            // 9 stands for level 1b, as in x264's table
    std::int64_t max_macroblocks_per_second;  // MaxMBPS
    std::int64_t max_frame_macroblocks;       // MaxFS
    std::int64_t max_bitrate_kbps;            // MaxBR for Main (High may use 1.25 times as much)
};

// In x264's order, which tries 1b between 1 and 1.1: x264 picks the first level whose limits
// the picture, frame rate and VBV maximum rate (the bit rate, in the streamer's CBR mode) fit, and
// so must we, or CODECS names a level other than the one in the stream's SPS.
constexpr std::int64_t kLevel1b = 9;
constexpr std::array<H264Level, 20> kH264Levels = {{
    {10, 1485, 99, 64},
    {kLevel1b, 1485, 99, 128},
    {11, 3000, 396, 192},
    {12, 6000, 396, 384},
    {13, 11880, 396, 768},
    {20, 11880, 396, 2000},
    {21, 19800, 792, 4000},
    {22, 20250, 1620, 4000},
    {30, 40500, 1620, 10000},
    {31, 108000, 3600, 14000},
    {32, 216000, 5120, 20000},
    {40, 245760, 8192, 20000},
    {41, 245760, 8192, 50000},
    {42, 522240, 8704, 50000},
    {50, 589824, 22080, 135000},
    {51, 983040, 36864, 240000},
    {52, 2073600, 36864, 240000},
    {60, 4177920, 139264, 240000},
    {61, 8355840, 139264, 480000},
    {62, 16711680, 139264, 800000},
}};

// MPEG-TS costs: 4 of every 188 bytes are packet headers (2.1%); every video frame and every AAC
// frame starts a PES packet whose header and the stuffing of its last TS packet add about 3% to
// 2.5 Mbit/s video at 30 fps and about 8% to 128 kbit/s AAC; mpegtsmux repeats PAT and PMT every
// 100 ms (its default), about 30 kbit/s. That is 5-8% for our renditions; 10% leaves headroom,
// because a BANDWIDTH below the real rate makes players pick a variant they cannot sustain.
constexpr double kMpegTsOverhead = 1.10;

// x264enc (pass=cbr, the streamer's mode) caps the rate with a VBV of vbv-buf-capacity = 600 ms
// at max-bitrate = bitrate, so a segment of D seconds holds at most bitrate * (D + 0.6 s).
constexpr double kX264VbvBufferSeconds = 0.6;

constexpr std::int64_t kMicrosPerMilli = 1000;

}  // namespace

VariantInfo variant_info(std::string uri, int width, int height, int framerate,
                         std::string_view profile, int video_kbps, int audio_kbps) {
    const Bandwidth bandwidth = estimate_bandwidth(video_kbps, audio_kbps);
    if (width == 0 && height == 0) {
        return {std::move(uri),         0, 0, 0, bandwidth.peak, bandwidth.average,
                std::string(kAacCodecs)};
    }
    return {std::move(uri),
            width,
            height,
            static_cast<double>(framerate),
            bandwidth.peak,
            bandwidth.average,
            h264_codecs(profile, width, height, framerate, video_kbps)};
}

Bandwidth measured_bandwidth(std::span<const Segment> segments) {
    Bandwidth bandwidth;
    std::int64_t bytes = 0;
    std::int64_t duration_us = 0;
    for (const auto& segment : segments) {
        if (segment.duration_us <= 0) continue;
        bytes += segment.bytes;
        duration_us += segment.duration_us;
        bandwidth.peak =
            std::max(bandwidth.peak, segment.bytes * 8 * 1'000'000 / segment.duration_us);
    }
    if (duration_us > 0) bandwidth.average = bytes * 8 * 1'000'000 / duration_us;
    return bandwidth;
}

std::string master_playlist(std::span<const VariantInfo> variants) {
    require(!variants.empty(), "a master playlist needs at least one variant");
    std::string text = "#EXTM3U\n#EXT-X-VERSION:3\n";
    // Every segment starts with an IDR frame (the streamer forces one at each boundary).
    text += "#EXT-X-INDEPENDENT-SEGMENTS\n";
    for (const auto& variant : variants) {
        require(is_plain(variant.uri) && !variant.uri.empty(), "variant URI must be one line");
        require(is_plain(variant.codecs), "CODECS must not contain quotes or line breaks");
        require(variant.bandwidth > 0, "BANDWIDTH must be positive");
        // A file whose container states no frame rate (an import) goes without FRAME-RATE,
        // which is optional.
        // An audio-only variant (RFC 8216 4.3.4.2: RESOLUTION only for video) goes without
        // RESOLUTION and FRAME-RATE.
        const std::string resolution =
            variant.width > 0 ? fmt::format(",RESOLUTION={}x{}", variant.width, variant.height)
                              : "";
        text += fmt::format(
            "#EXT-X-STREAM-INF:BANDWIDTH={},AVERAGE-BANDWIDTH={},CODECS=\"{}\"{}{}\n{}\n",
            variant.bandwidth, variant.average_bandwidth, variant.codecs, resolution,
            variant.width > 0 && variant.framerate > 0
                ? fmt::format(",FRAME-RATE={:.3f}", variant.framerate)
                : "",
            variant.uri);
    }
    return text;
}

std::string h264_codecs(std::string_view profile, int width, int height, int framerate,
                        int video_bitrate_kbps) {
    const bool high = profile == "high";
    if (profile != "main" && !high) {
        throw InvalidInput(
            fmt::format("H.264 profile '{}' is not supported; use \"main\" or \"high\"", profile));
    }
    if (width <= 0 || height <= 0 || framerate <= 0 || video_bitrate_kbps <= 0) {
        throw InvalidInput(
            fmt::format("a rendition of {}x{} at {} fps and {} kbit/s is not a picture", width,
                        height, framerate, video_bitrate_kbps));
    }
    const std::int64_t width_mbs = (width + 15) / 16;
    const std::int64_t height_mbs = (height + 15) / 16;
    const std::int64_t frame_mbs = width_mbs * height_mbs;
    const std::int64_t mbs_per_second = frame_mbs * framerate;
    for (const auto& level : kH264Levels) {
        // Annex A also bounds each side to sqrt(8 * MaxFS) macroblocks (no extreme shapes).
        const std::int64_t max_side_squared = 8 * level.max_frame_macroblocks;
        // Table A-1's cpbBrVclFactor: 1250 for High against 1000 for Main.
        const std::int64_t max_bitrate_kbps =
            high ? level.max_bitrate_kbps * 5 / 4 : level.max_bitrate_kbps;
        if (frame_mbs <= level.max_frame_macroblocks &&
            mbs_per_second <= level.max_macroblocks_per_second &&
            width_mbs * width_mbs <= max_side_squared &&
            height_mbs * height_mbs <= max_side_squared && video_bitrate_kbps <= max_bitrate_kbps) {
            // profile_idc, the constraint flags byte and level_idc as x264 writes them for
            // progressive streams; Main signals level 1b as 1.1 with constraint_set3_flag.
            if (level.level_idc == kLevel1b && !high) return "avc1.4d500b,mp4a.40.2";
            return fmt::format("avc1.{}{:02x},mp4a.40.2", high ? "6400" : "4d40", level.level_idc);
        }
    }
    throw InvalidInput(
        fmt::format("no H.264 level allows {}x{} at {} fps and {} kbit/s; lower the size or rates",
                    width, height, framerate, video_bitrate_kbps));
}

Bandwidth estimate_bandwidth(int video_kbps, int audio_kbps, double segment_duration_s) {
    require(segment_duration_s > 0, "segment duration must be positive");
    const double video_bps = video_kbps * 1000.0;
    const double audio_bps = audio_kbps * 1000.0;
    const double video_peak_factor = 1.0 + kX264VbvBufferSeconds / segment_duration_s;
    return Bandwidth{
        .peak = std::llround((video_bps * video_peak_factor + audio_bps) * kMpegTsOverhead),
        .average = std::llround((video_bps + audio_bps) * kMpegTsOverhead),
    };
}

std::string program_date_time(std::int64_t unix_ms) {
    using namespace std::chrono;
    const sys_time<milliseconds> time{milliseconds{unix_ms}};
    const auto day = floor<days>(time);
    const year_month_day date{day};
    const hh_mm_ss clock{time - day};
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", static_cast<int>(date.year()),
                       static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                       clock.hours().count(), clock.minutes().count(), clock.seconds().count(),
                       clock.subseconds().count());
}

std::int64_t extinf_ms(const Segment& segment, int target_duration_s) {
    // EXTINF is written in whole milliseconds; players round it to the nearest second (half up)
    // and that must not exceed the target, so the longest allowed value is target + 0.499 s.
    const std::int64_t max_extinf_ms = std::int64_t{target_duration_s} * 1000 + 499;
    const std::int64_t rounded = (segment.duration_us + kMicrosPerMilli / 2) / kMicrosPerMilli;
    return std::clamp<std::int64_t>(rounded, 0, max_extinf_ms);
}

bool follows_break(const Segment& previous, const Segment& segment) {
    // A missing number means a segment between them is gone: the media jumps just the same.
    return segment.discontinuity || segment.sequence != previous.sequence + 1;
}

std::string recording_media_playlist(std::span<const Segment> segments, int target_duration_s,
                                     bool ended, const std::vector<bool>& hidden) {
    require(target_duration_s >= 1, "TARGETDURATION must be at least 1 s");
    require(hidden.empty() || hidden.size() == segments.size(), "one hidden flag per segment");
    const bool gaps = std::find(hidden.begin(), hidden.end(), true) != hidden.end();
    // EXT-X-GAP needs version 8; a playlist without one keeps the version older players know.
    std::string text = fmt::format(
        "#EXTM3U\n#EXT-X-VERSION:{}\n#EXT-X-TARGETDURATION:{}\n#EXT-X-PLAYLIST-TYPE:{}\n"
        "#EXT-X-MEDIA-SEQUENCE:0\n",
        gaps ? 8 : 3, target_duration_s, ended ? "VOD" : "EVENT");
    // Every segment starts with an IDR frame, so a player may start anywhere: the seek to the
    // opening and every chapter link rely on it.
    text += "#EXT-X-INDEPENDENT-SEGMENTS\n";
    for (std::size_t i = 0; i < segments.size(); ++i) {
        const Segment& segment = segments[i];
        require(is_plain(segment.file) && !segment.file.empty(), "segment URI must be one line");
        const bool gap = gaps && hidden[i];
        const bool after_gap = gaps && i > 0 && hidden[i - 1] && !gap;
        const bool broken = i > 0 && (follows_break(segments[i - 1], segment) || after_gap);
        if (broken) text += "#EXT-X-DISCONTINUITY\n";
        if (i == 0 || broken) {
            text += fmt::format("#EXT-X-PROGRAM-DATE-TIME:{}\n",
                                program_date_time(segment.start_unix_ms));
        }
        if (gap) text += "#EXT-X-GAP\n";
        const std::int64_t ms = extinf_ms(segment, target_duration_s);
        text += fmt::format("#EXTINF:{}.{:03},\n{}\n", ms / 1000, ms % 1000, segment.file);
    }
    if (ended) text += "#EXT-X-ENDLIST\n";
    return text;
}

std::optional<double> timeline_seconds(std::span<const Segment> segments, int target_duration_s,
                                       std::int64_t unix_ms) {
    if (segments.empty()) return std::nullopt;
    std::int64_t before_ms = 0;  // the timeline up to the segment in hand
    for (const Segment& segment : segments) {
        const std::int64_t length_ms = extinf_ms(segment, target_duration_s);
        if (unix_ms < segment.start_unix_ms) return before_ms / 1000.0;
        if (unix_ms < segment.start_unix_ms + length_ms) {
            return (before_ms + unix_ms - segment.start_unix_ms) / 1000.0;
        }
        before_ms += length_ms;
    }
    const Segment& last = segments.back();
    const std::int64_t last_end_ms = last.start_unix_ms + extinf_ms(last, target_duration_s);
    return (before_ms + (unix_ms - last_end_ms)) / 1000.0;
}

std::optional<std::int64_t> timeline_unix_ms(std::span<const Segment> segments,
                                             int target_duration_s, double seconds) {
    if (segments.empty()) return std::nullopt;
    const auto wanted_ms = static_cast<std::int64_t>(std::llround(std::max(0.0, seconds) * 1000));
    std::int64_t before_ms = 0;  // the timeline up to the segment in hand
    for (const Segment& segment : segments) {
        const std::int64_t length_ms = extinf_ms(segment, target_duration_s);
        if (wanted_ms < before_ms + length_ms) {
            return segment.start_unix_ms + (wanted_ms - before_ms);
        }
        before_ms += length_ms;
    }
    const Segment& last = segments.back();
    return last.start_unix_ms + extinf_ms(last, target_duration_s) + (wanted_ms - before_ms);
}

std::string live_media_playlist(std::span<const Segment> window, int target_duration_s) {
    require(target_duration_s >= 1, "TARGETDURATION must be at least 1 s");
    std::string text = fmt::format(
        "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:{}\n"
        "#EXT-X-SERVER-CONTROL:HOLD-BACK={}.000\n",
        target_duration_s, kHoldBackTargets * target_duration_s);
    append_live_window(text, window, target_duration_s);
    return text;
}

void append_live_window(std::string& text, std::span<const Segment> window, int target_duration_s,
                        std::size_t skipped,
                        const std::function<void(std::size_t, std::string&)>& before_extinf) {
    if (window.empty()) return;
    require(skipped < window.size(), "a delta update keeps at least the newest segment");

    const Segment& first = window.front();
    text += fmt::format("#EXT-X-MEDIA-SEQUENCE:{}\n", first.sequence);
    // The first segment's own discontinuity is already counted here, so it gets no tag.
    text += fmt::format("#EXT-X-DISCONTINUITY-SEQUENCE:{}\n", first.discontinuity_sequence);
    if (skipped > 0) text += fmt::format("#EXT-X-SKIP:SKIPPED-SEGMENTS={}\n", skipped);
    for (std::size_t i = 0; i < window.size(); ++i) {
        const Segment& segment = window[i];
        require(is_plain(segment.file) && !segment.file.empty(), "segment URI must be one line");
        const bool tagged = i > 0 && segment.discontinuity;
        if (i > 0) {
            // Players number segments by counting from the header; a gap or a miscounted
            // discontinuity would make them skip or replay media.
            const Segment& previous = window[i - 1];
            require(segment.sequence == previous.sequence + 1,
                    "a live window must be consecutive segments");
            require(segment.discontinuity_sequence ==
                        previous.discontinuity_sequence + (segment.discontinuity ? 1 : 0),
                    "discontinuity sequence must count the discontinuity tags");
        }
        if (i < skipped) continue;
        if (tagged) text += "#EXT-X-DISCONTINUITY\n";
        // The date anchors the player's clock at the start and again after every break, where
        // media timestamps restart.
        if (i == 0 || tagged) {
            text += fmt::format("#EXT-X-PROGRAM-DATE-TIME:{}\n",
                                program_date_time(segment.start_unix_ms));
        }
        if (before_extinf) before_extinf(i, text);
        const std::int64_t ms = extinf_ms(segment, target_duration_s);
        text += fmt::format("#EXTINF:{}.{:03},\n{}\n", ms / 1000, ms % 1000, segment.file);
    }
}

}  // namespace councilcast::archive
