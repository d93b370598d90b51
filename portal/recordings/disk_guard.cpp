#include "portal/recordings/disk_guard.hpp"

#include <sys/statvfs.h>

#include <fmt/core.h>
#include <spdlog/spdlog.h>

#include <vector>

namespace councilcast::portal {
namespace {

// Segments deleted per pass before free space is measured again.
constexpr std::size_t kBatch = 200;

}  // namespace

DiskGuard::DiskGuard(std::filesystem::path media_root, std::uint64_t min_free_bytes,
                     archive::SegmentIndex& index, const RecordingArchive& archive,
                     std::chrono::seconds keep_recent)
    : media_root_(std::move(media_root)),
      min_free_bytes_(min_free_bytes),
      index_(index),
      archive_(archive),
      keep_recent_(keep_recent) {}

std::optional<std::uint64_t> DiskGuard::free_bytes() const {
    struct statvfs stats {};
    if (::statvfs(media_root_.c_str(), &stats) != 0) return std::nullopt;
    return static_cast<std::uint64_t>(stats.f_bavail) * stats.f_frsize;
}

bool DiskGuard::make_room() {
    if (min_free_bytes_ == 0) return false;
    auto free = free_bytes();
    if (!free) {
        spdlog::warn("[disk guard] cannot measure free space on {}", media_root_.string());
        return false;
    }
    last_free_ = *free;
    if (*free >= min_free_bytes_) {
        below_ = false;
        return false;
    }
    const auto kept = archive_.kept_spans();
    const auto older_than = std::chrono::system_clock::now() - keep_recent_;
    std::uint64_t removed = 0;
    while (*free < min_free_bytes_) {
        auto outside = index_.expired(older_than, kBatch, kept);
        if (outside.empty()) break;
        std::vector<std::int64_t> ids;
        for (const auto& segment : outside) {
            std::error_code ignored;
            std::filesystem::remove(
                media_root_ / segment.channel / segment.rendition / segment.file, ignored);
            ids.push_back(segment.id);
        }
        index_.remove(ids);
        removed += ids.size();
        free = free_bytes();
        if (!free) break;
    }
    removed_ += removed;
    if (removed > 0) {
        spdlog::warn(
            "[disk guard] {} MiB free on {}, below {} MiB: {} segments outside "
            "recordings deleted",
            free.value_or(0) >> 20, media_root_.string(), min_free_bytes_ >> 20, removed);
    }
    if (free) last_free_ = *free;
    below_ = !free || *free < min_free_bytes_;
    return below_;
}

std::string DiskGuard::problem() const {
    if (!below_.load()) return {};
    return fmt::format(
        "the media disk has {} MiB free, below [recordings] min_free_mb = {}, after deleting "
        "every segment outside recordings",
        last_free_.load() >> 20, min_free_bytes_ >> 20);
}

std::string DiskGuard::metrics() const {
    return fmt::format(
        "# HELP councilcast_media_free_bytes Free space on the media disk at the last check.\n"
        "# TYPE councilcast_media_free_bytes gauge\ncouncilcast_media_free_bytes {}\n"
        "# HELP councilcast_media_below_floor 1 while free space is below [recordings] "
        "min_free_mb even after deleting segments outside recordings (recording stopped).\n"
        "# TYPE councilcast_media_below_floor gauge\ncouncilcast_media_below_floor {}\n"
        "# HELP councilcast_disk_guard_removed_segments_total Segments outside recordings the "
        "disk guard deleted.\n"
        "# TYPE councilcast_disk_guard_removed_segments_total counter\n"
        "councilcast_disk_guard_removed_segments_total {}\n",
        last_free_.load(), below_.load() ? 1 : 0, removed_.load());
}

}  // namespace councilcast::portal
