-- Delivery: people Telegram refuses to reach, and per-round reminder timing.

-- Set when Telegram answered 403 (blocked) or "chat not found"; cleared when the person
-- opens their link again. Their notifications wait meanwhile and their teacher is told.
ALTER TABLE guardians ADD COLUMN unreachable_at TEXT;
ALTER TABLE staff ADD COLUMN unreachable_at TEXT;

-- The year plan may override the settings' defaults for one round, e.g. '3d,6d' or
-- '7d,1d,2h'; NULL uses NUDGE_AFTER and REMINDER_OFFSETS.
ALTER TABLE rounds ADD COLUMN nudge_after TEXT;
ALTER TABLE rounds ADD COLUMN reminder_offsets TEXT;

-- The deliverer picks due rows in order; the admin lists problems by status.
CREATE INDEX outbox_status ON outbox (status, not_before);
