-- Information meetings for parents (seed 003): planned in the year plan for groups and the
-- newcomers, answered by every invited guardian once, attended or not, summed up afterwards.

-- From the roster (optional column): when the pupil came to the school; newcomers are
-- invited to the meetings that name them.
ALTER TABLE pupils ADD COLUMN enrolled_on TEXT;

CREATE TABLE meetings (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused: outbox keys name it
    plan_key            TEXT NOT NULL UNIQUE,        -- the year plan's id
    topic               TEXT NOT NULL
        CHECK (topic IN ('milestones', 'work-attitude', 'school-system', 'own')),
    title               TEXT NOT NULL DEFAULT '',    -- the school's own, for its language
    titles              TEXT NOT NULL DEFAULT '{}',  -- JSON: language -> title
    starts_at           TEXT NOT NULL,
    minutes             INTEGER NOT NULL CHECK (minutes BETWEEN 15 AND 240),
    place               TEXT NOT NULL DEFAULT '',
    newcomer_months     INTEGER CHECK (newcomer_months IS NULL OR newcomer_months BETWEEN 1 AND 24),
    childcare           INTEGER NOT NULL DEFAULT 0 CHECK (childcare IN (0, 1)),
    interpreters        TEXT NOT NULL DEFAULT '',    -- language codes, comma-separated
    invitations_from    TEXT NOT NULL,
    rsvp_closes_at      TEXT NOT NULL,
    organiser_staff_id  INTEGER REFERENCES staff (id),
    summary             TEXT NOT NULL DEFAULT '',    -- the organiser's own words afterwards
    summary_language    TEXT,
    summary_sent_at     TEXT,
    cancelled_at        TEXT,
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    CHECK (rsvp_closes_at <= starts_at),
    CHECK (invitations_from < rsvp_closes_at)
);

CREATE TABLE meeting_groups (
    meeting_id  INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    group_id    INTEGER NOT NULL REFERENCES class_groups (id),
    PRIMARY KEY (meeting_id, group_id)
);

-- One answer per meeting and guardian, changeable until the RSVP deadline.
CREATE TABLE meeting_replies (
    meeting_id   INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    guardian_id  INTEGER NOT NULL REFERENCES guardians (id),
    answer       TEXT NOT NULL CHECK (answer IN ('yes', 'maybe', 'no')),
    adults       INTEGER NOT NULL DEFAULT 1 CHECK (adults BETWEEN 1 AND 4),
    childcare    TEXT NOT NULL DEFAULT '',           -- one age band per child, comma-separated
    interpreter  TEXT,                               -- language code; NULL: none wanted
    step         TEXT,                               -- the question being asked; NULL: done
    answered_at  TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    PRIMARY KEY (meeting_id, guardian_id)
);

-- Who came, registered by the organiser on the day.
CREATE TABLE meeting_attendance (
    meeting_id   INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    guardian_id  INTEGER NOT NULL REFERENCES guardians (id),
    present      INTEGER NOT NULL CHECK (present IN (0, 1)),
    recorded_by  INTEGER NOT NULL REFERENCES staff (id),
    recorded_at  TEXT NOT NULL,
    PRIMARY KEY (meeting_id, guardian_id)
);
