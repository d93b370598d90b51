#include "vote_overlay/overlay_stage.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include "tests/vote_overlay/tally_fixture.hpp"
#include "tests/vote_overlay/test_frame.hpp"

using namespace councilcast::vote_overlay;
using councilcast::vote_overlay::test::TestFrame;

namespace {

// A fixed wall-clock time for every frame: nothing here depends on the clock.
constexpr std::int64_t kNow = 1'796'000'000'000;
const OverlayState kHallState{"Tarybos posėdžių salė", "TIESIOGIAI", "14:05:09"};

}  // namespace

TEST_CASE("without a state frames pass through untouched") {
    OverlayStage stage;
    TestFrame frame(GST_VIDEO_FORMAT_I420, 640, 360);
    const auto before = frame.bytes();
    stage.apply(frame.frame(), kNow);
    CHECK(frame.bytes() == before);
    CHECK(stage.render_count() == 0);
}

TEST_CASE("100 frames with an unchanged state render once, and each gets the overlay") {
    OverlayStage stage;
    stage.set_state(kHallState);
    TestFrame frame(GST_VIDEO_FORMAT_I420, 1280, 720, 200, 128, 128);
    const auto untouched = frame.bytes();
    std::vector<std::uint8_t> first_result;
    for (int i = 0; i < 100; ++i) {
        frame.set_bytes(untouched);
        stage.apply(frame.frame(), kNow);
        if (i == 0) first_result = frame.bytes();
        CHECK(frame.bytes() == first_result);
    }
    CHECK(stage.render_count() == 1);
    // The band darkens the lower third and leaves the rest alone.
    CHECK(frame.luma(5, 700) < 200);
    CHECK(frame.luma(5, 500) == 200);

    SUBCASE("the same state again does not re-render") {
        stage.set_state(kHallState);
        stage.apply(frame.frame(), kNow);
        CHECK(stage.render_count() == 1);
    }
    SUBCASE("a new clock re-renders once") {
        auto next = kHallState;
        next.clock_text = "14:05:10";
        stage.set_state(next);
        for (int i = 0; i < 10; ++i) stage.apply(frame.frame(), kNow);
        CHECK(stage.render_count() == 2);
    }
    SUBCASE("a new frame size or format re-renders") {
        TestFrame full_hd(GST_VIDEO_FORMAT_I420, 1920, 1080);
        stage.apply(full_hd.frame(), kNow);
        stage.apply(full_hd.frame(), kNow);
        CHECK(stage.render_count() == 2);
        TestFrame nv12(GST_VIDEO_FORMAT_NV12, 1920, 1080);
        stage.apply(nv12.frame(), kNow);
        CHECK(stage.render_count() == 3);
    }
}

TEST_CASE("frames in an unsupported format pass through") {
    OverlayStage stage;
    stage.set_state(kHallState);
    TestFrame frame(GST_VIDEO_FORMAT_Y444, 320, 240);
    const auto before = frame.bytes();
    stage.apply(frame.frame(), kNow);
    CHECK(frame.bytes() == before);
    CHECK(stage.render_count() == 0);
}

TEST_CASE("state may be set from another thread while frames are blended") {
    OverlayStage stage;
    stage.set_state(kHallState);
    std::atomic<bool> done = false;
    std::thread portal([&] {
        for (int second = 0; !done; second = (second + 1) % 60) {
            auto state = kHallState;
            state.clock_text = "14:05:" + std::to_string(10 + second % 50);
            stage.set_state(state);
            std::this_thread::yield();
        }
    });
    TestFrame frame(GST_VIDEO_FORMAT_NV12, 320, 180);
    for (int i = 0; i < 200; ++i) stage.apply(frame.frame(), kNow);
    done = true;
    portal.join();
    CHECK(stage.render_count() >= 1);
    CHECK(stage.render_count() <= 200);
}

namespace {

using councilcast::vote_overlay::test::closed_tally;
using councilcast::vote_overlay::test::mayor;
using councilcast::vote_overlay::test::open_tally;

// Luma samples inside the tally's area (upper right) of a 1280×720 frame.
std::vector<std::uint8_t> tally_region(TestFrame& frame) {
    const auto area = OverlayRenderer::tally_area(1280, 720);
    std::vector<std::uint8_t> samples;
    for (int y = area.y; y < area.y + area.height; y += 2) {
        for (int x = area.x; x < area.x + area.width; x += 2) samples.push_back(frame.luma(x, y));
    }
    return samples;
}

// One frame of a mid-grey picture at `now`; returns the tally region afterwards.
std::vector<std::uint8_t> frame_at(OverlayStage& stage, std::int64_t now) {
    TestFrame frame(GST_VIDEO_FORMAT_I420, 1280, 720, 128, 128, 128);
    stage.apply(frame.frame(), now);
    return tally_region(frame);
}

}  // namespace

