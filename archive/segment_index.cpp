#include "archive/segment_index.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <array>
#include <limits>
#include <mutex>
#include <unordered_set>
#include <utility>

#include "common/error.hpp"

namespace councilcast::archive {

const std::string_view kSegmentTables = R"sql(
CREATE TABLE segment (
    id INTEGER PRIMARY KEY,
    channel TEXT NOT NULL,
    rendition TEXT NOT NULL,
    sequence INTEGER NOT NULL,
    discontinuity_sequence INTEGER NOT NULL,
    discontinuity INTEGER NOT NULL,
    -- Unique per rendition, not globally: the streamer gives a segment the same name in every
    -- rendition's directory (<run>-<number>.ts).
    file TEXT NOT NULL,
    start_unix_ms INTEGER NOT NULL,
    duration_us INTEGER NOT NULL,
    bytes INTEGER NOT NULL,
    created_unix_ms INTEGER NOT NULL,
    UNIQUE (channel, rendition, sequence),
    UNIQUE (channel, rendition, file)
);
CREATE INDEX segment_by_start ON segment (start_unix_ms);

-- Where each rendition's numbering continues. Kept apart from the segment rows so that removing
-- rows (retention, even of the newest) never lets a sequence number come back.
CREATE TABLE segment_counter (
    channel TEXT NOT NULL,
    rendition TEXT NOT NULL,
    next_sequence INTEGER NOT NULL,
    discontinuity_sequence INTEGER NOT NULL,  -- of the last segment added
    breaks_seen INTEGER NOT NULL,             -- segment_break.breaks when it was added
    PRIMARY KEY (channel, rendition)
) WITHOUT ROWID;

-- Breaks (worker starts) per channel. A rendition whose breaks_seen is lower owes its next
-- segment an EXT-X-DISCONTINUITY; renditions unknown at the time of the break are covered too.
CREATE TABLE segment_break (
    channel TEXT NOT NULL PRIMARY KEY,
    breaks INTEGER NOT NULL
) WITHOUT ROWID;
)sql";

const std::string_view kSegmentColumns =
    "id, channel, rendition, sequence, discontinuity_sequence, discontinuity, file, "
    "start_unix_ms, duration_us, bytes, created_unix_ms";

Segment read_segment(const Statement& row) {
    Segment segment;
    segment.id = row.column_int(0);
    segment.channel = row.column_text(1);
    segment.rendition = row.column_text(2);
    segment.sequence = row.column_int(3);
    segment.discontinuity_sequence = row.column_int(4);
    segment.discontinuity = row.column_int(5) != 0;
    segment.file = row.column_text(6);
    segment.start_unix_ms = row.column_int(7);
    segment.duration_us = row.column_int(8);
    segment.bytes = row.column_int(9);
    segment.created_unix_ms = row.column_int(10);
    return segment;
}

namespace {

std::int64_t unix_ms(std::chrono::system_clock::time_point time) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
}

}  // namespace

SegmentIndex::SegmentIndex(Database& db) : db_(db) {
    load_recent();
}

void SegmentIndex::load_recent() {
    std::vector<std::pair<std::string, std::string>> renditions;
    Statement list = db_.cached("SELECT channel, rendition FROM segment_counter");
    while (list.step()) renditions.emplace_back(list.column_text(0), list.column_text(1));
    list.reset();

    static const std::string kNewest = fmt::format(
        "SELECT {} FROM segment WHERE channel = ? AND rendition = ? "
        "ORDER BY sequence DESC LIMIT ?",
        kSegmentColumns);
    std::unique_lock lock(mutex_);
    for (const auto& [channel, rendition] : renditions) {
        Statement newest = db_.cached(kNewest);
        newest.bind(1, channel).bind(2, rendition).bind(3, kMemorySegments);
        Recent& recent = recent_[channel][rendition];
        while (newest.step()) recent.push_front(read_segment(newest));
        newest.reset();
    }
}

void SegmentIndex::mark_discontinuity(std::string_view channel) {
    if (channel.empty()) throw InvalidInput("a discontinuity needs a channel");
    Transaction tx(db_);
    db_.cached(
           "INSERT INTO segment_break (channel, breaks) VALUES (?, 1) "
           "ON CONFLICT (channel) DO UPDATE SET breaks = breaks + 1")
        .bind(1, channel)
        .run();
    tx.commit();
}

