// How the dispatcher hands a message on: through the SMTP relay, or into the demo's mail folder,
// as [mail] transport says.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <stop_token>
#include <string>

#include "config/config.hpp"
#include "portal/mail/mail_queue.hpp"

namespace councilcast::portal {

// Sends one message. Returns nothing when the relay (or the folder) has taken it, else why not,
// in words for the staff page's last error. Never throws. A stop request ends a send in progress.
using MailTransport = std::function<std::optional<std::string>(const DueMail&, std::stop_token)>;

// Throws Error when the transport cannot work at all (the relay password file is unreadable,
// the mail folder cannot be made), so a misconfiguration stops the server at start.
MailTransport make_mail_transport(const config::Mail& settings,
                                  const std::filesystem::path& data_dir);

}  // namespace councilcast::portal
