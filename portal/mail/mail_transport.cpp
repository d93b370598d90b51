#include "portal/mail/mail_transport.hpp"

#include <memory>

#include "portal/mail/file_transport.hpp"
#include "portal/mail/smtp_transport.hpp"

namespace councilcast::portal {

MailTransport make_mail_transport(const config::Mail& settings,
                                  const std::filesystem::path& data_dir) {
    if (settings.transport == "files") {
        auto files = std::make_shared<FileTransport>(data_dir / "mail");
        return [files](const DueMail& mail, std::stop_token) { return files->send(mail); };
    }
    auto smtp = std::make_shared<SmtpTransport>(settings);
    return [smtp](const DueMail& mail, std::stop_token stop) { return smtp->send(mail, stop); };
}

}  // namespace councilcast::portal
