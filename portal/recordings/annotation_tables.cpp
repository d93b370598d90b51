#include "portal/recordings/annotation_schema.hpp"

namespace councilcast::portal {

// Schema step 12: chapter edits, speakers, notes, undo. Every time is wall-clock ms, like
// recording_chapter.at_unix_ms: a recording's timeline is found from its segments, so an
// annotation stays on the moment it marks when the span is set again.
const std::string_view kAnnotationTables = R"sql(
-- An editor's chapter: the voting listener's marks never change its title or time again, and a
-- removed automatic one stays removed (the listener would mark it again otherwise).
ALTER TABLE recording_chapter ADD COLUMN edited INTEGER NOT NULL DEFAULT 0 CHECK (edited IN (0, 1));
ALTER TABLE recording_chapter ADD COLUMN removed INTEGER NOT NULL DEFAULT 0
    CHECK (removed IN (0, 1));

-- Who spoke when: a council member of the roster, or a guest by name.
CREATE TABLE speaker_range (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meeting (id) ON DELETE CASCADE,
    member_id INTEGER REFERENCES council_member (id),
    guest_name TEXT NOT NULL DEFAULT '',
    from_unix_ms INTEGER NOT NULL,
    to_unix_ms INTEGER NOT NULL,
    CHECK (to_unix_ms > from_unix_ms),
    CHECK ((member_id IS NULL) = (guest_name <> ''))
);
CREATE INDEX speaker_range_by_meeting ON speaker_range (meeting_id, from_unix_ms);
CREATE INDEX speaker_range_by_member ON speaker_range (member_id) WHERE member_id IS NOT NULL;

-- A note at a moment (to_unix_ms 0) or over a range; internal ones only staff see.
CREATE TABLE recording_note (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meeting (id) ON DELETE CASCADE,
    public INTEGER NOT NULL CHECK (public IN (0, 1)),
    text_lt TEXT NOT NULL CHECK (text_lt <> ''),
    text_en TEXT NOT NULL DEFAULT '',
    from_unix_ms INTEGER NOT NULL,
    to_unix_ms INTEGER NOT NULL DEFAULT 0,
    CHECK (to_unix_ms = 0 OR to_unix_ms > from_unix_ms)
);
CREATE INDEX recording_note_by_meeting ON recording_note (meeting_id, from_unix_ms);

-- Each editor's last change of a recording's annotations and what restores it: the row as it
-- was (a JSON object of its columns), or '' when the change added it (undo removes it).
CREATE TABLE annotation_undo (
    meeting_id INTEGER NOT NULL REFERENCES meeting (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL,
    subject TEXT NOT NULL CHECK (subject IN ('chapter', 'speaker', 'note')),
    row_id INTEGER NOT NULL,
    before TEXT NOT NULL,
    PRIMARY KEY (meeting_id, user_id)
) WITHOUT ROWID;
)sql";

}  // namespace councilcast::portal
