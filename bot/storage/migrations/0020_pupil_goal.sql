-- The child's own goal among the agreements (seed 002, kindgesprek: the child sets a goal
-- and says what is needed), and on the evaluation date the child's own answers to Hattie's
-- feedback questions, pressed on a parent's phone.

-- NULL: an ordinary agreement. Else the agreement is the pupil's own goal, and this holds
-- the card's pictures it came with (JSON: what it is about, who can help; empty when the
-- teacher typed the goal as the child said it). Only a pupil's agreement, one per talk.
ALTER TABLE agreements ADD COLUMN child_goal TEXT CHECK (child_goal IS NULL OR owner = 'pupil');
CREATE UNIQUE INDEX agreements_child_goal ON agreements (booking_id) WHERE child_goal IS NOT NULL;

-- "How far am I?" and "What is my next step?", answered by the child on a parent's phone.
CREATE TABLE child_goal_answers (
    agreement_id  INTEGER NOT NULL REFERENCES agreements (id),
    guardian_id   INTEGER NOT NULL REFERENCES guardians (id),  -- whose phone it was pressed on
    question      TEXT NOT NULL,
    answer        TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    PRIMARY KEY (agreement_id, guardian_id, question),
    CHECK (
        (question = 'how_far' AND answer IN ('started', 'on_my_way', 'reached'))
        OR (question = 'next_step' AND answer IN ('keep_going', 'a_bit_more', 'new_goal'))
    )
);
