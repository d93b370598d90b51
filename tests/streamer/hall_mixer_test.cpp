// The operator's console as viewers see its effect: a cut, the interpreter's corner, the slate,
// mute and a pulled plug change what the segments carry, while the segments keep coming.
#include <doctest/doctest.h>

#include <fstream>
#include <iterator>

#include "common/error.hpp"
#include "common/unix_time.hpp"
#include "tests/streamer/hall_fixture.hpp"
#include "tests/support/demo_process.hpp"

using namespace councilcast;
using namespace councilcast::streamer;
using namespace councilcast::testing;
using namespace std::chrono_literals;

namespace {

// The interpreter's corner: x 700, y 620, width 280 of the picture (PipSettings' defaults); its
// middle, well inside it.
constexpr int kCornerX = 760;
constexpr int kCornerY = 650;  // above the overlay's bottom band
constexpr int kCornerSize = 120;
// A patch in the middle of the picture, clear of the corner, the overlay and the slate's text.
constexpr int kMiddleX = 100;
constexpr int kMiddleY = 250;
constexpr int kMiddleSize = 150;

WorkerSettings three_cameras(const std::string& name) {
    auto settings = hall_settings(fresh_directory(name),
                                  {test_camera("wide", "red"), test_camera("rostrum", "blue"),
                                   test_camera("interpreter", "green")});
    settings.pip.camera = "interpreter";
    settings.audio.kind = "camera";
    settings.audio.camera = "wide";
    return settings;
}

bool all_connected(const HallStatus& status) {
    return std::ranges::all_of(status.sources,
                               [](const SourceStatus& s) { return s.state == "connected"; });
}

std::string middle(HallRun& run, std::size_t segment) {
    return colour_name(first_frame_colour(run.file(run.segments().at(segment)), kMiddleX, kMiddleY,
                                          kMiddleSize, kMiddleSize));
}

std::string corner(HallRun& run, std::size_t segment) {
    return colour_name(first_frame_colour(run.file(run.segments().at(segment)), kCornerX, kCornerY,
                                          kCornerSize, kCornerSize));
}

bool is_jpeg(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    const std::string head(std::istreambuf_iterator<char>(in), {});
    return head.size() > 100 && static_cast<unsigned char>(head[0]) == 0xff &&
           static_cast<unsigned char>(head[1]) == 0xd8;
}

}  // namespace

TEST_CASE("a cut and the interpreter's corner change the picture viewers get") {
    const auto settings = three_cameras("hall-cut");
    HallRun run(settings);
    REQUIRE(run.run_until([&] { return all_connected(run.status()); }, 10s));
    const std::size_t before = run.segment_after(now_unix_ms(), 10s);
    REQUIRE(run.failure().empty());
    CHECK(middle(run, before) == "red");
    CHECK(corner(run, before) == "red");
    // Each camera's health as the console shows it: frames arriving, no loss.
    for (const auto& source : run.status().sources) {
        CHECK_MESSAGE(source.fps > 10, source.id, " at ", source.fps, " fps");
        CHECK(source.reconnects == 0);
        CHECK(source.reason.empty());
    }

    run.pipeline().apply({.kind = HallCommand::Kind::kCut, .camera = "rostrum"});
    const HallState state = run.pipeline().apply({.kind = HallCommand::Kind::kPip, .on = true});
    CHECK(state.program == "rostrum");
    CHECK(state.pip);
    const std::size_t after = run.segment_after(now_unix_ms(), 10s);
    CHECK(middle(run, after) == "blue");
    CHECK(corner(run, after) == "green");
    CHECK_FALSE(run.status().on_slate);

    // The console's previews: one per camera and the programme, whole JPEGs.
    const auto previews = std::filesystem::path(settings.output_dir) / "preview";
    for (const char* name : {"program", "wide", "rostrum", "interpreter"}) {
        CHECK_MESSAGE(is_jpeg(previews / (std::string(name) + ".jpg")), name);
    }
}

TEST_CASE("the slate replaces the programme when asked, and when its camera is unplugged") {
    HallRun run(three_cameras("hall-slate"));
    REQUIRE(run.run_until([&] { return all_connected(run.status()); }, 10s));
    run.wait_segments(1, 10s);

    run.pipeline().apply({.kind = HallCommand::Kind::kSlate, .on = true});
    CHECK(run.status().on_slate);
    std::size_t next = run.segment_after(now_unix_ms(), 10s);
    CHECK(middle(run, next) == "slate");
    run.pipeline().apply({.kind = HallCommand::Kind::kSlate, .on = false});

    // Pulling the programme camera's plug: the slate, without the operator.
    const HallState state =
        run.pipeline().apply({.kind = HallCommand::Kind::kUnplug, .camera = "wide", .on = true});
    CHECK(state.unplugged == std::vector<std::string>{"wide"});
    CHECK(run.source("wide").state == "unplugged");
    CHECK(run.status().on_slate);
    next = run.segment_after(now_unix_ms(), 10s);
    CHECK(middle(run, next) == "slate");
    // The other cameras go on as they were.
    CHECK(run.source("rostrum").state == "connected");

    // Plugged back: the programme returns by itself.
    run.pipeline().apply({.kind = HallCommand::Kind::kUnplug, .camera = "wide", .on = false});
    REQUIRE(run.run_until([&] { return !run.status().on_slate; }, 5s));
    next = run.segment_after(now_unix_ms(), 10s);
    CHECK(middle(run, next) == "red");
    CHECK(run.failure().empty());
}

TEST_CASE("the heartbeat hears the programme's sound, and the silence of a mute left on") {
    HallRun run(three_cameras("hall-sound"));
    REQUIRE(run.run_until([&] { return all_connected(run.status()); }, 10s));
    REQUIRE(run.run_until([&] { return run.status().level_db > -50; }, 5s));
    CHECK(run.status().silent_ms == 0);
    std::size_t next = run.segment_after(now_unix_ms(), 10s);
    CHECK(sound_peak_db(run.file(run.segments()[next])) > -40);

    run.pipeline().apply({.kind = HallCommand::Kind::kMute, .on = true});
    CHECK(run.run_until([&] { return run.status().silent_ms > 1000; }, 5s));
    CHECK(run.status().level_db < -50);
    next = run.segment_after(now_unix_ms(), 10s);
    CHECK(sound_peak_db(run.file(run.segments()[next])) < -60);
}

TEST_CASE("a command naming no camera of the hall is refused and changes nothing") {
    HallRun run(three_cameras("hall-refusal"));
    const HallState before = run.status().state;
    CHECK_THROWS_AS(run.pipeline().apply({.kind = HallCommand::Kind::kCut, .camera = "balcony"}),
                    InvalidInput);
    CHECK(run.status().state == before);
}
