#include "archive/media_files.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <fstream>
#include <limits>
#include <regex>
#include <string>
#include <vector>

#include "common/av_ptr.hpp"
#include "common/error.hpp"
#include "tests/support/demo_process.hpp"
#include "tests/support/test_segments.hpp"

namespace councilcast::archive {
namespace {

using testing::make_test_segments;

// Ten seconds in five 2-second segments, a keyframe every second; the encoder restarts after
// six seconds, so segment 3 starts its timestamps afresh.
const std::vector<MediaPiece>& segments() {
    static const std::vector<MediaPiece> pieces =
        make_test_segments(testing::fresh_directory("media-files") / "segments");
    return pieces;
}

std::filesystem::path write_file(const std::string& name, const std::string& bytes) {
    static const auto dir = testing::fresh_directory("media-files-out");
    const auto path = dir / name;
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
}

using testing::DecodedVideo;

DecodedVideo decode(const std::filesystem::path& path) {
    return testing::decode_video(path);
}

struct Clip {
    ClipRange range;
    std::string bytes;
    int writes = 0;
};

Clip clip(double from_s, double to_s) {
    Clip result;
    result.range = write_clip(segments(), from_s, to_s, [&](std::span<const std::uint8_t> bytes) {
        result.bytes.append(reinterpret_cast<const char*>(bytes.data()), bytes.size());
        ++result.writes;
        return true;
    });
    return result;
}

constexpr double kGop = 1.0;

std::uint64_t big_endian(const std::string& bytes, std::size_t at, int size) {
    std::uint64_t value = 0;
    for (int i = 0; i < size; ++i) value = value << 8 | static_cast<std::uint8_t>(bytes[at + i]);
    return value;
}

// The length a fragmented MP4's header declares (its mehd, on mvhd's timescale), read where a
// browser reads it, before any fragment.
double declared_seconds(const std::string& mp4) {
    const std::size_t mvhd = mp4.find("mvhd") - 4;
    const std::size_t mehd = mp4.find("mehd") - 4;
    REQUIRE(mehd < mp4.find("moof"));
    return static_cast<double>(big_endian(mp4, mehd + 12, 8)) /
           static_cast<double>(big_endian(mp4, mvhd + 20, 4));
}

}  // namespace

TEST_CASE("a clip is cut on the keyframe before its start and lasts what was asked") {
    const Clip made = clip(2.5, 5.0);
    CHECK(made.range.start_s == doctest::Approx(2.0).epsilon(0.001));
    CHECK(made.range.end_s >= 5.0);
    CHECK(made.range.bytes == static_cast<std::int64_t>(made.bytes.size()));
    // A fragmented MP4 with its index first: ftyp, then moov before any media.
    REQUIRE(made.bytes.size() > 64);
    CHECK(made.bytes.substr(4, 4) == "ftyp");
    CHECK(made.bytes.find("moov") < made.bytes.find("moof"));
    CHECK(made.bytes.find("mdat") != std::string::npos);
    // Its length is in the header, or a browser shows the first fragment's as the whole.
    CHECK(declared_seconds(made.bytes) == doctest::Approx(3.0).epsilon(0.01));
    const DecodedVideo video = decode(write_file("within.mp4", made.bytes));
    CHECK(video.first_is_key);
    CHECK(video.audio);
    CHECK(video.width == 320);
    CHECK(video.duration_s >= 2.5 - 0.05);
    CHECK(video.duration_s <= 2.5 + kGop + 0.05);
    CHECK(video.largest_step_s < 0.05);
}

TEST_CASE("a clip across a restart keeps its clock running") {
    const Clip made = clip(3.3, 8.6);
    CHECK(made.range.start_s == doctest::Approx(3.0).epsilon(0.001));
    const DecodedVideo video = decode(write_file("across.mp4", made.bytes));
    CHECK(video.first_is_key);
    CHECK(video.duration_s >= 5.3 - 0.05);
    CHECK(video.duration_s <= 5.3 + kGop + 0.05);
    // No jump back or gap where the timestamps restarted at 6 s.
    CHECK(video.largest_step_s < 0.05);
    CHECK(video.frames == doctest::Approx(video.duration_s * 25).epsilon(0.02));
}

TEST_CASE("the whole recording is one clip") {
    const Clip made = clip(0, 10);
    CHECK(made.range.start_s == 0);
    CHECK(made.writes > 1);  // written as it goes, not at the end
    const DecodedVideo video = decode(write_file("whole.mp4", made.bytes));
    CHECK(video.first_is_key);
    CHECK(video.duration_s == doctest::Approx(10).epsilon(0.01));
}

TEST_CASE("a range outside the recording is refused") {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    for (auto [from, to] : std::vector<std::pair<double, double>>{
             {-1, 2}, {3, 2}, {4, 4}, {9, 11}, {10, 12}, {nan, 2}, {1, nan}}) {
        CAPTURE(from);
        CAPTURE(to);
        CHECK_THROWS_AS(clip(from, to), InvalidInput);
    }
    CHECK_THROWS_AS(write_clip({}, 0, 1, [](auto) { return true; }), InvalidInput);
}

TEST_CASE("a sink that says stop ends the work at once") {
    int calls = 0;
    CHECK_THROWS_AS(write_clip(segments(), 0, 10,
                               [&](std::span<const std::uint8_t>) {
                                   ++calls;
                                   return false;
                               }),
                    ClipCancelled);
    CHECK(calls == 1);
}

TEST_CASE("thumbnails at the first and the last second are JPEGs of the width asked") {
    const MediaPiece& first = segments().front();
    const MediaPiece& last = segments().back();
    const std::string opening = thumbnail_jpeg(first, 0, 160);
    const std::string closing = thumbnail_jpeg(last, last.duration_s - 1, 160);
    const std::string end = thumbnail_jpeg(last, last.duration_s, 160);
    for (const std::string* jpeg : {&opening, &closing, &end}) {
        REQUIRE(jpeg->size() > 100);
        CHECK(jpeg->substr(0, 3) == "\xFF\xD8\xFF");
        const DecodedVideo picture = decode(write_file("thumb.jpg", *jpeg));
        CHECK(picture.width == 160);
        CHECK(picture.height == 90);
    }
    CHECK(opening != closing);  // testsrc2 moves: another second is another picture
    CHECK_THROWS_AS(thumbnail_jpeg(first, -0.5, 160), InvalidInput);
    CHECK_THROWS_AS(thumbnail_jpeg(first, first.duration_s + 1, 160), InvalidInput);
    CHECK_THROWS_AS(thumbnail_jpeg(first, 1, 161), InvalidInput);
    MediaPiece missing = first;
    missing.file += ".gone";
    CHECK_THROWS_AS(thumbnail_jpeg(missing, 0, 160), Error);
}

TEST_CASE("a storyboard has a tile per interval and a cue naming each") {
    const Storyboard board =
        make_storyboard(segments(), 1.0, 64, 4, "/recordings/7/storyboard.jpg");
    const DecodedVideo sprite = decode(write_file("sprite.jpg", board.jpeg));
    CHECK(sprite.width == 4 * 64);
    CHECK(sprite.height == 3 * 36);  // ten tiles, four to a row
    CHECK(board.vtt.starts_with("WEBVTT\n"));
    const std::regex cue(R"(\d\d:\d\d:\d\d\.\d{3} --> \d\d:\d\d:\d\d\.\d{3}\n)"
                         R"(/recordings/7/storyboard\.jpg#xywh=\d+,\d+,64,36\n)");
    const auto cues = std::distance(std::sregex_iterator(board.vtt.begin(), board.vtt.end(), cue),
                                    std::sregex_iterator());
    CHECK(cues == 10);
    CHECK(board.vtt.find("00:00:09.000 --> 00:00:10.000\n/recordings/7/storyboard.jpg#xywh=64,72,"
                         "64,36") != std::string::npos);
    CHECK_THROWS_AS(make_storyboard(segments(), 0, 64, 4, "x"), InvalidInput);
}

}  // namespace councilcast::archive
