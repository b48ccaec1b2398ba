-- Indexes for the outbox's hot queries, so each reads only the rows it needs instead of
-- every pending row (at 20,000 families most rows wait for parents who have not linked).
-- The three partial ones hold pending rows only, so they stay small however long the outbox
-- grows; each leads with `status`, or SQLite would rather walk every pending row through
-- `outbox_status (status, not_before)`.

-- Withdrawing pending notifications by the start of their key (a cancelled booking's
-- reminders): a range of keys.
CREATE INDEX outbox_pending_key ON outbox (status, dedup_key) WHERE status = 'pending';

-- Expiring stale notifications: only those whose moment has passed.
CREATE INDEX outbox_pending_expiry ON outbox (status, expires_at)
    WHERE status = 'pending' AND expires_at IS NOT NULL;

-- Releasing the messages held for a machine translation: only those.
CREATE INDEX outbox_held ON outbox (status, held_for_translation)
    WHERE status = 'pending' AND held_for_translation = 1;

-- One person's due notifications in the order they go out (delivery right after linking).
DROP INDEX outbox_recipient;
CREATE INDEX outbox_recipient ON outbox (recipient_kind, recipient_id, status, not_before);
