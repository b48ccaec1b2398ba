"""Rounds, their groups and slots: written by the year plan, read as one `Round` by booking,
the views and the reminder planner."""

from __future__ import annotations

import json
from datetime import datetime

import aiosqlite

from bot.domain.clock import from_db, to_db
from bot.domain.rounds import BookingScope, Round, Slot, TalkForm, TalkKind
from bot.domain.timing import Offset, parse_offsets
from bot.domain.year_plan import PlannedRound
from bot.storage.rows import first_row

_ROUND_COLUMNS = """
    r.id, r.plan_key, r.kind, r.title, r.titles, r.slot_minutes, r.buffer_minutes, r.form, r.place,
    r.pupil_joins_from_grade, r.pupil_may_join, r.booking_opens_at, r.booking_closes_at,
    r.cancel_cutoff_hours, r.booking_scope, r.nudge_after, r.reminder_offsets, r.pupil_card,
    (SELECT group_concat(rg.group_id) FROM round_groups rg WHERE rg.round_id = r.id)
        AS group_ids,
    (SELECT group_concat(rp.pupil_id) FROM round_pupils rp WHERE rp.round_id = r.id)
        AS only_pupils,
    (SELECT min(starts_at) FROM slots s WHERE s.round_id = r.id AND s.active = 1) AS first_talk,
    (SELECT max(starts_at) FROM slots s WHERE s.round_id = r.id AND s.active = 1) AS last_talk,
    (SELECT max(ends_at) FROM slots s WHERE s.round_id = r.id AND s.active = 1) AS talks_end
"""


def _round(row: aiosqlite.Row) -> Round:
    return Round(
        id=row["id"],
        plan_key=row["plan_key"],
        kind=TalkKind(row["kind"]),
        title=row["title"],
        titles=tuple(sorted(json.loads(row["titles"]).items())),
        slot_minutes=row["slot_minutes"],
        buffer_minutes=row["buffer_minutes"],
        form=TalkForm(row["form"]),
        place=row["place"],
        pupil_joins_from_grade=row["pupil_joins_from_grade"],
        pupil_may_join=bool(row["pupil_may_join"]),
        booking_opens_at=from_db(row["booking_opens_at"]),
        booking_closes_at=from_db(row["booking_closes_at"]),
        cancel_cutoff_hours=row["cancel_cutoff_hours"],
        booking_scope=BookingScope(row["booking_scope"]),
        group_ids=_ids(row["group_ids"]),
        first_talk=_moment(row["first_talk"]),
        last_talk=_moment(row["last_talk"]),
        talks_end=_moment(row["talks_end"]),
        pupil_card=row["pupil_card"],
        nudge_after=_offsets(row["nudge_after"]),
        reminder_offsets=_offsets(row["reminder_offsets"]),
        only_pupils=_ids(row["only_pupils"]),
    )


def _ids(text: str | None) -> frozenset[int]:
    return frozenset(int(i) for i in text.split(",")) if text else frozenset()


def _moment(text: str | None) -> datetime | None:
    return from_db(text) if text else None


def _offsets(text: str | None) -> tuple[Offset, ...] | None:
    return parse_offsets(text) if text is not None else None


def _slot(row: aiosqlite.Row) -> Slot:
    return Slot(
        row["id"],
        row["round_id"],
        row["staff_id"],
        from_db(row["starts_at"]),
        from_db(row["ends_at"]),
        row["place"],
    )


async def load_round(conn: aiosqlite.Connection, round_id: int) -> Round | None:
    sql = f"SELECT {_ROUND_COLUMNS} FROM rounds r WHERE r.id = ?"
    row = await first_row(conn, sql, (round_id,))
    return _round(row) if row else None


async def load_rounds(conn: aiosqlite.Connection) -> list[Round]:
    sql = f"SELECT {_ROUND_COLUMNS} FROM rounds r ORDER BY r.booking_opens_at, r.id"
    rows = await conn.execute_fetchall(sql)
    return [_round(row) for row in rows]


