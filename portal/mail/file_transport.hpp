// The demo's transport: each message becomes <data_dir>/mail/<id>.eml, so a newcomer can follow a
// confirmation link without a mail server.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "portal/mail/mail_queue.hpp"

namespace councilcast::portal {

class FileTransport {
  public:
    // Creates `directory` if need be; throws Error if it cannot.
    explicit FileTransport(std::filesystem::path directory);

    // Writes the MIME durably (write_file_durably), so a listed file is always whole. Returns why
    // not on failure; never throws.
    std::optional<std::string> send(const DueMail& mail) const;

    const std::filesystem::path& directory() const { return directory_; }
    // "<id>.eml": ids are never reused (AUTOINCREMENT), so neither are names.
    static std::string file_name(std::int64_t id);

  private:
    std::filesystem::path directory_;
};

}  // namespace councilcast::portal
