// The mail a server with the "files" transport has written (<data_dir>/mail/<id>.eml), read back
// with the portal's own MIME reader, oldest first: what the HTTP tests check a mail in.
#pragma once

#include <algorithm>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

#include "portal/mail/mail_message.hpp"
#include "tests/support/test_certificate.hpp"

namespace councilcast::testing {

inline std::vector<portal::MailMessage> written_mails(const std::filesystem::path& data_dir) {
    std::vector<std::filesystem::path> files;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(data_dir / "mail", ec)) {
        if (entry.path().extension() == ".eml") files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end(), [](const auto& a, const auto& b) {
        return std::stoll(a.stem().string()) < std::stoll(b.stem().string());
    });
    std::vector<portal::MailMessage> read;
    for (const auto& file : files) read.push_back(portal::read_mime(read_text_file(file)));
    return read;
}

}  // namespace councilcast::testing
