#include "portal/recordings/annotation_schema.hpp"

namespace councilcast::portal {

// Schema step 13: caption tracks and cues. A cue is stored at the wall-clock moments it starts
// and ends, as chapters are (RecordingArchive::unix_ms_at): an editor's new span for the
// recording or a gap left by a worker restart then moves no caption off its words.
const std::string_view kCaptionTables = R"sql(
CREATE TABLE caption_track (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meeting (id) ON DELETE CASCADE,
    language TEXT NOT NULL CHECK (language IN ('lt', 'en')),
    file_name TEXT NOT NULL DEFAULT '',  -- as uploaded, for staff
    uploaded_unix_ms INTEGER NOT NULL,
    UNIQUE (meeting_id, language)
);

CREATE TABLE caption_cue (
    id INTEGER PRIMARY KEY,
    track_id INTEGER NOT NULL REFERENCES caption_track (id) ON DELETE CASCADE,
    start_unix_ms INTEGER NOT NULL,
    end_unix_ms INTEGER NOT NULL CHECK (end_unix_ms > start_unix_ms),
    text TEXT NOT NULL CHECK (text <> '')  -- WebVTT cue text, checked by parse_caption_file
);
CREATE INDEX caption_cue_by_track ON caption_cue (track_id, start_unix_ms);
)sql";

}  // namespace councilcast::portal
