// Sends a queued message through the municipality's SMTP relay with libcurl.
#pragma once

#include <chrono>
#include <optional>
#include <stop_token>
#include <string>

#include "config/config.hpp"
#include "portal/mail/mail_queue.hpp"

namespace councilcast::portal {

class SmtpTransport {
  public:
    // Long enough for a slow relay, short enough that a dead one does not hold the queue.
    static constexpr std::chrono::seconds kConnectTimeout{15};
    static constexpr std::chrono::seconds kSendTimeout{120};

    // Reads the relay password now (when a username is set), so a missing or unreadable
    // password_file stops the server at start with an Error naming the file.
    explicit SmtpTransport(const config::Mail& settings);

    // One connection per message: mail is rare, and a fresh connection never inherits a broken
    // one. With starttls = "required" nothing is sent unless the relay switches to TLS (and its
    // certificate verifies); there is no fallback to plain text. Returns why the relay did not
    // take the message; never throws. A stop request aborts the transfer.
    std::optional<std::string> send(const DueMail& mail, std::stop_token stop) const;

  private:
    std::string url_;
    bool require_tls_;
    std::string username_;
    std::string password_;
    std::string from_address_;
};

}  // namespace councilcast::portal
