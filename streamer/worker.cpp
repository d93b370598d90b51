#include "streamer/worker.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <glib-unix.h>
#include <gst/gst.h>
#include <spdlog/spdlog.h>
#include <boost/json.hpp>

#include <cerrno>
#include <cstdlib>
#include <ctime>
#include <memory>
#include <optional>
#include <string>

#include "common/error.hpp"
#include "streamer/channel_pipeline.hpp"
#include "streamer/protocol.hpp"

namespace councilcast::streamer {
namespace json = boost::json;
namespace {

// How long a stop waits for the segment in progress to close; below the portal's kill grace.
constexpr guint kFinishTimeoutMs = 3000;
// The heartbeat (HallStatus): the portal's console shows it, and its absence means a stuck worker.
constexpr guint kStatusIntervalMs = 500;

// The worker's whole state, owned by run_worker and driven by the GLib main loop.
class Worker {
  public:
    Worker() : loop_(g_main_loop_new(nullptr, FALSE)) {}
    ~Worker() {
        pipeline_.reset();
        if (status_timer_) g_source_remove(status_timer_);
        if (fd_watch_) g_source_remove(fd_watch_);
        g_main_loop_unref(loop_);
    }

    int run() {
        fcntl(kWorkerFd, F_SETFL, fcntl(kWorkerFd, F_GETFL) | O_NONBLOCK);
        fd_watch_ =
            g_unix_fd_add(kWorkerFd, static_cast<GIOCondition>(G_IO_IN | G_IO_HUP | G_IO_ERR),
                          &Worker::fd_trampoline, this);
        g_unix_signal_add(SIGTERM, &Worker::signal_trampoline, this);
        g_unix_signal_add(SIGINT, &Worker::signal_trampoline, this);
        g_main_loop_run(loop_);
        return exit_code_;
    }

  private:
    void quit(int code) {
        exit_code_ = code;
        g_main_loop_quit(loop_);
    }

    void send(const json::value& message) { write_all(to_line(message)); }

    // A line, or a media message's raw bytes after its line.
    void write_all(std::string_view line) {
        // After a failed write the stream is cut mid-message: nothing more may follow.
        if (broken_) return;
        std::size_t written = 0;
        while (written < line.size()) {
            ssize_t n = ::write(kWorkerFd, line.data() + written, line.size() - written);
            if (n > 0) {
                written += static_cast<std::size_t>(n);
            } else if (n < 0 && errno == EAGAIN) {
                // The portal reads continuously; a full socket buffer means it is stuck. Wait
                // briefly rather than drop a segment event.
                fd_set set;
                FD_ZERO(&set);
                FD_SET(kWorkerFd, &set);
                timeval timeout{1, 0};
                if (select(kWorkerFd + 1, nullptr, &set, nullptr, &timeout) <= 0) {
                    // Half a line is already out; anything sent after it would be garbled, so
                    // end the run and let the portal restart a worker.
                    spdlog::error("[channel:{}] the portal stopped reading; stopping", channel_id_);
                    broken_ = true;
                    quit(1);
                    return;
                }
            } else if (n < 0 && errno == EINTR) {
                continue;
            } else {
                spdlog::error("the portal is gone; stopping");
                broken_ = true;
                quit(1);
                return;
            }
        }
    }

    // {"type": type, type: body}.
    void send_typed(std::string_view type, json::value body) {
        send(json::object{{"type", type}, {type, std::move(body)}});
    }

    void fail(const std::string& reason) {
        spdlog::error("[channel:{}] {}", channel_id_, reason);
        send(json::object{{"type", "error"}, {"message", reason}});
        quit(1);
    }

