// The worker supervisor as the IT administrator relies on it: a worker that hangs is killed and
// restarted, and one that keeps crashing is restarted ever more slowly, never in a busy loop.
// The workers are real child processes: shell scripts the supervisor starts as it would start
// `councilcast stream`, talking over the same socketpair on fd 3.
#include <doctest/doctest.h>

#include <signal.h>
#include <sys/resource.h>

#include <boost/asio/io_context.hpp>
#include <boost/json.hpp>

#include <fstream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "portal/broadcast/worker_supervisor.hpp"
#include "tests/support/demo_process.hpp"
#include "vote_overlay/overlay_state.hpp"

using namespace councilcast;
using namespace councilcast::testing;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

// An executable script standing in for the worker.
std::filesystem::path write_worker(const std::filesystem::path& dir, const std::string& name,
                                   const std::string& body) {
    const auto path = dir / name;
    std::ofstream(path) << "#!/bin/sh\n" << body;
    std::filesystem::permissions(path, std::filesystem::perms::owner_all);
    return path;
}

// What the supervisor reported, as seen from the test's thread.
class Observed {
  public:
    portal::WorkerSupervisor::Callbacks callbacks() {
        portal::WorkerSupervisor::Callbacks callbacks{
            [this] { note(spawns_); },
            [this](const std::vector<streamer::SegmentClosed>& fragment) {
                note(segments_);
                std::lock_guard lock(mutex_);
                std::string names;
                for (const auto& segment : fragment) {
                    names += segment.rendition + "/" + segment.file + " ";
                }
                fragments_.push_back(names);
            },
            [this](const std::string& reason) {
                std::lock_guard lock(mutex_);
                crashes_.push_back(Clock::now());
                reasons_.push_back(reason);
            }};
        callbacks.on_media = [this](const streamer::MediaBytes&, std::string&& data) {
            std::lock_guard lock(mutex_);
            media_ += data;
        };
        callbacks.on_part = [this](const streamer::PartClosed& part) {
            std::lock_guard lock(mutex_);
            parts_.push_back(part.part);
        };
        return callbacks;
    }
    // Low-Latency HLS: every media byte in order, and the parts closed.
    std::string media() const {
        std::lock_guard lock(mutex_);
        return media_;
    }
    std::vector<int> parts() const {
        std::lock_guard lock(mutex_);
        return parts_;
    }
    std::vector<Clock::time_point> spawns() const { return copy(spawns_); }
    std::vector<Clock::time_point> segments() const { return copy(segments_); }
    std::vector<Clock::time_point> crashes() const { return copy(crashes_); }
    std::vector<std::string> reasons() const {
        std::lock_guard lock(mutex_);
        return reasons_;
    }
    // Each fragment passed on: "<rendition>/<file> " for each of its segments.
    std::vector<std::string> fragments() const {
        std::lock_guard lock(mutex_);
        return fragments_;
    }

  private:
    void note(std::vector<Clock::time_point>& times) {
        std::lock_guard lock(mutex_);
        times.push_back(Clock::now());
    }
    std::vector<Clock::time_point> copy(const std::vector<Clock::time_point>& times) const {
        std::lock_guard lock(mutex_);
        return times;
    }
    mutable std::mutex mutex_;
    std::vector<Clock::time_point> spawns_, segments_, crashes_;
    std::vector<std::string> reasons_;
    std::vector<std::string> fragments_;
    std::string media_;
    std::vector<int> parts_;
};

// Production's timing shortened tenfold (and the backoff's cap to 0.8 s), with segments of
// 0.2 s: the same rules, seen in seconds.
constexpr portal::WorkerTiming kQuick{.first_backoff = std::chrono::milliseconds(50),
                                      .max_backoff = std::chrono::milliseconds(800),
                                      .stall_minimum = std::chrono::milliseconds(1000),
                                      .first_segment_grace = std::chrono::milliseconds(2000),
                                      .heartbeat_limit = std::chrono::milliseconds(500)};

// A supervisor of `executable` on its own io_context and thread, stopped at the end of a test.
class Supervised {
  public:
    Supervised(const std::filesystem::path& executable, const std::filesystem::path& output_dir,
               Observed& observed, const std::vector<std::string>& renditions = {"720p"})
        : supervisor_(io_, executable, settings(output_dir, renditions), observed.callbacks(),
                      kQuick) {
        // As `serve` does before it starts any worker: the supervisor's write of `start` to a
        // worker that has already died must fail with EPIPE, not end the process.
        ::signal(SIGPIPE, SIG_IGN);
        supervisor_.start();
        thread_ = std::thread([this] { io_.run(); });
    }
    Supervised(const Supervised&) = delete;
    Supervised& operator=(const Supervised&) = delete;
    ~Supervised() {
        supervisor_.stop();
        wait_for([this] { return supervisor_.stopped(); }, 10s);
        io_.stop();
        thread_.join();
    }
    pid_t pid() const { return supervisor_.pid(); }
    void set_overlay(vote_overlay::OverlayState state) {
        supervisor_.update_overlay(
            [state = std::move(state)](vote_overlay::OverlayState& shown) { shown = state; });
    }

