"""The Telegram chats of staff members, for the command menu Telegram shows in each."""

from __future__ import annotations

from dataclasses import dataclass

import aiosqlite


@dataclass(frozen=True)
class StaffChat:
    """A staff record linked to a Telegram chat."""

    chat_id: int
    language: str
    role: str  # teacher, counsellor or director
    active: bool  # False: deactivated by a staff import, still linked
    guardian: bool  # the same account is an active, linked parent too


async def linked_staff_chats(conn: aiosqlite.Connection) -> list[StaffChat]:
    """Every staff record that still holds a Telegram chat, active or not."""
    sql = """
        SELECT s.telegram_chat_id AS chat_id, s.language, s.role, s.active,
               EXISTS (SELECT 1 FROM guardians g
                       WHERE g.telegram_user_id = s.telegram_user_id AND g.active = 1)
                   AS guardian
        FROM staff s
        WHERE s.telegram_user_id IS NOT NULL AND s.telegram_chat_id IS NOT NULL
        ORDER BY s.id
    """
    rows = await conn.execute_fetchall(sql)
    return [
        StaffChat(
            row["chat_id"],
            row["language"],
            row["role"],
            bool(row["active"]),
            bool(row["guardian"]),
        )
        for row in rows
    ]
