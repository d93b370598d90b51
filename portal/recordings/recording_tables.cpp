#include "portal/recordings/recording_store.hpp"

namespace councilcast::portal {

// Schema step 11. A recording is a span of wall-clock time on a channel, not a list of segments:
// the segment table holds them once, and retention keeps whatever a span covers.
const std::string_view kRecordingTables = R"sql(
CREATE TABLE recording (
    meeting_id INTEGER PRIMARY KEY REFERENCES meeting (id) ON DELETE CASCADE,
    channel TEXT NOT NULL CHECK (channel <> ''),
    start_unix_ms INTEGER NOT NULL,
    end_unix_ms INTEGER NOT NULL DEFAULT 0,  -- 0 while recording
    state TEXT NOT NULL CHECK (state IN ('recording', 'ready', 'stopped')),
    error TEXT NOT NULL DEFAULT ''
);

CREATE TABLE recording_chapter (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meeting (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('agenda', 'vote', 'speaker', 'note')),
    ref_id INTEGER NOT NULL DEFAULT 0,  -- the agenda item or vote; 0 for speakers and notes
    title_lt TEXT NOT NULL,
    title_en TEXT NOT NULL DEFAULT '',
    at_unix_ms INTEGER NOT NULL
);
CREATE INDEX recording_chapter_by_meeting ON recording_chapter (meeting_id, at_unix_ms);
)sql";

// Schema step 20: who stopped a recording, so a restart of the portal leaves an operator's stop
// as it was and the staff page tells it from the disk guard's. The stops made before this step
// were all the disk guard's.
const std::string_view kRecordingStopColumns = R"sql(
ALTER TABLE recording ADD COLUMN stopped_by TEXT NOT NULL DEFAULT ''
    CHECK (stopped_by IN ('', 'disk', 'operator'));
UPDATE recording SET stopped_by = 'disk' WHERE state = 'stopped';
)sql";

}  // namespace councilcast::portal
