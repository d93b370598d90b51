#include "tests/streamer/hall_camera_process.hpp"

#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <stdexcept>

extern char** environ;

namespace councilcast::testing {

ChildProcess::ChildProcess(std::vector<std::string> arguments, const std::filesystem::path& log) {
    std::vector<char*> argv;
    for (auto& argument : arguments) argv.push_back(argument.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(),
                                     O_WRONLY | O_CREAT | O_APPEND, 0644);
    posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
    const int rc = posix_spawnp(&pid_, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) throw std::runtime_error("cannot start " + arguments[0]);
}

ChildProcess::~ChildProcess() {
    kill();
}

void ChildProcess::kill() {
    if (pid_ < 0) return;
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
}

void ChildProcess::freeze(bool frozen) {
    if (pid_ >= 0) ::kill(pid_, frozen ? SIGSTOP : SIGCONT);
}

std::unique_ptr<ChildProcess> start_fake_camera(unsigned short port, const std::string& transport,
                                                const std::string& pattern, int tone_hz,
                                                const std::filesystem::path& log,
                                                const std::string& credentials) {
    std::vector<std::string> arguments{COUNCILCAST_FAKE_CAMERA, std::to_string(port), transport,
                                       pattern, std::to_string(tone_hz)};
    if (!credentials.empty()) arguments.push_back(credentials);
    return std::make_unique<ChildProcess>(std::move(arguments), log);
}

std::string fake_camera_url(unsigned short port) {
    return "rtsp://127.0.0.1:" + std::to_string(port) + "/camera";
}

unsigned short free_udp_port() {
    const int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof address;
    if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&address), size) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) != 0) {
        if (fd >= 0) ::close(fd);
        throw std::runtime_error("no free loopback UDP port");
    }
    ::close(fd);
    return ntohs(address.sin_port);
}

}  // namespace councilcast::testing
