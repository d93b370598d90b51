#include "portal/broadcast/worker_supervisor.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/core.h>
#include <spdlog/spdlog.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/json.hpp>

#include <cstring>
#include <utility>

#include "common/error.hpp"
#include "common/unique_fd.hpp"

extern char** environ;

namespace councilcast::portal {
namespace asio = boost::asio;
namespace json = boost::json;
namespace {

constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);
// A worker that ran this long was healthy; its next failure starts the backoff afresh.
constexpr std::chrono::seconds kHealthyRun{60};
constexpr std::chrono::seconds kStopGrace{5};
// See WorkerTiming::stall_minimum.
constexpr int kStallSegments = 5;

struct Spawned {
    pid_t pid;
    UniqueFd portal_fd;
    UniqueFd pidfd;
};

Spawned spawn_worker(const std::filesystem::path& executable) {
    int fds[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) {
        throw Error(fmt::format("socketpair: {}", std::strerror(errno)));
    }
    UniqueFd portal_end(fds[0]);
    UniqueFd worker_end(fds[1]);  // the portal's copy closes once the worker has its own
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    // dup2 onto the same number would keep CLOEXEC; move the worker's end elsewhere first.
    UniqueFd moved_end;
    if (worker_end.get() == streamer::kWorkerFd) {
        moved_end.reset(::fcntl(worker_end.get(), F_DUPFD_CLOEXEC, 10));
    }
    const int worker_fd = moved_end ? moved_end.get() : worker_end.get();
    posix_spawn_file_actions_adddup2(&actions, worker_fd, streamer::kWorkerFd);
    // Asio opens sockets without close-on-exec: without this the worker would inherit the
    // listening socket and every open connection, keeping them alive after the portal closes them.
    posix_spawn_file_actions_addclosefrom_np(&actions, streamer::kWorkerFd + 1);
    std::string path = executable.string();
    char arg0[] = "councilcast";
    char arg1[] = "stream";
    char* argv[] = {arg0, arg1, nullptr};
    pid_t pid = -1;
    int rc = posix_spawn(&pid, path.c_str(), &actions, nullptr, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) throw Error(fmt::format("cannot start {}: {}", path, std::strerror(rc)));
    UniqueFd pidfd(static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)));
    return {pid, std::move(portal_end), std::move(pidfd)};
}

std::string describe_exit(int status) {
    if (WIFEXITED(status)) return fmt::format("exited with code {}", WEXITSTATUS(status));
    if (WIFSIGNALED(status)) {
        return fmt::format("killed by signal {} ({})", WTERMSIG(status),
                           strsignal(WTERMSIG(status)));
    }
    return "ended";
}

}  // namespace

WorkerSupervisor::WorkerSupervisor(asio::io_context& io, std::filesystem::path executable,
                                   streamer::WorkerSettings settings, Callbacks callbacks,
                                   WorkerTiming timing)
    : strand_(asio::make_strand(io)),
      executable_(std::move(executable)),
      settings_(std::move(settings)),
      callbacks_(std::move(callbacks)),
      timing_(timing),
      backoff_timer_(strand_) {}

WorkerSupervisor::~WorkerSupervisor() {
    if (pid_ > 0) {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, nullptr, 0);
    }
}

void WorkerSupervisor::start() {
    asio::post(strand_, [this] {
        const bool was_stopping = stopping_.exchange(false);
        if (!running_) {
            running_ = true;
            asio::co_spawn(strand_, run(), [this](std::exception_ptr) { running_ = false; });
        } else if (was_stopping) {
            restart_ = true;
        }
    });
}

void WorkerSupervisor::stop() {
    asio::post(strand_, [this] {
        stopping_ = true;
        backoff_timer_.cancel();
        if (pid_ < 0) return;
        send(streamer::to_line(json::object{{"type", "stop"}}));
        auto timer = std::make_shared<asio::steady_timer>(strand_, kStopGrace);
        timer->async_wait([this, timer, pid = pid_.load()](boost::system::error_code) {
            if (pid_ == pid) ::kill(pid, SIGKILL);
        });
    });
}

void WorkerSupervisor::update_overlay(std::function<void(vote_overlay::OverlayState&)> change) {
    asio::post(strand_, [this, change = std::move(change)] {
        vote_overlay::OverlayState state = settings_.overlay;
        change(state);
        if (state == settings_.overlay) return;
        settings_.overlay = std::move(state);
        send(streamer::to_line(json::object{{"type", "overlay"},
                                            {"state", vote_overlay::to_json(settings_.overlay)}}));
    });
}

void WorkerSupervisor::command(streamer::HallCommand command,
                               std::function<void(CommandResult)> done) {
    asio::post(strand_, [this, command = std::move(command), done = std::move(done)] {
        if (!channel_) {
            done({.error = "the worker is not running"});
            return;
        }
        const std::int64_t id = next_command_id_++;
        pending_commands_.emplace(id, done);
        send(streamer::to_line(streamer::command_message(id, command)));
    });
}

