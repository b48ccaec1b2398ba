-- After the talk: what was agreed, who does what, and when we look at how it went.

CREATE TABLE talk_records (
    booking_id      INTEGER PRIMARY KEY REFERENCES bookings (id),
    staff_id        INTEGER NOT NULL REFERENCES staff (id),
    held            INTEGER NOT NULL CHECK (held IN (0, 1)),
    evaluate_on     TEXT,                              -- school-local date, YYYY-MM-DD
    talking_points  TEXT NOT NULL DEFAULT '',          -- something to talk about at home
    follow_up       INTEGER NOT NULL DEFAULT 0 CHECK (follow_up IN (0, 1)),
    version         INTEGER NOT NULL DEFAULT 0,        -- 0: a draft; each sending adds one
    sent_at         TEXT,
    created_at      TEXT NOT NULL
);

CREATE TABLE agreements (
    id          INTEGER PRIMARY KEY,
    booking_id  INTEGER NOT NULL REFERENCES talk_records (booking_id),
    owner       TEXT NOT NULL CHECK (owner IN ('pupil', 'parents', 'school')),
    text        TEXT NOT NULL,                         -- the teacher's words, as written
    due_on      TEXT                                   -- school-local date, or NULL
);
CREATE INDEX agreements_booking ON agreements (booking_id);

-- A parent's reading of the agreements: understood, and/or a question for the teacher.
CREATE TABLE agreement_replies (
    booking_id     INTEGER NOT NULL REFERENCES talk_records (booking_id),
    guardian_id    INTEGER NOT NULL REFERENCES guardians (id),
    understood_at  TEXT,
    question       TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (booking_id, guardian_id)
);

-- On the evaluation date: how each agreement went, in a parent's eyes.
CREATE TABLE agreement_progress (
    agreement_id  INTEGER NOT NULL REFERENCES agreements (id),
    guardian_id   INTEGER NOT NULL REFERENCES guardians (id),
    status        TEXT NOT NULL CHECK (status IN ('done', 'going_well', 'attention')),
    created_at    TEXT NOT NULL,
    PRIMARY KEY (agreement_id, guardian_id)
);

-- Looking back (the school's guide, last step): was it a good talk? Off per school setting.
CREATE TABLE look_backs (
    booking_id   INTEGER NOT NULL REFERENCES talk_records (booking_id),
    guardian_id  INTEGER NOT NULL REFERENCES guardians (id),
    answer       TEXT NOT NULL CHECK (answer IN ('good', 'better')),
    created_at   TEXT NOT NULL,
    PRIMARY KEY (booking_id, guardian_id)
);
