// Real cameras simulated on loopback: an RTSP camera (gst-rtsp-server) over TCP only and over UDP,
// an SRT sender; their picture and sound reach the programme, and a camera that dies is replaced
// by the slate without a gap for viewers, then comes back by itself; a capture card that is not
// there is named on the console.
#include <doctest/doctest.h>

#include "common/unix_time.hpp"
#include "tests/streamer/hall_fixture.hpp"
#include "tests/support/demo_process.hpp"
#include "tests/support/shell_command.hpp"
#include "tests/support/smtp_sink.hpp"

using namespace councilcast;
using namespace councilcast::streamer;
using namespace councilcast::testing;
using namespace std::chrono_literals;

namespace {

constexpr int kToneHz = 440;
// The picture's middle, clear of the overlay and the slate's text.
constexpr int kMiddle = 400;
constexpr int kMiddleSize = 150;

SourceSettings rtsp_camera(unsigned short port, const std::string& transport) {
    return {
        .id = "wide", .kind = "rtsp", .location = fake_camera_url(port), .transport = transport};
}

WorkerSettings camera_settings(const std::string& name, SourceSettings camera) {
    auto settings = hall_settings(fresh_directory(name), {std::move(camera)});
    settings.audio.kind = "camera";
    settings.audio.camera = "wide";
    return settings;
}

std::string middle(HallRun& run, std::size_t segment) {
    return colour_name(first_frame_colour(run.file(run.segments().at(segment)), 300, kMiddle,
                                          kMiddleSize, kMiddleSize));
}

// Connected, and a segment made wholly after it carries the camera's picture and tone.
void check_camera_on_air(HallRun& run, std::chrono::milliseconds connect_deadline) {
    REQUIRE(
        run.run_until([&] { return run.source("wide").state == "connected"; }, connect_deadline));
    CHECK_FALSE(run.status().on_slate);
    const std::size_t next = run.segment_after(now_unix_ms(), 10s);
    CHECK(middle(run, next) == "red");
    // The fake camera's tone at -10 dBFS: the camera's own sound, not silence.
    CHECK(sound_peak_db(run.file(run.segments()[next])) > -20);
}

// An SRT sender as a hall's hardware encoder or OBS: a gst-launch-1.0 pipeline ending in srtsink.
std::unique_ptr<ChildProcess> start_srt_sender(const std::string& uri,
                                               const std::filesystem::path& log) {
    return std::make_unique<ChildProcess>(
        std::vector<std::string>{"gst-launch-1.0",
                                 "-q",
                                 "videotestsrc",
                                 "is-live=true",
                                 "pattern=red",
                                 "!",
                                 "video/x-raw,width=320,height=180,framerate=25/1",
                                 "!",
                                 "x264enc",
                                 "tune=zerolatency",
                                 "speed-preset=ultrafast",
                                 "key-int-max=25",
                                 "!",
                                 "mpegtsmux",
                                 "name=mux",
                                 "!",
                                 "srtsink",
                                 "uri=" + uri,
                                 "audiotestsrc",
                                 "is-live=true",
                                 "wave=sine",
                                 "freq=440",
                                 "volume=0.3",
                                 "!",
                                 "audioconvert",
                                 "!",
                                 "avenc_aac",
                                 "!",
                                 "aacparse",
                                 "!",
                                 "mux."},
        log);
}

// A fake camera serving over `served` ("tcp" or "udp"), asked for with `asked`, comes up with
// its picture and tone within 5 s.
void check_rtsp_camera(const std::string& served, const std::string& asked) {
    const auto port = free_port();
    const std::string name = "hall-rtsp-" + served + "-" + asked;
    auto camera = start_fake_camera(port, served, "red", kToneHz,
                                    fresh_directory(name + "-camera") / "camera.log");
    HallRun run(camera_settings(name, rtsp_camera(port, asked)));
    check_camera_on_air(run, 5s);
}

}  // namespace

TEST_CASE("an RTSP camera reachable over TCP only comes up, with its sound") {
    check_rtsp_camera("tcp", "tcp");
}

TEST_CASE("transport auto reaches a TCP-only camera without UDP's timeout eating the budget") {
    check_rtsp_camera("tcp", "auto");
}

TEST_CASE("an RTSP camera over UDP comes up, with its sound") {
    check_rtsp_camera("udp", "udp");
}