async def round_ids_by_key(conn: aiosqlite.Connection) -> dict[str, int]:
    rows = await conn.execute_fetchall("SELECT plan_key, id FROM rounds")
    return {row["plan_key"]: row["id"] for row in rows}


async def save_round(
    conn: aiosqlite.Connection, planned: PlannedRound, group_ids: list[int], now: str
) -> int:
    """Insert or update a round by its plan key; returns its id."""
    values = (
        planned.kind.value,
        planned.title,
        json.dumps(dict(planned.titles), ensure_ascii=False, sort_keys=True),
        planned.slot_minutes,
        planned.buffer_minutes,
        planned.form.value,
        planned.place,
        planned.pupil_joins_from_grade,
        int(planned.pupil_may_join),
        to_db(planned.booking_opens_at),
        to_db(planned.booking_closes_at),
        planned.cancel_cutoff_hours,
        planned.booking_scope.value,
        planned.pupil_card,
    )
    await conn.execute(
        "INSERT INTO rounds (plan_key, kind, title, titles, slot_minutes, buffer_minutes, form,"
        " place, pupil_joins_from_grade, pupil_may_join, booking_opens_at, booking_closes_at,"
        " cancel_cutoff_hours, booking_scope, pupil_card, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (plan_key) DO UPDATE SET kind = excluded.kind, title = excluded.title,"
        " titles = excluded.titles,"
        " slot_minutes = excluded.slot_minutes, buffer_minutes = excluded.buffer_minutes,"
        " form = excluded.form, place = excluded.place,"
        " pupil_joins_from_grade = excluded.pupil_joins_from_grade,"
        " pupil_may_join = excluded.pupil_may_join,"
        " booking_opens_at = excluded.booking_opens_at,"
        " booking_closes_at = excluded.booking_closes_at,"
        " cancel_cutoff_hours = excluded.cancel_cutoff_hours,"
        " booking_scope = excluded.booking_scope, pupil_card = excluded.pupil_card,"
        " updated_at = excluded.updated_at",
        (planned.key, *values, now, now),
    )
    round_id = (await round_ids_by_key(conn))[planned.key]
    await conn.execute("DELETE FROM round_groups WHERE round_id = ?", (round_id,))
    await conn.executemany(
        "INSERT INTO round_groups (round_id, group_id) VALUES (?, ?)",
        [(round_id, group_id) for group_id in group_ids],
    )
    return round_id


async def plan_slots(conn: aiosqlite.Connection, round_id: int) -> list[Slot]:
    """The round's active slots that came from the year plan (not a teacher's own)."""
    sql = (
        "SELECT id, round_id, staff_id, starts_at, ends_at, place FROM slots"
        " WHERE round_id = ? AND active = 1 AND source = 'plan' ORDER BY starts_at, staff_id"
    )
    rows = await conn.execute_fetchall(sql, (round_id,))
    return [_slot(row) for row in rows]


async def staff_slot_at(
    conn: aiosqlite.Connection, staff_id: int, starts_at: datetime
) -> tuple[int, int, bool] | None:
    """(slot id, round id, active) of a teacher's slot starting then, in any round."""
    sql = "SELECT id, round_id, active FROM slots WHERE staff_id = ? AND starts_at = ?"
    row = await first_row(conn, sql, (staff_id, to_db(starts_at)))
    return (row["id"], row["round_id"], bool(row["active"])) if row else None


