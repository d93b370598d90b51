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

// Schema step 16: a remuxed import keeps its files' picture, which its master playlist states
// (RESOLUTION, FRAME-RATE, CODECS); 0 and '' for a transcoded one (the channel's renditions).
const std::string_view kImportPictureColumns = R"sql(
ALTER TABLE recording_import ADD COLUMN width INTEGER NOT NULL DEFAULT 0;
ALTER TABLE recording_import ADD COLUMN height INTEGER NOT NULL DEFAULT 0;
ALTER TABLE recording_import ADD COLUMN framerate REAL NOT NULL DEFAULT 0;
ALTER TABLE recording_import ADD COLUMN codecs TEXT NOT NULL DEFAULT '';
)sql";

}  // namespace councilcast::portal
