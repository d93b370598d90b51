// The segment index: every media segment of every channel and rendition, in SQLite and, for the
// recent ones, in memory for the HTTP threads.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <shared_mutex>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "archive/playlist.hpp"
#include "common/database.hpp"

namespace councilcast::archive {

// The archive's tables. The database file has one ordered list of migrations for every module
// (portal/schema.cpp), so each module's steps are named here and placed in order there.
extern const std::string_view kSegmentTables;

// A segment the streamer worker has closed and renamed into place.
struct NewSegment {
    std::string file;  // name inside <media>/<channel>/<rendition>/, never reused
    std::int64_t start_unix_ms = 0;
    std::int64_t duration_us = 0;
    std::int64_t bytes = 0;
};

// A span of a channel's wall-clock time whose segments stay (a meeting's recording).
struct KeptSpan {
    std::string channel;
    std::int64_t start_unix_ms = 0;
    std::int64_t end_unix_ms = 0;  // 0: still growing
};

// The segment's columns as the index and the reader select them, and a row read back.
extern const std::string_view kSegmentColumns;
Segment read_segment(const Statement& row);

// Threads: add, write, mark_discontinuity, expired and remove run on the one writer thread, in
// its jobs (they use the writer's Database, which is not thread-safe; their transactions nest in
// the job's); remember, live_window and find_by_file may run on any number of threads at the same
// time and touch only memory.
class SegmentIndex {
  public:
    // Segments kept in memory per channel/rendition: far more than any live window, and the
    // portal serves segment files only while they are recent.
    static constexpr std::size_t kMemorySegments = 512;

    // `db` is not owned; it must outlive the index and be used only from the writer thread (the
    // portal builds the index in a writer job, on the writer's own connection).
    // The schema must be current (portal::migrate_database). Loads the recent segments.
    explicit SegmentIndex(Database& db);
    SegmentIndex(const SegmentIndex&) = delete;
    SegmentIndex& operator=(const SegmentIndex&) = delete;

    // The next segment of every rendition of `channel` begins after a break (the worker was
    // (re)started), so it gets EXT-X-DISCONTINUITY. Stored at once: a crash before that segment
    // arrives does not lose it. Several marks before the next segment make one discontinuity.
    void mark_discontinuity(std::string_view channel);

    // Records a segment: the next media sequence number of the channel/rendition (numbers only
    // grow, across restarts and removals), its discontinuity and discontinuity sequence, in one
    // transaction, then in memory. Throws InvalidInput for an empty name, a non-positive duration
    // or a file name already indexed for this channel/rendition; Error if the database fails.
    // write() and then remember().
    Segment add(std::string_view channel, std::string_view rendition, const NewSegment& segment);
    // The database half of add(): inside a writer job, whose commit may still fail.
    Segment write(std::string_view channel, std::string_view rendition, const NewSegment& segment);
    // One fragment of the channel's timeline, every rendition's segment of it, in one
    // transaction: all of them get the same media sequence number (the channel's next, above
    // every rendition's) and the same discontinuity, so the renditions' playlists stay in step
    // whatever happened before (a worker that died between two renditions). Throws as write().
    std::vector<Segment> write_fragment(std::string_view channel,
                                        std::span<const std::pair<std::string, NewSegment>> parts);
    // The memory half, once the row is committed, so readers never see a segment a crash or a
    // failed commit could take back.
    void remember(const Segment& segment);

    // The newest `count` consecutive segments, oldest first; fewer when fewer are known (at most
    // kMemorySegments), and only the consecutive tail if retention removed one in between.
    std::vector<Segment> live_window(std::string_view channel, std::string_view rendition,
                                     std::size_t count) const;

    // The newest segment's sequence number, or -1 before the first: a cheap test of whether a
    // playlist made earlier is still current.
    std::int64_t last_sequence(std::string_view channel, std::string_view rendition) const;

    // A recent segment by file name (memory only: the portal serves only recent, indexed files).
    std::optional<Segment> find_by_file(std::string_view channel, std::string_view rendition,
                                        std::string_view file) const;

    // Up to `limit` segments that started before `older_than`, oldest first, for retention.
    std::vector<Segment> expired(std::chrono::system_clock::time_point older_than,
                                 std::size_t limit);
    // The same, leaving out every segment that overlaps one of `kept` on its channel.
    std::vector<Segment> expired(std::chrono::system_clock::time_point older_than,
                                 std::size_t limit, std::span<const KeptSpan> kept);

    // Deletes the rows (the caller deletes the files). Sequence numbers are kept in a counter, so
    // removing the newest segments never makes a number come back.
    void remove(std::span<const std::int64_t> ids);

  private:
    using Recent = std::deque<Segment>;
    using RenditionMap = std::map<std::string, Recent, std::less<>>;

    void load_recent();
    // Checks `added` and that its file is not indexed yet; the Segment to insert, without the
    // numbers.
    Segment checked_segment(std::string_view channel, std::string_view rendition,
                            const NewSegment& added);
    // Inserts the row and moves the rendition's counter past it; fills in segment.id.
    void insert(Segment& segment, std::int64_t breaks);
    std::int64_t channel_breaks(std::string_view channel);
    const Recent* find_recent(std::string_view channel, std::string_view rendition) const;

    Database& db_;  // non-owning, writer thread only
    mutable std::shared_mutex mutex_;
    std::map<std::string, RenditionMap, std::less<>> recent_;  // channel → rendition → segments
};

}  // namespace councilcast::archive