async def upsert_slot(
    conn: aiosqlite.Connection,
    round_id: int,
    staff_id: int,
    starts_at: datetime,
    ends_at: datetime,
    place: str,
    *,
    source: str = "plan",
) -> None:
    """A talk time from the plan, or one the teacher added in Telegram ('teacher': the
    plan then leaves it alone, and adding a time again frees it if it was blocked)."""
    await conn.execute(
        "INSERT INTO slots (round_id, staff_id, starts_at, ends_at, place, source)"
        " VALUES (?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (staff_id, starts_at) DO UPDATE SET round_id = excluded.round_id,"
        " ends_at = excluded.ends_at, place = excluded.place, active = 1,"
        " blocked = CASE WHEN excluded.source = 'teacher' THEN 0 ELSE blocked END,"
        " source = CASE WHEN excluded.source = 'teacher' THEN 'teacher' ELSE source END",
        (round_id, staff_id, to_db(starts_at), to_db(ends_at), place, source),
    )


async def deactivate_slots(conn: aiosqlite.Connection, slot_ids: list[int]) -> None:
    await conn.executemany("UPDATE slots SET active = 0 WHERE id = ?", [(i,) for i in slot_ids])


async def booked_slot_ids(conn: aiosqlite.Connection, round_id: int) -> set[int]:
    sql = "SELECT slot_id FROM bookings WHERE round_id = ? AND status = 'active'"
    rows = await conn.execute_fetchall(sql, (round_id,))
    return {row["slot_id"] for row in rows}


async def overlapping_slot(
    conn: aiosqlite.Connection, staff_id: int, starts_at: datetime, ends_at: datetime
) -> bool:
    """Whether the teacher already has an active talk time overlapping this one."""
    sql = "SELECT 1 FROM slots WHERE staff_id = ? AND active = 1 AND starts_at < ? AND ends_at > ?"
    return await first_row(conn, sql, (staff_id, to_db(ends_at), to_db(starts_at))) is not None


async def teacher_place(conn: aiosqlite.Connection, staff_id: int, round_id: int) -> str:
    """Where this teacher holds the round's talks (their latest slot's place), or ''."""
    sql = (
        "SELECT place FROM slots WHERE staff_id = ? AND round_id = ? AND active = 1"
        " ORDER BY starts_at DESC LIMIT 1"
    )
    row = await first_row(conn, sql, (staff_id, round_id))
    return row["place"] if row else ""


async def set_blocked(conn: aiosqlite.Connection, slot_id: int, blocked: bool) -> None:
    await conn.execute("UPDATE slots SET blocked = ? WHERE id = ?", (int(blocked), slot_id))


async def slot_state(
    conn: aiosqlite.Connection, slot_id: int, staff_id: int
) -> tuple[bool, bool] | None:
    """(blocked, booked) of one of the teacher's own active slots, or None."""
    sql = (
        "SELECT s.blocked, EXISTS (SELECT 1 FROM bookings b WHERE b.slot_id = s.id"
        " AND b.status = 'active') AS booked FROM slots s"
        " WHERE s.id = ? AND s.staff_id = ? AND s.active = 1"
    )
    row = await first_row(conn, sql, (slot_id, staff_id))
    return (bool(row["blocked"]), bool(row["booked"])) if row else None


async def groups_taught(conn: aiosqlite.Connection, staff_id: int) -> dict[str, int]:
    """The ids of the groups a staff member teaches, by name."""
    sql = """
        SELECT g.name, g.id FROM staff_groups sg JOIN class_groups g ON g.id = sg.group_id
        JOIN staff s ON s.id = sg.staff_id AND s.active = 1 WHERE sg.staff_id = ?
    """
    rows = await conn.execute_fetchall(sql, (staff_id,))
    return {row["name"]: row["id"] for row in rows}


async def latest_round_of_group(conn: aiosqlite.Connection, group_id: int) -> Round | None:
    """The most recent round a group took part in: the school's usual settings for it."""
    sql = f"""
        SELECT {_ROUND_COLUMNS} FROM rounds r JOIN round_groups rg ON rg.round_id = r.id
        WHERE rg.group_id = ? ORDER BY r.booking_opens_at DESC, r.id DESC LIMIT 1
    """
    row = await first_row(conn, sql, (group_id,))
    return _round(row) if row else None
