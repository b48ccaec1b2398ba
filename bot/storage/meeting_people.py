"""Who may prepare an information meeting, and how a teacher calls the families not reached.

Read on every press, never taken from a button: a teacher who left, or changed groups,
sees what they may see now.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import aiosqlite

from bot.storage.rows import first_row


@dataclass(frozen=True)
class MeetingStaff:
    """An active staff member with their role and the groups they teach."""

    id: int
    role: str  # teacher, counsellor or director
    groups: frozenset[str]


async def meeting_staff(conn: aiosqlite.Connection, staff_id: int) -> MeetingStaff | None:
    """The staff member as they are now; None once they are no longer active."""
    sql = (
        "SELECT s.id, s.role, group_concat(cg.name, '|') AS groups FROM staff s"
        " LEFT JOIN staff_groups sg ON sg.staff_id = s.id"
        " LEFT JOIN class_groups cg ON cg.id = sg.group_id"
        " WHERE s.id = ? AND s.active = 1 GROUP BY s.id"
    )
    row = await first_row(conn, sql, (staff_id,))
    if row is None:
        return None
    groups = frozenset(row["groups"].split("|")) if row["groups"] else frozenset()
    return MeetingStaff(row["id"], row["role"], groups)


async def guardian_phones(
    conn: aiosqlite.Connection, guardian_ids: Iterable[int]
) -> dict[int, str]:
    """guardian id -> phone number as the roster gives it ('' when none)."""
    ids = sorted(set(guardian_ids))
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    sql = f"SELECT id, phone FROM guardians WHERE id IN ({marks})"
    rows = await conn.execute_fetchall(sql, ids)
    return {row["id"]: row["phone"] for row in rows}
