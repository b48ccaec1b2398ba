-- Parents' answers before a talk: saved one by one as they are given, so a half-answered
-- questionnaire resumes where it stopped, also after a restart. Sensitive (AVG/GDPR):
-- exported and erased with the parent (parentbot privacy).

CREATE TABLE answers (
    id             INTEGER PRIMARY KEY,
    round_id       INTEGER NOT NULL REFERENCES rounds (id),
    pupil_id       INTEGER NOT NULL REFERENCES pupils (id),
    guardian_id    INTEGER NOT NULL REFERENCES guardians (id),
    question       TEXT NOT NULL,                  -- the question's key
    text           TEXT NOT NULL DEFAULT '',
    voice_file_id  TEXT,                           -- a voice note given as the answer
    skipped        INTEGER NOT NULL DEFAULT 0 CHECK (skipped IN (0, 1)),
    answered_at    TEXT NOT NULL,
    UNIQUE (round_id, pupil_id, guardian_id, question)
);

CREATE TABLE questionnaires (
    round_id      INTEGER NOT NULL REFERENCES rounds (id),
    pupil_id      INTEGER NOT NULL REFERENCES pupils (id),
    guardian_id   INTEGER NOT NULL REFERENCES guardians (id),
    current       TEXT,                            -- the question being answered, or NULL
    reviewing     INTEGER NOT NULL DEFAULT 0 CHECK (reviewing IN (0, 1)),
    submitted_at  TEXT,
    PRIMARY KEY (round_id, pupil_id, guardian_id)
);
