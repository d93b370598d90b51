// Immutable files (segments, static assets) held in memory, bounded, shared by every response.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "common/unique_fd.hpp"

namespace councilcast::portal {

// Live viewers all ask for the same few newest segments, so the newest files are kept in memory
// and handed to responses by reference count, never copied per request. Files larger than
// max_file_bytes are never read here: they are opened and served from the descriptor, a range at
// a time (a 20 MiB document read whole per request let 2,000 slow readers hold 40 GB). The
// largest kept files also keep their descriptor open, so that plain-HTTP responses can send them
// with sendfile(2); how many is bounded, since each holds a descriptor the server also needs for
// connections.
class FileCache {
  public:
    // A file's bytes and, when kept open, the file itself. A file over max_file_bytes has `file`
    // and no `data`: its bytes are read only as they are sent. Neither when there is nothing.
    struct Cached {
        std::shared_ptr<const std::string> data;
        std::shared_ptr<const UniqueFd> file;
        std::uint64_t size = 0;

        bool found() const { return data || file; }
    };

    FileCache(std::size_t max_total_bytes, std::size_t max_file_bytes);

    // The whole file, or nullptr when it cannot be read (missing, not a regular file) or is over
    // max_file_bytes (get_cached() opens those).
    std::shared_ptr<const std::string> get(const std::filesystem::path& path) {
        return get(path, path);
    }
    // As get(path), kept under `key`: a caller that checked `path` once (symlinks resolved,
    // confined to a root) finds the file again by `key` with find(), without checking again.
    std::shared_ptr<const std::string> get(const std::filesystem::path& path,
                                           const std::filesystem::path& key) {
        return get_cached(path, key).data;
    }
    // What is kept under `key`, without reading anything; nullptr when nothing is.
    std::shared_ptr<const std::string> find(const std::filesystem::path& key) {
        return find_cached(key).data;
    }
    // As get() and find(), with the open file when one is kept; a file over max_file_bytes is
    // opened, never read, and never kept (opened again by the next request).
    Cached get_cached(const std::filesystem::path& path, const std::filesystem::path& key);
    Cached find_cached(const std::filesystem::path& key);
    std::size_t bytes() const;

  private:
    struct Entry {
        Cached cached;
        std::list<std::string>::iterator lru;
    };
    const std::size_t max_total_bytes_;
    const std::size_t max_file_bytes_;
    mutable std::mutex mutex_;
    std::size_t bytes_ = 0;
    std::size_t open_files_ = 0;  // entries whose file is kept open
    std::list<std::string> lru_;  // most recently used first
    std::unordered_map<std::string, Entry> entries_;
};

}  // namespace councilcast::portal
