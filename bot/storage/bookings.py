"""Who may book what, free times, and the bookings themselves."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from bot.domain.bookings import Booked, Child, Offer
from bot.domain.clock import from_db, to_db
from bot.domain.family_time import FamilyTalk
from bot.domain.person_kind import PersonKind
from bot.storage.round_pupils import PUPIL_IN_ROUND
from bot.storage.rows import first_row

_PUPIL_NAME = "p.first_name || ' ' || trim(p.name_prefix || ' ' || p.last_name)"

_OFFER_COLUMNS = """
    s.id AS slot_id, s.staff_id, st.name AS teacher, s.starts_at, s.ends_at,
    CASE WHEN s.place != '' THEN s.place ELSE r.place END AS place
"""


def _offer(row: aiosqlite.Row) -> Offer:
    return Offer(
        row["slot_id"],
        row["staff_id"],
        row["teacher"],
        from_db(row["starts_at"]),
        from_db(row["ends_at"]),
        row["place"],
    )


async def children_in_round(
    conn: aiosqlite.Connection, guardian_id: int, round_id: int
) -> list[Child]:
    """The guardian's active children whose group takes part in the round."""
    sql = f"""
        SELECT p.id, p.first_name, {_PUPIL_NAME} AS full_name, g.name AS group_name,
               g.grade_low, l.household
        FROM pupil_guardians l
        JOIN guardians gd ON gd.id = l.guardian_id AND gd.active = 1
        JOIN pupils p ON p.id = l.pupil_id AND p.active = 1
        JOIN class_groups g ON g.id = p.group_id
        JOIN round_groups rg ON rg.group_id = p.group_id AND rg.round_id = ?
        WHERE l.guardian_id = ? AND l.active = 1 AND {PUPIL_IN_ROUND}
        ORDER BY g.grade_low, p.first_name
    """
    rows = await conn.execute_fetchall(sql, (round_id, guardian_id))
    return [_child(row) for row in rows]


def _child(row: aiosqlite.Row) -> Child:
    return Child(
        row["id"],
        row["first_name"],
        row["full_name"],
        row["group_name"],
        row["grade_low"],
        row["household"],
    )


async def rounds_of_guardian(conn: aiosqlite.Connection, guardian_id: int) -> list[int]:
    """Rounds in which at least one of the guardian's children takes part."""
    sql = f"""
        SELECT DISTINCT rg.round_id FROM pupil_guardians l
        JOIN pupils p ON p.id = l.pupil_id AND p.active = 1
        JOIN round_groups rg ON rg.group_id = p.group_id
        WHERE l.guardian_id = ? AND l.active = 1 AND {PUPIL_IN_ROUND}
    """
    rows = await conn.execute_fetchall(sql, (guardian_id,))
    return [row["round_id"] for row in rows]


async def free_offers(
    conn: aiosqlite.Connection, round_id: int, pupil_id: int, after: datetime
) -> list[Offer]:
    """Unbooked slots of the round with a teacher of the pupil's group, after a moment."""
    sql = f"""
        SELECT {_OFFER_COLUMNS}
        FROM slots s
        JOIN rounds r ON r.id = s.round_id
        JOIN staff st ON st.id = s.staff_id AND st.active = 1
        JOIN staff_groups sg ON sg.staff_id = s.staff_id
        JOIN pupils p ON p.group_id = sg.group_id AND p.id = ?
        WHERE s.round_id = ? AND s.active = 1 AND s.blocked = 0 AND s.starts_at > ?
          AND NOT EXISTS (SELECT 1 FROM bookings b WHERE b.slot_id = s.id AND b.status = 'active')
        ORDER BY s.starts_at, st.name
    """
    rows = await conn.execute_fetchall(sql, (pupil_id, round_id, to_db(after)))
    return [_offer(row) for row in rows]


async def offer_for_slot(conn: aiosqlite.Connection, slot_id: int) -> tuple[int, Offer] | None:
    """(round id, offer) of an active slot, booked or not."""
    sql = f"""
        SELECT s.round_id, {_OFFER_COLUMNS}
        FROM slots s JOIN rounds r ON r.id = s.round_id JOIN staff st ON st.id = s.staff_id
        WHERE s.id = ? AND s.active = 1
    """
    row = await first_row(conn, sql, (slot_id,))
    return (row["round_id"], _offer(row)) if row else None


