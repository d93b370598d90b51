// The disk guard on a real directory: with a floor above the disk's real free space, every
// segment outside recordings goes (oldest first, the live window left alone) and those inside
// stay; still below, recording stops while the live window is still served.
#include "portal/recordings/disk_guard.hpp"

#include <doctest/doctest.h>

#include "common/unix_time.hpp"
#include "tests/portal/recordings/recording_fixture.hpp"

using namespace councilcast;
using namespace councilcast::portal;
using councilcast::testing::RecordingFixture;

TEST_CASE("below the floor: segments outside recordings go, recordings' stay, recording stops") {
    RecordingFixture fixture("disk-guard");
    const std::int64_t now = now_unix_ms();
    const std::int64_t hour_ago = now - 3'600'000;
    // Before the meeting: 10 segments an hour ago, outside any recording.
    std::vector<archive::Segment> outside;
    for (int n = 0; n < 10; ++n) outside.push_back(fixture.add_segment(n, hour_ago + n * 2000));
    // The meeting's recording, from half an hour ago.
    const std::int64_t recording_start = now - 1'800'000;
    block_on(fixture.store->start(fixture.meeting, "hall", recording_start));
    std::vector<archive::Segment> inside;
    for (int n = 10; n < 20; ++n) {
        inside.push_back(fixture.add_segment(n, recording_start + (n - 10) * 2000));
    }
    // The live window: the last few seconds.
    std::vector<archive::Segment> recent;
    for (int n = 20; n < 23; ++n) recent.push_back(fixture.add_segment(n, now - (23 - n) * 2000));

    DiskGuard relaxed(fixture.dir / "media", 1, *fixture.index, *fixture.archive,
                      std::chrono::seconds(300));
    CHECK_FALSE(fixture.writer->execute([&](Database&) { return relaxed.make_room(); }));
    CHECK(std::filesystem::exists(fixture.file_of(outside.front())));

    const auto free = relaxed.free_bytes();
    REQUIRE(free);
    // A floor no disk of this machine reaches.
    DiskGuard guard(fixture.dir / "media", *free + (std::uint64_t{1} << 50), *fixture.index,
                    *fixture.archive, std::chrono::seconds(300));
    const bool below = fixture.writer->execute([&](Database&) { return guard.make_room(); });
    CHECK(below);
    CHECK(guard.below_floor());
    CHECK(guard.removed_total() == outside.size());
    for (const auto& segment : outside)
        CHECK_FALSE(std::filesystem::exists(fixture.file_of(segment)));
    for (const auto& segment : inside) CHECK(std::filesystem::exists(fixture.file_of(segment)));
    for (const auto& segment : recent) CHECK(std::filesystem::exists(fixture.file_of(segment)));
    CHECK(fixture.archive->segments(fixture.meeting, "")->size() == inside.size() + recent.size());

    // Still below: the portal stops recording, and the recording keeps what it has.
    block_on(fixture.store->stop_all(now, "the media disk is full"));
    const Recording* recording = fixture.store->snapshot()->recording(fixture.meeting);
    REQUIRE(recording);
    CHECK(recording->state == RecordingState::kStopped);
    CHECK(recording->error == "the media disk is full");
    CHECK(fixture.archive->segments(fixture.meeting, "")->size() == inside.size() + recent.size());
    // The live window is still there to serve.
    const auto window = fixture.index->live_window("hall", "720p", 3);
    REQUIRE(window.size() == 3);
    CHECK(window.back().file == recent.back().file);
    CHECK(guard.metrics().find("councilcast_media_below_floor 1") != std::string::npos);
}
