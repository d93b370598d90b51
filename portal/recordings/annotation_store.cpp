#include "portal/recordings/annotation_store.hpp"

#include <string>
#include <string_view>
#include <utility>

#include "common/error.hpp"

namespace councilcast::portal {

// What an editor may take away, and how: a chapter stays as removed (the voting listener would
// mark an agenda item's or a vote's chapter again), a speaker or a note goes.
struct AnnotationSubject {
    std::string_view name;  // annotation_undo.subject
    std::string_view before_sql;
    std::string_view remove_sql;
};

namespace {

// Typed by an editor: a chapter's title is a line, a note a paragraph, a guest a name.
constexpr std::size_t kMaxTitleBytes = 1000;
constexpr std::size_t kMaxNoteBytes = 4000;
constexpr std::size_t kMaxNameBytes = 200;

// The row as it was, as SQLite's JSON: what an undo writes back.
constexpr std::string_view kChapterBefore =
    "SELECT json_object('meeting_id', meeting_id, 'kind', kind, 'ref_id', ref_id, 'title_lt', "
    "title_lt, 'title_en', title_en, 'at_unix_ms', at_unix_ms, 'edited', edited, 'removed', "
    "removed) FROM recording_chapter WHERE id = ? AND meeting_id = ?";
constexpr std::string_view kSpeakerBefore =
    "SELECT json_object('meeting_id', meeting_id, 'member_id', member_id, 'guest_name', "
    "guest_name, 'from_unix_ms', from_unix_ms, 'to_unix_ms', to_unix_ms) FROM speaker_range "
    "WHERE id = ? AND meeting_id = ?";
constexpr std::string_view kNoteBefore =
    "SELECT json_object('meeting_id', meeting_id, 'public', public, 'text_lt', text_lt, "
    "'text_en', text_en, 'from_unix_ms', from_unix_ms, 'to_unix_ms', to_unix_ms) FROM "
    "recording_note WHERE id = ? AND meeting_id = ?";
constexpr AnnotationSubject kChapter{
    "chapter", kChapterBefore, "UPDATE recording_chapter SET removed = 1, edited = 1 WHERE id = ?"};
constexpr AnnotationSubject kSpeaker{"speaker", kSpeakerBefore,
                                     "DELETE FROM speaker_range WHERE id = ?"};
constexpr AnnotationSubject kNote{"note", kNoteBefore, "DELETE FROM recording_note WHERE id = ?"};

std::string trimmed(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) return {};
    const auto last = text.find_last_not_of(" \t\r\n");
    return std::string(text.substr(first, last - first + 1));
}

void require_text(const std::string& text, std::size_t max_bytes, const char* empty_key) {
    if (text.empty()) throw InvalidInput::text(empty_key);
    if (text.size() > max_bytes) throw InvalidInput::text("annotation_error_too_long");
}

// The recording's span; refuses a moment outside it (an open end while it records).
struct Span {
    std::int64_t start = 0;
    std::int64_t end = 0;  // 0 while recording