Segment SegmentIndex::add(std::string_view channel, std::string_view rendition,
                          const NewSegment& added) {
    Segment segment = write(channel, rendition, added);
    remember(segment);
    return segment;
}

Segment SegmentIndex::checked_segment(std::string_view channel, std::string_view rendition,
                                      const NewSegment& added) {
    if (channel.empty() || rendition.empty() || added.file.empty()) {
        throw InvalidInput(
            fmt::format("segment '{}' of '{}/{}' needs a channel, a rendition and "
                        "a file name",
                        added.file, channel, rendition));
    }
    if (added.duration_us <= 0 || added.bytes < 0) {
        throw InvalidInput(fmt::format("segment {} of {}/{} has duration {} us and {} bytes",
                                       added.file, channel, rendition, added.duration_us,
                                       added.bytes));
    }
    Statement duplicate =
        db_.cached("SELECT 1 FROM segment WHERE channel = ? AND rendition = ? AND file = ?");
    const bool exists = duplicate.bind(1, channel).bind(2, rendition).bind(3, added.file).step();
    duplicate.reset();
    if (exists) {
        throw InvalidInput(
            fmt::format("segment {} of {}/{} is already indexed; segment names are "
                        "never reused",
                        added.file, channel, rendition));
    }

    Segment segment;
    segment.channel = channel;
    segment.rendition = rendition;
    segment.file = added.file;
    segment.start_unix_ms = added.start_unix_ms;
    segment.duration_us = added.duration_us;
    segment.bytes = added.bytes;
    segment.created_unix_ms = unix_ms(std::chrono::system_clock::now());
    return segment;
}

std::int64_t SegmentIndex::channel_breaks(std::string_view channel) {
    Statement breaks_query = db_.cached("SELECT breaks FROM segment_break WHERE channel = ?");
    const std::int64_t breaks =
        breaks_query.bind(1, channel).step() ? breaks_query.column_int(0) : 0;
    breaks_query.reset();
    return breaks;
}

