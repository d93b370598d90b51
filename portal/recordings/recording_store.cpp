#include "portal/recordings/recording_store.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <utility>

#include "common/error.hpp"
#include "common/require.hpp"
#include "portal/recordings/redaction_store.hpp"

namespace councilcast::portal {
namespace {

// Titles come from the council's record (agenda items, motions of up to 2000 characters) and
// the speaker's name; longer ones are cut rather than refused, since no one typed them here.
constexpr std::size_t kMaxTitleBytes = 4000;
constexpr std::size_t kMaxErrorBytes = 1000;

std::string_view state_name(RecordingState state) {
    switch (state) {
        case RecordingState::kRecording:
            return "recording";
        case RecordingState::kReady:
            return "ready";
        case RecordingState::kStopped:
            return "stopped";
    }
    return "ready";
}

RecordingState parse_state(std::string_view name) {
    if (name == "recording") return RecordingState::kRecording;
    if (name == "stopped") return RecordingState::kStopped;
    return RecordingState::kReady;
}

StopReason parse_stop_reason(std::string_view name) {
    if (name == "disk") return StopReason::kDiskGuard;
    if (name == "operator") return StopReason::kOperator;
    return StopReason::kNone;
}

ChapterKind parse_kind(std::string_view name) {
    if (name == "agenda") return ChapterKind::kAgenda;
    if (name == "vote") return ChapterKind::kVote;
    if (name == "speaker") return ChapterKind::kSpeaker;
    return ChapterKind::kNote;
}

// Cut at a character boundary: a title never ends in half a Lithuanian letter.
std::string bounded(std::string text, std::size_t max_bytes) {
    if (text.size() <= max_bytes) return text;
    std::size_t end = max_bytes;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    text.resize(end);
    return text;
}

std::shared_ptr<RecordingsSnapshot> load_recordings(Database& db) {
    auto snapshot = std::make_shared<RecordingsSnapshot>();
    ReadTransaction read(db);
    Statement recordings = db.cached(
        "SELECT r.meeting_id, r.channel, r.start_unix_ms, r.end_unix_ms, r.state, r.error, "
        "i.width, i.height, i.framerate, i.codecs, r.stopped_by FROM recording r LEFT JOIN "
        "recording_import i ON i.meeting_id = r.meeting_id AND i.codecs <> '' ORDER BY "
        "r.meeting_id");
    while (recordings.step()) {
        Recording& recording = snapshot->recordings.emplace_back(
            Recording{recordings.column_int(0), recordings.column_text(1), recordings.column_int(2),
                      recordings.column_int(3), parse_state(recordings.column_text(4)),
                      recordings.column_text(5)});
        recording.stopped_by = parse_stop_reason(recordings.column_text(10));
        if (!recordings.column_text(9).empty()) {
            recording.source =
                SourcePicture{static_cast<int>(recordings.column_int(6)),
                              static_cast<int>(recordings.column_int(7)),
                              recordings.column_double(8), recordings.column_text(9)};
        }
    }
    recordings.reset();
    Statement chapters = db.cached(
        "SELECT id, meeting_id, kind, ref_id, title_lt, title_en, at_unix_ms, edited FROM "
        "recording_chapter WHERE removed = 0 ORDER BY meeting_id, at_unix_ms, id");
    while (chapters.step()) {
        snapshot->chapters.push_back({chapters.column_int(0),
                                      chapters.column_int(1),
                                      parse_kind(chapters.column_text(2)),
                                      chapters.column_int(3),
                                      {chapters.column_text(4), chapters.column_text(5)},
                                      chapters.column_int(6),
                                      chapters.column_int(7) != 0});
    }
    chapters.reset();
    Statement speakers = db.cached(
        "SELECT id, meeting_id, coalesce(member_id, 0), guest_name, from_unix_ms, to_unix_ms "
        "FROM speaker_range ORDER BY meeting_id, from_unix_ms, id");
    while (speakers.step()) {
        snapshot->speakers.push_back({speakers.column_int(0), speakers.column_int(1),
                                      speakers.column_int(2), speakers.column_text(3),
                                      speakers.column_int(4), speakers.column_int(5)});
    }
    speakers.reset();
    Statement notes = db.cached(
        "SELECT id, meeting_id, public, text_lt, text_en, from_unix_ms, to_unix_ms FROM "
        "recording_note ORDER BY meeting_id, from_unix_ms, id");
    while (notes.step()) {
        snapshot->notes.push_back({notes.column_int(0),
                                   notes.column_int(1),
                                   notes.column_int(2) != 0,
                                   {notes.column_text(3), notes.column_text(4)},
                                   notes.column_int(5),
                                   notes.column_int(6)});
    }
    notes.reset();
    Statement undo = db.cached(
        "SELECT meeting_id, user_id, subject, before = '' FROM annotation_undo ORDER BY "
        "meeting_id, user_id");
    while (undo.step()) {
        snapshot->undo.push_back(
            {undo.column_int(0), undo.column_int(1), undo.column_text(2), undo.column_int(3) != 0});
    }
    undo.reset();
    return snapshot;
}

// A meeting that goes live again (after a break, or ended by mistake) continues its recording:
// its opening stays where it was. Whether anything changed.
bool start_recording(Database& db, std::int64_t meeting_id, const std::string& channel,
                     std::int64_t unix_ms) {
    db.cached(
          "INSERT INTO recording (meeting_id, channel, start_unix_ms, end_unix_ms, state) "
          "VALUES (?, ?, ?, 0, 'recording') ON CONFLICT (meeting_id) DO UPDATE SET "
          "end_unix_ms = 0, state = 'recording', error = '', stopped_by = '' WHERE state <> "
          "'recording'")
        .bind(1, meeting_id)
        .bind(2, channel)
        .bind(3, unix_ms)
        .run();
    return db.changes() > 0;
}

void require_meeting(Database& db, std::int64_t meeting_id) {
    Statement select = db.cached("SELECT 1 FROM meeting WHERE id = ?");
    select.bind(1, meeting_id);
    const bool found = select.step();
    select.reset();
    if (!found) throw InvalidInput::text("recording_error_no_meeting");
}

}  // namespace

std::string_view chapter_kind_name(ChapterKind kind) {
    switch (kind) {
        case ChapterKind::kAgenda:
            return "agenda";
        case ChapterKind::kVote:
            return "vote";
        case ChapterKind::kSpeaker:
            return "speaker";
        case ChapterKind::kNote:
            return "note";
    }
    return "note";
}

std::string_view recording_state_name(RecordingState state) {
    return state_name(state);
}

const Recording* RecordingsSnapshot::recording(std::int64_t meeting_id) const {
    auto it = std::lower_bound(
        recordings.begin(), recordings.end(), meeting_id,
        [](const Recording& recording, std::int64_t id) { return recording.meeting_id < id; });
    return it != recordings.end() && it->meeting_id == meeting_id ? &*it : nullptr;
}

namespace {

// The rows of one meeting in a list sorted by meeting id.
template <typename Row>
std::vector<const Row*> rows_of(const std::vector<Row>& rows, std::int64_t meeting_id) {
    auto first =
        std::lower_bound(rows.begin(), rows.end(), meeting_id,
                         [](const Row& row, std::int64_t id) { return row.meeting_id < id; });
    std::vector<const Row*> found;
    for (auto it = first; it != rows.end() && it->meeting_id == meeting_id; ++it) {
        found.push_back(&*it);
    }
    return found;
}

}  // namespace

std::vector<const Chapter*> RecordingsSnapshot::chapters_of(std::int64_t meeting_id) const {
    return rows_of(chapters, meeting_id);
}

std::vector<const SpeakerRange*> RecordingsSnapshot::speakers_of(std::int64_t meeting_id) const {
    return rows_of(speakers, meeting_id);
}

std::vector<const RecordingNote*> RecordingsSnapshot::notes_of(std::int64_t meeting_id) const {
    return rows_of(notes, meeting_id);
}

const AnnotationUndo* RecordingsSnapshot::undo_of(std::int64_t meeting_id,
                                                  std::int64_t user_id) const {
    for (const AnnotationUndo* entry : rows_of(undo, meeting_id)) {
        if (entry->user_id == user_id) return entry;
    }
    return nullptr;
}

RecordingStore::RecordingStore(const std::filesystem::path& db_file, DatabaseWriter& writer)
    : db_file_(db_file), writer_(writer) {
    {
        Database reader(db_file_, Durability::kNormal, OpenMode::kReadOnly);
        snapshot_.store(load_recordings(reader));
    }
    // After the commit, on the writer's thread, before the writing caller resumes: it sees its
    // own change, and nobody sees a change a failed commit took back.
    writer_.add_commit_listener([this](Database& db) {
        if (changed_) publish(db);
    });
}

void RecordingStore::set_listener(std::function<void(const RecordingsSnapshot&)> listener) {
    listener_ = std::move(listener);
}

void RecordingStore::publish(Database& db) {
    changed_ = false;
    auto loaded = load_recordings(db);
    loaded->version = ++version_;
    snapshot_.store(loaded);
    if (listener_) listener_(*loaded);
}

RecordingStore::Write<> RecordingStore::notice_other_writers() {
    return writer_.run([this](Database& db) {
        Statement pragma = db.cached("PRAGMA data_version");
        pragma.step();
        const std::int64_t data_version = pragma.column_int(0);
        pragma.reset();
        // The first look reloads too: a commit may have come between loading and looking.
        if (data_version != data_version_) changed_ = true;
        data_version_ = data_version;
    });
}

RecordingStore::Write<> RecordingStore::reload() {
    return writer_.run([this](Database&) { changed_ = true; });
}

RecordingStore::Write<> RecordingStore::start(std::int64_t meeting_id, std::string_view channel,
                                              std::int64_t unix_ms) {
    return writer_.run([this, meeting_id, channel = std::string(channel), unix_ms](Database& db) {
        require(!channel.empty(), "a recording needs a channel");
        require_meeting(db, meeting_id);
        if (start_recording(db, meeting_id, channel, unix_ms)) changed_ = true;
    });
}

RecordingStore::Write<> RecordingStore::finish(std::int64_t meeting_id, std::int64_t unix_ms) {
    return writer_.run([this, meeting_id, unix_ms](Database& db) {
        db.cached(
              "UPDATE recording SET state = 'ready', end_unix_ms = max(?, start_unix_ms + 1) "
              "WHERE meeting_id = ? AND state = 'recording'")
            .bind(1, unix_ms)
            .bind(2, meeting_id)
            .run();
        if (db.changes() > 0) changed_ = true;
    });
}

RecordingStore::Write<> RecordingStore::set_span(std::int64_t meeting_id, std::string_view channel,
                                                 std::int64_t start_unix_ms,
                                                 std::int64_t end_unix_ms, AuditNote audit) {
    return writer_.run([this, meeting_id, channel = std::string(channel), start_unix_ms,
                        end_unix_ms, audit = std::move(audit)](Database& db) {
        if (channel.empty()) throw InvalidInput::text("recording_error_channel");
        if (start_unix_ms <= 0 || end_unix_ms <= start_unix_ms) {
            throw InvalidInput::text("recording_error_span");
        }
        require_meeting(db, meeting_id);
        db.cached(
              "INSERT INTO recording (meeting_id, channel, start_unix_ms, end_unix_ms, state) "
              "VALUES (?, ?, ?, ?, 'ready') ON CONFLICT (meeting_id) DO UPDATE SET channel = "
              "excluded.channel, start_unix_ms = excluded.start_unix_ms, end_unix_ms = "
              "excluded.end_unix_ms, state = 'ready', error = '', stopped_by = ''")
            .bind(1, meeting_id)
            .bind(2, channel)
            .bind(3, start_unix_ms)
            .bind(4, end_unix_ms)
            .run();
        if (audit) AuditLog::append(db, audit(meeting_id));
        changed_ = true;
    });
}

RecordingStore::Write<> RecordingStore::stop_all(std::int64_t unix_ms, std::string error) {
    return writer_.run([this, unix_ms,
                        error = bounded(std::move(error), kMaxErrorBytes)](Database& db) {
        db.cached(
              "UPDATE recording SET state = 'stopped', end_unix_ms = max(?, start_unix_ms + 1), "
              "error = ?, stopped_by = 'disk' WHERE state = 'recording'")
            .bind(1, unix_ms)
            .bind(2, error)
            .run();
        if (db.changes() > 0) changed_ = true;
    });
}

RecordingStore::Write<bool> RecordingStore::switch_recording(std::int64_t meeting_id,
                                                             std::string_view channel, bool on,
                                                             std::int64_t unix_ms,
                                                             std::string hidden_reason,
                                                             AuditNote audit) {
    return writer_.run([this, meeting_id, channel = std::string(channel), on, unix_ms,
                        hidden_reason = std::move(hidden_reason),
                        audit = std::move(audit)](Database& db) {
        if (channel.empty()) throw InvalidInput::text("recording_error_channel");
        require_meeting(db, meeting_id);
        bool switched = false;
        if (on) {
            // When an operator stopped it: the stretch since, which joins the recording again.
            Statement stopped = db.cached(
                "SELECT end_unix_ms FROM recording WHERE meeting_id = ? AND state = 'stopped' "
                "AND stopped_by = 'operator'");
            stopped.bind(1, meeting_id);
            const std::int64_t stopped_at = stopped.step() ? stopped.column_int(0) : 0;
            stopped.reset();
            switched = start_recording(db, meeting_id, channel, unix_ms);
            if (switched && stopped_at > 0 && stopped_at < unix_ms) {
                insert_redaction(db, meeting_id, stopped_at, unix_ms, hidden_reason,
                                 audit ? audit(meeting_id).actor : std::string());
            }
        } else {
            // What was recorded stays: the span ends now, and its playlist ends there.
            db.cached(
                  "UPDATE recording SET state = 'stopped', end_unix_ms = max(?, start_unix_ms + "
                  "1), error = '', stopped_by = 'operator' WHERE meeting_id = ? AND state = "
                  "'recording'")
                .bind(1, unix_ms)
                .bind(2, meeting_id)
                .run();
            switched = db.changes() > 0;
        }
        if (!switched) return false;
        if (audit) AuditLog::append(db, audit(meeting_id));
        changed_ = true;
        return true;
    });
}

RecordingStore::Write<> RecordingStore::mark(std::int64_t meeting_id, ChapterKind kind,
                                             std::int64_t ref_id, LocalizedText title,
                                             std::int64_t unix_ms) {
    title.lt = bounded(std::move(title.lt), kMaxTitleBytes);
    title.en = bounded(std::move(title.en), kMaxTitleBytes);
    return writer_.run([this, meeting_id, kind, ref_id, title = std::move(title),
                        unix_ms](Database& db) {
        require_meeting(db, meeting_id);
        const bool one_per_ref =
            ref_id != 0 && (kind == ChapterKind::kAgenda || kind == ChapterKind::kVote);
        if (one_per_ref) {
            Statement existing = db.cached(
                "SELECT id, edited OR removed FROM recording_chapter WHERE meeting_id = ? AND "
                "kind = ? AND ref_id = ? ORDER BY id LIMIT 1");
            existing.bind(1, meeting_id).bind(2, chapter_kind_name(kind)).bind(3, ref_id);
            const bool found = existing.step();
            const std::int64_t chapter_id = found ? existing.column_int(0) : 0;
            const bool editors = found && existing.column_int(1) != 0;
            existing.reset();
            if (editors) return;
            if (found) {
                db.cached("UPDATE recording_chapter SET title_lt = ?, title_en = ? WHERE id = ?")
                    .bind(1, title.lt)
                    .bind(2, title.en)
                    .bind(3, chapter_id)
                    .run();
                changed_ = true;
                return;
            }
        }
        db.cached(
              "INSERT INTO recording_chapter (meeting_id, kind, ref_id, title_lt, title_en, "
              "at_unix_ms) VALUES (?, ?, ?, ?, ?, ?)")
            .bind(1, meeting_id)
            .bind(2, chapter_kind_name(kind))
            .bind(3, one_per_ref ? ref_id : 0)
            .bind(4, title.lt)
            .bind(5, title.en)
            .bind(6, unix_ms)
            .run();
        changed_ = true;
    });
}

}  // namespace councilcast::portal
