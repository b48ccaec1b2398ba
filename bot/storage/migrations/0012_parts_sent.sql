-- How many parts of a long notification Telegram has taken. After a failure or a crash
-- between parts, delivery goes on with the next part: the rest is never lost, and only
-- the part in flight may repeat.
ALTER TABLE outbox ADD COLUMN parts_sent INTEGER NOT NULL DEFAULT 0;
