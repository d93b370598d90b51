#include "portal/petitions/petition_store.hpp"

namespace councilcast::portal {

// Signatures and confirmations are only ever appended (an invalidation marks a signature and
// appends a negative confirmation), so signing never updates a shared row: the counts are
// folded from petition_confirmation past petition_tally's watermark, in one transaction with
// the new watermark. Tokens are kept as digests (digest_hex), never as they were mailed.
const std::string_view kPetitionTables = R"sql(
CREATE TABLE petition (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    text TEXT NOT NULL,
    creator_name TEXT NOT NULL,
    creator_email TEXT NOT NULL,
    language TEXT NOT NULL CHECK (language IN ('lt', 'en')),
    creator_address TEXT NOT NULL DEFAULT '',
    manage_token_digest TEXT NOT NULL UNIQUE,
    -- Shared by the creator with would-be sponsors, so shown again on the manage page: kept as
    -- it is. It proves only that the signer had the creator's link.
    sponsor_token TEXT NOT NULL UNIQUE,
    state TEXT NOT NULL CHECK (state IN ('draft', 'gathering', 'moderation', 'open', 'closed',
                                         'answered', 'rejected')),
    created_unix_ms INTEGER NOT NULL,
    gathering_unix_ms INTEGER NOT NULL DEFAULT 0,
    submitted_unix_ms INTEGER NOT NULL DEFAULT 0,
    opened_unix_ms INTEGER NOT NULL DEFAULT 0,
    closes_unix_ms INTEGER NOT NULL DEFAULT 0,
    closed_unix_ms INTEGER NOT NULL DEFAULT 0,
    answered_unix_ms INTEGER NOT NULL DEFAULT 0,
    rejected_unix_ms INTEGER NOT NULL DEFAULT 0,
    rejection_reason TEXT,
    rejection_text TEXT NOT NULL DEFAULT '',
    duplicate_of INTEGER REFERENCES petition (id),
    hidden INTEGER NOT NULL DEFAULT 0,
    hidden_reason TEXT NOT NULL DEFAULT '',
    stop_reason TEXT NOT NULL DEFAULT '',
    response_text TEXT NOT NULL DEFAULT '',
    response_meeting_id INTEGER NOT NULL DEFAULT 0,
    response_decision TEXT NOT NULL DEFAULT '',
    response_threshold_unix_ms INTEGER NOT NULL DEFAULT 0,
    council_threshold_unix_ms INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX petition_by_state ON petition (state, closes_unix_ms);

CREATE TABLE petition_signature (
    id INTEGER PRIMARY KEY,
    petition_id INTEGER NOT NULL REFERENCES petition (id),
    -- canonical_email(): one signature per person per petition whatever the spelling.
    email_canonical TEXT NOT NULL,
    email TEXT NOT NULL,
    email_domain TEXT NOT NULL,
    name TEXT NOT NULL,
    eldership_id INTEGER NOT NULL,
    declared_eligible INTEGER NOT NULL,
    consent INTEGER NOT NULL,
    notify_on_answer INTEGER NOT NULL,
    language TEXT NOT NULL CHECK (language IN ('lt', 'en')),
    client_address TEXT NOT NULL,
    sponsor INTEGER NOT NULL DEFAULT 0,
    signed_unix_ms INTEGER NOT NULL,
    token_digest TEXT UNIQUE,
    confirmed_unix_ms INTEGER NOT NULL DEFAULT 0,
    invalidated_unix_ms INTEGER NOT NULL DEFAULT 0,
    invalidation_id INTEGER REFERENCES petition_invalidation (id),
    UNIQUE (petition_id, email_canonical)
);
CREATE INDEX petition_signature_by_address ON petition_signature (petition_id, client_address,
                                                                  signed_unix_ms);
CREATE INDEX petition_signature_by_time ON petition_signature (petition_id, signed_unix_ms);
-- A petition's sponsors are counted at each signing's event: without it, a scan of every
-- signature of a petition that has thousands.
CREATE INDEX petition_signature_sponsors ON petition_signature (petition_id) WHERE sponsor = 1;

-- +1 for each confirmation, -1 for each confirmed signature invalidated.
CREATE TABLE petition_confirmation (
    seq INTEGER PRIMARY KEY,
    signature_id INTEGER NOT NULL REFERENCES petition_signature (id),
    petition_id INTEGER NOT NULL,
    eldership_id INTEGER NOT NULL,
    delta INTEGER NOT NULL CHECK (delta IN (1, -1)),
    at_unix_ms INTEGER NOT NULL
);

CREATE TABLE petition_count (
    petition_id INTEGER NOT NULL REFERENCES petition (id),
    eldership_id INTEGER NOT NULL,
    signatures INTEGER NOT NULL,
    PRIMARY KEY (petition_id, eldership_id)
) WITHOUT ROWID;

CREATE TABLE petition_tally (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    watermark INTEGER NOT NULL,
    tallied_unix_ms INTEGER NOT NULL
);
INSERT INTO petition_tally (id, watermark, tallied_unix_ms) VALUES (1, 0, 0);

CREATE TABLE petition_invalidation (
    id INTEGER PRIMARY KEY,
    petition_id INTEGER NOT NULL REFERENCES petition (id),
    client_address TEXT NOT NULL,
    email_domain TEXT NOT NULL,
    from_unix_ms INTEGER NOT NULL,
    to_unix_ms INTEGER NOT NULL,
    reason TEXT NOT NULL,
    signatures INTEGER NOT NULL,
    at_unix_ms INTEGER NOT NULL
);
)sql";

}  // namespace councilcast::portal