void SegmentIndex::insert(Segment& segment, std::int64_t breaks) {
    db_.cached(
           "INSERT INTO segment (channel, rendition, sequence, discontinuity_sequence, "
           "discontinuity, file, start_unix_ms, duration_us, bytes, created_unix_ms) "
           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .bind(1, segment.channel)
        .bind(2, segment.rendition)
        .bind(3, segment.sequence)
        .bind(4, segment.discontinuity_sequence)
        .bind(5, segment.discontinuity ? 1 : 0)
        .bind(6, segment.file)
        .bind(7, segment.start_unix_ms)
        .bind(8, segment.duration_us)
        .bind(9, segment.bytes)
        .bind(10, segment.created_unix_ms)
        .run();
    segment.id = db_.last_insert_rowid();
    db_.cached(
           "INSERT INTO segment_counter (channel, rendition, next_sequence, "
           "discontinuity_sequence, breaks_seen) VALUES (?, ?, ?, ?, ?) "
           "ON CONFLICT (channel, rendition) DO UPDATE SET "
           "next_sequence = excluded.next_sequence, "
           "discontinuity_sequence = excluded.discontinuity_sequence, "
           "breaks_seen = excluded.breaks_seen")
        .bind(1, segment.channel)
        .bind(2, segment.rendition)
        .bind(3, segment.sequence + 1)
        .bind(4, segment.discontinuity_sequence)
        .bind(5, breaks)
        .run();
}

Segment SegmentIndex::write(std::string_view channel, std::string_view rendition,
                            const NewSegment& added) {
    Transaction tx(db_);
    Segment segment = checked_segment(channel, rendition, added);
    const std::int64_t breaks = channel_breaks(channel);

    Statement counter = db_.cached(
        "SELECT next_sequence, discontinuity_sequence, breaks_seen FROM segment_counter "
        "WHERE channel = ? AND rendition = ?");
    if (counter.bind(1, channel).bind(2, rendition).step()) {
        segment.sequence = counter.column_int(0);
        segment.discontinuity = counter.column_int(2) < breaks;
        segment.discontinuity_sequence = counter.column_int(1) + (segment.discontinuity ? 1 : 0);
        counter.reset();
    } else {
        counter.reset();
        // A rendition's first segment follows no other, so it carries no discontinuity. It starts
        // at the discontinuity sequence the channel's other renditions are at (counting a break
        // they still owe), because players match variants by that number when they switch.
        Statement channel_level = db_.cached(
            "SELECT MAX(discontinuity_sequence + (breaks_seen < ?)) FROM segment_counter "
            "WHERE channel = ?");
        channel_level.bind(1, breaks).bind(2, channel).step();
        segment.sequence = 0;
        segment.discontinuity = false;
        segment.discontinuity_sequence = channel_level.column_int(0);  // NULL (none) reads as 0
        channel_level.reset();
    }
    insert(segment, breaks);
    tx.commit();
    return segment;
}

std::vector<Segment> SegmentIndex::write_fragment(
    std::string_view channel, std::span<const std::pair<std::string, NewSegment>> parts) {
    if (parts.empty()) throw InvalidInput("a fragment needs at least one rendition's segment");
    Transaction tx(db_);
    std::vector<Segment> segments;
    for (const auto& [rendition, added] : parts) {
        segments.push_back(checked_segment(channel, rendition, added));
    }
    const std::int64_t breaks = channel_breaks(channel);
    // The channel's level: past every rendition's numbers, so renditions a worker's death left
    // behind (or ahead) are in step again from this fragment on.
    Statement level = db_.cached(
        "SELECT MAX(next_sequence), MAX(discontinuity_sequence + (breaks_seen < ?)), "
        "MAX(breaks_seen < ?) FROM segment_counter WHERE channel = ?");
    level.bind(1, breaks).bind(2, breaks).bind(3, channel).step();
    const std::int64_t sequence = level.column_int(0);  // NULL (no segment yet) reads as 0
    const std::int64_t discontinuity_sequence = level.column_int(1);
    // The channel's first fragment follows no other, so it carries no discontinuity.
    const bool discontinuity = level.column_int(2) != 0;
    level.reset();
    for (Segment& segment : segments) {
        segment.sequence = sequence;
        segment.discontinuity_sequence = discontinuity_sequence;
        segment.discontinuity = discontinuity;
        insert(segment, breaks);
    }
    tx.commit();
    return segments;
}

void SegmentIndex::remember(const Segment& segment) {
    std::unique_lock lock(mutex_);
    auto channel_it = recent_.find(segment.channel);
    if (channel_it == recent_.end()) {
        channel_it = recent_.try_emplace(segment.channel).first;
    }
    auto rendition_it = channel_it->second.find(segment.rendition);
    if (rendition_it == channel_it->second.end()) {
        rendition_it = channel_it->second.try_emplace(segment.rendition).first;
    }
    Recent& recent = rendition_it->second;
    recent.push_back(segment);
    while (recent.size() > kMemorySegments) recent.pop_front();
}

const SegmentIndex::Recent* SegmentIndex::find_recent(std::string_view channel,
                                                      std::string_view rendition) const {
    auto channel_it = recent_.find(channel);
    if (channel_it == recent_.end()) return nullptr;
    auto rendition_it = channel_it->second.find(rendition);
    if (rendition_it == channel_it->second.end()) return nullptr;
    return &rendition_it->second;
}

std::int64_t SegmentIndex::last_sequence(std::string_view channel,
                                         std::string_view rendition) const {
    std::shared_lock lock(mutex_);
    const Recent* recent = find_recent(channel, rendition);
    return recent && !recent->empty() ? recent->back().sequence : -1;
}

std::vector<Segment> SegmentIndex::live_window(std::string_view channel, std::string_view rendition,
                                               std::size_t count) const {
    std::shared_lock lock(mutex_);
    const Recent* recent = find_recent(channel, rendition);
    if (!recent || recent->empty() || count == 0) return {};
    // Walk back from the newest while the numbers are consecutive: a playlist cannot express a
    // gap, because players number its segments by counting from EXT-X-MEDIA-SEQUENCE.
    std::size_t taken = 1;
    const std::size_t size = recent->size();
    while (taken < count && taken < size &&
           (*recent)[size - taken - 1].sequence + 1 == (*recent)[size - taken].sequence) {
        ++taken;
    }
    return std::vector<Segment>(recent->end() - static_cast<std::ptrdiff_t>(taken), recent->end());
}

std::optional<Segment> SegmentIndex::find_by_file(std::string_view channel,
                                                  std::string_view rendition,
                                                  std::string_view file) const {
    std::shared_lock lock(mutex_);
    const Recent* recent = find_recent(channel, rendition);
    if (!recent) return std::nullopt;
    // Newest first: viewers of a live stream ask for the newest segments.
    auto it = std::find_if(recent->rbegin(), recent->rend(),
                           [file](const Segment& segment) { return segment.file == file; });
    if (it == recent->rend()) return std::nullopt;
    return *it;
}

std::vector<Segment> SegmentIndex::expired(std::chrono::system_clock::time_point older_than,
                                           std::size_t limit) {
    static const std::string kOldest = fmt::format(
        "SELECT {} FROM segment WHERE start_unix_ms < ? ORDER BY start_unix_ms, id LIMIT ?",
        kSegmentColumns);
    Statement oldest = db_.cached(kOldest);
    oldest.bind(1, unix_ms(older_than)).bind(2, limit);
    std::vector<Segment> segments;
    while (oldest.step()) segments.push_back(read_segment(oldest));
    oldest.reset();
    return segments;
}

std::vector<Segment> SegmentIndex::expired(std::chrono::system_clock::time_point older_than,
                                           std::size_t limit, std::span<const KeptSpan> kept) {
    if (kept.empty()) return expired(older_than, limit);
    // The spans go in a temporary table of this connection, so SQLite skips the kept segments
    // itself and LIMIT counts only those that may go. Inside the writer's job: the rows are
    // gone again when it ends, whatever happens.
    db_.exec(
        "CREATE TEMP TABLE IF NOT EXISTS kept_span (channel TEXT NOT NULL, "
        "start_unix_ms INTEGER NOT NULL, end_unix_ms INTEGER NOT NULL)");
    db_.cached("DELETE FROM temp.kept_span").run();
    for (const KeptSpan& span : kept) {
        db_.cached(
               "INSERT INTO temp.kept_span (channel, start_unix_ms, end_unix_ms) VALUES (?, ?, ?)")
            .bind(1, span.channel)
            .bind(2, span.start_unix_ms)
            .bind(3, span.end_unix_ms == 0 ? std::numeric_limits<std::int64_t>::max()
                                           : span.end_unix_ms)
            .run();
    }
    static const std::string kOldestOutside = fmt::format(
        "SELECT {} FROM segment WHERE start_unix_ms < ? AND NOT EXISTS (SELECT 1 FROM "
        "temp.kept_span k WHERE k.channel = segment.channel AND segment.start_unix_ms + "
        "segment.duration_us / 1000 > k.start_unix_ms AND segment.start_unix_ms < "
        "k.end_unix_ms) ORDER BY start_unix_ms, id LIMIT ?",
        kSegmentColumns);
    Statement oldest = db_.cached(kOldestOutside);
    oldest.bind(1, unix_ms(older_than)).bind(2, limit);
    std::vector<Segment> segments;
    while (oldest.step()) segments.push_back(read_segment(oldest));
    oldest.reset();
    db_.cached("DELETE FROM temp.kept_span").run();
    return segments;
}

void SegmentIndex::remove(std::span<const std::int64_t> ids) {
    if (ids.empty()) return;
    Transaction tx(db_);
    for (std::int64_t id : ids) db_.cached("DELETE FROM segment WHERE id = ?").bind(1, id).run();
    tx.commit();

    const std::unordered_set<std::int64_t> removed(ids.begin(), ids.end());
    std::unique_lock lock(mutex_);
    for (auto& [channel, renditions] : recent_) {
        for (auto& [rendition, recent] : renditions) {
            std::erase_if(recent, [&removed](const Segment& segment) {
                return removed.contains(segment.id);
            });
        }
    }
}

}  // namespace councilcast::archive
