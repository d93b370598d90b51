#include "portal/recordings/annotation_schema.hpp"

namespace councilcast::portal {

// Schema step 15: what each import brought (the staff page and the audit say it again).
const std::string_view kImportTables = R"sql(
CREATE TABLE recording_import (
    meeting_id INTEGER PRIMARY KEY REFERENCES meeting (id) ON DELETE CASCADE,
    method TEXT NOT NULL CHECK (method IN ('remux', 'transcode')),
    files TEXT NOT NULL,                 -- the file names, one a line, in order
    duration_ms INTEGER NOT NULL,        -- of the imported timeline
    skipped TEXT NOT NULL DEFAULT '',    -- what could not be read, as describe_skipped says it
    imported_unix_ms INTEGER NOT NULL
);
)sql";

}  // namespace councilcast::portal