    void require_inside(std::int64_t unix_ms) const {
        if (unix_ms < start || (end != 0 && unix_ms > end)) {
            throw InvalidInput::text("annotation_error_outside");
        }
    }
};

Span span_of(Database& db, std::int64_t meeting_id) {
    Statement select =
        db.cached("SELECT start_unix_ms, end_unix_ms FROM recording WHERE meeting_id = ?");
    select.bind(1, meeting_id);
    if (!select.step()) {
        select.reset();
        throw InvalidInput::text("annotation_error_no_recording");
    }
    const Span span{select.column_int(0), select.column_int(1)};
    select.reset();
    return span;
}

// The row's columns before the change, or throws "not found" for a row of another meeting.
std::string before(Database& db, std::string_view sql, std::int64_t id, std::int64_t meeting_id) {
    Statement select = db.cached(sql);
    select.bind(1, id).bind(2, meeting_id);
    if (!select.step()) {
        select.reset();
        throw InvalidInput::text("annotation_error_not_found");
    }
    std::string row = select.column_text(0);
    select.reset();
    return row;
}

// The editor's last change of the meeting: one per editor and recording, the newest. Another
// editor's undo of the same row is dropped: it would write back a row as it was before this
// change, silently taking this one back too.
void remember(Database& db, std::int64_t user_id, std::int64_t meeting_id, std::string_view subject,
              std::int64_t row_id, const std::string& row_before) {
    db.cached("DELETE FROM annotation_undo WHERE subject = ? AND row_id = ? AND user_id <> ?")
        .bind(1, subject)
        .bind(2, row_id)
        .bind(3, user_id)
        .run();
    db.cached(
          "INSERT OR REPLACE INTO annotation_undo (meeting_id, user_id, subject, row_id, before) "
          "VALUES (?, ?, ?, ?, ?)")
        .bind(1, meeting_id)
        .bind(2, user_id)
        .bind(3, subject)
        .bind(4, row_id)
        .bind(5, row_before)
        .run();
}

bool member_exists(Database& db, std::int64_t member_id) {
    Statement select = db.cached("SELECT 1 FROM council_member WHERE id = ?");
    select.bind(1, member_id);
    const bool found = select.step();
    select.reset();
    return found;
}

bool item_of_meeting(Database& db, std::int64_t item_id, std::int64_t meeting_id) {
    Statement select = db.cached("SELECT 1 FROM agenda_item WHERE id = ? AND meeting_id = ?");
    select.bind(1, item_id).bind(2, meeting_id);
    const bool found = select.step();
    select.reset();
    return found;
}

void restore(Database& db, std::string_view subject, std::int64_t row_id, const std::string& row) {
    if (subject == "chapter") {
        db.cached(
              "UPDATE recording_chapter SET kind = json_extract(?1, '$.kind'), ref_id = "
              "json_extract(?1, '$.ref_id'), title_lt = json_extract(?1, '$.title_lt'), title_en "
              "= json_extract(?1, '$.title_en'), at_unix_ms = json_extract(?1, '$.at_unix_ms'), "
              "edited = json_extract(?1, '$.edited'), removed = json_extract(?1, '$.removed') "
              "WHERE id = ?2")
            .bind(1, row)
            .bind(2, row_id)
            .run();
    } else if (subject == "speaker") {
        db.cached(
              "INSERT OR REPLACE INTO speaker_range (id, meeting_id, member_id, guest_name, "
              "from_unix_ms, to_unix_ms) VALUES (?2, json_extract(?1, '$.meeting_id'), "
              "json_extract(?1, '$.member_id'), json_extract(?1, '$.guest_name'), "
              "json_extract(?1, '$.from_unix_ms'), json_extract(?1, '$.to_unix_ms'))")
            .bind(1, row)
            .bind(2, row_id)
            .run();
    } else {
        db.cached(
              "INSERT OR REPLACE INTO recording_note (id, meeting_id, public, text_lt, text_en, "
              "from_unix_ms, to_unix_ms) VALUES (?2, json_extract(?1, '$.meeting_id'), "
              "json_extract(?1, '$.public'), json_extract(?1, '$.text_lt'), json_extract(?1, "
              "'$.text_en'), json_extract(?1, '$.from_unix_ms'), json_extract(?1, "
              "'$.to_unix_ms'))")
            .bind(1, row)
            .bind(2, row_id)
            .run();
    }
}

void remove_added(Database& db, std::string_view subject, std::int64_t row_id) {
    if (subject == "chapter") {
        db.cached("DELETE FROM recording_chapter WHERE id = ?").bind(1, row_id).run();
    } else if (subject == "speaker") {
        db.cached("DELETE FROM speaker_range WHERE id = ?").bind(1, row_id).run();
    } else {
        db.cached("DELETE FROM recording_note WHERE id = ?").bind(1, row_id).run();
    }
}

}  // namespace

AnnotationStore::AnnotationStore(DatabaseWriter& writer, RecordingStore& recordings)
    : writer_(writer), recordings_(recordings) {}

