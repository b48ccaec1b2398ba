-- The evaluation reminder is planned once per talk, evaluation date and person
-- (evaluate:<booking>:<date>:<kind>:<id>), no longer once per version of the record, which
-- brought a corrected record's agreements back twice. Reminders already sent take the new
-- key, so they are not planned again; those still waiting under the old key are withdrawn
-- when their time comes, and the planner queues them again under the new one.
UPDATE OR IGNORE outbox
SET dedup_key = 'evaluate:' || json_extract(params, '$.booking_id') || ':'
        || (SELECT r.evaluate_on FROM talk_records r
            WHERE r.booking_id = json_extract(outbox.params, '$.booking_id'))
        || ':' || recipient_kind || ':' || recipient_id
WHERE kind = 'evaluation' AND status = 'sent' AND dedup_key GLOB 'evaluate:*:v[0-9]*:*';
