"""A meeting put straight into the database, for tests of the flows that read one.

The year plan's `[[meetings]]` is tested on its own; the other tests should not depend on it.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from bot.domain.clock import to_db
from bot.domain.meetings import MeetingTopic
from bot.storage.database import Database


async def add_meeting(
    db: Database,
    *,
    starts_at: datetime,
    groups: tuple[str, ...],
    key: str = "test-meeting",
    topic: MeetingTopic = MeetingTopic.MILESTONES,
    minutes: int = 60,
    place: str = "hall",
    newcomer_months: int | None = None,
    childcare: bool = True,
    interpreters: tuple[str, ...] = ("ar", "tr"),
    invitations_from: datetime | None = None,
    rsvp_closes_at: datetime | None = None,
    organiser_email: str | None = None,
    title: str = "",
    titles: dict[str, str] | None = None,
) -> int:
    """Insert a meeting for these group names; returns its id. Defaults: invitations three
    weeks before, answers until two days before."""
    opens = invitations_from or starts_at - timedelta(days=21)
    closes = rsvp_closes_at or starts_at - timedelta(days=2)
    async with db.transaction() as conn:
        organiser = None
        if organiser_email is not None:
            sql = "SELECT id FROM staff WHERE lower(email) = lower(?)"
            async with conn.execute(sql, (organiser_email,)) as cursor:
                row = await cursor.fetchone()
            assert row is not None, organiser_email
            organiser = row[0]
        cursor = await conn.execute(
            "INSERT INTO meetings (plan_key, topic, title, titles, starts_at, minutes, place,"
            " newcomer_months, childcare, interpreters, invitations_from, rsvp_closes_at,"
            " organiser_staff_id, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                key,
                topic.value,
                title,
                json.dumps(titles or {}, ensure_ascii=False),
                to_db(starts_at),
                minutes,
                place,
                newcomer_months,
                int(childcare),
                ",".join(interpreters),
                to_db(opens),
                to_db(closes),
                organiser,
                to_db(opens),
                to_db(opens),
            ),
        )
        meeting_id = cursor.lastrowid
        assert meeting_id is not None
        for group in groups:
            await conn.execute(
                "INSERT INTO meeting_groups (meeting_id, group_id)"
                " SELECT ?, id FROM class_groups WHERE name = ?",
                (meeting_id, group),
            )
    return meeting_id
