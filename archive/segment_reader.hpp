// Reads any span of the segment table, recent or years old, on its own read-only connection:
// for the recordings' playlists and files, which the HTTP threads serve without the writer.
#pragma once

#include <cstdint>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string_view>
#include <vector>

#include "archive/playlist.hpp"
#include "common/database.hpp"

namespace councilcast::archive {

// Thread-safe: one connection behind a mutex. A query takes a few milliseconds even for a
// six-hour meeting, and callers cache what they make of it.
class SegmentReader {
  public:
    explicit SegmentReader(const std::filesystem::path& database_file);

    // The segments of channel/rendition that overlap [from_unix_ms, to_unix_ms) in wall-clock
    // time, by sequence; `to_unix_ms` 0: no end (a recording still growing).
    std::vector<Segment> between(std::string_view channel, std::string_view rendition,
                                 std::int64_t from_unix_ms, std::int64_t to_unix_ms);

    // Those of between(...) numbered after `after_sequence`: what a growing recording gained
    // since it was read.
    std::vector<Segment> after(std::string_view channel, std::string_view rendition,
                               std::int64_t after_sequence, std::int64_t from_unix_ms,
                               std::int64_t to_unix_ms);

    // One segment by its file name, whatever its age.
    std::optional<Segment> find(std::string_view channel, std::string_view rendition,
                                std::string_view file);

  private:
    std::mutex mutex_;
    Database db_;
};

}  // namespace councilcast::archive
