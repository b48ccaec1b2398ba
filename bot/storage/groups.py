"""Class groups are created on first mention, by the roster or the staff file."""

from __future__ import annotations

import aiosqlite

from bot.domain.groups import Group
from bot.storage.rows import first_row


async def ensure_groups(conn: aiosqlite.Connection, groups: set[Group], now: str) -> dict[str, int]:
    """Ids of the given groups by name, inserting those that are new."""
    await conn.executemany(
        "INSERT INTO class_groups (name, grade_low, grade_high, created_at) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (name) DO NOTHING",
        [(g.name, g.grade_low, g.grade_high, now) for g in groups],
    )
    return await group_ids(conn)


async def group_ids(conn: aiosqlite.Connection) -> dict[str, int]:
    """Every known group's id by name."""
    rows = await conn.execute_fetchall("SELECT id, name FROM class_groups")
    return {row["name"]: row["id"] for row in rows}


async def group_by_name(conn: aiosqlite.Connection, name: str) -> int | None:
    row = await first_row(conn, "SELECT id FROM class_groups WHERE name = ?", (name,))
    return row["id"] if row else None
