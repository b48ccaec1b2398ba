-- Talk rounds from the year plan, the teachers' available times cut into slots, and the
-- bookings parents make. Times are UTC ISO-8601 text.

CREATE TABLE rounds (
    id                      INTEGER PRIMARY KEY,
    plan_key                TEXT NOT NULL UNIQUE,       -- the round's id in the plan file
    kind                    TEXT NOT NULL
                            CHECK (kind IN ('start', 'progress', 'development', 'advice')),
    title                   TEXT NOT NULL,
    slot_minutes            INTEGER NOT NULL CHECK (slot_minutes BETWEEN 5 AND 60),
    buffer_minutes          INTEGER NOT NULL DEFAULT 0 CHECK (buffer_minutes BETWEEN 0 AND 60),
    form                    TEXT NOT NULL CHECK (form IN ('school', 'video', 'phone')),
    place                   TEXT NOT NULL DEFAULT '',   -- room, or the video link
    pupil_joins_from_grade  INTEGER CHECK (pupil_joins_from_grade BETWEEN 1 AND 9),
    booking_opens_at        TEXT NOT NULL,
    booking_closes_at       TEXT NOT NULL CHECK (booking_closes_at > booking_opens_at),
    cancel_cutoff_hours     INTEGER NOT NULL DEFAULT 24 CHECK (cancel_cutoff_hours >= 0),
    -- 'pupil': one talk per child; 'household': separated parents each get their own.
    booking_scope           TEXT NOT NULL DEFAULT 'pupil'
                            CHECK (booking_scope IN ('pupil', 'household')),
    created_at              TEXT NOT NULL,
    updated_at              TEXT NOT NULL
);

CREATE TABLE round_groups (
    round_id  INTEGER NOT NULL REFERENCES rounds (id),
    group_id  INTEGER NOT NULL REFERENCES class_groups (id),
    PRIMARY KEY (round_id, group_id)
);

-- Bookable times: cut from the teachers' available hours by slot length and buffer.
CREATE TABLE slots (
    id          INTEGER PRIMARY KEY,
    round_id    INTEGER NOT NULL REFERENCES rounds (id),
    staff_id    INTEGER NOT NULL REFERENCES staff (id),
    starts_at   TEXT NOT NULL,
    ends_at     TEXT NOT NULL CHECK (ends_at > starts_at),
    place       TEXT NOT NULL DEFAULT '',               -- overrides the round's place
    active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    UNIQUE (staff_id, starts_at)
);
CREATE INDEX slots_round ON slots (round_id, starts_at) WHERE active = 1;

CREATE TABLE bookings (
    id               INTEGER PRIMARY KEY,
    round_id         INTEGER NOT NULL REFERENCES rounds (id),
    slot_id          INTEGER NOT NULL REFERENCES slots (id),
    pupil_id         INTEGER NOT NULL REFERENCES pupils (id),
    household        TEXT NOT NULL DEFAULT '',      -- '' unless the round books per household
    booked_by_kind   TEXT NOT NULL CHECK (booked_by_kind IN ('guardian', 'staff')),
    booked_by_id     INTEGER NOT NULL,
    status           TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'cancelled')),
    created_at       TEXT NOT NULL,
    cancelled_at     TEXT
);
-- The database, not the code, guarantees no double booking under concurrency.
CREATE UNIQUE INDEX bookings_one_per_slot ON bookings (slot_id) WHERE status = 'active';
CREATE UNIQUE INDEX bookings_one_per_pupil
    ON bookings (round_id, pupil_id, household) WHERE status = 'active';

-- "None of these times suits me": the parent's own words reach the teacher.
CREATE TABLE time_requests (
    id           INTEGER PRIMARY KEY,
    round_id     INTEGER NOT NULL REFERENCES rounds (id),
    pupil_id     INTEGER NOT NULL REFERENCES pupils (id),
    guardian_id  INTEGER NOT NULL REFERENCES guardians (id),
    message      TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    handled_at   TEXT
);

-- Every notification goes through here: rendered at send time in the reader's language.
CREATE TABLE outbox (
    id                   INTEGER PRIMARY KEY,
    recipient_kind       TEXT NOT NULL CHECK (recipient_kind IN ('guardian', 'staff')),
    recipient_id         INTEGER NOT NULL,
    kind                 TEXT NOT NULL,
    params               TEXT NOT NULL DEFAULT '{}',    -- JSON
    not_before           TEXT NOT NULL,
    expires_at           TEXT,                          -- stale after this: dropped, logged
    dedup_key            TEXT NOT NULL UNIQUE,
    status               TEXT NOT NULL DEFAULT 'pending'
                         CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'withdrawn',
                                           'expired', 'unreachable')),
    attempts             INTEGER NOT NULL DEFAULT 0,
    next_attempt_at      TEXT,
    last_error           TEXT,
    telegram_message_id  INTEGER,
    sent_at              TEXT,
    created_at           TEXT NOT NULL
);
CREATE INDEX outbox_due ON outbox (not_before) WHERE status = 'pending';
CREATE INDEX outbox_recipient ON outbox (recipient_kind, recipient_id, status);

-- What the bot waits for from a person who was asked to type (e.g. times that would suit
-- them). Kept here, not in memory, so a restart in between loses nothing.
CREATE TABLE pending_inputs (
    telegram_user_id  INTEGER PRIMARY KEY,
    purpose           TEXT NOT NULL,
    params            TEXT NOT NULL DEFAULT '{}',   -- JSON
    created_at        TEXT NOT NULL
);
