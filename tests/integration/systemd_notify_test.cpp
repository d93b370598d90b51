#include <doctest/doctest.h>

#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <string>

#include "tests/support/demo_process.hpp"

using namespace councilcast::testing;
using namespace std::chrono_literals;

namespace {

// Plays systemd's side of the notify protocol: a datagram socket named by NOTIFY_SOCKET.
class NotifySocket {
  public:
    explicit NotifySocket(const std::filesystem::path& path) {
        fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        std::strncpy(address.sun_path, path.c_str(), sizeof address.sun_path - 1);
        REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    }
    ~NotifySocket() { ::close(fd_); }

    // Collects messages until one contains `wanted` or the deadline passes.
    bool wait_for_message(const std::string& wanted, std::chrono::milliseconds deadline) {
        return wait_for(
            [&] {
                pollfd p{fd_, POLLIN, 0};
                if (::poll(&p, 1, 100) <= 0) return false;
                char buffer[4096];
                ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
                if (n <= 0) return false;
                return std::string(buffer, static_cast<std::size_t>(n)).find(wanted) !=
                       std::string::npos;
            },
            deadline, 0ms);
    }

  private:
    int fd_ = -1;
};

}  // namespace

TEST_CASE("the portal tells systemd it is ready, feeds the watchdog and says when it stops") {
    const auto dir = fresh_directory("notify");
    const auto socket_path = dir / "notify.sock";
    NotifySocket systemd(socket_path);
    DemoProcess demo(dir / "data",
                     {"NOTIFY_SOCKET=" + socket_path.string(), "WATCHDOG_USEC=400000"});
    CHECK(systemd.wait_for_message("READY=1", 10s));
    // Pinged at half the interval: several pings arrive within a few intervals.
    CHECK(systemd.wait_for_message("WATCHDOG=1", 2s));
    CHECK(systemd.wait_for_message("WATCHDOG=1", 2s));
    ::kill(demo.pid(), SIGTERM);
    CHECK(systemd.wait_for_message("STOPPING=1", 5s));
    CHECK(demo.stop() == 0);
}
