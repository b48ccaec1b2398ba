"""Read models for the teachers' notices: who has not booked, and who cannot be reached."""

from __future__ import annotations

from dataclasses import dataclass

import aiosqlite

from bot.domain.people import GuardianContact
from bot.storage.round_pupils import PUPIL_IN_ROUND

_PUPIL_NAME = "p.first_name || ' ' || trim(p.name_prefix || ' ' || p.last_name)"


@dataclass(frozen=True)
class UnbookedPupil:
    id: int
    first_name: str
    full_name: str
    group: str
    guardians: tuple[GuardianContact, ...]  # those still without a talk (all, per pupil)


async def unbooked_pupils(
    conn: aiosqlite.Connection, round_id: int, staff_id: int
) -> list[UnbookedPupil]:
    """The teacher's pupils in the round without a talk, with the guardians to contact.

    Per household rounds: a pupil is listed while one of their households has no talk, with
    that household's guardians.
    """
    sql = f"""
        SELECT p.id, p.first_name, {_PUPIL_NAME} AS full_name, cg.name AS group_name,
               r.booking_scope
        FROM pupils p
        JOIN class_groups cg ON cg.id = p.group_id
        JOIN round_groups rg ON rg.group_id = p.group_id AND rg.round_id = :round
        JOIN rounds r ON r.id = rg.round_id
        JOIN staff_groups sg ON sg.group_id = p.group_id AND sg.staff_id = :staff
        WHERE p.active = 1 AND {PUPIL_IN_ROUND}
        ORDER BY cg.name, p.first_name, p.last_name
    """
    found = []
    pupils = await conn.execute_fetchall(sql, {"round": round_id, "staff": staff_id})
    for row in pupils:
        booked = await _booked_households(conn, round_id, row["id"])
        guardians = await _guardians(conn, row["id"])
        if row["booking_scope"] == "household":
            open_ = [g for g in guardians if g.household not in booked]
            if guardians and not open_:
                continue
            if not guardians and booked:
                continue
        else:
            if booked:
                continue
            open_ = guardians
        found.append(
            UnbookedPupil(
                row["id"], row["first_name"], row["full_name"], row["group_name"], tuple(open_)
            )
        )
    return found


async def _booked_households(conn: aiosqlite.Connection, round_id: int, pupil_id: int) -> set[str]:
    sql = "SELECT household FROM bookings WHERE round_id = ? AND pupil_id = ? AND status = 'active'"
    rows = await conn.execute_fetchall(sql, (round_id, pupil_id))
    return {row["household"] for row in rows}


async def _guardians(conn: aiosqlite.Connection, pupil_id: int) -> list[GuardianContact]:
    sql = """
        SELECT g.id, g.name, g.phone, g.email, l.household, g.telegram_chat_id, g.unreachable_at
        FROM pupil_guardians l JOIN guardians g ON g.id = l.guardian_id AND g.active = 1
        WHERE l.pupil_id = ? AND l.active = 1
        ORDER BY l.household, g.name
    """
    rows = await conn.execute_fetchall(sql, (pupil_id,))
    return [
        GuardianContact(
            row["id"],
            row["name"],
            row["phone"],
            row["email"],
            row["household"],
            row["telegram_chat_id"] is not None,
            row["unreachable_at"] is not None,
        )
        for row in rows
    ]


@dataclass(frozen=True)
class UnreachableGuardian:
    contact: GuardianContact
    children: tuple[str, ...]  # full names of their children in this teacher's groups


async def unreachable_guardian(
    conn: aiosqlite.Connection, guardian_id: int, staff_id: int
) -> UnreachableGuardian | None:
    """A guardian Telegram refuses, as one of their children's teachers may see them."""
    sql = f"""
        SELECT g.id, g.name, g.phone, g.email, l.household, g.telegram_chat_id,
               g.unreachable_at, {_PUPIL_NAME} AS child
        FROM guardians g
        JOIN pupil_guardians l ON l.guardian_id = g.id AND l.active = 1
        JOIN pupils p ON p.id = l.pupil_id AND p.active = 1
        JOIN staff_groups sg ON sg.group_id = p.group_id AND sg.staff_id = ?
        WHERE g.id = ? AND g.active = 1
        ORDER BY p.first_name
    """
    rows = list(await conn.execute_fetchall(sql, (staff_id, guardian_id)))
    if not rows:
        return None
    first = rows[0]
    contact = GuardianContact(
        first["id"],
        first["name"],
        first["phone"],
        first["email"],
        first["household"],
        first["telegram_chat_id"] is not None,
        first["unreachable_at"] is not None,
    )
    return UnreachableGuardian(contact, tuple(row["child"] for row in rows))


async def teachers_of_guardian(conn: aiosqlite.Connection, guardian_id: int) -> list[int]:
    """Active teachers of the groups of a guardian's active children."""
    sql = """
        SELECT DISTINCT s.id FROM pupil_guardians l
        JOIN pupils p ON p.id = l.pupil_id AND p.active = 1
        JOIN staff_groups sg ON sg.group_id = p.group_id
        JOIN staff s ON s.id = sg.staff_id AND s.active = 1 AND s.role = 'teacher'
        WHERE l.guardian_id = ? AND l.active = 1
        ORDER BY s.id
    """
    rows = await conn.execute_fetchall(sql, (guardian_id,))
    return [row["id"] for row in rows]
