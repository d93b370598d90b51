#include "portal/recordings/annotation_schema.hpp"

namespace councilcast::portal {

// Schema step 14: redactions and publishing. A redaction is a span of wall-clock time like a
// chapter's moment, so it stays on the same seconds whatever the editor's span or a worker
// restart does to the timeline; restoring one keeps its row (who hid what, why, and who showed
// it again is the record). A recording made live is watched while live: published by default;
// an imported one is unpublished until an editor publishes it (RedactionStore::set_published).
const std::string_view kRedactionTables = R"sql(
CREATE TABLE recording_redaction (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meeting (id) ON DELETE CASCADE,
    from_unix_ms INTEGER NOT NULL,
    to_unix_ms INTEGER NOT NULL CHECK (to_unix_ms > from_unix_ms),
    reason TEXT NOT NULL CHECK (reason <> ''),
    created_by TEXT NOT NULL,
    created_unix_ms INTEGER NOT NULL,
    restored_by TEXT NOT NULL DEFAULT '',
    restored_unix_ms INTEGER NOT NULL DEFAULT 0  -- 0: active
);
CREATE INDEX recording_redaction_by_meeting ON recording_redaction (meeting_id, from_unix_ms);

ALTER TABLE recording ADD COLUMN published INTEGER NOT NULL DEFAULT 1 CHECK (published IN (0, 1));
)sql";

}  // namespace councilcast::portal