async def teaches_pupil(conn: aiosqlite.Connection, staff_id: int, pupil_id: int) -> bool:
    sql = """
        SELECT 1 FROM staff_groups sg JOIN pupils p ON p.group_id = sg.group_id
        WHERE sg.staff_id = ? AND p.id = ? AND p.active = 1
    """
    return await first_row(conn, sql, (staff_id, pupil_id)) is not None


_BOOKED_COLUMNS = (
    f"b.id AS booking_id, b.round_id, b.pupil_id, b.household, b.status, {_OFFER_COLUMNS}"
)
_BOOKED_FROM = """
    FROM bookings b
    JOIN slots s ON s.id = b.slot_id
    JOIN rounds r ON r.id = b.round_id
    JOIN staff st ON st.id = s.staff_id
"""
_BOOKED = f"SELECT {_BOOKED_COLUMNS} {_BOOKED_FROM}"


def _booked(row: aiosqlite.Row) -> Booked:
    return Booked(
        row["booking_id"],
        row["round_id"],
        row["pupil_id"],
        row["household"],
        row["status"],
        _offer(row),
    )


async def booking(conn: aiosqlite.Connection, booking_id: int) -> Booked | None:
    row = await first_row(conn, f"{_BOOKED} WHERE b.id = ?", (booking_id,))
    return _booked(row) if row else None


async def active_booking(
    conn: aiosqlite.Connection, round_id: int, pupil_id: int, household: str
) -> Booked | None:
    sql = (
        f"{_BOOKED} WHERE b.round_id = ? AND b.pupil_id = ? AND b.household = ?"
        " AND b.status = 'active'"
    )
    row = await first_row(conn, sql, (round_id, pupil_id, household))
    return _booked(row) if row else None


async def family_talks(
    conn: aiosqlite.Connection, pupil_id: int, guardian_id: int | None
) -> list[FamilyTalk]:
    """The active talks, in any round, of the pupil and of the other children of the parents
    who would come: the parent booking (`guardian_id`) and the pupil's guardians who share
    their household; for a teacher booking on behalf (None), all the pupil's guardians. The
    talks a new one for this pupil must leave room for. A separated parent's children from
    another family are not theirs to see or to be held up by.

    Read inside the booking's write transaction, so two presses for one family cannot both
    pass the check (writes are serialised by BEGIN IMMEDIATE).
    """
    sql = f"""
        WITH presser AS (
            SELECT household FROM pupil_guardians
            WHERE pupil_id = :pupil AND guardian_id = :guardian AND active = 1
        ), parents AS (
            SELECT l.guardian_id FROM pupil_guardians l
            JOIN guardians g ON g.id = l.guardian_id AND g.active = 1
            WHERE l.pupil_id = :pupil AND l.active = 1
              AND (:guardian IS NULL OR l.guardian_id = :guardian
                   OR l.household IN (SELECT household FROM presser))
        ), family AS (
            SELECT l.pupil_id FROM pupil_guardians l
            WHERE l.active = 1 AND l.guardian_id IN (SELECT guardian_id FROM parents)
            UNION SELECT :pupil
        )
        SELECT p.first_name, {_BOOKED_COLUMNS} {_BOOKED_FROM}
        JOIN pupils p ON p.id = b.pupil_id
        WHERE b.status = 'active' AND b.pupil_id IN (SELECT pupil_id FROM family)
        ORDER BY s.starts_at
    """
    rows = await conn.execute_fetchall(sql, {"pupil": pupil_id, "guardian": guardian_id})
    return [FamilyTalk(_booked(row), row["first_name"]) for row in rows]


class SlotTaken(Exception):
    """Someone else booked the slot a moment earlier."""


async def insert_booking(
    conn: aiosqlite.Connection,
    *,
    round_id: int,
    slot_id: int,
    pupil_id: int,
    household: str,
    booked_by: tuple[PersonKind, int],
    now: datetime,
) -> int:
    """Book; the unique indexes decide races. Raises SlotTaken."""
    try:
        cursor = await conn.execute(
            "INSERT INTO bookings (round_id, slot_id, pupil_id, household, booked_by_kind,"
            " booked_by_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (round_id, slot_id, pupil_id, household, *booked_by, to_db(now)),
        )
    except sqlite3.IntegrityError:
        raise SlotTaken(slot_id) from None
    return int(cursor.lastrowid or 0)


