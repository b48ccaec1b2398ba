-- The people the bot may write to unasked: linked, active and not refused by Telegram.
-- When the next notification falls due and how many wait are asked from these people's
-- side (each one's pending rows through `outbox_recipient`), so the rows that wait for
-- parents who have not linked yet — most of them while a round has just opened at a
-- school board — are never read.
CREATE INDEX guardians_reachable ON guardians (id)
    WHERE active = 1 AND unreachable_at IS NULL AND telegram_chat_id IS NOT NULL;
CREATE INDEX staff_reachable ON staff (id)
    WHERE active = 1 AND unreachable_at IS NULL AND telegram_chat_id IS NOT NULL;

-- Unused: `outbox_status (status, not_before)` serves every query in due order.
DROP INDEX outbox_due;

-- Counting the rows that wait (those without an expiry too) from the index alone; expiring
-- stale rows searches it as before.
DROP INDEX outbox_pending_expiry;
CREATE INDEX outbox_pending_expiry ON outbox (status, expires_at) WHERE status = 'pending';
