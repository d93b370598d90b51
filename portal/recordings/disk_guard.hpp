// Keeps the media disk from filling: below the floor, segments outside every recording go
// first, oldest first; if that is not enough, the caller stops recording. Its state is on
// /metrics and the staff page.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "archive/segment_index.hpp"
#include "portal/recordings/recording_archive.hpp"

namespace councilcast::portal {

class DiskGuard {
  public:
    // Non-owning references, alive while the portal serves. `min_free_bytes` 0: no guard.
    // Segments newer than `keep_recent` stay whatever the disk says: they are the live
    // window viewers are playing now.
    DiskGuard(std::filesystem::path media_root, std::uint64_t min_free_bytes,
              archive::SegmentIndex& index, const RecordingArchive& archive,
              std::chrono::seconds keep_recent);

    // Free bytes for an unprivileged writer on the media disk, or nothing when statvfs fails.
    std::optional<std::uint64_t> free_bytes() const;

    // On the writer's thread, inside a job (the index's rule): when free space is below the
    // floor, deletes segments outside recordings, oldest first, until it is above it or none
    // is left. True when it is still below (the caller stops recording).
    bool make_room();

    // The last check's figures, for /metrics and the staff page.
    bool below_floor() const { return below_.load(); }
    std::uint64_t last_free_bytes() const { return last_free_.load(); }
    std::uint64_t removed_total() const { return removed_.load(); }
    // What the last check found wrong, for /healthz and the log: empty while above the floor.
    std::string problem() const;
    // The Prometheus text of the above.
    std::string metrics() const;

  private:
    std::filesystem::path media_root_;
    std::uint64_t min_free_bytes_;
    archive::SegmentIndex& index_;
    const RecordingArchive& archive_;
    std::chrono::seconds keep_recent_;
    std::atomic<bool> below_ = false;
    std::atomic<std::uint64_t> last_free_ = 0;
    std::atomic<std::uint64_t> removed_ = 0;
};

}  // namespace councilcast::portal
