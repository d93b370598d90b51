// A plain socket client for tests that must send what no well-behaved HTTP client would.
#pragma once

#include <chrono>
#include <string>

namespace councilcast::testing {

class RawConnection {
  public:
    RawConnection(const std::string& host, unsigned short port);
    RawConnection(const RawConnection&) = delete;
    RawConnection& operator=(const RawConnection&) = delete;
    ~RawConnection();

    bool connected() const { return fd_ >= 0; }
    // Returns false if the peer has closed the connection.
    bool send(const std::string& bytes);
    // Reads until the peer closes or `deadline` passes; returns what arrived.
    std::string read_until_closed(std::chrono::milliseconds deadline);
    // Reads until `marker` appears or the deadline passes.
    std::string read_until(const std::string& marker, std::chrono::milliseconds deadline);
    // True once the peer has closed (read returns 0) within the deadline.
    bool closed_within(std::chrono::milliseconds deadline);

  private:
    int fd_ = -1;
    std::string pending_;
    bool peer_closed_ = false;
    bool read_some(std::chrono::steady_clock::time_point until);
};

}  // namespace councilcast::testing
