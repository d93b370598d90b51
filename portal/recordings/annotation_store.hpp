// What editors add to a recording: their chapter edits, who spoke when, notes, and the undo of
// each editor's last change. The tables are schema step 12; the rows reach readers in the
// recordings' snapshot (RecordingsSnapshot), so a change shows on every page at once.
#pragma once

#include <boost/asio/awaitable.hpp>

#include <cstdint>

#include "common/database_writer.hpp"
#include "portal/audit/audit_log.hpp"
#include "portal/recordings/recording_store.hpp"

namespace councilcast::portal {

struct AnnotationSubject;  // what a removal takes away (annotation_store.cpp)

// Thread-safe. Every write is one job of the one DatabaseWriter with its audit entry in the same
// transaction; it remembers what takes it back (the editor's last change of that recording) and
// has `recordings` publish a new snapshot after the commit. Refusals are
// InvalidInput::text("annotation_error_…"). Times are wall-clock ms inside the recording's span.
class AnnotationStore {
  public:
    template <typename T = void>
    using Write = boost::asio::awaitable<T>;

    // Neither is owned; both outlive the store.
    AnnotationStore(DatabaseWriter& writer, RecordingStore& recordings);

    // Adds (id 0) or changes a chapter of `chapter.meeting_id`: title (Lithuanian required),
    // time, and for kind agenda the agenda item it marks (ref_id, 0: none; kind vote keeps its
    // vote). An edited chapter is never changed by the automatic marks again. Returns its id.
    Write<std::int64_t> save_chapter(std::int64_t user_id, Chapter chapter, AuditNote audit);
    Write<> remove_chapter(std::int64_t user_id, std::int64_t meeting_id, std::int64_t chapter_id,
                           AuditNote audit);

    // Adds (id 0) or changes a speaker range: a member of the roster or a guest's name, from
    // before to. Returns its id.
    Write<std::int64_t> save_speaker(std::int64_t user_id, SpeakerRange speaker, AuditNote audit);
    Write<> remove_speaker(std::int64_t user_id, std::int64_t meeting_id, std::int64_t speaker_id,
                           AuditNote audit);

    // Adds (id 0) or changes a note: Lithuanian text required, a moment (to 0) or a range.
    Write<std::int64_t> save_note(std::int64_t user_id, RecordingNote note, AuditNote audit);
    Write<> remove_note(std::int64_t user_id, std::int64_t meeting_id, std::int64_t note_id,
                        AuditNote audit);

    // Takes back the editor's last change of the meeting's annotations. False when there is
    // none (or it was taken back already).
    Write<bool> undo(std::int64_t user_id, std::int64_t meeting_id, AuditNote audit);

  private:
    // The end of every change, in its job: the editor's undo, the audit entry, a new snapshot.
    void recorded(Database& db, std::int64_t user_id, std::int64_t meeting_id,
                  std::string_view subject, std::int64_t row_id, const std::string& row_before,
                  const AuditNote& audit);
    // A chapter, speaker or note taken away (`subject`: one of the store's constants).
    Write<> remove(const AnnotationSubject& subject, std::int64_t user_id, std::int64_t meeting_id,
                   std::int64_t row_id, AuditNote audit);

    DatabaseWriter& writer_;
    RecordingStore& recordings_;
};

}  // namespace councilcast::portal
