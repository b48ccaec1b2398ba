"""What the bot waits for a person to type: one place to look, whatever asked for it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.storage.database import Database
from bot.storage.pending_inputs import forget_input, pending_input


async def awaited_input(
    db: Database, user_id: int, now: datetime
) -> tuple[str, dict[str, Any]] | None:
    """(purpose, parameters) of what this person was asked to type, if anything."""
    async with db.read() as conn:
        return await pending_input(conn, user_id, now)


async def stop_waiting(db: Database, user_id: int) -> None:
    async with db.transaction() as conn:
        await forget_input(conn, user_id)