  private:
    static streamer::WorkerSettings settings(const std::filesystem::path& output_dir,
                                             const std::vector<std::string>& renditions) {
        streamer::WorkerSettings settings;
        settings.channel_id = "hall";
        settings.output_dir = output_dir.string();
        settings.segment_duration_ms = 200;
        settings.keyframe_interval_ms = 200;
        for (const auto& name : renditions) settings.renditions.push_back({.name = name});
        return settings;
    }
    boost::asio::io_context io_;
    portal::WorkerSupervisor supervisor_;
    std::thread thread_;
};

std::vector<std::string> lines_of(const std::filesystem::path& path) {
    std::ifstream file(path);
    std::vector<std::string> lines;
    for (std::string line; std::getline(file, line);) lines.push_back(line);
    return lines;
}

// A shell line that sends a segment of `rendition` named a-<$1>.ts.
std::string segment_line(const std::string& rendition) {
    return "printf '{\"type\":\"segment\",\"rendition\":\"" + rendition +
           "\",\"file\":\"a-%s.ts\",\"start_unix_ms\":1,\"duration_us\":200000,"
           "\"bytes\":1,\"fragment\":%s}\\n' \"$1\" \"$1\" >&3\n";
}

// A shell line that sends a heartbeat whose programme camera "wide" is in `state`.
std::string status_line(const std::string& state) {
    return "printf '%s\\n' '{\"type\":\"status\",\"status\":{\"state\":{\"program\":"
           "\"wide\",\"pip\":false,\"slate\":false,\"muted\":false,\"unplugged\":[]},"
           "\"on_slate\":false,\"level_db\":-20,\"silent_ms\":0,\"sources\":[{\"id\":"
           "\"wide\",\"state\":\"" +
           state + "\",\"reason\":\"\",\"fps\":0,\"reconnects\":0}],\"encoders\":[]}}' >&3\n";
}

double seconds_between(Clock::time_point from, Clock::time_point to) {
    return std::chrono::duration<double>(to - from).count();
}

// CPU time this process and its waited-for children have used, in seconds.
double cpu_seconds() {
    double total = 0;
    for (int who : {RUSAGE_SELF, RUSAGE_CHILDREN}) {
        rusage usage{};
        ::getrusage(who, &usage);
        total += usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
                 (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
    }
    return total;
}

}  // namespace

TEST_CASE("production restarts after 0.5 s doubling to 30 s, and a silent worker after 10 s") {
    const portal::WorkerTiming production;
    CHECK(production.first_backoff == std::chrono::milliseconds(500));
    CHECK(production.max_backoff == std::chrono::seconds(30));
    CHECK(production.stall_minimum == std::chrono::seconds(10));
    CHECK(production.first_segment_grace == std::chrono::seconds(20));
    CHECK(production.heartbeat_limit == std::chrono::seconds(5));
}

TEST_CASE("a worker that stops reporting segments is killed and restarted") {
    const auto dir = fresh_directory("supervisor-stall");
    // Reports a segment every 0.1 s for 1.2 s, past the 1 s stall limit (so reporting keeps it
    // alive), then hangs as a worker does on a camera that stopped sending without an error.
    const auto worker =
        write_worker(dir, "stalling-worker",
                     "for i in 1 2 3 4 5 6 7 8 9 10 11 12; do\n"
                     "  printf '{\"type\":\"segment\",\"rendition\":\"720p\",\"file\":\"a-%s.ts\","
                     "\"start_unix_ms\":1,\"duration_us\":2000000,\"bytes\":1,\"fragment\":%s}"
                     "\\n' \"$i\" \"$i\" >&3\n"
                     "  sleep 0.1\n"
                     "done\n"
                     "exec sleep 600\n");
    Observed observed;
    Supervised supervised(worker, dir, observed);

    REQUIRE(wait_for([&] { return !observed.crashes().empty(); }, 20s));
    const auto segments = observed.segments();
    const auto crashes = observed.crashes();
    REQUIRE(segments.size() == 12);
    // Alive 1.2 s and more, because it kept reporting; killed about 1 s after its last segment.
    CHECK(seconds_between(observed.spawns().front(), crashes.front()) > 2.0);
    const double silent = seconds_between(segments.back(), crashes.front());
    MESSAGE("killed ", silent, " s after the last segment");
    CHECK(silent >= 0.99);
    CHECK(silent < 2.0);
    const std::string reason = observed.reasons().front();
    CHECK(reason.find("killed by signal 9") != std::string::npos);
    CHECK(reason.find("no segment for 1 s") != std::string::npos);

    // And started again after the first backoff step.
    REQUIRE(wait_for([&] { return observed.spawns().size() >= 2; }, 5s));
    const double restart = seconds_between(crashes.front(), observed.spawns()[1]);
    CHECK(restart >= 0.045);
    CHECK(restart < 0.5);
    CHECK(wait_for([&] { return supervised.pid() > 0; }, 5s));
}

