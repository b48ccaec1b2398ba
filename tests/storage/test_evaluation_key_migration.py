"""Evaluation reminders sent under the old per-version key are not planned again after the
key became per evaluation date."""

import sqlite3
from datetime import UTC, datetime

from bot.storage import outbox
from bot.storage.database import Database
from bot.storage.migrations import available_migrations

BEFORE_THE_NEW_KEY = 10


def legacy_database(path) -> None:
    """Schema 10, with a sent record (talk 5, evaluation on 20 January) and its reminders:
    version 1's sent to parent 3 and teacher 7, version 2's still waiting for parent 3."""
    with sqlite3.connect(path) as conn:
        for number, sql in available_migrations()[:BEFORE_THE_NEW_KEY]:
            conn.executescript(f"{sql}\nPRAGMA user_version = {number};")
        conn.execute(
            "INSERT INTO talk_records (booking_id, staff_id, held, evaluate_on, version,"
            " created_at) VALUES (5, 7, 1, '2027-01-20', 2, 'x')"
        )
        conn.executemany(
            "INSERT INTO outbox (recipient_kind, recipient_id, kind, params, not_before,"
            " dedup_key, status, created_at) VALUES (?, ?, 'evaluation', '{\"booking_id\": 5}',"
            " '2027-01-20T08:00:00+00:00', ?, ?, 'x')",
            [
                ("guardian", 3, "evaluate:5:v1:guardian:3", "sent"),
                ("staff", 7, "evaluate:5:v1:staff:7", "sent"),
                ("guardian", 3, "evaluate:5:v2:guardian:3", "pending"),
            ],
        )


async def test_sent_reminders_take_the_new_key_and_are_not_queued_again(tmp_path):
    path = tmp_path / "legacy.sqlite3"
    legacy_database(path)
    db = await Database.open(path)
    try:
        now = datetime(2027, 1, 20, 9, 30, tzinfo=UTC)
        async with db.transaction() as conn:
            queued = [
                await outbox.enqueue(
                    conn,
                    recipient_kind=kind,
                    recipient_id=person,
                    kind="evaluation",
                    params={"booking_id": 5, "evaluate_on": "2027-01-20"},
                    not_before=now,
                    dedup_key=f"evaluate:5:2027-01-20:{kind}:{person}",
                    now=now,
                )
                for kind, person in (("guardian", 3), ("staff", 7), ("guardian", 4))
            ]
    finally:
        await db.close()
    assert queued == [False, False, True]  # parent 4 never had one
