"""What goes back to the school's own records: sent agreements with how they went, and the
booked talks for the school's calendar. Reads only; the exports shape and write them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from bot.domain.clock import from_db, to_db
from bot.storage.rows import first_row

_PUPIL_NAME = "p.first_name || ' ' || trim(p.name_prefix || ' ' || p.last_name)"


@dataclass(frozen=True)
class SentTalk:
    """A held talk whose agreements were sent to the parents, with its pupil as the
    school's administration knows them (the leerlingnummer, the group they are in now)."""

    booking_id: int
    round_id: int
    pupil_id: int
    pupil_number: str
    pupil_name: str
    group: str
    household: str
    teacher: str
    starts_at: datetime
    sent_at: datetime


async def sent_talks(
    conn: aiosqlite.Connection, *, group: str | None, since: datetime | None
) -> list[SentTalk]:
    """Held talks with sent agreements, per pupil in time order; `group` (a canonical
    name) and `since` (the first moment wanted) leave the others out."""
    sql = f"""
        SELECT b.id, b.round_id, b.pupil_id, b.household, p.external_id,
               {_PUPIL_NAME} AS pupil_name, g.name AS group_name, st.name AS teacher,
               s.starts_at, r.sent_at
        FROM talk_records r
        JOIN bookings b ON b.id = r.booking_id
        JOIN slots s ON s.id = b.slot_id
        JOIN staff st ON st.id = s.staff_id
        JOIN pupils p ON p.id = b.pupil_id
        JOIN class_groups g ON g.id = p.group_id
        WHERE r.held = 1 AND r.version > 0
          AND (? IS NULL OR g.name = ?) AND (? IS NULL OR s.starts_at >= ?)
        ORDER BY p.external_id, s.starts_at
    """
    moment = to_db(since) if since is not None else None
    rows = await conn.execute_fetchall(sql, (group, group, moment, moment))
    return [
        SentTalk(
            row["id"],
            row["round_id"],
            row["pupil_id"],
            row["external_id"],
            row["pupil_name"],
            row["group_name"],
            row["household"],
            row["teacher"],
            from_db(row["starts_at"]),
            from_db(row["sent_at"]),
        )
        for row in rows
    ]


@dataclass(frozen=True)
class ParentMark:
    """How an agreement went in one parent's eyes, marked on the evaluation date."""

    agreement_id: int
    parent: str
    status: str  # done, going_well or attention
    at: datetime


async def parent_marks(conn: aiosqlite.Connection, booking_id: int) -> list[ParentMark]:
    sql = """
        SELECT p.agreement_id, g.name, p.status, p.created_at FROM agreement_progress p
        JOIN agreements a ON a.id = p.agreement_id JOIN guardians g ON g.id = p.guardian_id
        WHERE a.booking_id = ? ORDER BY p.created_at, g.name
    """
    rows = await conn.execute_fetchall(sql, (booking_id,))
    return [ParentMark(row[0], row[1], row[2], from_db(row[3])) for row in rows]


async def child_answers(conn: aiosqlite.Connection, agreement_id: int) -> dict[str, str]:
    """question -> the child's latest answer about their own goal, on whichever parent's
    phone they pressed it."""
    sql = """
        SELECT question, answer FROM child_goal_answers WHERE agreement_id = ?
        ORDER BY created_at
    """
    rows = await conn.execute_fetchall(sql, (agreement_id,))
    return {row["question"]: row["answer"] for row in rows}


@dataclass(frozen=True)
class Reading:
    """A parent who receives the agreements, and when they last pressed Understood."""

    parent: str
    understood_at: datetime | None


async def readings(
    conn: aiosqlite.Connection, booking_id: int, pupil_id: int, household: str
) -> list[Reading]:
    """The pupil's active parents (of the talk's household, when it was booked per
    household), by name, with their last Understood."""
    sql = """
        SELECT g.name, a.understood_at FROM pupil_guardians l
        JOIN guardians g ON g.id = l.guardian_id
        LEFT JOIN agreement_replies a ON a.guardian_id = g.id AND a.booking_id = ?
        WHERE l.pupil_id = ? AND l.active = 1 AND g.active = 1
          AND (? = '' OR l.household = ?)
        ORDER BY g.name
    """
    rows = await conn.execute_fetchall(sql, (booking_id, pupil_id, household, household))
    return [Reading(row[0], from_db(row[1]) if row[1] else None) for row in rows]