TEST_CASE("a restarted worker is started with the overlay the portal sent last, tally and all") {
    const auto dir = fresh_directory("supervisor-overlay");
    const auto starts = dir / "starts.jsonl";
    // Writes down every start message; the first run dies as soon as an overlay arrives, as a
    // worker would if the camera's driver crashed just then.
    const auto worker =
        write_worker(dir, "overlay-worker",
                     "IFS= read -r start <&3\n"
                     "printf '%s\\n' \"$start\" >> '" +
                         starts.string() +
                         "'\n"
                         "runs=$(wc -l < '" +
                         starts.string() +
                         "')\n"
                         "while IFS= read -r line <&3; do\n"
                         "  case \"$line\" in\n"
                         "    *'\"type\":\"overlay\"'*) [ \"$runs\" -eq 1 ] && exit 3 ;;\n"
                         "    *'\"type\":\"stop\"'*) exit 0 ;;\n"
                         "  esac\n"
                         "done\n");
    Observed observed;
    Supervised supervised(worker, dir, observed);
    REQUIRE(wait_for([&] { return lines_of(starts).size() == 1; }, 10s));

    vote_overlay::OverlayState state{"Tarybos posėdžių salė", "TIESIOGIAI", ""};
    vote_overlay::OverlayTally tally;
    tally.item_title = "Dėl biudžeto";
    tally.counts = {{{"Už", 13}, {"Prieš", 4}, {"Susilaikė", 3}, {"Nebalsavo", 1}}};
    tally.countdown_ends_unix_ms = 1'796'000'060'000;
    state.tally = tally;
    state.speaker = vote_overlay::OverlaySpeaker{"Gintautas Rimeikis", "Savivaldybės meras"};
    supervised.set_overlay(state);

    REQUIRE(wait_for([&] { return lines_of(starts).size() == 2; }, 10s));
    CHECK(observed.reasons().front() == "exited with code 3");
    const auto start = boost::json::parse(lines_of(starts)[1]);
    CHECK(start.at("type").as_string() == "start");
    // The stand-in's settings have no sources, so only their overlay is read back.
    CHECK(vote_overlay::overlay_state_from_json(start.at("settings").at("overlay")) == state);
}

TEST_CASE("a fragment is passed on only with every rendition's segment, even if the worker dies") {
    const auto dir = fresh_directory("supervisor-fragments");
    const auto runs = dir / "runs";
    // The first run announces fragment 1 whole and dies between the renditions of fragment 2;
    // later runs announce fragment 3 whole and wait.
    const auto worker = write_worker(dir, "dying-worker",
                                     "send() {\n" + segment_line("720p") + "}\nsend_small() {\n" +
                                         segment_line("360p") +
                                         "}\n"
                                         "echo run >> '" +
                                         runs.string() +
                                         "'\n"
                                         "if [ \"$(wc -l < '" +
                                         runs.string() +
                                         "')\" -eq 1 ]; then\n"
                                         "  send 1; send_small 1; send 2; exit 3\n"
                                         "fi\n"
                                         "send 3; send_small 3\n"
                                         "exec sleep 600\n");
    Observed observed;
    Supervised supervised(worker, dir, observed, {"720p", "360p"});

    REQUIRE(wait_for([&] { return observed.fragments().size() == 2; }, 10s));
    CHECK(observed.fragments() ==
          std::vector<std::string>{"720p/a-1.ts 360p/a-1.ts ", "720p/a-3.ts 360p/a-3.ts "});
    CHECK(observed.reasons().front() == "exited with code 3");
}

