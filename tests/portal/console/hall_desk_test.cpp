// The console's desk: a command's outcome (done, refused, or not confirmed in time), the state
// shown at once after an acknowledgement, open consoles told of a change only when what they show
// changed (a recording stopped or started by an operator too), and previews read bounded.
#include "portal/console/hall_desk.hpp"

#include <doctest/doctest.h>

#include <fstream>

#include "common/database_writer.hpp"
#include "tests/support/demo_process.hpp"

using namespace councilcast;
using namespace councilcast::portal;
using namespace std::chrono_literals;

namespace {

// A channel whose worker answers every command with `answer` (or never, when it is empty).
HallChannel channel_answering(std::optional<HallAnswer> answer,
                              std::vector<streamer::HallCommand>* sent = nullptr) {
    HallChannel channel{.id = "hall", .cameras = {{"wide", "Wide"}, {"rostrum", "Rostrum"}}};
    channel.command = [answer, sent](streamer::HallCommand command,
                                     std::function<void(HallAnswer)> done) {
        if (sent) sent->push_back(command);
        if (answer) done(*answer);
    };
    return channel;
}

streamer::HallStatus heartbeat(std::string program, double level_db, std::string rostrum_state) {
    streamer::HallStatus status;
    status.state.program = std::move(program);
    status.level_db = level_db;
    status.sources = {{.id = "wide", .state = "connected", .fps = 25},
                      {.id = "rostrum", .state = std::move(rostrum_state), .fps = 25}};
    return status;
}

// The events a subscriber has been offered so far, as their text.
std::string events_of(EventSubscriber& subscriber) {
    std::string text;
    for (const auto& chunk : subscriber.take().chunks) text += *chunk;
    return text;
}

std::size_t count(const std::string& text, const std::string& part) {
    std::size_t found = 0;
    for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++found;
    return found;
}

}  // namespace

TEST_CASE("a command the worker acknowledges is done, and shown before the next heartbeat") {
    HallDesk desk;
    streamer::HallState after;
    after.program = "rostrum";
    std::vector<streamer::HallCommand> sent;
    desk.add_channel(channel_answering(HallAnswer{after, {}}, &sent));
    auto events = desk.events().subscribe(std::nullopt);
    events_of(*events);  // the retry hint

    const auto outcome = block_on(desk.command(
        *desk.channel("hall"), {.kind = streamer::HallCommand::Kind::kCut, .camera = "rostrum"}));
    CHECK(outcome.outcome == HallDesk::Outcome::kDone);
    REQUIRE(outcome.state);
    CHECK(outcome.state->program == "rostrum");
    REQUIRE(sent.size() == 1);
    CHECK(sent[0].camera == "rostrum");
    REQUIRE(desk.seen("hall").status);
    CHECK(desk.seen("hall").status->state.program == "rostrum");
    CHECK(count(events_of(*events), "event: hall") == 1);
}

TEST_CASE("a command the worker refuses, or does not answer in time, says so") {
    SUBCASE("refused") {
        HallDesk desk;
        desk.add_channel(channel_answering(HallAnswer{std::nullopt, "no such camera: x"}));
        const auto outcome = block_on(desk.command(*desk.channel("hall"), {}));
        CHECK(outcome.outcome == HallDesk::Outcome::kRefused);
        CHECK(outcome.error == "no such camera: x");
        CHECK_FALSE(desk.seen("hall").status);
    }
    SUBCASE("not confirmed within the deadline") {
        HallDesk desk;
        desk.add_channel(channel_answering(std::nullopt));
        const auto started = std::chrono::steady_clock::now();
        const auto outcome = block_on(desk.command(*desk.channel("hall"), {}));
        CHECK(outcome.outcome == HallDesk::Outcome::kUnconfirmed);
        CHECK(std::chrono::steady_clock::now() - started >= HallDesk::kAckDeadline);
        CHECK(std::chrono::steady_clock::now() - started < HallDesk::kAckDeadline + 2s);
    }
}

