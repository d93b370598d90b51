// LiveParts as the live playlist and a player meet it: the parts of indexed segments and of the
// segment in progress, the preload hint, parts served once closed and waited for while being
// written, a worker restart, and blocking requests woken by the next part or by their deadline.
#include "portal/broadcast/live_parts.hpp"

#include <doctest/doctest.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>

#include <chrono>
#include <string>
#include <vector>

using namespace councilcast;
using namespace councilcast::portal;

namespace {

constexpr int kParts = 3;

// The worker's messages for part `part` of fragment `fragment` of rendition "720p".
void publish_part(LiveParts& parts, std::int64_t fragment, int part, const std::string& bytes) {
    const streamer::MediaBytes media{.rendition = "720p",
                                     .fragment = fragment,
                                     .part = part,
                                     .bytes = static_cast<std::int64_t>(bytes.size())};
    // In two pieces, as the muxer hands them over.
    parts.add_bytes("hall", media, bytes.substr(0, bytes.size() / 2));
    parts.add_bytes("hall", media, bytes.substr(bytes.size() / 2));
    parts.close_part("hall", {.rendition = "720p",
                              .fragment = fragment,
                              .part = part,
                              .duration_us = 333'333,
                              .independent = part == 0});
}

archive::Segment segment(std::int64_t sequence) {
    return {.channel = "hall",
            .rendition = "720p",
            .sequence = sequence,
            .file = "run-" + std::to_string(sequence) + ".ts",
            .duration_us = 1'000'000};
}

}  // namespace

TEST_CASE("the playlist lists whole segments' parts and the segment in progress, then the hint") {
    LiveParts parts(kParts);
    parts.worker_started("hall");
    for (int i = 0; i < kParts; ++i)
        publish_part(parts, 0, i, "fragment0-part" + std::to_string(i));
    std::vector<archive::Segment> window{segment(40)};
    // Not indexed yet: its place on the timeline is unknown, so nothing is listed.
    CHECK(parts.view("hall", "720p", window).next_part_uri.empty());

    parts.fragment_indexed("hall", 0, {segment(40)});
    publish_part(parts, 1, 0, "fragment1-part0");
    const LiveParts::View view = parts.view("hall", "720p", window);
    REQUIRE(view.parts.size() == 4);
    CHECK(view.parts[0].sequence == 40);
    CHECK(view.parts[0].independent);
    CHECK_FALSE(view.parts[1].independent);
    CHECK(view.parts[3].sequence == 41);  // the segment in progress
    CHECK(view.parts[3].index == 0);
    CHECK(view.parts[3].uri.ends_with("-000001.0.ts"));
    CHECK(view.next_part_uri.ends_with("-000001.1.ts"));

    // The part's bytes, whole, by its name; the hinted one is worth waiting for; others are not.
    const LiveParts::Found found = parts.part("hall", "720p", view.parts[3].uri);
    REQUIRE(found.bytes);
    CHECK(*found.bytes == "fragment1-part0");
    CHECK(parts.part("hall", "720p", view.next_part_uri).pending);
    CHECK_FALSE(parts.part("hall", "720p", view.next_part_uri).bytes);
    const std::string far =
        view.next_part_uri.substr(0, view.next_part_uri.find('-')) + "-000009.0.ts";
    CHECK_FALSE(parts.part("hall", "720p", far).pending);
    CHECK_FALSE(parts.part("hall", "360p", view.parts[3].uri).bytes);

    // A new worker run names its parts afresh: the old run's names are gone for good.
    parts.worker_started("hall");
    CHECK_FALSE(parts.part("hall", "720p", view.parts[3].uri).bytes);
    CHECK(parts.view("hall", "720p", window).parts.empty());
}

TEST_CASE("a segment some of whose parts were never seen is listed without parts") {
    LiveParts parts(kParts);
    parts.worker_started("hall");
    publish_part(parts, 0, 0, "a");
    publish_part(parts, 0, 2, "c");  // part 1 lost
    parts.fragment_indexed("hall", 0, {segment(7)});
    const std::vector<archive::Segment> window{segment(7)};
    const LiveParts::View view = parts.view("hall", "720p", window);
    CHECK(view.parts.empty());
    CHECK(view.next_part_uri.ends_with("-000001.0.ts"));
}

TEST_CASE("a waiting request wakes when a part closes, or at its deadline") {
    LiveParts parts(kParts);
    parts.worker_started("hall");
    boost::asio::io_context io;
    const auto started = std::chrono::steady_clock::now();
    std::chrono::steady_clock::duration woken_after{};
    bool woke = false;
    const std::uint64_t seen = parts.version("hall");
    boost::asio::co_spawn(
        io,
        [&]() -> boost::asio::awaitable<void> {
            co_await parts.wait("hall", seen, started + std::chrono::seconds(10));
            woken_after = std::chrono::steady_clock::now() - started;
            woke = true;
        },
        boost::asio::detached);
    io.run_for(std::chrono::milliseconds(50));
    CHECK_FALSE(woke);
    publish_part(parts, 0, 0, "bytes");
    io.run_for(std::chrono::seconds(5));
    CHECK(woke);
    CHECK(woken_after < std::chrono::seconds(5));

    // Nothing changes: the deadline ends the wait.
    woke = false;
    const auto again = std::chrono::steady_clock::now();
    const std::uint64_t now_seen = parts.version("hall");
    boost::asio::co_spawn(
        io,
        [&]() -> boost::asio::awaitable<void> {
            co_await parts.wait("hall", now_seen, again + std::chrono::milliseconds(100));
            woke = true;
        },
        boost::asio::detached);
    io.restart();
    io.run_for(std::chrono::seconds(5));
    CHECK(woke);
}

TEST_CASE("a preload hint's part is streamed as it is written, and ends when it closes") {
    LiveParts parts(kParts);
    parts.worker_started("hall");
    publish_part(parts, 0, 0, "first");
    parts.fragment_indexed("hall", 0, {segment(3)});
    for (int i = 1; i < kParts; ++i) publish_part(parts, 0, i, "part");
    const std::vector<archive::Segment> window{segment(3)};
    const std::string hinted = parts.view("hall", "720p", window).next_part_uri;

    auto stream = std::make_shared<ByteStream>();
    REQUIRE(parts.stream("hall", "720p", hinted, stream));
    const streamer::MediaBytes media{.rendition = "720p", .fragment = 1, .part = 0, .bytes = 5};
    parts.add_bytes("hall", media, "early");
    ByteStream::Taken taken = stream->take();
    CHECK(taken.chunks == std::vector<std::string>{"early"});
    CHECK(taken.end == ByteStream::End::open);
    parts.add_bytes("hall", media, "later");
    parts.close_part("hall", {.rendition = "720p",
                              .fragment = 1,
                              .part = 0,
                              .duration_us = 200'000,
                              .independent = true});
    taken = stream->take();
    CHECK(taken.chunks == std::vector<std::string>{"later"});
    CHECK(taken.end == ByteStream::End::finished);

    // A part far ahead is not streamed; one being streamed when the worker restarts breaks.
    auto far = std::make_shared<ByteStream>();
    CHECK_FALSE(
        parts.stream("hall", "720p", hinted.substr(0, hinted.find('-')) + "-000009.0.ts", far));
    auto broken = std::make_shared<ByteStream>();
    const std::string next = parts.view("hall", "720p", window).next_part_uri;
    REQUIRE(parts.stream("hall", "720p", next, broken));
    parts.worker_started("hall");
    CHECK(broken->take().end == ByteStream::End::failed);
}