TEST_CASE("a part's raw bytes follow their media line, whatever bytes they are") {
    const auto dir = fresh_directory("supervisor-media");
    // Nine raw bytes with line breaks and a brace among them, the part, then its segment.
    const auto worker = write_worker(
        dir, "media-worker",
        "send() {\n" + segment_line("720p") +
            "}\n"
            "printf '{\"type\":\"media\",\"rendition\":\"720p\",\"fragment\":1,\"part\":0,"
            "\"bytes\":9}\\n' >&3\n"
            "printf 'ab\\ncd{\\n\\nx' >&3\n"
            "printf '{\"type\":\"part\",\"rendition\":\"720p\",\"fragment\":1,\"part\":0,"
            "\"duration_us\":200000,\"independent\":true}\\n' >&3\n"
            "send 1\n"
            "exec sleep 600\n");
    Observed observed;
    Supervised supervised(worker, dir, observed);
    REQUIRE(wait_for([&] { return observed.fragments().size() == 1; }, 10s));
    CHECK(observed.media() == "ab\ncd{\n\nx");
    CHECK(observed.parts() == std::vector<int>{0});
    CHECK(observed.crashes().empty());
}

TEST_CASE("a worker whose heartbeat stops is killed, segments or not") {
    const auto dir = fresh_directory("supervisor-heartbeat");
    // Beats every 0.1 s for 0.5 s while sending segments, then only segments: the status timer
    // is stuck, as when the main loop hangs on a camera's element.
    const auto worker = write_worker(dir, "heartless-worker",
                                     "send() {\n" + segment_line("720p") +
                                         "}\n"
                                         "beat() {\n" +
                                         status_line("connected") +
                                         "}\n"
                                         "for i in 1 2 3 4 5; do beat; send $i; sleep 0.1; done\n"
                                         "i=6\n"
                                         "while [ $i -lt 40 ]; do send $i; sleep 0.1; "
                                         "i=$((i+1)); done\n"
                                         "exec sleep 600\n");
    Observed observed;
    Supervised supervised(worker, dir, observed);

    REQUIRE(wait_for([&] { return !observed.crashes().empty(); }, 10s));
    const std::string reason = observed.reasons().front();
    CHECK(reason.find("killed by signal 9") != std::string::npos);
    CHECK(reason.find("no heartbeat for 500 ms") != std::string::npos);
    // Killed long before its segments would have stopped.
    CHECK(observed.segments().size() < 15);
}

TEST_CASE("a worker waiting for a lost camera is not killed; one whose encoder stops is") {
    const auto dir = fresh_directory("supervisor-camera-lost");
    const auto flag = dir / "camera-back";
    // No segment at all, twice the first segment's grace long: the heartbeat says the programme's
    // camera is reconnecting. Then the camera is back and still no segment comes.
    const auto worker = write_worker(dir, "waiting-worker",
                                     "beat() {\n" + status_line("'\"$1\"'") +
                                         "}\n"
                                         "i=0\n"
                                         "while [ $i -lt 40 ]; do beat reconnecting; sleep 0.1; "
                                         "i=$((i+1)); done\n"
                                         "touch '" +
                                         flag.string() +
                                         "'\n"
                                         "while true; do beat connected; sleep 0.1; done\n");
    Observed observed;
    Supervised supervised(worker, dir, observed);

    REQUIRE(wait_for([&] { return std::filesystem::exists(flag); }, 10s));
    const auto camera_back = Clock::now();
    CHECK(observed.crashes().empty());
    REQUIRE(wait_for([&] { return !observed.crashes().empty(); }, 10s));
    CHECK(observed.reasons().front().find("no segment for 2 s") != std::string::npos);
    CHECK(seconds_between(camera_back, observed.crashes().front()) < 2.5);
}

TEST_CASE("the first segment has its own grace period") {
    const auto dir = fresh_directory("supervisor-first-segment");
    // Its first segment after 1.5 s (past the 1 s stall limit, within the 2 s grace), then one
    // more, then silence.
    const auto worker = write_worker(
        dir, "slow-starting-worker",
        "send() {\n" + segment_line("720p") + "}\nsleep 1.5\nsend 1\nsend 2\nexec sleep 600\n");
    Observed observed;
    Supervised supervised(worker, dir, observed);

    REQUIRE(wait_for([&] { return !observed.crashes().empty(); }, 10s));
    REQUIRE(observed.segments().size() == 2);
    const double silent = seconds_between(observed.segments().back(), observed.crashes().front());
    CHECK(silent >= 0.99);
    CHECK(silent < 2.0);
    CHECK(observed.reasons().front().find("no segment for 1 s") != std::string::npos);
}
