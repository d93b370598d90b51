// A four-hour meeting's caption track (3,600 two-line cues, one every four seconds, Lithuanian
// text with a <v Name> and some <i>) as an editor uploads it: parse_caption_file on the SRT and
// on the WebVTT form, and the store's replace_track (one writer job, 3,600 rows and the audit
// entry) on a real SQLite file; against the peer in the same run: FFmpeg's own SRT and WebVTT
// readers turning the same files into WebVTT (`ffmpeg -i x.srt -f webvtt -`), process start
// included, as a server that shelled out would pay it. Median of a few rounds each. Figures
// only: nothing here fails on a slow machine.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include <fmt/core.h>
#include <unistd.h>

#include "common/database.hpp"
#include "common/database_writer.hpp"
#include "portal/council/council_store.hpp"
#include "portal/recordings/caption_file.hpp"
#include "portal/recordings/caption_store.hpp"
#include "portal/recordings/recording_store.hpp"
#include "portal/schema.hpp"

using namespace councilcast;
using namespace councilcast::portal;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int kCues = 3600;
constexpr int kRounds = 5;
constexpr std::int64_t kStartMs = 1795867200000;

std::string srt_time(std::int64_t ms) {
    return fmt::format("{:02}:{:02}:{:02},{:03}", ms / 3'600'000, ms / 60'000 % 60, ms / 1000 % 60,
                       ms % 1000);
}

// The same cues as SRT and as WebVTT.
std::pair<std::string, std::string> make_track() {
    std::string srt;
    std::string vtt = "WEBVTT\n";
    for (int i = 0; i < kCues; ++i) {
        const std::int64_t start = i * 4000LL;
        const std::int64_t end = start + 3800;
        const std::string text = fmt::format(
            "<v Narys {}>Dėl {}-ojo darbotvarkės klausimo siūlau\npritarti sprendimo "
            "projektui, <i>su pataisomis</i>.",
            i % 25 + 1, i % 40 + 1);
        srt += fmt::format("{}\n{} --> {}\n{}\n\n", i + 1, srt_time(start), srt_time(end), text);
        vtt += fmt::format("\n{} --> {}\n{}\n", vtt_timestamp(start), vtt_timestamp(end), text);
    }
    return {srt, vtt};
}

double median_ms(const std::function<void()>& work) {
    std::vector<double> times;
    for (int round = 0; round < kRounds; ++round) {
        const auto started = Clock::now();
        work();
        times.push_back(std::chrono::duration<double, std::milli>(Clock::now() - started).count());
    }
    std::sort(times.begin(), times.end());
    return times[times.size() / 2];
}

// The peer: ffmpeg's reader and WebVTT writer; -1 when ffmpeg is missing or fails.
double ffmpeg_ms(const std::filesystem::path& file) {
    const std::string command =
        fmt::format("ffmpeg -nostdin -v error -i '{}' -f webvtt - > /dev/null", file.string());
    bool failed = false;
    const double ms = median_ms([&] { failed = failed || std::system(command.c_str()) != 0; });
    return failed ? -1 : ms;
}

void print_row(const char* what, double ours, double peer) {
    if (peer < 0) {
        std::printf("%-34s %9.2f ms   ffmpeg: not available\n", what, ours);
    } else {
        std::printf("%-34s %9.2f ms   ffmpeg %9.2f ms   ffmpeg / ours %.1fx\n", what, ours, peer,
                    peer / ours);
    }
}

}  // namespace

int main() {
    try {
        const auto dir = std::filesystem::temp_directory_path() /
                         fmt::format("caption-bench-{}", static_cast<long>(getpid()));
        std::filesystem::remove_all(dir);
        std::filesystem::create_directories(dir);
        const auto [srt, vtt] = make_track();
        std::ofstream(dir / "track.srt", std::ios::binary) << srt;
        std::ofstream(dir / "track.vtt", std::ios::binary) << vtt;
        std::printf("caption_bench: %d cues over 4 hours; SRT %.0f KiB, WebVTT %.0f KiB\n", kCues,
                    srt.size() / 1024.0, vtt.size() / 1024.0);

        CaptionLimits limits;
        limits.length_ms = 4 * 3'600'000;
        std::vector<CaptionCue> cues;
        const double parse_srt = median_ms([&] { cues = parse_caption_file(srt, limits); });
        const double ffmpeg_srt = ffmpeg_ms(dir / "track.srt");
        print_row("parse SRT", parse_srt, ffmpeg_srt);
        const double parse_vtt = median_ms([&] { cues = parse_caption_file(vtt, limits); });
        print_row("parse WebVTT", parse_vtt, ffmpeg_ms(dir / "track.vtt"));

        const auto database = dir / "councilcast.sqlite";
        {
            Database db(database);
            migrate_database(db);
        }
        DatabaseWriter writer(database);
        CouncilStore council(database, dir, writer);
        RecordingStore recordings(database, writer);
        CaptionStore store(database, writer);
        Meeting meeting;
        meeting.title = {"Tarybos posėdis", "Council meeting"};
        meeting.starts_unix = kStartMs / 1000;
        meeting.channel_id = "hall";
        const std::int64_t meeting_id = block_on(council.add_meeting(meeting));
        block_on(recordings.set_span(meeting_id, "hall", kStartMs,
                                     kStartMs + limits.length_ms.value(), {}));
        std::vector<StoredCue> stored;
        for (const CaptionCue& cue : cues) {
            stored.push_back({0, kStartMs + cue.start_ms, kStartMs + cue.end_ms, cue.text});
        }
        const double replace = median_ms([&] {
            block_on(store.replace_track(meeting_id, Language::kLt, "track.vtt", stored,
                                         [](std::int64_t) {
                                             AuditEntry entry;
                                             entry.actor = "bench";
                                             entry.action = "caption.upload";
                                             entry.target = "bench";
                                             return entry;
                                         }));
        });
        std::printf("%-34s %9.2f ms   (%zu rows and an audit entry, one writer job)\n",
                    "store: replace the track", replace, stored.size());
        const double read = median_ms([&] {
            // A fresh version each round would need a write; the first read after one is what
            // a viewer's first request pays, so read the whole table the way search does.
            (void)store.all_cues();
        });
        std::printf("%-34s %9.2f ms\n", "read every cue (search's rebuild)", read);
        print_row("upload total (SRT parse + store)", parse_srt + replace, ffmpeg_srt);
        writer.flush();
        std::filesystem::remove_all(dir);
    } catch (const std::exception& e) {
        std::printf("caption_bench: could not finish: %s\n", e.what());
    }
    return 0;
}
