#include "tests/support/smtp_sink.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "tests/support/demo_process.hpp"

extern char** environ;

namespace councilcast::testing {
namespace {

constexpr std::chrono::seconds kSinkStartDeadline{15};
constexpr std::chrono::seconds kStopDeadline{5};

sockaddr_in loopback(unsigned short port) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return address;
}

bool accepts_connections(unsigned short port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return false;
    auto address = loopback(port);
    const bool connected =
        ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    ::close(fd);
    return connected;
}

std::string python() {
    const char* chosen = std::getenv("COUNCILCAST_PYTHON");
    // Debian's interpreter: the one python3-aiosmtpd is installed for, whatever else is on PATH.
    return chosen ? chosen : "/usr/bin/python3";
}

}  // namespace

unsigned short free_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    auto address = loopback(0);
    socklen_t size = sizeof address;
    if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&address), size) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) != 0) {
        if (fd >= 0) ::close(fd);
        throw std::runtime_error("no free loopback port");
    }
    ::close(fd);
    return ntohs(address.sin_port);
}

SmtpSink::SmtpSink(std::filesystem::path maildir, unsigned short port)
    : maildir_(std::move(maildir)), port_(port) {
    std::vector<std::string> args = {python(),
                                     "-m",
                                     "aiosmtpd",
                                     "-n",
                                     "-l",
                                     "127.0.0.1:" + std::to_string(port_),
                                     "-c",
                                     "aiosmtpd.handlers.Mailbox",
                                     maildir_.string()};
    std::vector<char*> argv;
    for (auto& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    const std::string log = maildir_.string() + ".log";
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, log.c_str(),
                                     O_WRONLY | O_CREAT | O_APPEND, 0644);
    const int rc = posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) throw std::runtime_error("cannot start " + args[0]);

    int status = 0;
    bool exited = false;
    const bool up = wait_for(
        [&] {
            exited = ::waitpid(pid_, &status, WNOHANG) == pid_;
            return exited || accepts_connections(port_);
        },
        kSinkStartDeadline);
    if (exited || !up) {
        if (exited) pid_ = -1;
        std::ifstream in(log);
        std::stringstream text;
        text << in.rdbuf();
        stop();
        throw std::runtime_error("aiosmtpd did not start (is python3-aiosmtpd installed?): " +
                                 text.str());
    }
}

SmtpSink::~SmtpSink() {
    stop();
}

void SmtpSink::stop() {
    if (pid_ < 0) return;
    ::kill(pid_, SIGTERM);
    int status = 0;
    if (!wait_for([&] { return ::waitpid(pid_, &status, WNOHANG) == pid_; }, kStopDeadline)) {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, &status, 0);
    }
    pid_ = -1;
}

std::vector<std::string> SmtpSink::messages() const {
    std::vector<std::filesystem::path> files;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(maildir_ / "new", ec)) {
        files.push_back(entry.path());
    }
    // Maildir names start with the delivery time in seconds, then a finer counter.
    std::sort(files.begin(), files.end(), [](const auto& a, const auto& b) {
        return std::filesystem::last_write_time(a) < std::filesystem::last_write_time(b) ||
               (std::filesystem::last_write_time(a) == std::filesystem::last_write_time(b) &&
                a < b);
    });
    std::vector<std::string> result;
    for (const auto& file : files) {
        std::ifstream in(file, std::ios::binary);
        std::stringstream content;
        content << in.rdbuf();
        result.push_back(content.str());
    }
    return result;
}

}  // namespace councilcast::testing