void WorkerSupervisor::answer_pending(std::int64_t id, CommandResult result) {
    auto it = pending_commands_.find(id);
    if (it == pending_commands_.end()) return;
    auto done = std::move(it->second);
    pending_commands_.erase(it);
    done(std::move(result));
}

asio::awaitable<void> WorkerSupervisor::run() {
    int failures = 0;
    while (!stopping_) {
        const auto started = std::chrono::steady_clock::now();
        std::string reason;
        try {
            callbacks_.on_spawn();
            restart_ = false;
            reason = co_await run_once();
        } catch (const std::exception& e) {
            reason = e.what();
        }
        if (stopping_) break;
        if (std::exchange(restart_, false)) continue;
        if (std::chrono::steady_clock::now() - started > kHealthyRun) failures = 0;
        auto delay = std::min<std::chrono::milliseconds>(
            timing_.first_backoff * (1 << std::min(failures, 10)), timing_.max_backoff);
        ++failures;
        spdlog::error("[channel:{}] streamer worker {}; restarting in {} ms", settings_.channel_id,
                      reason, delay.count());
        callbacks_.on_crash(reason);
        backoff_timer_.expires_after(delay);
        co_await backoff_timer_.async_wait(kNoThrow);
    }
    spdlog::info("[channel:{}] streamer worker stopped", settings_.channel_id);
}

asio::awaitable<std::string> WorkerSupervisor::run_once() {
    Spawned spawned = spawn_worker(executable_);
    pid_ = spawned.pid;
    channel_.emplace(strand_, spawned.portal_fd.release());
    asio::posix::stream_descriptor process(strand_);
    if (spawned.pidfd) process.assign(spawned.pidfd.release());
    spdlog::info("[channel:{}] streamer worker started (pid {})", settings_.channel_id, pid_);

    send(streamer::to_line(
        json::object{{"type", "start"}, {"settings", streamer::to_json(settings_)}}));

    const auto stall_limit = std::max<std::chrono::milliseconds>(
        timing_.stall_minimum,
        std::chrono::milliseconds(settings_.segment_duration_ms * kStallSegments));
    const auto first_limit = std::max(stall_limit, timing_.first_segment_grace);
    Run run;
    std::string killed_for;  // why the supervisor killed it, for the reason
    asio::steady_timer stall_timer(strand_);
    asio::steady_timer heartbeat_timer(strand_);
    // No segment within the limit: stuck, unless the last heartbeat says the programme's camera
    // is lost (then the worker is waiting for it, alive, and a restart would not help).
    std::function<void()> arm_stall_timer = [&] {
        const auto limit = run.segment_seen ? stall_limit : first_limit;
        stall_timer.expires_after(limit);
        stall_timer.async_wait([this, &run, &killed_for, &arm_stall_timer, limit,
                                pid = pid_.load()](boost::system::error_code ec) {
            if (ec || pid_ != pid) return;
            if (camera_lost(run)) {
                spdlog::warn(
                    "[channel:{}] no segment for {} s while the programme's camera is "
                    "lost; waiting for it",
                    settings_.channel_id,
                    std::chrono::duration_cast<std::chrono::seconds>(limit).count());
                arm_stall_timer();
                return;
            }
            killed_for =
                fmt::format("no segment for {} s",
                            std::chrono::duration_cast<std::chrono::seconds>(limit).count());
            ::kill(pid, SIGKILL);
        });
    };
    auto arm_heartbeat_timer = [&] {
        heartbeat_timer.expires_after(timing_.heartbeat_limit);
        heartbeat_timer.async_wait(
            [this, &killed_for, pid = pid_.load()](boost::system::error_code ec) {
                if (ec || pid_ != pid) return;
                killed_for = fmt::format("no heartbeat for {} ms", timing_.heartbeat_limit.count());
                ::kill(pid, SIGKILL);
            });
    };
    arm_stall_timer();

    std::string buffer;
    for (;;) {
        auto [ec, n] = co_await asio::async_read_until(
            *channel_, asio::dynamic_buffer(buffer, streamer::kMaxLineBytes), '\n', kNoThrow);
        if (ec) {
            if (ec == asio::error::not_found) {
                run.last_error = "sent a line longer than the protocol allows";
                ::kill(pid_, SIGKILL);
            }
            break;
        }
        std::string line = buffer.substr(0, n - 1);
        buffer.erase(0, n);
        if (line.starts_with("{\"type\":\"media\"")) {
            // A media message: the line says how many raw bytes follow it.
            streamer::MediaBytes media;
            try {
                media = streamer::media_bytes_from_json(json::parse(line));
            } catch (const std::exception& e) {
                run.last_error = e.what();
                ::kill(pid_, SIGKILL);
                break;
            }
            const auto size = static_cast<std::size_t>(media.bytes);
            if (buffer.size() < size) {
                auto [read_error, read] = co_await asio::async_read(
                    *channel_, asio::dynamic_buffer(buffer),
                    asio::transfer_exactly(size - buffer.size()), kNoThrow);
                if (read_error) break;
            }
            std::string data = buffer.substr(0, size);
            buffer.erase(0, size);
            if (callbacks_.on_media) callbacks_.on_media(media, std::move(data));
            continue;
        }
        try {
            switch (handle_line(line, run)) {
                case Progress::kSegment:
                    arm_stall_timer();
                    break;
                case Progress::kHeartbeat:
                    arm_heartbeat_timer();
                    break;
                case Progress::kNone:
                    break;
            }
        } catch (const std::exception& e) {
            spdlog::error("[channel:{}] bad message from the worker: {}", settings_.channel_id,
                          e.what());
        }
    }
    stall_timer.cancel();
    heartbeat_timer.cancel();
    channel_.reset();
    outbox_.clear();
    if (!run.fragment.empty()) {
        spdlog::warn("[channel:{}] the worker ended while announcing {}: not indexed",
                     settings_.channel_id, run.fragment.front().file);
    }
    // Commands the worker took with it are not carried out; the console says so.
    while (!pending_commands_.empty()) {
        answer_pending(pending_commands_.begin()->first, {.error = "the worker stopped"});
    }
    if (process.is_open()) {
        co_await process.async_wait(asio::posix::stream_descriptor::wait_read, kNoThrow);
    }
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    std::string reason = describe_exit(status);
    if (!killed_for.empty()) reason += ": " + killed_for;
    if (!run.last_error.empty()) reason += ": " + run.last_error;
    co_return reason;
}

