-- Where the school leaves it open whether the pupil joins the talk, the parents are
-- asked in the pre-talk questions ("Will your child join the talk?").
ALTER TABLE rounds ADD COLUMN pupil_may_join INTEGER NOT NULL DEFAULT 0
    CHECK (pupil_may_join IN (0, 1));
