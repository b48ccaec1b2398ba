"""A parent's "I can't come" to a talk: why, and what they want instead."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from bot.domain.clock import to_db
from bot.storage.rows import first_row


@dataclass(frozen=True)
class CantCome:
    """One parent's word about one talk, with what the teacher's notice names of them."""

    id: int
    booking_id: int
    guardian_id: int
    reason: str  # 'ill', 'work' or 'other'
    wish: str | None  # 'move', 'call', or None before they pressed one
    guardian_name: str
    guardian_phone: str


async def keep_reason(
    conn: aiosqlite.Connection, booking_id: int, guardian_id: int, reason: str, now: datetime
) -> None:
    """Store (or change) why the parent cannot come; a wish pressed before stays."""
    await conn.execute(
        "INSERT INTO cant_come (booking_id, guardian_id, reason, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT (booking_id, guardian_id)"
        " DO UPDATE SET reason = excluded.reason, updated_at = excluded.updated_at",
        (booking_id, guardian_id, reason, to_db(now), to_db(now)),
    )


async def keep_wish(
    conn: aiosqlite.Connection, booking_id: int, guardian_id: int, wish: str, now: datetime
) -> int | None:
    """Store what the parent wants; the row's id, or None when they gave no reason first."""
    await conn.execute(
        "UPDATE cant_come SET wish = ?, updated_at = ? WHERE booking_id = ? AND guardian_id = ?",
        (wish, to_db(now), booking_id, guardian_id),
    )
    sql = "SELECT id FROM cant_come WHERE booking_id = ? AND guardian_id = ?"
    row = await first_row(conn, sql, (booking_id, guardian_id))
    return int(row["id"]) if row else None


async def cant_come(conn: aiosqlite.Connection, notice_id: int) -> CantCome | None:
    sql = """
        SELECT c.id, c.booking_id, c.guardian_id, c.reason, c.wish, g.name, g.phone
        FROM cant_come c JOIN guardians g ON g.id = c.guardian_id WHERE c.id = ?
    """
    row = await first_row(conn, sql, (notice_id,))
    if row is None:
        return None
    return CantCome(
        row["id"],
        row["booking_id"],
        row["guardian_id"],
        row["reason"],
        row["wish"],
        row["name"],
        row["phone"],
    )