bool WorkerSupervisor::camera_lost(const Run& run) {
    if (!run.status) return false;
    const streamer::HallStatus& status = *run.status;
    for (const auto& source : status.sources) {
        if (source.id == status.state.program) return source.state != "connected";
    }
    return false;
}

WorkerSupervisor::Progress WorkerSupervisor::handle_line(std::string_view line, Run& run) {
    json::value message = json::parse(line);
    const auto& type = message.at("type");
    if (type == "segment") {
        streamer::SegmentClosed segment = streamer::segment_closed_from_json(message);
        // The worker announces a fragment's renditions one after another; a new file name
        // means the one before was left unfinished.
        if (!run.fragment.empty() && run.fragment.front().file != segment.file) {
            spdlog::warn("[channel:{}] fragment {} came without every rendition: not indexed",
                         settings_.channel_id, run.fragment.front().file);
            run.fragment.clear();
        }
        run.fragment.push_back(std::move(segment));
        if (run.fragment.size() >= std::max<std::size_t>(1, settings_.renditions.size())) {
            run.segment_seen = true;
            callbacks_.on_fragment(std::exchange(run.fragment, {}));
            return Progress::kSegment;
        }
        return Progress::kNone;
    }
    if (type == "error") {
        run.last_error = std::string(message.at("message").as_string());
    } else if (type == "ready") {
        spdlog::info("[channel:{}] streamer worker is playing", settings_.channel_id);
    } else if (type == "ack") {
        const json::object& ack = message.as_object();
        CommandResult result;
        if (const json::value* state = ack.if_contains("state")) {
            settings_.hall = streamer::hall_state_from_json(*state);
            result.state = settings_.hall;
        } else {
            result.error = std::string(ack.at("error").as_string());
        }
        answer_pending(ack.at("id").as_int64(), std::move(result));
    } else if (type == "status") {
        run.status = streamer::hall_status_from_json(message.at("status"));
        if (callbacks_.on_status) callbacks_.on_status(*run.status);
        return Progress::kHeartbeat;
    } else if (type == "part") {
        if (callbacks_.on_part) callbacks_.on_part(streamer::part_closed_from_json(message));
    } else if (type == "rendition") {
        if (callbacks_.on_rendition) {
            callbacks_.on_rendition(streamer::rendition_report_from_json(message.at("rendition")));
        }
    }
    return Progress::kNone;
}

void WorkerSupervisor::send(std::string line) {
    if (!channel_) return;
    outbox_.push_back(std::move(line));
    if (!writing_) {
        writing_ = true;
        asio::co_spawn(strand_, write_loop(), asio::detached);
    }
}

// One write at a time: the next async_write starts only when the previous one has completed.
asio::awaitable<void> WorkerSupervisor::write_loop() {
    while (!outbox_.empty() && channel_) {
        std::string line = std::move(outbox_.front());
        outbox_.pop_front();
        auto [ec, n] = co_await asio::async_write(*channel_, asio::buffer(line), kNoThrow);
        if (ec) break;
    }
    writing_ = false;
}

}  // namespace councilcast::portal
