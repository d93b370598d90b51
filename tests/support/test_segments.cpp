#include "tests/support/test_segments.hpp"

#include <fmt/core.h>

#include <stdexcept>

#include "tests/support/shell_command.hpp"

namespace councilcast::testing {

std::vector<archive::MediaPiece> make_test_segments(const std::filesystem::path& dir,
                                                    const SegmentSpec& spec) {
    std::filesystem::create_directories(dir);
    std::vector<archive::MediaPiece> pieces;
    double start_s = 0;
    for (std::size_t run = 0; run < spec.runs.size(); ++run) {
        const int seconds = spec.runs[run];
        // testsrc2 moves (a frame counter), so frames at different times differ; each run's
        // timestamps start where the segment muxer starts them, whatever came before.
        const std::string command = fmt::format(
            "ffmpeg -hide_banner -loglevel error -nostdin -y"
            " -f lavfi -i testsrc2=size={}x{}:rate={} -f lavfi -i "
            "sine=frequency={}:sample_rate=48000"
            " -t {} -c:v libx264 -preset veryfast -pix_fmt yuv420p -g {} -keyint_min {}"
            " -sc_threshold 0 -c:a aac -b:a 64k -ac 2"
            " -f segment -segment_time {} -segment_format mpegts {}",
            spec.width, spec.height, spec.frame_rate, 440 + 110 * run, seconds,
            spec.gop_s * spec.frame_rate, spec.gop_s * spec.frame_rate, spec.segment_s,
            shell_quoted((dir / fmt::format("run{}-%03d.ts", run)).string()));
        const CommandResult made = run_shell(command);
        if (made.exit_code != 0) throw std::runtime_error("ffmpeg failed: " + made.err);
        for (int i = 0; i * spec.segment_s < seconds; ++i) {
            archive::MediaPiece piece;
            piece.file = dir / fmt::format("run{}-{:03}.ts", run, i);
            piece.start_s = start_s;
            piece.duration_s = std::min(spec.segment_s, seconds - i * spec.segment_s);
            piece.discontinuity = run > 0 && i == 0;
            start_s += piece.duration_s;
            pieces.push_back(piece);
        }
    }
    return pieces;
}

}  // namespace councilcast::testing