async def cancel_booking(conn: aiosqlite.Connection, booking_id: int, now: datetime) -> None:
    await conn.execute(
        "UPDATE bookings SET status = 'cancelled', cancelled_at = ? WHERE id = ?",
        (to_db(now), booking_id),
    )


async def guardians_of(
    conn: aiosqlite.Connection, pupil_id: int, household: str | None = None
) -> list[int]:
    """Active guardians of a pupil; with a household, only that household's."""
    sql = """
        SELECT g.id FROM pupil_guardians l JOIN guardians g ON g.id = l.guardian_id
        WHERE l.pupil_id = ? AND l.active = 1 AND g.active = 1
    """
    params: tuple[int | str, ...] = (pupil_id,)
    if household is not None:
        sql += " AND l.household = ?"
        params += (household,)
    rows = await conn.execute_fetchall(sql, params)
    return [row["id"] for row in rows]


async def teachers_of_pupil(conn: aiosqlite.Connection, pupil_id: int) -> list[int]:
    sql = """
        SELECT s.id FROM staff s JOIN staff_groups sg ON sg.staff_id = s.id
        JOIN pupils p ON p.group_id = sg.group_id
        WHERE p.id = ? AND s.active = 1 AND s.role = 'teacher'
    """
    rows = await conn.execute_fetchall(sql, (pupil_id,))
    return [row["id"] for row in rows]


async def takes_part(conn: aiosqlite.Connection, round_id: int, pupil_id: int) -> bool:
    """Whether an active pupil is among the round's: in one of its groups, and named by a
    follow-up round."""
    sql = f"""
        SELECT 1 FROM pupils p JOIN round_groups rg ON rg.group_id = p.group_id
        WHERE rg.round_id = ? AND p.id = ? AND p.active = 1 AND {PUPIL_IN_ROUND}
    """
    return await first_row(conn, sql, (round_id, pupil_id)) is not None


async def pupil_as_child(conn: aiosqlite.Connection, pupil_id: int) -> Child | None:
    """A pupil described for messages about them (household left empty)."""
    sql = f"""
        SELECT p.id, p.first_name, {_PUPIL_NAME} AS full_name, g.name AS group_name,
               g.grade_low, '' AS household
        FROM pupils p JOIN class_groups g ON g.id = p.group_id WHERE p.id = ?
    """
    row = await first_row(conn, sql, (pupil_id,))
    if row is None:
        return None
    return Child(
        row["id"], row["first_name"], row["full_name"], row["group_name"], row["grade_low"], ""
    )


async def booker_name(conn: aiosqlite.Connection, booking_id: int) -> str:
    """The name of whoever made (or last touched) a booking: a guardian or a teacher."""
    sql = """
        SELECT coalesce(g.name, s.name, '') FROM bookings b
        LEFT JOIN guardians g ON b.booked_by_kind = 'guardian' AND g.id = b.booked_by_id
        LEFT JOIN staff s ON b.booked_by_kind = 'staff' AND s.id = b.booked_by_id
        WHERE b.id = ?
    """
    row = await first_row(conn, sql, (booking_id,))
    return str(row[0]) if row else ""


@dataclass(frozen=True)
class TimeRequest:
    id: int
    round_id: int
    pupil_id: int
    guardian_name: str
    message: str


async def time_request(conn: aiosqlite.Connection, request_id: int) -> TimeRequest | None:
    sql = """
        SELECT t.id, t.round_id, t.pupil_id, g.name, t.message FROM time_requests t
        JOIN guardians g ON g.id = t.guardian_id WHERE t.id = ?
    """
    row = await first_row(conn, sql, (request_id,))
    return TimeRequest(*row) if row else None


async def insert_time_request(
    conn: aiosqlite.Connection,
    round_id: int,
    pupil_id: int,
    guardian_id: int,
    message: str,
    now: datetime,
) -> int:
    cursor = await conn.execute(
        "INSERT INTO time_requests (round_id, pupil_id, guardian_id, message, created_at)"
        " VALUES (?, ?, ?, ?, ?)",
        (round_id, pupil_id, guardian_id, message, to_db(now)),
    )
    return int(cursor.lastrowid or 0)
