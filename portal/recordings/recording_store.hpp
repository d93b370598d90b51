// Meeting recordings and their chapters: which span of a channel's segments is a meeting's
// recording, its state, and the marks a player jumps to. Its tables are schema step 11, who
// stopped a recording step 20.
#pragma once

#include <boost/asio/awaitable.hpp>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/database_writer.hpp"
#include "portal/audit/audit_log.hpp"
#include "portal/council/council_record.hpp"

namespace councilcast::portal {

extern const std::string_view kRecordingTables;
extern const std::string_view kRecordingStopColumns;  // 20: who stopped a recording

enum class RecordingState {
    kRecording,  // the meeting is live; segments keep joining it
    kReady,      // ended (or its span set by an editor)
    kStopped,    // the disk guard or an operator stopped it; what was recorded stays
};

// Who stopped a recording in state kStopped (the database's "disk" | "operator").
enum class StopReason {
    kNone,       // it was not stopped
    kDiskGuard,  // the media disk was nearly full; `error` says why
    kOperator,   // an operator at the console, while the meeting went on; the audit log says who
};

std::string_view recording_state_name(RecordingState state);  // "recording" | "ready" | "stopped"

enum class ChapterKind { kAgenda, kVote, kSpeaker, kNote };
std::string_view chapter_kind_name(ChapterKind kind);  // "agenda" | "vote" | "speaker" | "note"

// An imported recording kept as its files were (remuxed): their picture, which the channel's
// configured renditions do not describe.
struct SourcePicture {
    int width = 0;
    int height = 0;
    double framerate = 0;
    std::string codecs;  // RFC 6381, "avc1.64001f,mp4a.40.2"
};

struct Recording {
    std::int64_t meeting_id = 0;
    std::string channel;  // the [[channel]] id whose segments it spans
    std::int64_t start_unix_ms = 0;
    std::int64_t end_unix_ms = 0;  // 0 while recording
    RecordingState state = RecordingState::kRecording;
    std::string error;  // why it stopped (the log's words, for staff)
    StopReason stopped_by = StopReason::kNone;
    std::optional<SourcePicture> source;  // a remuxed import's own picture
};

// A mark at a wall-clock moment; its media time is found from the segments (a worker restart
// leaves a gap in wall-clock time but none in the recording's timeline).
struct Chapter {
    std::int64_t id = 0;
    std::int64_t meeting_id = 0;
    ChapterKind kind = ChapterKind::kNote;
    std::int64_t ref_id = 0;  // the agenda item or vote it marks; 0 for speakers and notes
    LocalizedText title;
    std::int64_t at_unix_ms = 0;
    bool edited = false;  // an editor's: the automatic marks leave it as it is
};

// Who spoke over a stretch of a recording: a council member of the roster, or a guest by name.
struct SpeakerRange {
    std::int64_t id = 0;
    std::int64_t meeting_id = 0;
    std::int64_t member_id = 0;  // 0: a guest
    std::string guest_name;      // empty for a member
    std::int64_t from_unix_ms = 0;
    std::int64_t to_unix_ms = 0;
};

// An editor's note at a moment (to_unix_ms 0) or over a range; only public ones are shown to
// everyone (the chapter list, search), internal ones to staff.
struct RecordingNote {
    std::int64_t id = 0;
    std::int64_t meeting_id = 0;
    bool is_public = false;
    LocalizedText text;
    std::int64_t from_unix_ms = 0;
    std::int64_t to_unix_ms = 0;
};

// An editor's last change of a recording's annotations, which "undo" takes back.
struct AnnotationUndo {
    std::int64_t meeting_id = 0;
    std::int64_t user_id = 0;
    std::string subject;  // "chapter" | "speaker" | "note"
    bool added = false;   // undo removes the row; else it restores it
};

// Immutable once published: any thread reads it without locks.
struct RecordingsSnapshot {
    std::int64_t version = 0;
    std::vector<Recording> recordings;   // by meeting id
    std::vector<Chapter> chapters;       // by meeting id, then at_unix_ms
    std::vector<SpeakerRange> speakers;  // by meeting id, then from_unix_ms (AnnotationStore)
    std::vector<RecordingNote> notes;    // by meeting id, then from_unix_ms (AnnotationStore)
    std::vector<AnnotationUndo> undo;    // by meeting id, then user id (AnnotationStore)
    const Recording* recording(std::int64_t meeting_id) const;
    std::vector<const Chapter*> chapters_of(std::int64_t meeting_id) const;
    std::vector<const SpeakerRange*> speakers_of(std::int64_t meeting_id) const;
    std::vector<const RecordingNote*> notes_of(std::int64_t meeting_id) const;
    const AnnotationUndo* undo_of(std::int64_t meeting_id, std::int64_t user_id) const;
};

// Thread-safe. Every write is one job of the one DatabaseWriter, its audit entry (when it has
// one) in the same transaction, and publishes a new snapshot.
class RecordingStore {
  public:
    template <typename T = void>
    using Write = boost::asio::awaitable<T>;

