// Cameras as child processes for the hall's tests and bench: tests/support/fake_camera (RTSP) or
// gst-launch-1.0 … srtsink, killed to pull the cable and started again.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace councilcast::testing {

// A child process (a camera), SIGKILLed by kill() or at the end.
class ChildProcess {
  public:
    // Its standard output and error go to `log`.
    ChildProcess(std::vector<std::string> arguments, const std::filesystem::path& log);
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;
    ~ChildProcess();
    // Pulls the cable: SIGKILL, and waits for it to be gone.
    void kill();
    // Freezes it (SIGSTOP) or lets it go on (SIGCONT): a camera that hangs with its connection
    // open, sending nothing.
    void freeze(bool frozen);

  private:
    pid_t pid_ = -1;
};

// tests/support/fake_camera on rtsp://127.0.0.1:<port>/camera: `transport` tcp, udp or any;
// `credentials` "user:password" when it asks for them.
std::unique_ptr<ChildProcess> start_fake_camera(unsigned short port, const std::string& transport,
                                                const std::string& pattern, int tone_hz,
                                                const std::filesystem::path& log,
                                                const std::string& credentials = "");
std::string fake_camera_url(unsigned short port);
// A loopback UDP port nobody uses right now (RTSP over UDP and SRT need UDP ones).
unsigned short free_udp_port();

}  // namespace councilcast::testing
