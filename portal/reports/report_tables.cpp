#include "portal/reports/report_store.hpp"

namespace councilcast::portal {

// Schema step 19. report_place is the R*Tree over the reports' points (a degenerate box each,
// 32-bit floats rounded outwards by SQLite, so a search asks a slightly larger box and the exact
// great-circle distance decides). Tokens mailed to people are kept as digests (digest_hex) in
// report_token, never as they were mailed; a report's public token (Open311's) and a
// subscription's unsubscribe token are shown again in later mails and kept as they are.
// report_webhook is the durable outbox of the category webhooks: a row per confirmed report and
// hook, retried with backoff until delivered or given up.
const std::string_view kReportTables = R"sql(
CREATE TABLE report (
    id INTEGER PRIMARY KEY,
    token TEXT NOT NULL UNIQUE,
    category TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('unconfirmed', 'open', 'investigating', 'in_progress',
        'action_scheduled', 'fixed', 'not_responsible', 'duplicate', 'unable_to_fix',
        'internal_referral', 'closed', 'hidden')),
    title TEXT NOT NULL,
    details TEXT NOT NULL DEFAULT '',
    original_title TEXT NOT NULL DEFAULT '',
    original_details TEXT NOT NULL DEFAULT '',
    lat REAL NOT NULL CHECK (lat BETWEEN -90 AND 90),
    lon REAL NOT NULL CHECK (lon BETWEEN -180 AND 180),
    eldership TEXT NOT NULL,
    address TEXT NOT NULL DEFAULT '',
    account_id INTEGER NOT NULL DEFAULT 0,
    email TEXT NOT NULL,
    name TEXT NOT NULL,
    anonymous INTEGER NOT NULL DEFAULT 0,
    api_key_name TEXT NOT NULL DEFAULT '',
    language TEXT NOT NULL CHECK (language IN ('lt', 'en')),
    created_unix_ms INTEGER NOT NULL,
    confirmed_unix_ms INTEGER NOT NULL DEFAULT 0,
    fixed_unix_ms INTEGER NOT NULL DEFAULT 0,
    updated_unix_ms INTEGER NOT NULL,
    duplicate_of INTEGER NOT NULL DEFAULT 0,
    questionnaire_sent_unix_ms INTEGER NOT NULL DEFAULT 0,
    questionnaire_answered_unix_ms INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX report_by_created ON report (created_unix_ms);
CREATE INDEX report_by_updated ON report (updated_unix_ms);
CREATE INDEX report_by_category_state ON report (category, state, created_unix_ms);
CREATE INDEX report_by_eldership ON report (eldership, created_unix_ms);
CREATE INDEX report_questionnaire_due ON report (confirmed_unix_ms)
    WHERE questionnaire_sent_unix_ms = 0 AND confirmed_unix_ms <> 0;

CREATE VIRTUAL TABLE report_place USING rtree (id, min_lat, max_lat, min_lon, max_lon);

CREATE TABLE report_answer (
    report_id INTEGER NOT NULL REFERENCES report (id),
    question_code TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (report_id, question_code)
) WITHOUT ROWID;

CREATE TABLE report_photo (
    report_id INTEGER NOT NULL REFERENCES report (id),
    position INTEGER NOT NULL,
    hash TEXT NOT NULL CHECK (length(hash) = 64),
    hidden INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (report_id, position),
    UNIQUE (report_id, hash)
) WITHOUT ROWID;
CREATE INDEX report_photo_by_hash ON report_photo (hash);

CREATE TABLE report_update (
    id INTEGER PRIMARY KEY,
    report_id INTEGER NOT NULL REFERENCES report (id),
    text TEXT NOT NULL DEFAULT '',
    previous_state TEXT NOT NULL,
    new_state TEXT NOT NULL,
    duplicate_of INTEGER NOT NULL DEFAULT 0,
    author TEXT NOT NULL CHECK (author IN ('staff', 'reporter', 'system')),
    author_account_id INTEGER NOT NULL DEFAULT 0,
    author_name TEXT NOT NULL DEFAULT '',
    internal INTEGER NOT NULL DEFAULT 0,
    created_unix_ms INTEGER NOT NULL
);
CREATE INDEX report_update_by_report ON report_update (report_id, id);

-- The accounts (of the accounts room) that handle a category besides moderators and
-- administrators.
CREATE TABLE report_handler (
    category TEXT NOT NULL,
    account_id INTEGER NOT NULL,
    PRIMARY KEY (category, account_id)
) WITHOUT ROWID;
CREATE INDEX report_handler_by_account ON report_handler (account_id);

CREATE TABLE report_subscription (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('report', 'eldership', 'area')),
    report_id INTEGER NOT NULL DEFAULT 0,
    eldership TEXT NOT NULL DEFAULT '',
    south REAL NOT NULL DEFAULT 0,
    west REAL NOT NULL DEFAULT 0,
    north REAL NOT NULL DEFAULT 0,
    east REAL NOT NULL DEFAULT 0,
    email TEXT NOT NULL,
    language TEXT NOT NULL CHECK (language IN ('lt', 'en')),
    account_id INTEGER NOT NULL DEFAULT 0,
    created_unix_ms INTEGER NOT NULL,
    confirmed_unix_ms INTEGER NOT NULL DEFAULT 0,
    ended_unix_ms INTEGER NOT NULL DEFAULT 0,
    unsubscribe_token TEXT NOT NULL UNIQUE
);
CREATE INDEX report_subscription_by_report ON report_subscription (report_id)
    WHERE kind = 'report' AND ended_unix_ms = 0;
CREATE INDEX report_subscription_live ON report_subscription (kind)
    WHERE kind <> 'report' AND ended_unix_ms = 0 AND confirmed_unix_ms <> 0;
CREATE INDEX report_subscription_by_email ON report_subscription (email);

-- Mailed links: kind 'confirm' (a report), 'subscribe' (a subscription), 'fixed' (the
-- questionnaire). used_unix_ms: the link acted (0: not yet).
CREATE TABLE report_token (
    digest TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('confirm', 'subscribe', 'fixed')),
    ref_id INTEGER NOT NULL,
    created_unix_ms INTEGER NOT NULL,
    used_unix_ms INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE INDEX report_token_by_ref ON report_token (kind, ref_id);

CREATE TABLE report_webhook (
    id INTEGER PRIMARY KEY,
    report_id INTEGER NOT NULL REFERENCES report (id),
    category TEXT NOT NULL,
    url TEXT NOT NULL,
    body TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_unix_ms INTEGER NOT NULL,
    delivered_unix_ms INTEGER NOT NULL DEFAULT 0,
    given_up_unix_ms INTEGER NOT NULL DEFAULT 0,
    last_error TEXT NOT NULL DEFAULT '',
    created_unix_ms INTEGER NOT NULL
);
CREATE INDEX report_webhook_due ON report_webhook (next_attempt_unix_ms)
    WHERE delivered_unix_ms = 0 AND given_up_unix_ms = 0;
)sql";

}  // namespace councilcast::portal