TEST_CASE("an SRT sender comes up with its sound, the worker calling or listening") {
    const auto port = std::to_string(free_udp_port());
    SUBCASE("the sender listens, the worker calls") {
        const auto directory = fresh_directory("hall-srt-caller-sender");
        auto sender = start_srt_sender("srt://:" + port + "?mode=listener", directory / "log");
        HallRun run(camera_settings("hall-srt-caller", {.id = "wide",
                                                        .kind = "srt",
                                                        .location = "srt://127.0.0.1:" + port,
                                                        .srt_mode = "caller"}));
        check_camera_on_air(run, 10s);
    }
    SUBCASE("the worker listens, the sender calls") {
        const auto directory = fresh_directory("hall-srt-listener-sender");
        HallRun run(camera_settings(
            "hall-srt-listener",
            {.id = "wide", .kind = "srt", .location = "srt://:" + port, .srt_mode = "listener"}));
        auto sender =
            start_srt_sender("srt://127.0.0.1:" + port + "?mode=caller", directory / "log");
        check_camera_on_air(run, 10s);
    }
}

TEST_CASE("a camera that dies gives way to the slate within 2 s and comes back by itself") {
    const auto port = free_port();
    const auto directory = fresh_directory("hall-loss-camera");
    auto camera = start_fake_camera(port, "tcp", "red", kToneHz, directory / "camera.log");
    HallRun run(camera_settings("hall-loss", rtsp_camera(port, "tcp")));
    REQUIRE(run.run_until([&] { return run.source("wide").state == "connected"; }, 5s));
    const std::size_t first = run.wait_segments(2, 10s);

    camera->kill();
    const auto killed = std::chrono::steady_clock::now();
    REQUIRE(run.run_until([&] { return run.status().on_slate; }, 5s));
    const auto slate_after = std::chrono::steady_clock::now() - killed;
    MESSAGE("slate after ", std::chrono::duration<double>(slate_after).count(), " s");
    CHECK(slate_after < 2s);
    CHECK(run.source("wide").state == "reconnecting");
    CHECK_FALSE(run.source("wide").reason.empty());
    std::size_t next = run.segment_after(now_unix_ms(), 10s);
    CHECK(middle(run, next) == "slate");
    // Lost camera, lost sound: the programme is silent rather than garbled.
    CHECK(sound_peak_db(run.file(run.segments()[next])) < -60);

    camera = start_fake_camera(port, "tcp", "red", kToneHz, directory / "camera.log");
    const auto restarted = std::chrono::steady_clock::now();
    REQUIRE(run.run_until([&] { return !run.status().on_slate; }, 10s));
    const auto back_after = std::chrono::steady_clock::now() - restarted;
    MESSAGE("back after ", std::chrono::duration<double>(back_after).count(), " s");
    CHECK(back_after < 5s);
    CHECK(run.source("wide").reconnects >= 1);
    next = run.segment_after(now_unix_ms(), 10s);
    CHECK(middle(run, next) == "red");
    // And its sound with it.
    CHECK(sound_peak_db(run.file(run.segments()[next])) > -20);

    // No gap for viewers: each segment starts where the one before ended, across the loss and
    // the return, and the encoders never stopped.
    CHECK(run.failure().empty());
    const auto& segments = run.segments();
    for (std::size_t i = first + 1; i < segments.size(); ++i) {
        const auto gap_ms = segments[i].start_unix_ms - segments[i - 1].start_unix_ms -
                            segments[i - 1].duration_us / 1000;
        CHECK_MESSAGE(std::abs(gap_ms) < 100, "segment ", i, " starts ", gap_ms, " ms off");
    }
}

TEST_CASE("the programme's sound from a separate RTSP source, the hall's mixer") {
    const auto port = free_port();
    const auto directory = fresh_directory("hall-sound-source");
    auto mixer = start_fake_camera(port, "tcp", "black", kToneHz, directory / "mixer.log");
    auto settings = hall_settings(fresh_directory("hall-sound"), {test_camera("wide", "red")});
    settings.audio.kind = "rtsp";
    settings.audio.location = fake_camera_url(port);
    HallRun run(settings);
    REQUIRE(run.run_until([&] { return run.status().level_db > -20; }, 10s));
    const std::size_t next = run.segment_after(now_unix_ms(), 10s);
    // The source's tone at -10 dBFS, not the test camera's quiet one at -26.
    CHECK(sound_peak_db(run.file(run.segments()[next])) > -20);
    // Its picture is not the programme's.
    CHECK(middle(run, next) == "red");
}

