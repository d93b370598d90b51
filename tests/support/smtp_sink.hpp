// A real SMTP server on loopback for tests and benchmarks: Debian's aiosmtpd as a child process,
// delivering every message into a Maildir.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <vector>

namespace councilcast::testing {

class SmtpSink {
  public:
    // Starts `python3 -m aiosmtpd` (Debian's /usr/bin/python3, or COUNCILCAST_PYTHON) on
    // 127.0.0.1:`port` without STARTTLS and waits, with a deadline, until it accepts connections.
    // Throws std::runtime_error when it does not come up.
    SmtpSink(std::filesystem::path maildir, unsigned short port);
    SmtpSink(const SmtpSink&) = delete;
    SmtpSink& operator=(const SmtpSink&) = delete;
    ~SmtpSink();

    unsigned short port() const { return port_; }
    // Every message delivered so far, oldest first, as stored (aiosmtpd adds X-RcptTo and
    // X-MailFrom headers with the envelope).
    std::vector<std::string> messages() const;

  private:
    void stop();

    std::filesystem::path maildir_;
    unsigned short port_;
    pid_t pid_ = -1;
};

// A loopback TCP port nobody listens on right now.
unsigned short free_port();

}  // namespace councilcast::testing
