#include "portal/council/council_store.hpp"

namespace councilcast::portal {

const std::string_view kCouncilTables = R"sql(
CREATE TABLE council_group (
    id INTEGER PRIMARY KEY,
    name_lt TEXT NOT NULL CHECK (name_lt <> ''),
    name_en TEXT NOT NULL DEFAULT '',
    abbreviation TEXT NOT NULL DEFAULT ''
);

CREATE TABLE council_member (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL CHECK (name <> ''),
    group_id INTEGER REFERENCES council_group (id),
    position TEXT NOT NULL CHECK (position IN ('member', 'chair', 'deputy_chair')),
    term_start TEXT NOT NULL,
    term_end TEXT NOT NULL DEFAULT '',
    biography_lt TEXT NOT NULL DEFAULT '',
    biography_en TEXT NOT NULL DEFAULT '',
    photo TEXT NOT NULL DEFAULT ''
);

CREATE TABLE committee (
    id INTEGER PRIMARY KEY,
    name_lt TEXT NOT NULL CHECK (name_lt <> ''),
    name_en TEXT NOT NULL DEFAULT '',
    remit_lt TEXT NOT NULL DEFAULT '',
    remit_en TEXT NOT NULL DEFAULT '',
    chair_member_id INTEGER REFERENCES council_member (id)
);

CREATE TABLE committee_member (
    committee_id INTEGER NOT NULL REFERENCES committee (id) ON DELETE CASCADE,
    member_id INTEGER NOT NULL REFERENCES council_member (id) ON DELETE CASCADE,
    PRIMARY KEY (committee_id, member_id)
) WITHOUT ROWID;

CREATE TABLE eldership (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE CHECK (name <> '')
);

CREATE TABLE meeting (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('council', 'committee')),
    committee_id INTEGER REFERENCES committee (id),
    title_lt TEXT NOT NULL CHECK (title_lt <> ''),
    title_en TEXT NOT NULL DEFAULT '',
    starts_unix INTEGER NOT NULL,
    place_lt TEXT NOT NULL DEFAULT '',
    place_en TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL CHECK (status IN ('planned', 'live', 'ended', 'cancelled')),
    channel_id TEXT NOT NULL DEFAULT ''
);
CREATE INDEX meeting_by_start ON meeting (starts_unix);

CREATE TABLE agenda_item (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meeting (id) ON DELETE CASCADE,
    position INTEGER NOT NULL CHECK (position > 0),
    title_lt TEXT NOT NULL CHECK (title_lt <> ''),
    title_en TEXT NOT NULL DEFAULT '',
    rapporteur TEXT NOT NULL DEFAULT '',
    description_lt TEXT NOT NULL DEFAULT '',
    description_en TEXT NOT NULL DEFAULT '',
    UNIQUE (meeting_id, position)
);

CREATE TABLE document (
    id INTEGER PRIMARY KEY,
    agenda_item_id INTEGER NOT NULL REFERENCES agenda_item (id) ON DELETE CASCADE,
    title_lt TEXT NOT NULL CHECK (title_lt <> ''),
    title_en TEXT NOT NULL DEFAULT '',
    file_name TEXT NOT NULL CHECK (file_name <> ''),
    content_type TEXT NOT NULL,
    size_bytes INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    uploaded_unix INTEGER NOT NULL
);

CREATE TABLE decision (
    id INTEGER PRIMARY KEY,
    agenda_item_id INTEGER NOT NULL UNIQUE REFERENCES agenda_item (id) ON DELETE CASCADE,
    number TEXT NOT NULL DEFAULT '',
    outcome TEXT NOT NULL CHECK (outcome IN ('adopted', 'rejected', 'postponed')),
    text_lt TEXT NOT NULL DEFAULT '',
    text_en TEXT NOT NULL DEFAULT '',
    decided_unix INTEGER NOT NULL
);
)sql";

}  // namespace councilcast::portal
