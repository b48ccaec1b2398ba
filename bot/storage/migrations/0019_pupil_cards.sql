-- The child's own card before the talk (seed 002, kindgesprek), filled in with a parent on
-- the parent's phone: one card per round, pupil and the parent who helped, saved item by
-- item so it resumes where it stopped. The child's personal data (AVG/GDPR): exported and
-- erased with that parent, and purged with the round's answers.

-- The year plan may choose the card per round: young, middle, advice or off (NULL: by groep).
ALTER TABLE rounds ADD COLUMN pupil_card TEXT
    CHECK (pupil_card IS NULL OR pupil_card IN ('young', 'middle', 'advice', 'off'));

CREATE TABLE pupil_cards (
    round_id      INTEGER NOT NULL REFERENCES rounds (id),
    pupil_id      INTEGER NOT NULL REFERENCES pupils (id),
    guardian_id   INTEGER NOT NULL REFERENCES guardians (id),
    band          TEXT NOT NULL CHECK (band IN ('young', 'middle', 'advice')),
    language      TEXT NOT NULL,                   -- the language the child's words are in
    current       TEXT,                            -- the item being answered; NULL: the end
    updated_at    TEXT NOT NULL,
    submitted_at  TEXT,                            -- when the teacher was last sent it
    PRIMARY KEY (round_id, pupil_id, guardian_id)
);

CREATE TABLE pupil_card_items (
    round_id       INTEGER NOT NULL,
    pupil_id       INTEGER NOT NULL,
    guardian_id    INTEGER NOT NULL,
    item           TEXT NOT NULL,                  -- the item's key
    pictures       TEXT NOT NULL DEFAULT '',       -- pressed picture keys, comma-separated
    text           TEXT NOT NULL DEFAULT '',       -- the child's own words
    voice_file_id  TEXT,                           -- the child's voice, recorded by the parent
    skipped        INTEGER NOT NULL DEFAULT 0 CHECK (skipped IN (0, 1)),
    answered_at    TEXT NOT NULL,
    PRIMARY KEY (round_id, pupil_id, guardian_id, item),
    FOREIGN KEY (round_id, pupil_id, guardian_id)
        REFERENCES pupil_cards (round_id, pupil_id, guardian_id) ON DELETE CASCADE
);
