#include "portal/recordings/caption_store.hpp"

#include <algorithm>
#include <chrono>
#include <utility>

#include "common/error.hpp"
#include "common/require.hpp"

namespace councilcast::portal {
namespace {

// Tracks whose cues are kept read: the meetings viewers and editors look at now.
constexpr std::size_t kCachedTrackFiles = 32;

std::shared_ptr<CaptionsSnapshot> load_captions(Database& db) {
    auto snapshot = std::make_shared<CaptionsSnapshot>();
    ReadTransaction read(db);
    Statement tracks = db.cached(
        "SELECT t.id, t.meeting_id, t.language, t.file_name, t.uploaded_unix_ms, "
        "(SELECT count(*) FROM caption_cue c WHERE c.track_id = t.id) FROM caption_track t "
        "ORDER BY t.meeting_id, t.language = 'en', t.id");
    while (tracks.step()) {
        snapshot->tracks.push_back({tracks.column_int(0), tracks.column_int(1),
                                    stored_language(tracks.column_text(2)), tracks.column_text(3),
                                    tracks.column_int(4), tracks.column_int(5)});
    }
    tracks.reset();
    return snapshot;
}

void insert_cue(Database& db, std::int64_t track_id, const StoredCue& cue) {
    require(cue.end_unix_ms > cue.start_unix_ms && !cue.text.empty(),
            "a cue ends after it starts and says something");
    db.cached(
          "INSERT INTO caption_cue (track_id, start_unix_ms, end_unix_ms, text) VALUES (?, ?, ?, "
          "?)")
        .bind(1, track_id)
        .bind(2, cue.start_unix_ms)
        .bind(3, cue.end_unix_ms)
        .bind(4, cue.text)
        .run();
}

}  // namespace

std::vector<const CaptionTrack*> CaptionsSnapshot::tracks_of(std::int64_t meeting_id) const {
    std::vector<const CaptionTrack*> found;
    auto first = std::lower_bound(
        tracks.begin(), tracks.end(), meeting_id,
        [](const CaptionTrack& track, std::int64_t id) { return track.meeting_id < id; });
    for (auto it = first; it != tracks.end() && it->meeting_id == meeting_id; ++it) {
        found.push_back(&*it);
    }
    return found;
}

const CaptionTrack* CaptionsSnapshot::track(std::int64_t meeting_id, Language language) const {
    for (const CaptionTrack* track : tracks_of(meeting_id)) {
        if (track->language == language) return track;
    }
    return nullptr;
}

CaptionStore::CaptionStore(const std::filesystem::path& db_file, DatabaseWriter& writer)
    : db_file_(db_file),
      writer_(writer),
      reader_(db_file, Durability::kNormal, OpenMode::kReadOnly) {
    snapshot_.store(load_captions(reader_));
    // After the commit, on the writer's thread: the writing caller sees its own change.
    writer_.add_commit_listener([this](Database& db) {
        if (changed_) publish(db);
    });
}

void CaptionStore::publish(Database& db) {
    changed_ = false;
    auto loaded = load_captions(db);
    loaded->version = ++version_;
    snapshot_.store(loaded);
    if (listener_) listener_(*loaded);
}

void CaptionStore::set_listener(std::function<void(const CaptionsSnapshot&)> listener) {
    listener_ = std::move(listener);
}

std::shared_ptr<const std::vector<StoredCue>> CaptionStore::cues(std::int64_t track_id) {
    const std::int64_t version = snapshot()->version;
    std::lock_guard lock(read_mutex_);
    if (cached_version_ != version) {
        cached_.clear();
        cached_version_ = version;
    }
    if (auto it = cached_.find(track_id); it != cached_.end()) return it->second;
    auto cues = std::make_shared<std::vector<StoredCue>>();
    {
        ReadTransaction read(reader_);
        Statement select = reader_.cached(
            "SELECT id, start_unix_ms, end_unix_ms, text FROM caption_cue WHERE track_id = ? "
            "ORDER BY start_unix_ms, id");
        select.bind(1, track_id);
        while (select.step()) {
            cues->push_back({select.column_int(0), select.column_int(1), select.column_int(2),
                             select.column_text(3)});
        }
        select.reset();
    }
    if (cached_.size() >= kCachedTrackFiles) cached_.erase(cached_.begin());
    cached_[track_id] = cues;
    return cues;
}

std::vector<MeetingCue> CaptionStore::all_cues() {
    std::vector<MeetingCue> found;
    std::lock_guard lock(read_mutex_);
    ReadTransaction read(reader_);
    Statement select = reader_.cached(
        "SELECT t.meeting_id, t.language, c.id, c.start_unix_ms, c.end_unix_ms, c.text FROM "
        "caption_cue c JOIN caption_track t ON t.id = c.track_id ORDER BY t.meeting_id, "
        "t.language, c.start_unix_ms, c.id");
    while (select.step()) {
        found.push_back({select.column_int(0),
                         stored_language(select.column_text(1)),
                         {select.column_int(2), select.column_int(3), select.column_int(4),
                          select.column_text(5)}});
    }
    select.reset();
    return found;
}

CaptionStore::Write<std::int64_t> CaptionStore::replace_track(std::int64_t meeting_id,
                                                              Language language,
                                                              std::string file_name,
                                                              std::vector<StoredCue> cues,
                                                              AuditNote audit) {
    const std::int64_t now_unix_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                                         std::chrono::system_clock::now().time_since_epoch())
                                         .count();
    return writer_.run([this, meeting_id, language, now_unix_ms, file_name = std::move(file_name),
                        cues = std::move(cues), audit = std::move(audit)](Database& db) {
        Statement recording = db.cached("SELECT 1 FROM recording WHERE meeting_id = ?");
        recording.bind(1, meeting_id);
        const bool found = recording.step();
        recording.reset();
        if (!found) throw InvalidInput::text("caption_error_no_recording");
        const std::string code(language_code(language));
        // The old track's cues go with it (ON DELETE CASCADE).
        db.cached("DELETE FROM caption_track WHERE meeting_id = ? AND language = ?")
            .bind(1, meeting_id)
            .bind(2, code)
            .run();
        db.cached(
              "INSERT INTO caption_track (meeting_id, language, file_name, uploaded_unix_ms) "
              "VALUES (?, ?, ?, ?)")
            .bind(1, meeting_id)
            .bind(2, code)
            .bind(3, file_name)
            .bind(4, now_unix_ms)
            .run();
        const std::int64_t track_id = db.last_insert_rowid();
        for (const StoredCue& cue : cues) insert_cue(db, track_id, cue);
        if (audit) AuditLog::append(db, audit(track_id));
        changed_ = true;
        return track_id;
    });
}

