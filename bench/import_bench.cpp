// Older recordings imported (archive/media_import) against the ffmpeg command line on the same
// generated files in the same run: (1) remux of H.264/AAC MP4 into 2-second MPEG-TS segments
// against `ffmpeg -c copy -f segment`; (2) transcode of MPEG-4 Part 2 / MP3 AVI to one 720p
// rendition by GStreamer's x264enc against `ffmpeg -c:v libx264` at the same preset and rate.
// Speeds as multiples of real time; ratios printed. Figures only: it never fails.
#include <fmt/core.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "archive/media_import.hpp"
#include "tests/support/demo_process.hpp"
#include "tests/support/shell_command.hpp"

using namespace councilcast;

namespace {

constexpr int kLength_s = 60;
// The live streamer's preset (streamer/channel_pipeline.cpp); both encoders get it.
constexpr const char* kPreset = "veryfast";

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

bool make_input(const std::filesystem::path& file, const std::string& codecs) {
    const auto result = testing::run_shell(fmt::format(
        "ffmpeg -hide_banner -loglevel error -nostdin -y -f lavfi -i "
        "testsrc2=size=1280x720:rate=25:duration={0} -f lavfi -i sine=duration={0} {1} {2}",
        kLength_s, codecs, testing::shell_quoted(file.string())));
    if (result.exit_code != 0) std::printf("ffmpeg failed: %s\n", result.err.c_str());
    return result.exit_code == 0;
}

double ffmpeg_run(const std::string& arguments) {
    const auto start = std::chrono::steady_clock::now();
    const auto result =
        testing::run_shell("ffmpeg -hide_banner -loglevel error -nostdin -y " + arguments);
    const double took = seconds_since(start);
    if (result.exit_code != 0) std::printf("ffmpeg failed: %s\n", result.err.c_str());
    return took;
}

double ours(const std::filesystem::path& file, const std::filesystem::path& out,
            const archive::ImportSettings& settings, archive::ImportMethod expected) {
    std::filesystem::remove_all(out);
    const std::atomic<bool> never{false};
    const std::vector<std::filesystem::path> files{file};
    const auto start = std::chrono::steady_clock::now();
    try {
        const auto outcome = archive::import_media(files, out, "bench", settings, {}, never);
        const double took = seconds_since(start);
        if (outcome.method != expected) std::printf("  (unexpected method)\n");
        return took;
    } catch (const std::exception& e) {
        std::printf("import failed: %s\n", e.what());
        return seconds_since(start);
    }
}

void report(const char* what, double ours_s, double peer_s, const char* peer) {
    std::printf(
        "  %-9s councilcast %6.1f x real time (%.2f s)   %s %6.1f x (%.2f s)   "
        "ratio %.2f\n",
        what, kLength_s / ours_s, ours_s, peer, kLength_s / peer_s, peer_s, peer_s / ours_s);
}

}  // namespace

int main() {
    const auto dir = testing::fresh_directory("import-bench");
    std::printf("import_bench: generating %d s of 720p25 inputs with ffmpeg...\n", kLength_s);
    const auto mp4 = dir / "h264.mp4";
    const auto avi = dir / "mpeg4.avi";
    if (!make_input(mp4,
                    "-c:v libx264 -preset ultrafast -pix_fmt yuv420p -g 50 -b:v 2500k -c:a aac") ||
        !make_input(avi, "-c:v mpeg4 -q:v 4 -c:a libmp3lame")) {
        return 0;
    }
    archive::ImportSettings settings;
    settings.speed_preset = kPreset;
    settings.renditions.push_back({"720p", 1280, 720, 25, 2500, "main", 128});

    const double remux = ours(mp4, dir / "ours-remux", settings, archive::ImportMethod::kRemux);
    std::filesystem::create_directories(dir / "peer-remux");
    const double remux_peer =
        ffmpeg_run("-i " + testing::shell_quoted(mp4.string()) +
                   " -c copy -f segment -segment_time 2 -segment_format mpegts " +
                   testing::shell_quoted((dir / "peer-remux" / "s%06d.ts").string()));
    const double transcode =
        ours(avi, dir / "ours-transcode", settings, archive::ImportMethod::kTranscode);
    std::filesystem::create_directories(dir / "peer-transcode");
    const double transcode_peer = ffmpeg_run(fmt::format(
        "-i {} -c:v libx264 -preset {} -tune zerolatency -b:v 2500k -g 50 -keyint_min 50 "
        "-sc_threshold 0 -profile:v main -c:a aac -b:a 128k -f segment -segment_time 2 "
        "-segment_format mpegts {}",
        testing::shell_quoted(avi.string()), kPreset,
        testing::shell_quoted((dir / "peer-transcode" / "s%06d.ts").string())));

    std::printf("import_bench: %d s of 720p25, 2 s segments (ratio > 1: councilcast faster)\n",
                kLength_s);
    report("remux", remux, remux_peer, "ffmpeg -c copy");
    report("transcode", transcode, transcode_peer, "ffmpeg libx264");
    std::filesystem::remove_all(dir);
    return 0;
}
