-- Teachers add hours and block times from Telegram; the year plan must not undo that.

-- 'plan': cut from the year plan (re-applying the plan manages these);
-- 'teacher': added by the teacher in Telegram (the plan leaves these alone).
ALTER TABLE slots ADD COLUMN source TEXT NOT NULL DEFAULT 'plan'
    CHECK (source IN ('plan', 'teacher'));

-- A blocked time is not offered to parents; the teacher can free it again.
ALTER TABLE slots ADD COLUMN blocked INTEGER NOT NULL DEFAULT 0 CHECK (blocked IN (0, 1));
