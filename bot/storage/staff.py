"""Staff members and the groups they teach."""

from __future__ import annotations

from collections import defaultdict

import aiosqlite

from bot.domain.changes import Changes, Known
from bot.domain.groups import Group
from bot.domain.staff import StaffRecord


async def load_staff(conn: aiosqlite.Connection) -> tuple[dict[str, Known[StaffRecord]], set[str]]:
    """Staff by import key, and the keys of those who chose their own language."""
    groups: dict[int, set[Group]] = defaultdict(set)
    sql = """
        SELECT sg.staff_id, g.name, g.grade_low, g.grade_high
        FROM staff_groups sg JOIN class_groups g ON g.id = sg.group_id
    """
    async with conn.execute(sql) as cursor:
        async for row in cursor:
            groups[row["staff_id"]].add(Group(row["name"], row["grade_low"], row["grade_high"]))
    known: dict[str, Known[StaffRecord]] = {}
    chosen: set[str] = set()
    sql = "SELECT id, import_key, name, email, role, language, language_chosen, active FROM staff"
    async with conn.execute(sql) as cursor:
        async for row in cursor:
            record = StaffRecord(
                row["import_key"],
                row["name"],
                row["email"],
                row["role"],
                row["language"],
                frozenset(groups[row["id"]]),
            )
            known[row["import_key"]] = Known(record, bool(row["active"]))
            if row["language_chosen"]:
                chosen.add(row["import_key"])
    return known, chosen


async def apply_staff(
    conn: aiosqlite.Connection,
    changes: Changes[str, StaffRecord],
    group_ids: dict[str, int],
    now: str,
) -> None:
    await conn.executemany(
        "INSERT INTO staff (import_key, name, email, role, language, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(s.key, s.name, s.email, s.role, s.language, now, now) for s in changes.added.values()],
    )
    await conn.executemany(
        "UPDATE staff SET name = ?, email = ?, role = ?, language = ?, active = 1,"
        " deactivated_at = NULL, updated_at = ? WHERE import_key = ?",
        [(s.name, s.email, s.role, s.language, now, s.key) for s in changes.updated.values()],
    )
    await conn.executemany(
        "UPDATE staff SET active = 0, deactivated_at = ?, updated_at = ? WHERE import_key = ?",
        [(now, now, key) for key in changes.deactivated],
    )
    staff_id = "(SELECT id FROM staff WHERE import_key = ?)"
    for record in (*changes.added.values(), *changes.updated.values()):
        await conn.execute(f"DELETE FROM staff_groups WHERE staff_id = {staff_id}", (record.key,))
        await conn.executemany(
            f"INSERT INTO staff_groups (staff_id, group_id) VALUES ({staff_id}, ?)",
            [(record.key, group_ids[g.name]) for g in record.groups],
        )
