// Spawns one streamer worker per channel, talks to it over a socketpair, restarts it with backoff.
#pragma once

#include <sys/types.h>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include <atomic>
#include <chrono>
#include <deque>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "streamer/hall.hpp"
#include "streamer/protocol.hpp"
#include "streamer/worker_settings.hpp"

namespace councilcast::portal {

// How a worker's restarts and stalls are timed. The defaults are the production ones; tests
// shorten them so a crash loop is observed in seconds, not minutes.
struct WorkerTiming {
    // Restart delays double from the first up to the cap.
    std::chrono::milliseconds first_backoff{500};
    std::chrono::milliseconds max_backoff{30'000};
    // A worker that has not reported a segment for this long, or five segment lengths if that is
    // longer, is stuck, e.g. on an encoder that stopped without an error, and is killed so the
    // backoff restarts it; not while its heartbeat says the programme's camera is lost.
    std::chrono::milliseconds stall_minimum{10'000};
    // Before a run's first segment the limit is at least this: a camera over TCP, its jitter
    // buffer and the first whole segment take longer than the following segments.
    std::chrono::milliseconds first_segment_grace{20'000};
    // A worker that sent a heartbeat (a status, every 500 ms) and then none for this long is
    // stuck, whatever its segments say: its main loop hangs. Ten missed beats, so that a disk
    // slow to fsync a segment for a moment does not cost viewers a restart.
    std::chrono::milliseconds heartbeat_limit{5'000};
};

class WorkerSupervisor {
  public:
    struct Callbacks {
        // Before every spawn, including the first: what follows is a new encoder run.
        std::function<void()> on_spawn;
        // One fragment of the channel's timeline: every rendition's segment of it, in the order
        // of the settings' renditions. A fragment the worker did not finish announcing (it died
        // in between) is never passed on, so the renditions stay in step.
        std::function<void(const std::vector<streamer::SegmentClosed>&)> on_fragment;
        // After an unexpected exit, with the reason (exit code or signal, last error line).
        std::function<void(const std::string& reason)> on_crash;
        // The worker's heartbeat, twice a second (streamer/hall.hpp). May be empty.
        std::function<void(const streamer::HallStatus&)> on_status;
        // What a rendition turned out to be, after its first segment. May be empty.
        std::function<void(const streamer::RenditionReport&)> on_rendition;
        // Low-Latency HLS: a part's bytes as they are muxed, then the part closed, each before
        // the fragment they belong to. May be empty.
        std::function<void(const streamer::MediaBytes&, std::string&& data)> on_media;
        std::function<void(const streamer::PartClosed&)> on_part;
    };
    // A command's outcome: the hall's state after it, or why it was not carried out (refused by
    // the worker, or no worker running to take it).
    struct CommandResult {
        std::optional<streamer::HallState> state;
        std::string error;
    };

    WorkerSupervisor(boost::asio::io_context& io, std::filesystem::path executable,
                     streamer::WorkerSettings settings, Callbacks callbacks,
                     WorkerTiming timing = WorkerTiming());
    WorkerSupervisor(const WorkerSupervisor&) = delete;
    WorkerSupervisor& operator=(const WorkerSupervisor&) = delete;
    ~WorkerSupervisor();

    // Starts the worker, from any thread; again after stop() too (the operator's console starts
    // and stops the broadcast): a worker still stopping is followed by a new one at once.
    void start();
    // Asks the worker to stop and does not restart it; kills it if it has not gone in time.
    void stop();
    // Changes what the overlay shows, from any thread: `change` edits the state on the
    // supervisor's strand, and the worker is sent the result when it differs. A worker started
    // later gets the current state with its settings.
    void update_overlay(std::function<void(vote_overlay::OverlayState&)> change);
    // Sends the operator's command to the worker, from any thread; `done` runs on the
    // supervisor's strand with the worker's answer. A state the worker acknowledged is kept and
    // given to the next worker with its settings, so a restart resumes it.
    void command(streamer::HallCommand command, std::function<void(CommandResult)> done);
    // The running worker's process id, or -1.
    pid_t pid() const { return pid_; }
    bool stopped() const { return stopping_ && pid_ < 0; }

  private:
    boost::asio::awaitable<void> run();
    boost::asio::awaitable<std::string> run_once();
    boost::asio::awaitable<void> write_loop();
    void send(std::string line);
    void answer_pending(std::int64_t id, CommandResult result);
    // What run_once follows of one worker's run.
    struct Run {
        std::string last_error;
        std::vector<streamer::SegmentClosed> fragment;  // being announced
        std::optional<streamer::HallStatus> status;     // the last heartbeat
        bool segment_seen = false;
    };
    enum class Progress { kNone, kSegment, kHeartbeat };
    Progress handle_line(std::string_view line, Run& run);
    // Whether the last heartbeat says the programme's camera is lost: the encoders may wait for
    // it (the slate should keep them going), and a restart would not bring it back.
    static bool camera_lost(const Run& run);

    using Strand = boost::asio::strand<boost::asio::io_context::executor_type>;
    Strand strand_;
    std::filesystem::path executable_;
    streamer::WorkerSettings settings_;
    Callbacks callbacks_;
    const WorkerTiming timing_;
    std::optional<boost::asio::posix::stream_descriptor> channel_;
    boost::asio::steady_timer backoff_timer_;
    std::deque<std::string> outbox_;
    std::int64_t next_command_id_ = 1;
    std::map<std::int64_t, std::function<void(CommandResult)>> pending_commands_;
    bool writing_ = false;
    bool running_ = false;  // run() is under way
    bool restart_ = false;  // started again while stopping: the next exit is no crash
    std::atomic<bool> stopping_ = false;
    std::atomic<pid_t> pid_ = -1;
};

}  // namespace councilcast::portal