TEST_CASE("a file as a camera loops without ever being lost") {
    const auto directory = fresh_directory("hall-file-camera");
    const auto file = directory / "red.ts";
    const auto made = run_shell(
        "gst-launch-1.0 -q videotestsrc num-buffers=25 pattern=red ! "
        "video/x-raw,width=320,height=180,framerate=25/1 ! x264enc ! mpegtsmux name=mux ! "
        "filesink location=" +
        shell_quoted(file.string()) +
        " audiotestsrc num-buffers=50 wave=sine volume=0.3 ! audioconvert ! avenc_aac ! mux.");
    REQUIRE(made.exit_code == 0);
    HallRun run(camera_settings(
        "hall-file", {.id = "wide", .kind = "uri", .location = "file://" + file.string()}));
    REQUIRE(run.run_until([&] { return run.source("wide").state == "connected"; }, 5s));
    // Three times the file's one second.
    const std::size_t next = run.segment_after(now_unix_ms() + 3000, 10s);
    CHECK(run.source("wide").state == "connected");
    CHECK(run.source("wide").reconnects == 0);
    // At its own pace after each loop (30 fps, less a few frames at each turn), neither raced
    // through nor stalled.
    CHECK(run.source("wide").fps > 15);
    CHECK(run.source("wide").fps < 45);
    CHECK(middle(run, next) == "red");
    CHECK_FALSE(run.status().on_slate);
}

TEST_CASE("a camera that asks for credentials gets the ones from its file, and says when wrong") {
    const auto port = free_port();
    const auto directory = fresh_directory("hall-credentials-camera");
    auto camera =
        start_fake_camera(port, "tcp", "red", kToneHz, directory / "camera.log", "hall:s3cret");
    SUBCASE("right") {
        auto source = rtsp_camera(port, "tcp");
        source.user = "hall";
        source.password = "s3cret";
        HallRun run(camera_settings("hall-credentials", source));
        check_camera_on_air(run, 5s);
    }
    SUBCASE("wrong") {
        auto source = rtsp_camera(port, "tcp");
        source.user = "hall";
        source.password = "guess";
        HallRun run(camera_settings("hall-credentials-wrong", source));
        // What the console shows the operator: the camera's own answer.
        CHECK(run.run_until(
            [&] {
                const auto source = run.source("wide");
                return source.state == "reconnecting" &&
                       source.reason.find("Unauthorized") != std::string::npos;
            },
            5s));
        CHECK(run.status().on_slate);
    }
}

TEST_CASE("a camera that hangs with its connection open gives way to the slate within 2 s") {
    const auto port = free_port();
    const auto directory = fresh_directory("hall-frozen-camera");
    auto camera = start_fake_camera(port, "tcp", "red", kToneHz, directory / "camera.log");
    HallRun run(camera_settings("hall-frozen", rtsp_camera(port, "tcp")));
    REQUIRE(run.run_until([&] { return run.source("wide").state == "connected"; }, 5s));
    run.segment_after(now_unix_ms(), 10s);

    // No error, no end of stream: only the missing frames tell.
    camera->freeze(true);
    const auto frozen = std::chrono::steady_clock::now();
    REQUIRE(run.run_until([&] { return run.status().on_slate; }, 5s));
    const auto slate_after = std::chrono::steady_clock::now() - frozen;
    MESSAGE("slate after ", std::chrono::duration<double>(slate_after).count(), " s");
    CHECK(slate_after < 2s);
    CHECK(run.source("wide").state == "reconnecting");

    camera->freeze(false);
    CHECK(run.run_until([&] { return !run.status().on_slate; }, 10s));
    CHECK(run.failure().empty());
}

// The machines that run the tests have no capture card (no /dev/video*, no v4l2loopback): what
// can be seen here is a hall whose card is missing or unplugged.
TEST_CASE("a capture card that is not there: the slate, and the console says which device") {
    HallRun run(camera_settings("hall-v4l2-missing",
                                {.id = "wide", .kind = "v4l2", .location = "/dev/video77"}));
    // What the console shows the operator: trying again, and why.
    CHECK(run.run_until(
        [&] {
            const auto source = run.source("wide");
            return source.state == "reconnecting" &&
                   source.reason.find("/dev/video77") != std::string::npos;
        },
        5s));
    MESSAGE("reason: ", run.source("wide").reason);
    CHECK(run.status().on_slate);
    // The programme goes on, on the slate, and the card is tried again and again.
    const std::size_t first = run.wait_segments(3, 10s);
    REQUIRE(run.segments().size() >= first + 3);
    CHECK(middle(run, run.segments().size() - 1) == "slate");
    CHECK(run.source("wide").reconnects >= 2);
    CHECK(run.failure().empty());
}
