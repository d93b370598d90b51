// The recordings' file work against the ffmpeg command line on the same segments in the same
// run: (1) clip export speed as a multiple of real time, archive::write_clip (libavformat remux
// to fragmented MP4, in process) against `ffmpeg -c copy` doing the same remux; (2) thumbnail
// latency, cold (decoded, scaled and encoded by archive::thumbnail_jpeg) against `ffmpeg -ss`
// for one frame, and warm (the routes' in-memory cache). Figures only: nothing here fails.
#include <fmt/core.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "archive/media_files.hpp"
#include "portal/recordings/bounded_cache.hpp"
#include "tests/support/demo_process.hpp"
#include "tests/support/shell_command.hpp"
#include "tests/support/test_segments.hpp"

using namespace councilcast;
using Clock = std::chrono::steady_clock;

namespace {

// Two minutes of 720p25 at 2.5 Mbit/s in 2-second segments (one IDR each, as the streamer
// writes them), listed five times over: ten minutes of timeline for a fraction of the
// encoding time. Each repeat restarts its timestamps, as a worker restart does, so both sides
// also handle four discontinuities.
constexpr int kEncodedSeconds = 120;
constexpr int kRepeats = 5;
constexpr int kRounds = 3;
constexpr int kThumbnailWidth = 320;

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// CPU seconds (user and system) used so far by this process, or by its waited-for children:
// on a shared machine the wall clock counts other people's work too.
double cpu_seconds(int who) {
    rusage usage{};
    getrusage(who, &usage);
    return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
           static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

std::string figures(const std::vector<double>& values, const char* format) {
    std::string text;
    for (double value : values) text += fmt::format(fmt::runtime(format), value) + " ";
    return text;
}

std::vector<archive::MediaPiece> repeated(const std::vector<archive::MediaPiece>& encoded) {
    std::vector<archive::MediaPiece> pieces;
    double start_s = 0;
    for (int r = 0; r < kRepeats; ++r) {
        for (std::size_t i = 0; i < encoded.size(); ++i) {
            archive::MediaPiece piece = encoded[i];
            piece.start_s = start_s;
            piece.discontinuity = r > 0 && i == 0;
            start_s += piece.duration_s;
            pieces.push_back(piece);
        }
    }
    return pieces;
}

// The clip from councilcast's side: every byte handed to a sink that counts it, as the HTTP
// body's queue would take it.
double ours(const std::vector<archive::MediaPiece>& pieces, double length_s, std::int64_t& bytes) {
    const auto start = Clock::now();
    bytes = 0;
    archive::write_clip(pieces, 0, length_s, [&](std::span<const std::uint8_t> chunk) {
        bytes += static_cast<std::int64_t>(chunk.size());
        return true;
    });
    return seconds_since(start);
}

// The same remux by the ffmpeg command line: the concat demuxer over the same files, the same
// movflags, written to /dev/null. Its process start (some 50 ms) is in its time.
double peer(const std::filesystem::path& list) {
    const auto start = Clock::now();
    const auto result = testing::run_shell(
        "ffmpeg -hide_banner -loglevel error -nostdin -y -f concat -safe 0 -i " +
        testing::shell_quoted(list.string()) +
        " -c copy -bsf:a aac_adtstoasc -movflags frag_keyframe+empty_moov+default_base_moof"
        " -f mp4 /dev/null");
    const double took = seconds_since(start);
    if (result.exit_code != 0) std::printf("ffmpeg failed: %s\n", result.err.c_str());
    return took;
}

double peer_thumbnail(const archive::MediaPiece& piece, double offset_s,
                      const std::filesystem::path& out) {
    const auto start = Clock::now();
    const auto result = testing::run_shell(fmt::format(
        "ffmpeg -hide_banner -loglevel error -nostdin -y -ss {} -i {} -frames:v 1 -vf scale={}:-2"
        " -q:v 4 {}",
        offset_s, testing::shell_quoted(piece.file.string()), kThumbnailWidth,
        testing::shell_quoted(out.string())));
    const double took = seconds_since(start);
    if (result.exit_code != 0) std::printf("ffmpeg failed: %s\n", result.err.c_str());
    return took;
}

}  // namespace

int main() {
    const auto dir = testing::fresh_directory("recording-media-bench");
    testing::SegmentSpec spec;
    spec.width = 1280;
    spec.height = 720;
    spec.gop_s = 2;
    spec.runs = {kEncodedSeconds};
    spec.preset = "ultrafast";
    spec.video_kbps = 2500;
    std::printf("recording_media_bench: encoding %d s of 720p25 (2.5 Mbit/s, 2 s segments)...\n",
                kEncodedSeconds);
    std::fflush(stdout);
    const auto encoding = Clock::now();
    const auto encoded = testing::make_test_segments(dir / "720p", spec);
    std::printf("  encoded in %.1f s\n", seconds_since(encoding));
    const auto pieces = repeated(encoded);
    const double length_s = pieces.back().start_s + pieces.back().duration_s;
    const auto list = dir / "concat.txt";
    {
        std::ofstream out(list);
        for (const auto& piece : pieces) out << "file '" << piece.file.string() << "'\n";
    }
    // Both sides read the files once before timing, so neither pays for a cold page cache.
    std::int64_t bytes = 0;
    ours(pieces, length_s, bytes);
    peer(list);

    std::printf(
        "\nClip export of %.0f s (%zu segments, %.1f MiB of MP4), %d rounds, sides "
        "alternating:\n",
        length_s, pieces.size(), static_cast<double>(bytes) / (1 << 20), kRounds);
    std::vector<double> our_speed;
    std::vector<double> peer_speed;
    std::vector<double> our_cpu;  // media seconds per CPU second
    std::vector<double> peer_cpu;
    const auto run_peer = [&] {
        const double cpu = cpu_seconds(RUSAGE_CHILDREN);
        peer_speed.push_back(length_s / peer(list));
        peer_cpu.push_back(length_s / (cpu_seconds(RUSAGE_CHILDREN) - cpu));
    };
    for (int round = 0; round < kRounds; ++round) {
        const bool ours_first = round % 2 == 0;
        if (!ours_first) run_peer();
        const double cpu = cpu_seconds(RUSAGE_SELF);
        our_speed.push_back(length_s / ours(pieces, length_s, bytes));
        our_cpu.push_back(length_s / (cpu_seconds(RUSAGE_SELF) - cpu));
        if (ours_first) run_peer();
    }
    std::printf(
        "  councilcast write_clip: %.0fx real time by the clock, %.0fx per CPU second "
        "(medians; rounds: %s)\n",
        median(our_speed), median(our_cpu), figures(our_speed, "{:.0f}x").c_str());
    std::printf(
        "  ffmpeg -c copy:         %.0fx real time by the clock, %.0fx per CPU second "
        "(medians; rounds: %s)\n",
        median(peer_speed), median(peer_cpu), figures(peer_speed, "{:.0f}x").c_str());
    std::printf(
        "  ratio councilcast/ffmpeg: %.2f by the clock, %.2f by CPU; goal >= 200x real "
        "time\n",
        median(our_speed) / median(peer_speed), median(our_cpu) / median(peer_cpu));

    std::printf(
        "\nThumbnail of a 720p segment at %d px, cold (nothing cached; the file in the "
        "page cache):\n",
        kThumbnailWidth);
    std::vector<double> our_cold;
    std::vector<double> peer_cold;
    portal::BoundedCache<std::int64_t, std::string> cache(1024);
    const std::vector<double> offsets = {0.0, 1.0, 1.96};  // the GOP's first, middle, last frame
    for (std::size_t i = 0; i < offsets.size() * 3; ++i) {
        const auto& piece = encoded[(i * 7) % encoded.size()];
        const double offset = offsets[i % offsets.size()];
        const auto start = Clock::now();
        auto jpeg = std::make_shared<const std::string>(
            archive::thumbnail_jpeg(piece, offset, kThumbnailWidth));
        our_cold.push_back(seconds_since(start) * 1000);
        cache.put(static_cast<std::int64_t>(i), jpeg);
        peer_cold.push_back(peer_thumbnail(piece, offset, dir / "peer.jpg") * 1000);
    }
    std::printf("  councilcast thumbnail_jpeg: %.1f ms median, %.1f ms worst (%s)\n",
                median(our_cold), *std::max_element(our_cold.begin(), our_cold.end()),
                figures(our_cold, "{:.1f}").c_str());
    std::printf(
        "  ffmpeg -ss -frames:v 1:      %.1f ms median, %.1f ms worst (process start "
        "included)\n",
        median(peer_cold), *std::max_element(peer_cold.begin(), peer_cold.end()));
    constexpr int kWarm = 100'000;
    const auto warm = Clock::now();
    std::size_t found = 0;
    for (int i = 0; i < kWarm; ++i) {
        found += cache.get(i % static_cast<int>(offsets.size() * 3)) != nullptr;
    }
    std::printf(
        "Warm (the routes' cache, on the network thread): %.2f us per lookup (%zu hits); "
        "the HTTP round trip comes on top\n",
        seconds_since(warm) * 1e6 / kWarm, found);
    return 0;
}