TEST_CASE("open consoles hear of a change they would show, not of every heartbeat") {
    HallDesk desk;
    desk.add_channel(channel_answering(std::nullopt));
    auto events = desk.events().subscribe(std::nullopt);
    events_of(*events);

    desk.status_arrived("hall", heartbeat("wide", -20, "connected"));
    CHECK(count(events_of(*events), "event: hall") == 1);
    // The level and the frame rates move all the time: the consoles poll them.
    desk.status_arrived("hall", heartbeat("wide", -12, "connected"));
    CHECK(events_of(*events).empty());
    // A camera lost, another operator's cut: at once.
    desk.status_arrived("hall", heartbeat("wide", -12, "reconnecting"));
    desk.status_arrived("hall", heartbeat("rostrum", -12, "reconnecting"));
    CHECK(count(events_of(*events), "data: hall") == 2);
    // The silence warning coming on.
    streamer::HallStatus silent = heartbeat("rostrum", -80, "reconnecting");
    silent.silent_ms = HallDesk::kSilenceWarningMs;
    desk.status_arrived("hall", silent);
    CHECK(count(events_of(*events), "event: hall") == 1);
    CHECK(desk.seen("hall").status->silent_ms == HallDesk::kSilenceWarningMs);
    CHECK_FALSE(desk.seen("attic").status);
}

TEST_CASE("a worker starting again forgets what the last one said, and tells open consoles") {
    HallDesk desk;
    desk.add_channel(channel_answering(std::nullopt));
    desk.status_arrived("hall", heartbeat("rostrum", -20, "connected"));
    auto events = desk.events().subscribe(std::nullopt);
    events_of(*events);
    desk.worker_starting("hall");
    CHECK_FALSE(desk.seen("hall").status);
    CHECK(count(events_of(*events), "event: hall") == 1);
    // The new worker's first heartbeat is news even when it says what the last one said.
    desk.status_arrived("hall", heartbeat("rostrum", -20, "connected"));
    CHECK(count(events_of(*events), "event: hall") == 1);
}

TEST_CASE("a recording switched by an operator is told to open consoles, only when it changed") {
    HallDesk desk;
    HallChannel channel = channel_answering(std::nullopt);
    std::vector<bool> asked;
    std::vector<std::int64_t> audited;
    RecordingSwitch answer = RecordingSwitch::kDone;
    channel.record = [&](bool on, AuditNote audit) -> boost::asio::awaitable<RecordingSwitch> {
        asked.push_back(on);
        audited.push_back(audit(12).at_unix_ms);
        co_return answer;
    };
    desk.add_channel(std::move(channel));
    auto events = desk.events().subscribe(std::nullopt);
    events_of(*events);  // the retry hint
    const auto note = [](std::int64_t) { return AuditEntry{.at_unix_ms = 7}; };

    CHECK(block_on(desk.record(*desk.channel("hall"), false, note)) == RecordingSwitch::kDone);
    CHECK(asked == std::vector<bool>{false});
    CHECK(audited == std::vector<std::int64_t>{7});
    CHECK(count(events_of(*events), "event: hall") == 1);
    answer = RecordingSwitch::kAlready;
    CHECK(block_on(desk.record(*desk.channel("hall"), false, note)) == RecordingSwitch::kAlready);
    answer = RecordingSwitch::kNoMeeting;
    CHECK(block_on(desk.record(*desk.channel("hall"), true, note)) == RecordingSwitch::kNoMeeting);
    CHECK(count(events_of(*events), "event: hall") == 0);
}

TEST_CASE("previews are read whole when small, and refused when missing or too large") {
    const auto dir = testing::fresh_directory("console-previews");
    HallDesk desk;
    HallChannel channel = channel_answering(std::nullopt);
    channel.previews = dir;
    desk.add_channel(std::move(channel));
    const HallChannel& hall = *desk.channel("hall");

    CHECK_FALSE(block_on(desk.preview(hall, "program")));
    const std::string jpeg = "\xff\xd8\xff snapshot \xff\xd9";
    std::ofstream(dir / "program.jpg", std::ios::binary) << jpeg;
    CHECK(block_on(desk.preview(hall, "program")) == jpeg);
    std::ofstream(dir / "wide.jpg", std::ios::binary)
        << std::string(HallDesk::kMaxPreviewBytes + 1, 'x');
    CHECK_FALSE(block_on(desk.preview(hall, "wide")));
    std::ofstream(dir / "rostrum.jpg", std::ios::binary);
    CHECK_FALSE(block_on(desk.preview(hall, "rostrum")));
}