AnnotationStore::Write<std::int64_t> AnnotationStore::save_chapter(std::int64_t user_id,
                                                                   Chapter chapter,
                                                                   AuditNote audit) {
    chapter.title.lt = trimmed(chapter.title.lt);
    chapter.title.en = trimmed(chapter.title.en);
    return writer_.run([this, user_id, chapter = std::move(chapter),
                        audit = std::move(audit)](Database& db) -> std::int64_t {
        require_text(chapter.title.lt, kMaxTitleBytes, "annotation_error_title");
        if (chapter.title.en.size() > kMaxTitleBytes) {
            throw InvalidInput::text("annotation_error_too_long");
        }
        span_of(db, chapter.meeting_id).require_inside(chapter.at_unix_ms);
        const bool agenda = chapter.kind == ChapterKind::kAgenda;
        if (agenda && chapter.ref_id != 0 &&
            !item_of_meeting(db, chapter.ref_id, chapter.meeting_id)) {
            throw InvalidInput::text("annotation_error_agenda_item");
        }
        std::int64_t id = chapter.id;
        std::string row_before;
        if (id == 0) {
            db.cached(
                  "INSERT INTO recording_chapter (meeting_id, kind, ref_id, title_lt, title_en, "
                  "at_unix_ms, edited) VALUES (?, ?, ?, ?, ?, ?, 1)")
                .bind(1, chapter.meeting_id)
                .bind(2, chapter_kind_name(chapter.kind))
                .bind(3, agenda ? chapter.ref_id : 0)
                .bind(4, chapter.title.lt)
                .bind(5, chapter.title.en)
                .bind(6, chapter.at_unix_ms)
                .run();
            id = db.last_insert_rowid();
        } else {
            row_before = before(db, kChapterBefore, id, chapter.meeting_id);
            // An agenda chapter's item may change; any other keeps what it marks.
            db.cached(
                  "UPDATE recording_chapter SET title_lt = ?, title_en = ?, at_unix_ms = ?, "
                  "ref_id = CASE WHEN kind = 'agenda' THEN ? ELSE ref_id END, edited = 1 WHERE "
                  "id = ? AND removed = 0")
                .bind(1, chapter.title.lt)
                .bind(2, chapter.title.en)
                .bind(3, chapter.at_unix_ms)
                .bind(4, chapter.ref_id)
                .bind(5, id)
                .run();
            if (db.changes() == 0) throw InvalidInput::text("annotation_error_not_found");
        }
        recorded(db, user_id, chapter.meeting_id, "chapter", id, row_before, audit);
        return id;
    });
}

AnnotationStore::Write<> AnnotationStore::remove_chapter(std::int64_t user_id,
                                                         std::int64_t meeting_id,
                                                         std::int64_t chapter_id, AuditNote audit) {
    return remove(kChapter, user_id, meeting_id, chapter_id, std::move(audit));
}

AnnotationStore::Write<std::int64_t> AnnotationStore::save_speaker(std::int64_t user_id,
                                                                   SpeakerRange speaker,
                                                                   AuditNote audit) {
    speaker.guest_name = trimmed(speaker.guest_name);
    return writer_.run([this, user_id, speaker = std::move(speaker),
                        audit = std::move(audit)](Database& db) -> std::int64_t {
        if (speaker.member_id == 0) {
            require_text(speaker.guest_name, kMaxNameBytes, "annotation_error_speaker");
        } else if (!speaker.guest_name.empty()) {
            throw InvalidInput::text("annotation_error_speaker");
        } else if (!member_exists(db, speaker.member_id)) {
            throw InvalidInput::text("annotation_error_member");
        }
        if (speaker.to_unix_ms <= speaker.from_unix_ms) {
            throw InvalidInput::text("annotation_error_order");
        }
        const Span span = span_of(db, speaker.meeting_id);
        span.require_inside(speaker.from_unix_ms);
        span.require_inside(speaker.to_unix_ms);
        std::string row_before;
        if (speaker.id != 0)
            row_before = before(db, kSpeakerBefore, speaker.id, speaker.meeting_id);
        db.cached(
              "INSERT OR REPLACE INTO speaker_range (id, meeting_id, member_id, guest_name, "
              "from_unix_ms, to_unix_ms) VALUES (?, ?, ?, ?, ?, ?)")
            .bind(1, speaker.id == 0 ? std::optional<std::int64_t>() : speaker.id)
            .bind(2, speaker.meeting_id)
            .bind(3, speaker.member_id == 0 ? std::optional<std::int64_t>() : speaker.member_id)
            .bind(4, speaker.guest_name)
            .bind(5, speaker.from_unix_ms)
            .bind(6, speaker.to_unix_ms)
            .run();
        const std::int64_t id = speaker.id == 0 ? db.last_insert_rowid() : speaker.id;
        recorded(db, user_id, speaker.meeting_id, "speaker", id, row_before, audit);
        return id;
    });
}

AnnotationStore::Write<> AnnotationStore::remove_speaker(std::int64_t user_id,
                                                         std::int64_t meeting_id,
                                                         std::int64_t speaker_id, AuditNote audit) {
    return remove(kSpeaker, user_id, meeting_id, speaker_id, std::move(audit));
}

