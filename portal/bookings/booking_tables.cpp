#include "portal/bookings/booking_store.hpp"

namespace councilcast::portal {

// booking_slot is what makes double booking impossible: every live hold and active booking owns
// one row per (official, 5-minute granule) of its time with buffers, under a primary key, so two
// claims on one granule cannot both commit. Local dates are "YYYY-MM-DD" text, instants unix ms.
// Tokens are kept as digests (digest_hex) in booking_token, never as they were mailed.
const std::string_view kBookingTables = R"sql(
CREATE TABLE booking_department (
    id INTEGER PRIMARY KEY,
    name_lt TEXT NOT NULL,
    name_en TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE booking_service (
    id INTEGER PRIMARY KEY,
    department_id INTEGER NOT NULL REFERENCES booking_department (id),
    topic_lt TEXT NOT NULL,
    topic_en TEXT NOT NULL,
    description_lt TEXT NOT NULL DEFAULT '',
    description_en TEXT NOT NULL DEFAULT '',
    duration_minutes INTEGER NOT NULL CHECK (duration_minutes BETWEEN 5 AND 480),
    mode TEXT NOT NULL CHECK (mode IN ('in_person', 'phone', 'video')),
    place TEXT NOT NULL DEFAULT '',
    video_link TEXT NOT NULL DEFAULT '',
    languages TEXT NOT NULL,  -- "lt", "en" or "lt,en"
    account_required INTEGER NOT NULL DEFAULT 0,
    active INTEGER NOT NULL DEFAULT 1,
    position INTEGER NOT NULL DEFAULT 0
);

-- An account (of the accounts room) that takes bookings.
CREATE TABLE booking_official (
    account_id INTEGER PRIMARY KEY,
    display_name TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE booking_rule (
    official_id INTEGER NOT NULL REFERENCES booking_official (account_id),
    service_id INTEGER NOT NULL REFERENCES booking_service (id),
    buffer_before_minutes INTEGER NOT NULL,
    buffer_after_minutes INTEGER NOT NULL,
    minimum_notice_minutes INTEGER NOT NULL,
    horizon_days INTEGER NOT NULL,
    daily_maximum INTEGER NOT NULL,
    PRIMARY KEY (official_id, service_id)
) WITHOUT ROWID;

CREATE TABLE booking_rule_range (
    official_id INTEGER NOT NULL,
    service_id INTEGER NOT NULL,
    weekday INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
    start_minute INTEGER NOT NULL,
    end_minute INTEGER NOT NULL,
    CHECK (0 <= start_minute AND start_minute < end_minute AND end_minute <= 1440),
    FOREIGN KEY (official_id, service_id) REFERENCES booking_rule (official_id, service_id)
);
CREATE INDEX booking_rule_range_by_rule ON booking_rule_range (official_id, service_id);

CREATE TABLE booking_exception (
    id INTEGER PRIMARY KEY,
    official_id INTEGER NOT NULL REFERENCES booking_official (account_id),
    kind TEXT NOT NULL CHECK (kind IN ('off', 'extra')),
    from_date TEXT NOT NULL,
    to_date TEXT NOT NULL,
    start_minute INTEGER NOT NULL DEFAULT 0,
    end_minute INTEGER NOT NULL DEFAULT 0,
    service_id INTEGER NOT NULL DEFAULT 0,
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX booking_exception_by_official ON booking_exception (official_id, from_date);

CREATE TABLE booking_hold (
    id INTEGER PRIMARY KEY,
    service_id INTEGER NOT NULL REFERENCES booking_service (id),
    official_id INTEGER NOT NULL,
    start_unix_ms INTEGER NOT NULL,
    end_unix_ms INTEGER NOT NULL,
    occupied_from_unix_ms INTEGER NOT NULL,
    occupied_to_unix_ms INTEGER NOT NULL,
    expires_unix_ms INTEGER NOT NULL,
    client_key TEXT NOT NULL,
    idempotency_key TEXT UNIQUE,
    created_unix_ms INTEGER NOT NULL,
    booking_id INTEGER NOT NULL DEFAULT 0,
    released_unix_ms INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX booking_hold_live ON booking_hold (expires_unix_ms) WHERE released_unix_ms = 0;
CREATE INDEX booking_hold_by_client ON booking_hold (client_key) WHERE released_unix_ms = 0;

CREATE TABLE booking (
    id INTEGER PRIMARY KEY,
    service_id INTEGER NOT NULL REFERENCES booking_service (id),
    official_id INTEGER NOT NULL,
    hold_id INTEGER NOT NULL REFERENCES booking_hold (id),
    start_unix_ms INTEGER NOT NULL,
    end_unix_ms INTEGER NOT NULL,
    occupied_from_unix_ms INTEGER NOT NULL,
    occupied_to_unix_ms INTEGER NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending', 'confirmed', 'cancelled', 'expired',
                                         'attended', 'no_show')),
    name TEXT NOT NULL,
    email TEXT NOT NULL,
    phone TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    language TEXT NOT NULL CHECK (language IN ('lt', 'en')),
    account_id INTEGER NOT NULL DEFAULT 0,
    idempotency_key TEXT UNIQUE,
    created_unix_ms INTEGER NOT NULL,
    confirmed_unix_ms INTEGER NOT NULL DEFAULT 0,
    cancelled_unix_ms INTEGER NOT NULL DEFAULT 0,
    cancelled_by TEXT NOT NULL DEFAULT '' CHECK (cancelled_by IN ('', 'resident', 'official')),
    cancel_message TEXT NOT NULL DEFAULT '',
    reminded_unix_ms INTEGER NOT NULL DEFAULT 0,
    marked_unix_ms INTEGER NOT NULL DEFAULT 0,
    private_note TEXT NOT NULL DEFAULT '',
    ics_uid TEXT NOT NULL UNIQUE,
    ics_sequence INTEGER NOT NULL DEFAULT 0,
    rescheduled_unix_ms INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX booking_by_official ON booking (official_id, start_unix_ms);
CREATE INDEX booking_by_account ON booking (account_id, start_unix_ms) WHERE account_id <> 0;
-- The reminder timer's and the confirmation deadline's scans.
CREATE INDEX booking_by_state ON booking (state, start_unix_ms);

-- One row per 5-minute granule an official's time is taken: granule = unix minute / 5.
CREATE TABLE booking_slot (
    official_id INTEGER NOT NULL,
    granule INTEGER NOT NULL,
    hold_id INTEGER NOT NULL DEFAULT 0,
    booking_id INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (official_id, granule)
) WITHOUT ROWID;
CREATE INDEX booking_slot_by_hold ON booking_slot (hold_id) WHERE hold_id <> 0;
CREATE INDEX booking_slot_by_booking ON booking_slot (booking_id) WHERE booking_id <> 0;

-- Links handed to residents and officials: a hold's, a confirmation, a booking's own page, an
-- official's feed. spent_unix_ms: the link acted and acts no more.
CREATE TABLE booking_token (
    digest TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('hold', 'confirm', 'manage', 'feed')),
    ref_id INTEGER NOT NULL,
    created_unix_ms INTEGER NOT NULL,
    spent_unix_ms INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE INDEX booking_token_by_ref ON booking_token (kind, ref_id);
)sql";

}  // namespace councilcast::portal
