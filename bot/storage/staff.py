"""Staff members and the groups they teach."""

from __future__ import annotations

from collections import defaultdict

import aiosqlite

from bot.domain.changes import Changes, Known
from bot.domain.contact_details import TeacherContact
from bot.domain.groups import Group
from bot.domain.staff import StaffRecord
from bot.storage.rows import first_row


async def load_staff(conn: aiosqlite.Connection) -> tuple[dict[str, Known[StaffRecord]], set[str]]:
    """Staff by import key, and the keys of those who chose their own language."""
    groups: dict[int, set[Group]] = defaultdict(set)
    sql = """
        SELECT sg.staff_id, g.name, g.grade_low, g.grade_high
        FROM staff_groups sg JOIN class_groups g ON g.id = sg.group_id
    """
    rows = await conn.execute_fetchall(sql)
    for row in rows:
        groups[row["staff_id"]].add(Group(row["name"], row["grade_low"], row["grade_high"]))
    known: dict[str, Known[StaffRecord]] = {}
    chosen: set[str] = set()
    sql = (
        "SELECT id, import_key, name, email, role, language, language_chosen, language_known,"
        " phone, active FROM staff"
    )
    rows = await conn.execute_fetchall(sql)
    for row in rows:
        record = StaffRecord(
            row["import_key"],
            row["name"],
            row["email"],
            row["role"],
            row["language"],
            frozenset(groups[row["id"]]),
            bool(row["language_known"]),
            row["phone"],
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
        "INSERT INTO staff (import_key, name, email, role, language, language_known, phone,"
        " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (s.key, s.name, s.email, s.role, s.language, s.language_known, s.phone, now, now)
            for s in changes.added.values()
        ],
    )
    await conn.executemany(
        "UPDATE staff SET name = ?, email = ?, role = ?, language = ?, language_known = ?,"
        " phone = ?, active = 1,"
        " deactivated_at = NULL, updated_at = ? WHERE import_key = ?",
        [
            (s.name, s.email, s.role, s.language, s.language_known, s.phone, now, s.key)
            for s in changes.updated.values()
        ],
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


async def active_staff_groups(conn: aiosqlite.Connection) -> dict[str, tuple[int, set[str]]]:
    """Active staff by lower-case e-mail: their id and the names of the groups they teach."""
    sql = """
        SELECT s.id, s.import_key, g.name FROM staff s
        LEFT JOIN staff_groups sg ON sg.staff_id = s.id
        LEFT JOIN class_groups g ON g.id = sg.group_id
        WHERE s.active = 1
    """
    found: dict[str, tuple[int, set[str]]] = {}
    rows = await conn.execute_fetchall(sql)
    for row in rows:
        _, groups = found.setdefault(row["import_key"], (row["id"], set()))
        if row["name"]:
            groups.add(row["name"])
    return found


async def teachers_of_guardian(
    conn: aiosqlite.Connection, guardian_id: int
) -> list[TeacherContact]:
    """The teachers of a guardian's active children, with their phone where given: what
    /contact shows a parent. Each teacher once, with the children they teach."""
    sql = """
        SELECT s.id, s.name, s.phone, p.first_name
        FROM pupil_guardians l
        JOIN pupils p ON p.id = l.pupil_id AND p.active = 1
        JOIN staff_groups sg ON sg.group_id = p.group_id
        JOIN staff s ON s.id = sg.staff_id AND s.active = 1 AND s.role = 'teacher'
        WHERE l.guardian_id = ? AND l.active = 1
        ORDER BY s.name, s.id, p.first_name
    """
    found: dict[int, tuple[str, str, list[str]]] = {}
    rows = await conn.execute_fetchall(sql, (guardian_id,))
    for row in rows:
        found.setdefault(row["id"], (row["name"], row["phone"], []))[2].append(row["first_name"])
    return [
        TeacherContact(name, phone, tuple(children)) for name, phone, children in found.values()
    ]


async def staff_phone(conn: aiosqlite.Connection, staff_id: int) -> str:
    """A staff member's phone as the staff file gives it ('' when none)."""
    row = await first_row(conn, "SELECT phone FROM staff WHERE id = ?", (staff_id,))
    return str(row["phone"]) if row else ""
