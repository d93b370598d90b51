// Immutable files (segments, static assets) held in memory, bounded, shared by every response.
#pragma once

#include <cstddef>
#include <filesystem>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace councilcast::portal {

// Live viewers all ask for the same few newest segments, so the newest files are kept in memory
// and handed to responses by reference count, never copied per request. Files larger than
// max_file_bytes are read but not kept.
class FileCache {
  public:
    FileCache(std::size_t max_total_bytes, std::size_t max_file_bytes);

    // The whole file, or nullptr when it cannot be read (missing, not a regular file).
    std::shared_ptr<const std::string> get(const std::filesystem::path& path) {
        return get(path, path);
    }
    // As get(path), kept under `key`: a caller that checked `path` once (symlinks resolved,
    // confined to a root) finds the file again by `key` with find(), without checking again.
    std::shared_ptr<const std::string> get(const std::filesystem::path& path,
                                           const std::filesystem::path& key);
    // What is kept under `key`, without reading anything; nullptr when nothing is.
    std::shared_ptr<const std::string> find(const std::filesystem::path& key);
    std::size_t bytes() const;

  private:
    struct Entry {
        std::shared_ptr<const std::string> data;
        std::list<std::string>::iterator lru;
    };
    const std::size_t max_total_bytes_;
    const std::size_t max_file_bytes_;
    mutable std::mutex mutex_;
    std::size_t bytes_ = 0;
    std::list<std::string> lru_;  // most recently used first
    std::unordered_map<std::string, Entry> entries_;
};

}  // namespace councilcast::portal
