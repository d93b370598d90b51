#include "archive/segment_reader.hpp"

#include <fmt/core.h>

#include <limits>

#include "archive/segment_index.hpp"

namespace councilcast::archive {
namespace {

// A segment is at most a few target durations long; a segment that started this much before a
// span's start cannot overlap it, and the bound lets SQLite use segment_by_start.
constexpr std::int64_t kLongestSegmentMs = 60'000;

}  // namespace

SegmentReader::SegmentReader(const std::filesystem::path& database_file)
    : db_(database_file, Durability::kNormal, OpenMode::kReadOnly) {}

std::vector<Segment> SegmentReader::between(std::string_view channel, std::string_view rendition,
                                            std::int64_t from_unix_ms, std::int64_t to_unix_ms) {
    return after(channel, rendition, -1, from_unix_ms, to_unix_ms);
}

std::vector<Segment> SegmentReader::after(std::string_view channel, std::string_view rendition,
                                          std::int64_t after_sequence, std::int64_t from_unix_ms,
                                          std::int64_t to_unix_ms) {
    static const std::string kAfter = fmt::format(
        "SELECT {} FROM segment WHERE channel = ? AND rendition = ? AND sequence > ? AND "
        "start_unix_ms >= ? AND start_unix_ms < ? AND start_unix_ms + duration_us / 1000 > ? "
        "ORDER BY sequence",
        kSegmentColumns);
    const std::int64_t end =
        to_unix_ms == 0 ? std::numeric_limits<std::int64_t>::max() : to_unix_ms;
    std::lock_guard lock(mutex_);
    ReadTransaction read(db_);
    Statement select = db_.cached(kAfter);
    select.bind(1, channel)
        .bind(2, rendition)
        .bind(3, after_sequence)
        .bind(4, from_unix_ms - kLongestSegmentMs)
        .bind(5, end)
        .bind(6, from_unix_ms);
    std::vector<Segment> segments;
    while (select.step()) segments.push_back(read_segment(select));
    select.reset();
    return segments;
}

std::optional<Segment> SegmentReader::find(std::string_view channel, std::string_view rendition,
                                           std::string_view file) {
    static const std::string kByFile = fmt::format(
        "SELECT {} FROM segment WHERE channel = ? AND rendition = ? AND file = ?", kSegmentColumns);
    std::lock_guard lock(mutex_);
    Statement select = db_.cached(kByFile);
    select.bind(1, channel).bind(2, rendition).bind(3, file);
    std::optional<Segment> found;
    if (select.step()) found = read_segment(select);
    select.reset();
    return found;
}

}  // namespace councilcast::archive
