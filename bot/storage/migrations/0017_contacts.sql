-- Contact details, and a parent's "I can't come" before a talk.
--
-- A staff member's phone number, from the staff file's optional `telefoon`/`phone` column:
-- shown to the parents of their pupils by /contact and where a message says to contact
-- the teacher. Empty: none given (parents are pointed to the school's phone instead).
ALTER TABLE staff ADD COLUMN phone TEXT NOT NULL DEFAULT '';

-- A parent told the bot they cannot come to a talk: why (a fixed key, never free text —
-- "ill" is about health, so nothing more is asked), and what they want: choose another
-- time or be called by the teacher (NULL until they pressed one). One row per booking and
-- parent: pressing again changes the row, and the teacher's notice reads it at send time.
CREATE TABLE cant_come (
    id           INTEGER PRIMARY KEY,
    booking_id   INTEGER NOT NULL REFERENCES bookings (id),
    guardian_id  INTEGER NOT NULL REFERENCES guardians (id),
    reason       TEXT NOT NULL CHECK (reason IN ('ill', 'work', 'other')),
    wish         TEXT CHECK (wish IN ('move', 'call')),
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    UNIQUE (booking_id, guardian_id)
);
CREATE INDEX cant_come_guardian ON cant_come (guardian_id);
