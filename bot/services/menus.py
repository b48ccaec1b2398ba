"""Whose Telegram chat gets a command menu of its own: staff, whose commands parents never
see (Telegram shows everyone else the menu of their app's language)."""

from __future__ import annotations

from bot.storage.database import Database
from bot.storage.menus import StaffChat, linked_staff_chats


async def staff_chats(db: Database) -> list[StaffChat]:
    """The chats of linked staff: active ones get their menu at start-up, and those whose
    record a staff import deactivated lose it (they see the parents' menu again)."""
    async with db.read() as conn:
        return await linked_staff_chats(conn)
