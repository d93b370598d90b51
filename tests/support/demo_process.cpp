#include "tests/support/demo_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>

#include "tests/support/http_client.hpp"

extern char** environ;

namespace councilcast::testing {
namespace {

// The demo seeds its municipality before it serves: seconds alone, more beside a parallel run's
// browsers and workers on 2 cores.
constexpr std::chrono::seconds kDemoStartDeadline{60};

std::string binary() {
    const char* path = std::getenv("COUNCILCAST_BINARY");
    if (!path) throw std::runtime_error("COUNCILCAST_BINARY is not set (run through ctest)");
    return path;
}

}  // namespace

bool live_has_two_segments(const DemoProcess& demo) {
    HttpClient client;
    HttpResult playlist = client.get(demo.base_url() + "live/hall/720p/live.m3u8");
    return playlist.status == 200 &&
           playlist.body.find(".ts\n", playlist.body.find(".ts\n") + 1) != std::string::npos;
}

std::filesystem::path fresh_directory(const std::string& name) {
    auto dir = std::filesystem::temp_directory_path() / "councilcast-tests" /
               (name + "-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir;
}

std::filesystem::path fresh_database_path(const std::string& name) {
    auto path = fresh_directory("db") / name;
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
    return path;
}

DemoProcess::DemoProcess(std::filesystem::path data_dir, std::vector<std::string> extra_env)
    : DemoProcess(Command{{"demo", "--listen", "127.0.0.1:0", "--data-dir", data_dir.string()}},
                  std::move(extra_env)) {}

DemoProcess::DemoProcess(Command command, std::vector<std::string> extra_env) {
    int pipe_fds[2];
    if (::pipe2(pipe_fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
    std::vector<std::string> args = {binary()};
    args.insert(args.end(), command.arguments.begin(), command.arguments.end());
    std::vector<char*> argv;
    for (auto& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
    std::vector<char*> envp;
    for (char** entry = environ; *entry; ++entry) envp.push_back(*entry);
    for (auto& entry : extra_env) envp.push_back(entry.data());
    envp.push_back(nullptr);
    int rc = posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    ::close(pipe_fds[1]);
    stdout_fd_ = pipe_fds[0];
    if (rc != 0) throw std::runtime_error("cannot start " + args[0]);

    const std::regex announce(R"(serving (https?://127\.0\.0\.1:(\d+)/))");
    std::string output;
    auto until = std::chrono::steady_clock::now() + kDemoStartDeadline;
    std::smatch match;
    while (!std::regex_search(output, match, announce)) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            until - std::chrono::steady_clock::now());
        pollfd p{stdout_fd_, POLLIN, 0};
        if (left.count() <= 0 || ::poll(&p, 1, static_cast<int>(left.count())) <= 0) {
            stop();
            throw std::runtime_error("the demo did not announce its address in time: " + output);
        }
        char chunk[512];
        ssize_t n = ::read(stdout_fd_, chunk, sizeof chunk);
        if (n <= 0) {
            stop();
            throw std::runtime_error("the demo exited before serving: " + output);
        }
        output.append(chunk, static_cast<std::size_t>(n));
    }
    base_url_ = match[1];
    port_ = static_cast<unsigned short>(std::stoi(match[2]));
}

DemoProcess::~DemoProcess() {
    stop();
    if (stdout_fd_ >= 0) ::close(stdout_fd_);
}

std::vector<pid_t> DemoProcess::children() const {
    std::vector<pid_t> result;
    for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
        const std::string name = entry.path().filename();
        if (name.find_first_not_of("0123456789") != std::string::npos) continue;
        std::ifstream stat(entry.path() / "stat");
        std::string line;
        if (!std::getline(stat, line)) continue;
        // Fields after the command name in parentheses: state, ppid, ...
        auto close = line.rfind(')');
        if (close == std::string::npos) continue;
        std::istringstream rest(line.substr(close + 2));
        char state;
        pid_t ppid;
        rest >> state >> ppid;
        if (ppid == pid_ && state != 'Z') result.push_back(std::stoi(name));
    }
    return result;
}

int DemoProcess::stop(std::chrono::milliseconds deadline) {
    if (pid_ < 0) return 0;
    ::kill(pid_, SIGTERM);
    int status = 0;
    bool gone = wait_for([&] { return ::waitpid(pid_, &status, WNOHANG) == pid_; }, deadline);
    if (!gone) {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, &status, 0);
    }
    pid_ = -1;
    return status;
}

}  // namespace councilcast::testing
