-- Messages between parents and teachers. A conversation is about one pupil and started by
-- one parent (or by their question about the agreements); the teachers it was sent to are
-- kept, and every message — typed or a voice note, from either side — is a row, with the
-- language it was written in and when it reaches its readers (a parent's message written
-- outside the teachers' working hours waits for the start of the next working period).
CREATE TABLE conversations (
    id          INTEGER PRIMARY KEY,
    pupil_id    INTEGER NOT NULL REFERENCES pupils (id),
    guardian_id INTEGER NOT NULL REFERENCES guardians (id),
    -- general: the parent's own family only; talk, agreements: the child's other parents
    -- also read the teacher's answers.
    topic       TEXT NOT NULL CHECK (topic IN ('general', 'talk', 'agreements')),
    booking_id  INTEGER REFERENCES bookings (id),
    created_at  TEXT NOT NULL
);
CREATE INDEX conversations_by_pupil ON conversations (pupil_id);
CREATE INDEX conversations_by_guardian ON conversations (guardian_id);

CREATE TABLE conversation_staff (
    conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    staff_id        INTEGER NOT NULL REFERENCES staff (id),
    PRIMARY KEY (conversation_id, staff_id)
);

CREATE TABLE conversation_messages (
    id              INTEGER PRIMARY KEY,
    conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    author_kind     TEXT NOT NULL CHECK (author_kind IN ('guardian', 'staff')),
    author_id       INTEGER NOT NULL,
    text            TEXT NOT NULL DEFAULT '',
    voice_file_id   TEXT,
    language        TEXT NOT NULL,
    urgent          INTEGER NOT NULL DEFAULT 0,
    reaches_at      TEXT NOT NULL,
    created_at      TEXT NOT NULL
);
CREATE INDEX conversation_messages_by_conversation ON conversation_messages (conversation_id);
CREATE INDEX conversation_messages_by_arrival ON conversation_messages (reaches_at);