    // `writer` is not owned and must outlive the store. Loads the snapshot.
    RecordingStore(const std::filesystem::path& db_file, DatabaseWriter& writer);

    std::shared_ptr<const RecordingsSnapshot> snapshot() const { return snapshot_.load(); }

    // The meeting went live on `channel`: its recording starts (nothing if it has one that is
    // recording already; a meeting that goes live again continues its recording).
    Write<> start(std::int64_t meeting_id, std::string_view channel, std::int64_t unix_ms);
    // The meeting ended: its recording is ready.
    Write<> finish(std::int64_t meeting_id, std::int64_t unix_ms);
    // An editor sets the span (start < end) of a meeting's recording on `channel`, making one if
    // there is none. Throws InvalidInput("recording_error_…") for a bad span.
    Write<> set_span(std::int64_t meeting_id, std::string_view channel, std::int64_t start_unix_ms,
                     std::int64_t end_unix_ms, AuditNote audit);
    // The disk guard stopped every recording in progress.
    Write<> stop_all(std::int64_t unix_ms, std::string error);
    // An operator stops (`on` false) the recording of a meeting live on `channel` while the
    // meeting and the broadcast go on (state kStopped, StopReason::kOperator: a restart of the
    // portal leaves it stopped), or starts it again as start() does (it continues; its opening
    // stays). What was broadcast while an operator had it stopped is hidden from the public
    // when it starts again: a redaction of that stretch, by the audit entry's actor, for
    // `hidden_reason` (staff see it and an administrator may show it again). The audit entry is
    // appended in the same transaction when something changed; returns whether something did
    // (another operator may have been first).
    Write<bool> switch_recording(std::int64_t meeting_id, std::string_view channel, bool on,
                                 std::int64_t unix_ms, std::string hidden_reason, AuditNote audit);
    // Adds a chapter, or for an agenda item or vote that has one already (same kind and ref_id),
    // updates its title and keeps its time; an editor's chapter (edited or removed) is left
    // as the editor left it.
    Write<> mark(std::int64_t meeting_id, ChapterKind kind, std::int64_t ref_id,
                 LocalizedText title, std::int64_t unix_ms);

    // Another process (`councilcast import`) may write recordings through its own connection:
    // a fresh snapshot when the database changed since the last call (`PRAGMA data_version` of
    // the writer's connection moves only with other connections' commits). The composition
    // root calls it every second.
    Write<> notice_other_writers();
    // A fresh snapshot after a write this store did not make on the writer's own connection
    // (ImportService in the portal's process).
    Write<> reload();

    // Told of every snapshot published, on the writer's thread.
    void set_listener(std::function<void(const RecordingsSnapshot&)> listener);

    // On the writer's thread, inside a job of another store that changed what the snapshot
    // holds (AnnotationStore's): a new snapshot, with a higher version, after its commit.
    void changed_in_job() { changed_ = true; }

  private:
    // On the writer's thread after a commit that changed something: a fresh snapshot.
    void publish(Database& db);

    std::filesystem::path db_file_;
    DatabaseWriter& writer_;
    std::atomic<std::shared_ptr<const RecordingsSnapshot>> snapshot_;
    std::function<void(const RecordingsSnapshot&)> listener_;
    bool changed_ = false;            // writer's thread only
    std::int64_t version_ = 0;        // writer's thread only
    std::int64_t data_version_ = -1;  // writer's thread only; -1 before the first look
};

}  // namespace councilcast::portal