AnnotationStore::Write<std::int64_t> AnnotationStore::save_note(std::int64_t user_id,
                                                                RecordingNote note,
                                                                AuditNote audit) {
    note.text.lt = trimmed(note.text.lt);
    note.text.en = trimmed(note.text.en);
    return writer_.run([this, user_id, note = std::move(note),
                        audit = std::move(audit)](Database& db) -> std::int64_t {
        require_text(note.text.lt, kMaxNoteBytes, "annotation_error_note_text");
        if (note.text.en.size() > kMaxNoteBytes) {
            throw InvalidInput::text("annotation_error_too_long");
        }
        if (note.to_unix_ms != 0 && note.to_unix_ms <= note.from_unix_ms) {
            throw InvalidInput::text("annotation_error_order");
        }
        const Span span = span_of(db, note.meeting_id);
        span.require_inside(note.from_unix_ms);
        if (note.to_unix_ms != 0) span.require_inside(note.to_unix_ms);
        std::string row_before;
        if (note.id != 0) row_before = before(db, kNoteBefore, note.id, note.meeting_id);
        db.cached(
              "INSERT OR REPLACE INTO recording_note (id, meeting_id, public, text_lt, text_en, "
              "from_unix_ms, to_unix_ms) VALUES (?, ?, ?, ?, ?, ?, ?)")
            .bind(1, note.id == 0 ? std::optional<std::int64_t>() : note.id)
            .bind(2, note.meeting_id)
            .bind(3, note.is_public ? 1 : 0)
            .bind(4, note.text.lt)
            .bind(5, note.text.en)
            .bind(6, note.from_unix_ms)
            .bind(7, note.to_unix_ms)
            .run();
        const std::int64_t id = note.id == 0 ? db.last_insert_rowid() : note.id;
        recorded(db, user_id, note.meeting_id, "note", id, row_before, audit);
        return id;
    });
}

AnnotationStore::Write<> AnnotationStore::remove_note(std::int64_t user_id, std::int64_t meeting_id,
                                                      std::int64_t note_id, AuditNote audit) {
    return remove(kNote, user_id, meeting_id, note_id, std::move(audit));
}

void AnnotationStore::recorded(Database& db, std::int64_t user_id, std::int64_t meeting_id,
                               std::string_view subject, std::int64_t row_id,
                               const std::string& row_before, const AuditNote& audit) {
    remember(db, user_id, meeting_id, subject, row_id, row_before);
    if (audit) AuditLog::append(db, audit(row_id));
    recordings_.changed_in_job();
}

AnnotationStore::Write<> AnnotationStore::remove(const AnnotationSubject& subject,
                                                 std::int64_t user_id, std::int64_t meeting_id,
                                                 std::int64_t row_id, AuditNote audit) {
    return writer_.run(
        [this, &subject, user_id, meeting_id, row_id, audit = std::move(audit)](Database& db) {
            const std::string row_before = before(db, subject.before_sql, row_id, meeting_id);
            db.cached(subject.remove_sql).bind(1, row_id).run();
            recorded(db, user_id, meeting_id, subject.name, row_id, row_before, audit);
        });
}

AnnotationStore::Write<bool> AnnotationStore::undo(std::int64_t user_id, std::int64_t meeting_id,
                                                   AuditNote audit) {
    return writer_.run([this, user_id, meeting_id, audit = std::move(audit)](Database& db) {
        Statement select = db.cached(
            "SELECT subject, row_id, before FROM annotation_undo WHERE meeting_id = ? AND "
            "user_id = ?");
        select.bind(1, meeting_id).bind(2, user_id);
        if (!select.step()) {
            select.reset();
            return false;
        }
        const std::string subject = select.column_text(0);
        const std::int64_t row_id = select.column_int(1);
        const std::string row_before = select.column_text(2);
        select.reset();
        if (row_before.empty()) {
            remove_added(db, subject, row_id);
        } else {
            restore(db, subject, row_id, row_before);
        }
        db.cached("DELETE FROM annotation_undo WHERE meeting_id = ? AND user_id = ?")
            .bind(1, meeting_id)
            .bind(2, user_id)
            .run();
        if (audit) AuditLog::append(db, audit(row_id));
        recordings_.changed_in_job();
        return true;
    });
}

}  // namespace councilcast::portal
