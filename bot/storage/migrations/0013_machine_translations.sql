-- Machine translations of free text (a teacher's own agreement, a parent's answer), when
-- the school configured an engine. One row per text, source and target language, so each
-- text is translated once however many readers it has; the original is kept with it.
CREATE TABLE machine_translations (
    id INTEGER PRIMARY KEY,
    text_sha256 TEXT NOT NULL,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    original TEXT NOT NULL,
    -- Names kept out of the engine (children, teachers, places): a JSON list.
    protected TEXT NOT NULL DEFAULT '[]',
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'failed')),
    translation TEXT,
    engine TEXT,
    UNIQUE (text_sha256, source, target)
);
CREATE INDEX machine_translations_pending ON machine_translations (status);

-- A notification that shows free text waits a little for its translation: its not_before
-- is pushed back and this flag set; the translator releases it (translated or not).
ALTER TABLE outbox ADD COLUMN held_for_translation INTEGER NOT NULL DEFAULT 0;

-- The engine this bot runs with, written at start-up from TRANSLATION_ENGINE (no row: off).
-- Free text is only held for a translation while an engine is there to make it.
CREATE TABLE machine_translation_engine (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    name TEXT NOT NULL
);
