"""A teacher's view: their own talks per day, and who in their groups has not booked."""

from __future__ import annotations

from datetime import datetime

import aiosqlite

from bot.domain.clock import from_db, to_db
from bot.domain.schedule import BookedTalk, ScheduleRow, Unbooked
from bot.storage.round_pupils import PUPIL_IN_ROUND


async def teacher_round_ids(conn: aiosqlite.Connection, staff_id: int) -> list[int]:
    """Rounds in which the teacher has talks, or which cover one of their groups."""
    sql = """
        SELECT DISTINCT r.id FROM rounds r
        LEFT JOIN round_groups rg ON rg.round_id = r.id
        LEFT JOIN staff_groups sg ON sg.group_id = rg.group_id AND sg.staff_id = ?
        WHERE sg.staff_id IS NOT NULL
           OR EXISTS (SELECT 1 FROM slots s WHERE s.round_id = r.id AND s.staff_id = ?)
        ORDER BY r.booking_opens_at
    """
    rows = await conn.execute_fetchall(sql, (staff_id, staff_id))
    return [row["id"] for row in rows]


async def teacher_slots(
    conn: aiosqlite.Connection, staff_id: int, round_id: int, start: datetime, end: datetime
) -> list[ScheduleRow]:
    """The teacher's own slots in a time window, with the booking in each (if any)."""
    sql = """
        SELECT s.id, s.starts_at, s.blocked,
               coalesce(p.first_name || ' ' || trim(p.name_prefix || ' ' || p.last_name), '')
                   AS pupil,
               coalesce(g.name, '') AS group_name, coalesce(g.grade_low, 0) AS grade_low,
               coalesce(gd.name, st.name, '') AS booked_by
        FROM slots s
        LEFT JOIN bookings b ON b.slot_id = s.id AND b.status = 'active'
        LEFT JOIN pupils p ON p.id = b.pupil_id
        LEFT JOIN class_groups g ON g.id = p.group_id
        LEFT JOIN guardians gd ON b.booked_by_kind = 'guardian' AND gd.id = b.booked_by_id
        LEFT JOIN staff st ON b.booked_by_kind = 'staff' AND st.id = b.booked_by_id
        WHERE s.staff_id = ? AND s.round_id = ? AND s.active = 1
          AND s.starts_at >= ? AND s.starts_at < ?
        ORDER BY s.starts_at
    """
    params = (staff_id, round_id, to_db(start), to_db(end))
    rows = await conn.execute_fetchall(sql, params)
    return [
        ScheduleRow(
            row["id"],
            from_db(row["starts_at"]),
            row["pupil"],
            row["group_name"],
            row["grade_low"],
            row["booked_by"],
            bool(row["blocked"]),
        )
        for row in rows
    ]


async def teacher_days(conn: aiosqlite.Connection, staff_id: int, round_id: int) -> list[datetime]:
    """The start of the teacher's first slot on each day (callers group by local day)."""
    sql = """
        SELECT starts_at FROM slots WHERE staff_id = ? AND round_id = ? AND active = 1
        ORDER BY starts_at
    """
    rows = await conn.execute_fetchall(sql, (staff_id, round_id))
    return [from_db(row["starts_at"]) for row in rows]


async def unbooked_pupils(
    conn: aiosqlite.Connection, staff_id: int, round_id: int
) -> list[Unbooked]:
    """Pupils of the teacher's groups in the round without any active booking."""
    sql = f"""
        SELECT p.id, p.first_name || ' ' || trim(p.name_prefix || ' ' || p.last_name) AS name,
               g.name AS group_name,
               (SELECT count(*) FROM pupil_guardians l JOIN guardians gd ON gd.id = l.guardian_id
                WHERE l.pupil_id = p.id AND l.active = 1 AND gd.active = 1
                  AND gd.telegram_chat_id IS NOT NULL) AS in_telegram,
               (SELECT count(*) FROM pupil_guardians l JOIN guardians gd ON gd.id = l.guardian_id
                WHERE l.pupil_id = p.id AND l.active = 1 AND gd.active = 1) AS guardians,
               EXISTS (SELECT 1 FROM talk_records tr JOIN bookings b ON b.id = tr.booking_id
                WHERE tr.held = 0 AND b.round_id = rg.round_id AND b.pupil_id = p.id) AS missed
        FROM pupils p
        JOIN class_groups g ON g.id = p.group_id
        JOIN round_groups rg ON rg.group_id = p.group_id AND rg.round_id = ?
        JOIN staff_groups sg ON sg.group_id = p.group_id AND sg.staff_id = ?
        WHERE p.active = 1 AND {PUPIL_IN_ROUND} AND NOT EXISTS (
            SELECT 1 FROM bookings b WHERE b.pupil_id = p.id AND b.round_id = ?
              AND b.status = 'active')
        ORDER BY g.name, p.last_name, p.first_name
    """
    rows = await conn.execute_fetchall(sql, (round_id, staff_id, round_id))
    return [
        Unbooked(
            row["id"],
            row["name"],
            row["group_name"],
            row["in_telegram"],
            row["guardians"],
            bool(row["missed"]),
        )
        for row in rows
    ]


async def booked_talks(
    conn: aiosqlite.Connection, staff_id: int, start: datetime, end: datetime
) -> list[BookedTalk]:
    """The teacher's booked talks in a time window, in every round, in time order."""
    sql = """
        SELECT b.id, b.round_id, b.pupil_id, s.starts_at,
               coalesce(gd.name, st.name, '') AS booked_by
        FROM bookings b JOIN slots s ON s.id = b.slot_id
        LEFT JOIN guardians gd ON b.booked_by_kind = 'guardian' AND gd.id = b.booked_by_id
        LEFT JOIN staff st ON b.booked_by_kind = 'staff' AND st.id = b.booked_by_id
        WHERE s.staff_id = ? AND b.status = 'active' AND s.starts_at >= ? AND s.starts_at < ?
        ORDER BY s.starts_at
    """
    rows = await conn.execute_fetchall(sql, (staff_id, to_db(start), to_db(end)))
    return [
        BookedTalk(
            row["id"],
            row["round_id"],
            row["pupil_id"],
            from_db(row["starts_at"]),
            row["booked_by"],
        )
        for row in rows
    ]
