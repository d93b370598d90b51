// Starts `councilcast demo` as a real child process on a free port with its own data directory.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace councilcast::testing {

class DemoProcess {
  public:
    // Starts the binary named by COUNCILCAST_BINARY and waits (with a deadline) for the line
    // announcing its address.
    // extra_env: NAME=VALUE entries added to this process's environment for the demo.
    explicit DemoProcess(std::filesystem::path data_dir, std::vector<std::string> extra_env = {});
    // Any other command line, e.g. {"serve", "--config", FILE, "--listen", "127.0.0.1:0"}; the
    // process must announce "serving http(s)://127.0.0.1:PORT/" as serve and demo do.
    struct Command {
        std::vector<std::string> arguments;
    };
    explicit DemoProcess(Command command, std::vector<std::string> extra_env = {});
    DemoProcess(const DemoProcess&) = delete;
    DemoProcess& operator=(const DemoProcess&) = delete;
    ~DemoProcess();

    const std::string& base_url() const { return base_url_; }
    unsigned short port() const { return port_; }
    pid_t pid() const { return pid_; }
    // The streamer workers this server has started (its child processes).
    std::vector<pid_t> children() const;
    // SIGTERM and wait; returns the exit status as waitpid reports it.
    int stop(std::chrono::milliseconds deadline = std::chrono::seconds(15));

  private:
    pid_t pid_ = -1;
    int stdout_fd_ = -1;
    std::string base_url_;
    unsigned short port_ = 0;
};

// Whether the demo's live playlist (channel hall, 720p) lists two segments: the broadcast runs
// and a player can start.
bool live_has_two_segments(const DemoProcess& demo);

// A fresh, empty directory under the system temp dir.
std::filesystem::path fresh_directory(const std::string& name);

// A path for a new SQLite database under the system temp dir, with no file (or WAL) left there.
std::filesystem::path fresh_database_path(const std::string& name);

// Polls `condition` until it is true or the deadline passes; returns its last value.
template <typename Condition>
bool wait_for(Condition condition, std::chrono::milliseconds deadline,
              std::chrono::milliseconds interval = std::chrono::milliseconds(50));

}  // namespace councilcast::testing

#include <thread>

template <typename Condition>
bool councilcast::testing::wait_for(Condition condition, std::chrono::milliseconds deadline,
                                    std::chrono::milliseconds interval) {
    auto until = std::chrono::steady_clock::now() + deadline;
    for (;;) {
        if (condition()) return true;
        if (std::chrono::steady_clock::now() >= until) return false;
        // Polling interval between checks of a condition, not a synchronisation by itself.
        std::this_thread::sleep_for(interval);
    }
}