async def follow_up_talk(
    conn: aiosqlite.Connection, round_id: int, pupil_id: int
) -> datetime | None:
    """When the pupil's talk in a follow-up round is booked, if it is."""
    sql = """
        SELECT s.starts_at FROM bookings b JOIN slots s ON s.id = b.slot_id
        WHERE b.round_id = ? AND b.pupil_id = ? AND b.status = 'active'
        ORDER BY s.starts_at LIMIT 1
    """
    row = await first_row(conn, sql, (round_id, pupil_id))
    return from_db(row[0]) if row else None


@dataclass(frozen=True)
class ScheduledTalk:
    """A booked talk as the school's calendar holds it. `first_booking_id` and `sequence`
    name its calendar entry (the one the parents' files name too), so a moved talk
    replaces its entry when the calendar is imported again."""

    booking_id: int
    first_booking_id: int
    sequence: int
    round_id: int
    staff_id: int
    teacher: str
    starts_at: datetime
    ends_at: datetime
    place: str  # the slot's own place, else the round's
    pupil_number: str
    pupil_name: str
    group: str
    parents: tuple[str, ...]


# A booking as the school's calendar holds it, with its talk's calendar entry at the
# talk's newest version (bot/storage/talk_calendar.py).
_SCHEDULED = f"""
    SELECT b.id, coalesce(b.first_booking_id, b.id) AS first_id,
           (SELECT max(o.calendar_sequence) FROM bookings o
            WHERE o.id = coalesce(b.first_booking_id, b.id)
               OR o.first_booking_id = coalesce(b.first_booking_id, b.id)) AS sequence,
           b.round_id, s.staff_id, st.name AS teacher, s.starts_at, s.ends_at,
           CASE WHEN s.place != '' THEN s.place ELSE r.place END AS place,
           p.external_id, {_PUPIL_NAME} AS pupil_name, g.name AS group_name,
           (SELECT group_concat(name, char(31)) FROM (
                SELECT gd.name FROM pupil_guardians l
                JOIN guardians gd ON gd.id = l.guardian_id
                WHERE l.pupil_id = b.pupil_id AND l.active = 1 AND gd.active = 1
                  AND (b.household = '' OR l.household = b.household)
                ORDER BY gd.name)) AS parents
    FROM bookings b
    JOIN slots s ON s.id = b.slot_id
    JOIN rounds r ON r.id = b.round_id
    JOIN staff st ON st.id = s.staff_id
    JOIN pupils p ON p.id = b.pupil_id
    JOIN class_groups g ON g.id = p.group_id
"""


async def scheduled_talks(conn: aiosqlite.Connection, round_id: int | None) -> list[ScheduledTalk]:
    """Every active booking (of one round, or of all), in time order."""
    sql = f"""{_SCHEDULED}
        WHERE b.status = 'active' AND (? IS NULL OR b.round_id = ?)
        ORDER BY s.starts_at, st.name, s.staff_id
    """
    return await _scheduled(conn, sql, (round_id, round_id))


async def withdrawn_talks(conn: aiosqlite.Connection, round_id: int | None) -> list[ScheduledTalk]:
    """Per teacher, the talks (of one round, or of all) they once had and have no longer:
    cancelled, or moved to another teacher. Each as its last booking with that teacher,
    named by the talk's entry at its newest version, so a teacher's calendar that still
    holds it can drop it. A talk the parents did not come to stays: it had its time."""
    sql = f"""{_SCHEDULED}
        WHERE NOT EXISTS (SELECT 1 FROM talk_records t WHERE t.booking_id = b.id)
          AND b.id IN (
            SELECT max(c.id) FROM bookings c JOIN slots cs ON cs.id = c.slot_id
            WHERE (? IS NULL OR c.round_id = ?)
            GROUP BY coalesce(c.first_booking_id, c.id), cs.staff_id
            HAVING sum(c.status = 'active') = 0)
        ORDER BY s.starts_at, st.name, s.staff_id
    """
    return await _scheduled(conn, sql, (round_id, round_id))


async def _scheduled(
    conn: aiosqlite.Connection, sql: str, params: tuple[int | None, ...]
) -> list[ScheduledTalk]:
    rows = await conn.execute_fetchall(sql, params)
    return [
        ScheduledTalk(
            row["id"],
            row["first_id"],
            row["sequence"],
            row["round_id"],
            row["staff_id"],
            row["teacher"],
            from_db(row["starts_at"]),
            from_db(row["ends_at"]),
            row["place"],
            row["external_id"],
            row["pupil_name"],
            row["group_name"],
            tuple(row["parents"].split("\x1f")) if row["parents"] else (),
        )
        for row in rows
    ]
