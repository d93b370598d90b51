#include "portal/mail/file_transport.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <fmt/core.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "common/error.hpp"

namespace councilcast::portal {
namespace {

// Closes on every path out of send().
class FileDescriptor {
  public:
    explicit FileDescriptor(int fd) : fd_(fd) {}
    FileDescriptor(const FileDescriptor&) = delete;
    FileDescriptor& operator=(const FileDescriptor&) = delete;
    ~FileDescriptor() {
        if (fd_ >= 0) ::close(fd_);
    }
    int get() const { return fd_; }
    // close() reports a write error some file systems hold back until then.
    bool close() { return ::close(std::exchange(fd_, -1)) == 0; }

  private:
    int fd_;
};

std::string failure(std::string_view what, const std::filesystem::path& path) {
    return fmt::format("{} {}: {}", what, path.string(), std::strerror(errno));
}

}  // namespace

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
    const auto temporary = directory_ / (file_name(mail.id) + ".part");
    FileDescriptor file(::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640));
    if (file.get() < 0) return failure("cannot create", temporary);
    // A half-written file is removed: the next attempt writes it again from the start.
    auto give_up = [&temporary](std::string_view what, const std::filesystem::path& path) {
        std::string reason = failure(what, path);
        ::unlink(temporary.c_str());
        return reason;
    };
    std::string_view rest = mail.mime;
    while (!rest.empty()) {
        const ssize_t written = ::write(file.get(), rest.data(), rest.size());
        if (written < 0 && errno == EINTR) continue;
        if (written < 0) return give_up("cannot write", temporary);
        rest.remove_prefix(static_cast<std::size_t>(written));
    }
    if (::fsync(file.get()) != 0 || !file.close()) return give_up("cannot write", temporary);
    if (::rename(temporary.c_str(), final_path.c_str()) != 0) {
        return give_up("cannot rename into place", final_path);
    }
    // The rename itself is durable only once the folder is synced.
    FileDescriptor folder(::open(directory_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (folder.get() < 0 || ::fsync(folder.get()) != 0) return failure("cannot sync", directory_);
    return std::nullopt;
}

}  // namespace councilcast::portal
