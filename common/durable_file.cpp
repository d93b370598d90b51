#include "common/durable_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/core.h>

#include <cerrno>
#include <cstring>

#include "common/error.hpp"
#include "common/unique_fd.hpp"

namespace councilcast {
namespace {

[[noreturn]] void fail(std::string_view what, const std::filesystem::path& path, int error) {
    throw Error(fmt::format("cannot {} {}: {}", what, path.string(), std::strerror(error)));
}

// The rename is on disk only once the folder holding the name is.
void sync_folder(const std::filesystem::path& path) {
    std::filesystem::path folder = path.parent_path();
    if (folder.empty()) folder = ".";
    UniqueFd fd(::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!fd || ::fsync(fd.get()) != 0) fail("sync the folder", folder, errno);
}

}  // namespace

void write_file_durably(const std::filesystem::path& path, std::string_view bytes, mode_t mode) {
    // One temporary name per target: two writers of one file would be a bug of their own.
    const std::filesystem::path temporary = path.string() + ".part";
    UniqueFd fd(::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode));
    if (!fd) fail("create", temporary, errno);
    // A half-written temporary is removed: the next attempt starts again from nothing.
    auto give_up = [&temporary, &fd](std::string_view what, const std::filesystem::path& named) {
        const int error = errno;
        fd.reset();
        ::unlink(temporary.c_str());
        fail(what, named, error);
    };
    while (!bytes.empty()) {
        const ssize_t written = ::write(fd.get(), bytes.data(), bytes.size());
        if (written < 0 && errno == EINTR) continue;
        if (written < 0) give_up("write", temporary);
        bytes.remove_prefix(static_cast<std::size_t>(written));
    }
    if (::fsync(fd.get()) != 0 || !fd.close()) give_up("write", temporary);
    if (::rename(temporary.c_str(), path.c_str()) != 0) give_up("rename into place", path);
    sync_folder(path);
}

std::uintmax_t publish_file_durably(const std::filesystem::path& written,
                                    const std::filesystem::path& path) {
    struct stat info {};
    {
        UniqueFd fd(::open(written.c_str(), O_RDONLY | O_CLOEXEC));
        if (!fd) fail("open", written, errno);
        if (::fsync(fd.get()) != 0 || ::fstat(fd.get(), &info) != 0) fail("sync", written, errno);
    }
    if (::rename(written.c_str(), path.c_str()) != 0) fail("rename", written, errno);
    sync_folder(path);
    return static_cast<std::uintmax_t>(info.st_size);
}

}  // namespace councilcast