CaptionStore::Write<> CaptionStore::edit_cue(std::int64_t meeting_id, StoredCue cue,
                                             AuditNote audit) {
    return writer_.run([this, meeting_id, cue = std::move(cue),
                        audit = std::move(audit)](Database& db) {
        require(cue.end_unix_ms > cue.start_unix_ms && !cue.text.empty(),
                "a cue ends after it starts and says something");
        db.cached(
              "UPDATE caption_cue SET start_unix_ms = ?, end_unix_ms = ?, text = ? WHERE id = ? "
              "AND track_id IN (SELECT id FROM caption_track WHERE meeting_id = ?)")
            .bind(1, cue.start_unix_ms)
            .bind(2, cue.end_unix_ms)
            .bind(3, cue.text)
            .bind(4, cue.id)
            .bind(5, meeting_id)
            .run();
        if (db.changes() == 0) throw InvalidInput::text("caption_error_no_cue");
        if (audit) AuditLog::append(db, audit(cue.id));
        changed_ = true;
    });
}

CaptionStore::Write<> CaptionStore::delete_cue(std::int64_t meeting_id, std::int64_t cue_id,
                                               AuditNote audit) {
    return writer_.run([this, meeting_id, cue_id, audit = std::move(audit)](Database& db) {
        db.cached(
              "DELETE FROM caption_cue WHERE id = ? AND track_id IN (SELECT id FROM "
              "caption_track WHERE meeting_id = ?)")
            .bind(1, cue_id)
            .bind(2, meeting_id)
            .run();
        if (db.changes() == 0) throw InvalidInput::text("caption_error_no_cue");
        if (audit) AuditLog::append(db, audit(cue_id));
        changed_ = true;
    });
}

}  // namespace councilcast::portal