    void handle_command(std::string_view line) {
        json::error_code ec;
        json::value message = json::parse(line, ec);
        if (ec || !message.is_object() || !message.as_object().contains("type")) {
            throw InvalidInput("malformed command from the portal");
        }
        const auto& type = message.at("type");
        if (type == "start" && !pipeline_) {
            WorkerSettings settings = worker_settings_from_json(message.at("settings"));
            channel_id_ = settings.channel_id;
            // The picture's clock (localtime_r) in the site's zone: a server often runs in UTC.
            ::setenv("TZ", (":" + settings.time_zone).c_str(), 1);
            ::tzset();
            pipeline_ = std::make_unique<ChannelPipeline>(
                std::move(settings),
                [this](const SegmentClosed& segment) { send(to_json(segment)); },
                [this](const RenditionReport& report) { send_typed("rendition", to_json(report)); },
                [this](const std::string& reason) { fail(reason); });
            pipeline_->set_part_handlers(
                [this](const MediaBytes& media, std::string_view data) {
                    send(to_json(media));
                    write_all(data);
                },
                [this](const PartClosed& part) { send(to_json(part)); });
            pipeline_->play();
            send(json::object{{"type", "ready"}});
            status_timer_ = g_timeout_add(kStatusIntervalMs, &Worker::status_trampoline, this);
        } else if (type == "command" && pipeline_) {
            const std::int64_t id = message.at("id").as_int64();
            try {
                send(ack_message(id,
                                 pipeline_->apply(hall_command_from_json(message.at("command")))));
            } catch (const InvalidInput& e) {
                send(refusal_message(id, e.what()));
            }
        } else if (type == "overlay" && pipeline_) {
            pipeline_->set_overlay(vote_overlay::overlay_state_from_json(message.at("state")));
        } else if (type == "stop") {
            if (!pipeline_) {
                quit(0);
                return;
            }
            pipeline_->finish([this] { quit(0); });
            g_timeout_add(kFinishTimeoutMs, &Worker::finish_timeout_trampoline, this);
        } else {
            throw InvalidInput("unexpected command from the portal");
        }
    }

    void on_readable() {
        char chunk[4096];
        for (;;) {
            ssize_t n = ::read(kWorkerFd, chunk, sizeof chunk);
            if (n > 0) {
                buffer_.append(chunk, static_cast<std::size_t>(n));
                continue;
            }
            if (n < 0 && errno == EINTR) continue;
            if (n < 0 && errno == EAGAIN) break;
            spdlog::info("[channel:{}] the portal closed the connection; stopping", channel_id_);
            quit(0);
            return;
        }
        std::size_t end;
        while ((end = buffer_.find('\n')) != std::string::npos) {
            std::string line = buffer_.substr(0, end);
            buffer_.erase(0, end + 1);
            try {
                handle_command(line);
            } catch (const std::exception& e) {
                fail(e.what());
                return;
            }
        }
        if (buffer_.size() > kMaxLineBytes) fail("a command from the portal is too long");
    }

    static gboolean fd_trampoline(gint, GIOCondition, gpointer self) noexcept {
        static_cast<Worker*>(self)->on_readable();
        return G_SOURCE_CONTINUE;
    }

    static gboolean status_trampoline(gpointer self) noexcept {
        auto* worker = static_cast<Worker*>(self);
        if (worker->pipeline_) worker->send_typed("status", to_json(worker->pipeline_->status()));
        return G_SOURCE_CONTINUE;
    }

    static gboolean finish_timeout_trampoline(gpointer self) noexcept {
        spdlog::warn("the last segment did not close in time; stopping without it");
        static_cast<Worker*>(self)->quit(0);
        return G_SOURCE_REMOVE;
    }

    static gboolean signal_trampoline(gpointer self) noexcept {
        static_cast<Worker*>(self)->quit(0);
        return G_SOURCE_CONTINUE;
    }

    GMainLoop* loop_;
    guint fd_watch_ = 0;
    guint status_timer_ = 0;
    int exit_code_ = 0;
    bool broken_ = false;  // a write to the portal failed
    std::string channel_id_ = "?";
    std::string buffer_;
    std::unique_ptr<ChannelPipeline> pipeline_;
};

}  // namespace

int run_worker() {
    // A worker must not outlive its portal, whatever way the portal dies.
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (getppid() == 1) return 1;
    signal(SIGPIPE, SIG_IGN);
    gst_init(nullptr, nullptr);
    try {
        Worker worker;
        return worker.run();
    } catch (const std::exception& e) {
        spdlog::error("streamer worker: {}", e.what());
        return 1;
    }
}

}  // namespace councilcast::streamer
