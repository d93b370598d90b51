#include "vote_overlay/overlay_stage.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <string>
#include <thread>

#include "tests/vote_overlay/test_frame.hpp"

using namespace councilcast::vote_overlay;
using councilcast::vote_overlay::test::TestFrame;

namespace {

const OverlayState kHallState{"Tarybos posėdžių salė", "TIESIOGIAI", "14:05:09"};

}  // namespace

TEST_CASE("without a state frames pass through untouched") {
    OverlayStage stage;
    TestFrame frame(GST_VIDEO_FORMAT_I420, 640, 360);
    const auto before = frame.bytes();
    stage.apply(frame.frame());
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
        stage.apply(frame.frame());
        if (i == 0) first_result = frame.bytes();
        CHECK(frame.bytes() == first_result);
    }
    CHECK(stage.render_count() == 1);
    // The band darkens the lower third and leaves the rest alone.
    CHECK(frame.luma(5, 700) < 200);
    CHECK(frame.luma(5, 500) == 200);

    SUBCASE("the same state again does not re-render") {
        stage.set_state(kHallState);
        stage.apply(frame.frame());
        CHECK(stage.render_count() == 1);
    }
    SUBCASE("a new clock re-renders once") {
        auto next = kHallState;
        next.clock_text = "14:05:10";
        stage.set_state(next);
        for (int i = 0; i < 10; ++i) stage.apply(frame.frame());
        CHECK(stage.render_count() == 2);
    }
    SUBCASE("a new frame size or format re-renders") {
        TestFrame full_hd(GST_VIDEO_FORMAT_I420, 1920, 1080);
        stage.apply(full_hd.frame());
        stage.apply(full_hd.frame());
        CHECK(stage.render_count() == 2);
        TestFrame nv12(GST_VIDEO_FORMAT_NV12, 1920, 1080);
        stage.apply(nv12.frame());
        CHECK(stage.render_count() == 3);
    }
}

TEST_CASE("frames in an unsupported format pass through") {
    OverlayStage stage;
    stage.set_state(kHallState);
    TestFrame frame(GST_VIDEO_FORMAT_Y444, 320, 240);
    const auto before = frame.bytes();
    stage.apply(frame.frame());
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
    for (int i = 0; i < 200; ++i) stage.apply(frame.frame());
    done = true;
    portal.join();
    CHECK(stage.render_count() >= 1);
    CHECK(stage.render_count() <= 200);
}
