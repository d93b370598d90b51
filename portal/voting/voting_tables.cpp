#include "portal/voting/voting_store.hpp"

namespace councilcast::portal {

// Secret ballots are two tables that share nothing but the vote: who took part (no choice, no
// time) and the choices (no member, no time, keyed by a random token so that not even the
// order of rows follows the order of casting).
const std::string_view kVotingTables = R"sql(
CREATE TABLE voting_sitting (
    meeting_id INTEGER PRIMARY KEY REFERENCES meeting (id) ON DELETE CASCADE,
    current_item_id INTEGER REFERENCES agenda_item (id) ON DELETE SET NULL,
    item_media_time_s REAL,
    speaker_name TEXT NOT NULL DEFAULT '',
    speaker_role TEXT NOT NULL DEFAULT ''
);

CREATE TABLE voting_registration (
    meeting_id INTEGER NOT NULL REFERENCES meeting (id) ON DELETE CASCADE,
    member_id INTEGER NOT NULL REFERENCES council_member (id) ON DELETE CASCADE,
    registered_unix_ms INTEGER NOT NULL,
    PRIMARY KEY (meeting_id, member_id)
) WITHOUT ROWID;

CREATE TABLE voting_recusal (
    agenda_item_id INTEGER NOT NULL REFERENCES agenda_item (id) ON DELETE CASCADE,
    member_id INTEGER NOT NULL REFERENCES council_member (id) ON DELETE CASCADE,
    declared_unix_ms INTEGER NOT NULL,
    PRIMARY KEY (agenda_item_id, member_id)
) WITHOUT ROWID;

CREATE TABLE vote (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meeting (id),
    agenda_item_id INTEGER NOT NULL REFERENCES agenda_item (id),
    motion_lt TEXT NOT NULL DEFAULT '',
    motion_en TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL CHECK (kind IN ('named', 'secret')),
    question TEXT NOT NULL,
    -- The rule as it was when the vote opened: a later change of the configuration does not
    -- change what a past vote needed.
    seats INTEGER NOT NULL CHECK (seats > 0),
    basis TEXT NOT NULL CHECK (basis IN ('participants', 'all_seats')),
    numerator INTEGER NOT NULL CHECK (numerator > 0),
    denominator INTEGER NOT NULL CHECK (denominator >= numerator),
    strictly INTEGER NOT NULL CHECK (strictly IN (0, 1)),
    opened_unix_ms INTEGER NOT NULL,
    closes_unix_ms INTEGER NOT NULL DEFAULT 0,
    closed_unix_ms INTEGER NOT NULL DEFAULT 0,
    media_time_s REAL,
    status TEXT NOT NULL CHECK (status IN ('open', 'closed', 'void')),
    result TEXT CHECK (result IN ('adopted', 'rejected', 'no_quorum')),
    -- Once closed (or void): the final counts, presence and the votes that were needed.
    in_favour INTEGER NOT NULL DEFAULT 0 CHECK (in_favour >= 0),
    against INTEGER NOT NULL DEFAULT 0 CHECK (against >= 0),
    abstain INTEGER NOT NULL DEFAULT 0 CHECK (abstain >= 0),
    not_voting INTEGER NOT NULL DEFAULT 0 CHECK (not_voting >= 0),
    registered INTEGER NOT NULL DEFAULT 0 CHECK (registered >= 0),
    required INTEGER NOT NULL DEFAULT 0,
    quorum INTEGER NOT NULL DEFAULT 0 CHECK (quorum IN (0, 1)),
    manual INTEGER NOT NULL DEFAULT 0 CHECK (manual IN (0, 1)),
    announced INTEGER NOT NULL DEFAULT 0 CHECK (announced IN (0, 1)),
    replaces_vote_id INTEGER REFERENCES vote (id),
    CHECK ((status = 'closed') = (result IS NOT NULL))
);
-- At most one open vote per meeting, whatever the code above it does.
CREATE UNIQUE INDEX vote_open_per_meeting ON vote (meeting_id) WHERE status = 'open';
CREATE INDEX vote_by_meeting ON vote (meeting_id);

-- Named votes: one row per member per vote. A NULL choice is written when the vote closes, for
-- a member who took part (registered, not recused) and cast nothing.
CREATE TABLE vote_ballot (
    vote_id INTEGER NOT NULL REFERENCES vote (id),
    member_id INTEGER NOT NULL REFERENCES council_member (id),
    choice TEXT CHECK (choice IN ('for', 'against', 'abstain')),
    cast_unix_ms INTEGER NOT NULL,
    UNIQUE (vote_id, member_id)
);

CREATE TABLE vote_secret_participation (
    vote_id INTEGER NOT NULL REFERENCES vote (id),
    member_id INTEGER NOT NULL REFERENCES council_member (id),
    PRIMARY KEY (vote_id, member_id)
) WITHOUT ROWID;

CREATE TABLE vote_secret_choice (
    vote_id INTEGER NOT NULL REFERENCES vote (id),
    token TEXT NOT NULL,  -- random (new_secret_token): the rows' order is not the casting's
    choice TEXT NOT NULL CHECK (choice IN ('for', 'against', 'abstain')),
    PRIMARY KEY (vote_id, token)
) WITHOUT ROWID;
-- Nothing links a secret choice to its member, so none can be changed: neither is ever updated
-- or deleted.
CREATE TRIGGER vote_secret_participation_final BEFORE UPDATE ON vote_secret_participation
BEGIN SELECT RAISE(ABORT, 'a secret ballot cannot be changed'); END;
CREATE TRIGGER vote_secret_participation_kept BEFORE DELETE ON vote_secret_participation
BEGIN SELECT RAISE(ABORT, 'a secret ballot cannot be changed'); END;
CREATE TRIGGER vote_secret_choice_final BEFORE UPDATE ON vote_secret_choice
BEGIN SELECT RAISE(ABORT, 'a secret ballot cannot be changed'); END;
CREATE TRIGGER vote_secret_choice_kept BEFORE DELETE ON vote_secret_choice
BEGIN SELECT RAISE(ABORT, 'a secret ballot cannot be changed'); END;

-- A retried ballot's key: the same key again is answered as the first time, and changes nothing.
CREATE TABLE vote_cast_key (
    idempotency_key TEXT PRIMARY KEY,
    vote_id INTEGER NOT NULL REFERENCES vote (id),
    member_id INTEGER NOT NULL REFERENCES council_member (id)
) WITHOUT ROWID;

-- Each entry's hash is SHA-256 over the previous entry's hash and this entry's canonical JSON
-- (VoteLog::entry_hash), so an entry changed or removed with another tool breaks the chain.
CREATE TABLE vote_log (
    id INTEGER PRIMARY KEY,
    at_unix_ms INTEGER NOT NULL,
    meeting_id INTEGER NOT NULL,
    event TEXT NOT NULL,
    detail TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX vote_log_by_meeting ON vote_log (meeting_id, id);
CREATE TRIGGER vote_log_no_update BEFORE UPDATE ON vote_log
BEGIN SELECT RAISE(ABORT, 'the vote log cannot be changed'); END;
CREATE TRIGGER vote_log_no_delete BEFORE DELETE ON vote_log
BEGIN SELECT RAISE(ABORT, 'the vote log cannot be changed'); END;
)sql";

}  // namespace councilcast::portal
