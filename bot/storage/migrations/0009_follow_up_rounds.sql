-- A follow-up talk is a round the teacher opens for one pupil after a talk.
-- A round with rows here is for these pupils only; without, for its whole groups.
CREATE TABLE round_pupils (
    round_id  INTEGER NOT NULL REFERENCES rounds (id),
    pupil_id  INTEGER NOT NULL REFERENCES pupils (id),
    PRIMARY KEY (round_id, pupil_id)
);

-- The follow-up round opened from this talk's record, once the teacher gave times.
ALTER TABLE talk_records ADD COLUMN follow_up_round_id INTEGER REFERENCES rounds (id);
