#include "common/private_files.hpp"

#include <sys/stat.h>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <array>
#include <string_view>

#include "common/error.hpp"

namespace councilcast {
namespace fs = std::filesystem;

namespace {

constexpr fs::perms kDataDirMode =
    fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec;
constexpr fs::perms kPrivateFileMode = fs::perms::owner_read | fs::perms::owner_write;
constexpr fs::perms kGroupOrOthers = fs::perms::group_all | fs::perms::others_all;

// The files in the data directory that hold accounts, sessions, the audit log and the site key.
constexpr std::array<std::string_view, 4> kPrivateFiles = {
    "councilcast.sqlite", "councilcast.sqlite-wal", "councilcast.sqlite-shm", "site.key"};

void narrow(const fs::path& path, fs::perms allowed) {
    std::error_code ec;
    const fs::file_status status = fs::symlink_status(path, ec);
    if (ec || !fs::exists(status) || fs::is_symlink(status)) return;
    const fs::perms current = status.permissions();
    if ((current & ~allowed) == fs::perms::none) return;
    fs::permissions(path, current & allowed, ec);
    if (ec) {
        spdlog::warn("cannot narrow the permissions of {}: {}", path.string(), ec.message());
    } else {
        spdlog::info("narrowed the permissions of {} to {:04o}", path.string(),
                     static_cast<unsigned>(current & allowed));
    }
}

}  // namespace

void keep_new_files_private() {
    ::umask(S_IRWXG | S_IRWXO);
}

void make_data_dir_private(const fs::path& data_dir) {
    std::error_code ec;
    const bool created = fs::create_directories(data_dir, ec);
    if (ec) {
        throw Error("cannot create the data directory " + data_dir.string() + ": " + ec.message());
    }
    // A group (a backup account, say) may list and read it; the umask gave it less.
    if (created) fs::permissions(data_dir, kDataDirMode, ec);
    narrow(data_dir, kDataDirMode);
    for (std::string_view name : kPrivateFiles) narrow(data_dir / name, kPrivateFileMode);
}

std::optional<std::string> exposed_secret(const fs::path& file) {
    std::error_code ec;
    const fs::perms mode = fs::status(file, ec).permissions();
    if (ec || (mode & kGroupOrOthers) == fs::perms::none) return std::nullopt;
    return fmt::format(
        "{} is readable by group or others (mode {:04o}); make it 0600, or pass it "
        "through systemd's LoadCredential=",
        file.string(), static_cast<unsigned>(mode));
}

std::optional<fs::path> passed_credential(const char* credentials_dir, const std::string& name) {
    if (credentials_dir == nullptr || *credentials_dir == '\0') return std::nullopt;
    fs::path path = fs::path(credentials_dir) / name;
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) return std::nullopt;
    return path;
}

}  // namespace councilcast
