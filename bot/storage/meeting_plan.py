"""The year plan's meetings written to the database, found again by their plan id."""

from __future__ import annotations

import json

import aiosqlite

from bot.domain.clock import to_db
from bot.domain.meeting_plan import PlannedMeeting
from bot.storage.rows import first_row


async def save_meeting(
    conn: aiosqlite.Connection,
    planned: PlannedMeeting,
    group_ids: list[int],
    organiser_staff_id: int | None,
    now: str,
) -> int:
    """Insert or update a meeting by its plan key, back in the plan if it was cancelled;
    returns its id. Answers, attendance and the summary are kept."""
    values = (
        planned.topic.value,
        planned.title,
        json.dumps(dict(planned.titles), ensure_ascii=False, sort_keys=True),
        to_db(planned.starts_at),
        planned.minutes,
        planned.place,
        planned.newcomer_months,
        int(planned.childcare),
        ",".join(planned.interpreters),
        to_db(planned.invitations_from),
        to_db(planned.rsvp_closes_at),
        organiser_staff_id,
    )
    row = await first_row(
        conn,
        "INSERT INTO meetings (plan_key, topic, title, titles, starts_at, minutes, place,"
        " newcomer_months, childcare, interpreters, invitations_from, rsvp_closes_at,"
        " organiser_staff_id, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (plan_key) DO UPDATE SET topic = excluded.topic, title = excluded.title,"
        " titles = excluded.titles, starts_at = excluded.starts_at, minutes = excluded.minutes,"
        " place = excluded.place, newcomer_months = excluded.newcomer_months,"
        " childcare = excluded.childcare, interpreters = excluded.interpreters,"
        " invitations_from = excluded.invitations_from,"
        " rsvp_closes_at = excluded.rsvp_closes_at,"
        " organiser_staff_id = excluded.organiser_staff_id, cancelled_at = NULL,"
        " updated_at = excluded.updated_at"
        " RETURNING id",
        (planned.key, *values, now, now),
    )
    assert row is not None  # RETURNING always yields the inserted or updated row
    meeting_id = int(row[0])
    await conn.execute("DELETE FROM meeting_groups WHERE meeting_id = ?", (meeting_id,))
    await conn.executemany(
        "INSERT INTO meeting_groups (meeting_id, group_id) VALUES (?, ?)",
        [(meeting_id, group_id) for group_id in group_ids],
    )
    return meeting_id


async def cancel_meeting(conn: aiosqlite.Connection, meeting_id: int, now: str) -> None:
    """Invitations went out: the meeting stays, with its answers, marked as not happening."""
    await conn.execute(
        "UPDATE meetings SET cancelled_at = ?, updated_at = ? WHERE id = ?",
        (now, now, meeting_id),
    )


async def delete_meeting(conn: aiosqlite.Connection, meeting_id: int) -> None:
    """Nobody was invited yet, so nothing needs to be kept."""
    await conn.execute("DELETE FROM meetings WHERE id = ?", (meeting_id,))
