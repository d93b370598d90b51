// The caption tracks of meetings' recordings (one per meeting and language) and their cues, at
// wall-clock moments; its tables are schema step 13 (caption_tables.cpp).
#pragma once

#include <boost/asio/awaitable.hpp>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "common/database.hpp"
#include "common/database_writer.hpp"
#include "portal/audit/audit_log.hpp"
#include "portal/pages/language.hpp"

namespace councilcast::portal {

struct CaptionTrack {
    std::int64_t id = 0;
    std::int64_t meeting_id = 0;
    Language language = Language::kLt;
    std::string file_name;
    std::int64_t uploaded_unix_ms = 0;
    std::int64_t cues = 0;
};

// A cue as stored: WebVTT cue text (parse_caption_file's) between two wall-clock moments.
struct StoredCue {
    std::int64_t id = 0;
    std::int64_t start_unix_ms = 0;
    std::int64_t end_unix_ms = 0;
    std::string text;
};

// Immutable once published: any thread reads it without locks. Tracks only; their cues are
// read when asked (CaptionStore::cues): an archive's years of cues stay on disk.
struct CaptionsSnapshot {
    std::int64_t version = 0;
    std::vector<CaptionTrack> tracks;  // by meeting id, then language (lt first)
    std::vector<const CaptionTrack*> tracks_of(std::int64_t meeting_id) const;
    const CaptionTrack* track(std::int64_t meeting_id, Language language) const;
};

// Every cue of a meeting's track, for search.
struct MeetingCue {
    std::int64_t meeting_id = 0;
    Language language = Language::kLt;
    StoredCue cue;
};

// Thread-safe. Every write is one job of the one DatabaseWriter with its audit entry in the
// same transaction, and publishes a new snapshot.
class CaptionStore {
  public:
    template <typename T = void>
    using Write = boost::asio::awaitable<T>;

    // `writer` is not owned and must outlive the store. Loads the snapshot.
    CaptionStore(const std::filesystem::path& db_file, DatabaseWriter& writer);

    std::shared_ptr<const CaptionsSnapshot> snapshot() const { return snapshot_.load(); }
    // Told of every snapshot published, on the writer's thread (search refreshes).
    void set_listener(std::function<void(const CaptionsSnapshot&)> listener);

    // The track's cues by start (then id), read on the store's own read-only connection and
    // kept until the next change; empty for an unknown track.
    std::shared_ptr<const std::vector<StoredCue>> cues(std::int64_t track_id);
    // Every cue of every track, by meeting and language: what search indexes.
    std::vector<MeetingCue> all_cues();

    // Replaces the meeting's track in `language` with `cues` (each end after its start, text
    // not empty), in one transaction with its audit entry. Returns the track's id. Throws
    // InvalidInput("caption_error_no_recording") for a meeting without a recording.
    Write<std::int64_t> replace_track(std::int64_t meeting_id, Language language,
                                      std::string file_name, std::vector<StoredCue> cues,
                                      AuditNote audit);
    // Changes one cue's times and text. Throws InvalidInput("caption_error_no_cue") when the
    // cue is not one of the meeting's.
    Write<> edit_cue(std::int64_t meeting_id, StoredCue cue, AuditNote audit);
    // Removes one cue (the track stays, even empty: its language is still offered).
    Write<> delete_cue(std::int64_t meeting_id, std::int64_t cue_id, AuditNote audit);

  private:
    void publish(Database& db);

    std::filesystem::path db_file_;
    DatabaseWriter& writer_;
    std::atomic<std::shared_ptr<const CaptionsSnapshot>> snapshot_;
    std::function<void(const CaptionsSnapshot&)> listener_;
    bool changed_ = false;      // writer's thread only
    std::int64_t version_ = 0;  // writer's thread only
    std::mutex read_mutex_;
    Database reader_;  // behind read_mutex_
    std::int64_t cached_version_ = -1;
    std::map<std::int64_t, std::shared_ptr<const std::vector<StoredCue>>> cached_;  // by track
};

}  // namespace councilcast::portal
