#include "portal/http/file_cache.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "common/unique_fd.hpp"

namespace councilcast::portal {
namespace {

// Below this a file goes out in one copy from memory as cheaply as sendfile would send it.
constexpr std::size_t kOpenFileMinBytes = 64 * 1024;
// Descriptors kept open at most: a few renditions' live windows and the large assets, far
// below what connections need.
constexpr std::size_t kMaxOpenFiles = 128;

// Opens a regular file; reads it only when it is no larger than `max_read_bytes`.
FileCache::Cached open_regular_file(const std::filesystem::path& path, std::size_t max_read_bytes) {
    auto file = std::make_shared<const UniqueFd>(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!*file) return {};
    const int fd = file->get();
    struct stat info {};
    if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) return {};
    const auto size = static_cast<std::uint64_t>(info.st_size);
    if (size > max_read_bytes) return {nullptr, std::move(file), size};
    auto data = std::make_shared<std::string>(static_cast<std::size_t>(size), '\0');
    std::size_t done = 0;
    while (done < data->size()) {
        ssize_t n = ::pread(fd, data->data() + done, data->size() - done, static_cast<off_t>(done));
        if (n <= 0) {
            if (n < 0 && errno == EINTR) continue;
            return {};
        }
        done += static_cast<std::size_t>(n);
    }
    return {std::move(data), std::move(file), size};
}

}  // namespace

FileCache::FileCache(std::size_t max_total_bytes, std::size_t max_file_bytes)
    : max_total_bytes_(max_total_bytes), max_file_bytes_(max_file_bytes) {}

FileCache::Cached FileCache::find_cached(const std::filesystem::path& key) {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(key.native());
    if (it == entries_.end()) return {};
    lru_.splice(lru_.begin(), lru_, it->second.lru);
    return it->second.cached;
}

FileCache::Cached FileCache::get_cached(const std::filesystem::path& path,
                                        const std::filesystem::path& key_path) {
    if (auto cached = find_cached(key_path); cached.data) return cached;
    const std::string& key = key_path.native();
    // Read outside the lock: a slow disk must not stall other requests.
    Cached read = open_regular_file(path, max_file_bytes_);
    if (!read.data) return read;
    std::lock_guard lock(mutex_);
    if (auto it = entries_.find(key); it != entries_.end()) return it->second.cached;
    if (read.data->size() < kOpenFileMinBytes || open_files_ >= kMaxOpenFiles) {
        read.file.reset();
    } else {
        ++open_files_;
    }
    lru_.push_front(key);
    entries_.emplace(key, Entry{read, lru_.begin()});
    bytes_ += read.data->size();
    while (bytes_ > max_total_bytes_ && !lru_.empty()) {
        auto victim = entries_.find(lru_.back());
        bytes_ -= victim->second.cached.data->size();
        if (victim->second.cached.file) --open_files_;
        entries_.erase(victim);
        lru_.pop_back();
    }
    return read;
}

std::size_t FileCache::bytes() const {
    std::lock_guard lock(mutex_);
    return bytes_;
}

}  // namespace councilcast::portal
