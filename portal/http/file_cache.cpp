#include "portal/http/file_cache.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/unique_fd.hpp"

namespace councilcast::portal {
namespace {

std::shared_ptr<const std::string> read_regular_file(const std::filesystem::path& path) {
    const UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd) return nullptr;
    struct stat info {};
    if (::fstat(fd.get(), &info) != 0 || !S_ISREG(info.st_mode)) return nullptr;
    auto data = std::make_shared<std::string>(static_cast<std::size_t>(info.st_size), '\0');
    std::size_t done = 0;
    while (done < data->size()) {
        ssize_t n =
            ::pread(fd.get(), data->data() + done, data->size() - done, static_cast<off_t>(done));
        if (n <= 0) {
            if (n < 0 && errno == EINTR) continue;
            return nullptr;
        }
        done += static_cast<std::size_t>(n);
    }
    return data;
}

}  // namespace

FileCache::FileCache(std::size_t max_total_bytes, std::size_t max_file_bytes)
    : max_total_bytes_(max_total_bytes), max_file_bytes_(max_file_bytes) {}

std::shared_ptr<const std::string> FileCache::find(const std::filesystem::path& key) {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(key.native());
    if (it == entries_.end()) return nullptr;
    lru_.splice(lru_.begin(), lru_, it->second.lru);
    return it->second.data;
}

std::shared_ptr<const std::string> FileCache::get(const std::filesystem::path& path,
                                                  const std::filesystem::path& key_path) {
    if (auto cached = find(key_path)) return cached;
    const std::string& key = key_path.native();
    // Read outside the lock: a slow disk must not stall other requests.
    auto data = read_regular_file(path);
    if (!data || data->size() > max_file_bytes_) return data;
    std::lock_guard lock(mutex_);
    if (entries_.contains(key)) return entries_[key].data;
    lru_.push_front(key);
    entries_.emplace(key, Entry{data, lru_.begin()});
    bytes_ += data->size();
    while (bytes_ > max_total_bytes_ && !lru_.empty()) {
        auto victim = entries_.find(lru_.back());
        bytes_ -= victim->second.data->size();
        entries_.erase(victim);
        lru_.pop_back();
    }
    return data;
}

std::size_t FileCache::bytes() const {
    std::lock_guard lock(mutex_);
    return bytes_;
}

}  // namespace councilcast::portal
