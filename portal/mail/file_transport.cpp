#include "portal/mail/file_transport.hpp"

#include <fmt/core.h>

#include <utility>

#include "common/durable_file.hpp"
#include "common/error.hpp"

namespace councilcast::portal {
FileTransport::FileTransport(std::filesystem::path directory) : directory_(std::move(directory)) {
    std::error_code ec;
    std::filesystem::create_directories(directory_, ec);
    if (ec) {
        throw Error(
            fmt::format("cannot create the mail folder {}: {}", directory_.string(), ec.message()));
    }
}

std::string FileTransport::file_name(std::int64_t id) {
    return fmt::format("{}.eml", id);
}

std::optional<std::string> FileTransport::send(const DueMail& mail) const {
    const auto final_path = directory_ / file_name(mail.id);
    // On the dispatcher's thread, never a network thread: the fsyncs wait for the disk.
    try {
        write_file_durably(final_path, mail.mime);
    } catch (const Error& e) {
        return e.what();
    }
    return std::nullopt;
}

}  // namespace councilcast::portal