TEST_CASE("the tally re-renders when the countdown's second changes, not on every frame") {
    OverlayStage stage;
    auto state = kHallState;
    state.tally = open_tally();
    state.tally->countdown_ends_unix_ms = kNow + 10'000;
    stage.set_state(state);
    const auto at_ten = frame_at(stage, kNow);
    CHECK(stage.render_count() == 1);
    // 30 frames a second for the rest of the second: 10 s left, rounded up, all along.
    for (int i = 1; i < 30; ++i) frame_at(stage, kNow + i * 33);
    CHECK(stage.render_count() == 1);
    const auto at_nine = frame_at(stage, kNow + 1'000);
    CHECK(stage.render_count() == 2);
    CHECK(at_nine != at_ten);
    // Past the end it stays at 0:00 without rendering again.
    frame_at(stage, kNow + 10'000);
    CHECK(stage.render_count() == 3);
    frame_at(stage, kNow + 20'000);
    CHECK(stage.render_count() == 3);

    SUBCASE("a closed vote has no countdown, so time alone renders nothing") {
        state.tally = closed_tally(OverlayOutcome::kAdopted, "PRIIMTA");
        state.tally->countdown_ends_unix_ms = kNow + 10'000;
        stage.set_state(state);
        frame_at(stage, kNow + 20'000);
        CHECK(stage.render_count() == 4);
        for (int second = 21; second < 30; ++second) frame_at(stage, kNow + second * 1'000);
        CHECK(stage.render_count() == 4);
    }
    SUBCASE("a new count re-renders once") {
        state.tally->counts[0].value = 14;
        stage.set_state(state);
        frame_at(stage, kNow + 20'000);
        stage.set_state(state);
        frame_at(stage, kNow + 20'010);
        CHECK(stage.render_count() == 4);
    }
}

TEST_CASE("the tally goes from the picture when its time to be seen ends") {
    OverlayStage stage;
    const auto without = frame_at(stage, kNow);  // no state yet: untouched
    auto state = kHallState;
    stage.set_state(state);
    const auto no_tally = frame_at(stage, kNow);
    CHECK(no_tally == without);  // the bar does not reach the tally's area

    state.tally = closed_tally(OverlayOutcome::kRejected, "NEPRIIMTA");
    state.tally->visible_until_unix_ms = kNow + 2'000;
    stage.set_state(state);
    const auto shown = frame_at(stage, kNow);
    CHECK(shown != no_tally);
    const auto renders = stage.render_count();
    CHECK(frame_at(stage, kNow + 1'999) == shown);
    CHECK(stage.render_count() == renders);
    CHECK(frame_at(stage, kNow + 2'000) == no_tally);
    CHECK(stage.render_count() == renders + 1);
    frame_at(stage, kNow + 3'000);
    CHECK(stage.render_count() == renders + 1);

    SUBCASE("a state whose tally's time is already over never shows it") {
        OverlayStage restarted;
        restarted.set_state(state);
        CHECK(frame_at(restarted, kNow + 60'000) == no_tally);
    }
}

TEST_CASE("the speaker's lower third sits above the bar at the left") {
    OverlayStage stage;
    auto state = kHallState;
    stage.set_state(state);
    TestFrame plain(GST_VIDEO_FORMAT_I420, 1280, 720, 200, 128, 128);
    stage.apply(plain.frame(), kNow);
    state.speaker = mayor();
    stage.set_state(state);
    TestFrame with_speaker(GST_VIDEO_FORMAT_I420, 1280, 720, 200, 128, 128);
    stage.apply(with_speaker.frame(), kNow);
    CHECK(stage.render_count() == 2);
    const auto bar = OverlayRenderer::lower_third_rect(1280, 720);
    // Darkened just above the bar at the left, untouched at the right and in the bar itself.
    CHECK(with_speaker.luma(60, bar.y - 30) < 100);
    CHECK(plain.luma(60, bar.y - 30) == 200);
    CHECK(with_speaker.luma(1200, bar.y - 30) == 200);
    CHECK(with_speaker.luma(60, bar.y + 5) == plain.luma(60, bar.y + 5));
}
