"""What the bot waits for someone to type, kept in the database so restarts lose nothing."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

import aiosqlite

from bot.domain.clock import from_db, to_db
from bot.storage.rows import first_row

STALE_AFTER = timedelta(days=1)


async def expect_input(
    conn: aiosqlite.Connection, user_id: int, purpose: str, params: dict[str, Any], now: datetime
) -> None:
    await conn.execute(
        "INSERT INTO pending_inputs (telegram_user_id, purpose, params, created_at)"
        " VALUES (?, ?, ?, ?) ON CONFLICT (telegram_user_id) DO UPDATE SET"
        " purpose = excluded.purpose, params = excluded.params, created_at = excluded.created_at",
        (user_id, purpose, json.dumps(params), to_db(now)),
    )


async def pending_input(
    conn: aiosqlite.Connection, user_id: int, now: datetime
) -> tuple[str, dict[str, Any]] | None:
    """What this person was asked to type, unless that was over a day ago."""
    sql = "SELECT purpose, params, created_at FROM pending_inputs WHERE telegram_user_id = ?"
    row = await first_row(conn, sql, (user_id,))
    if row is None or from_db(row["created_at"]) < now - STALE_AFTER:
        return None
    return row["purpose"], json.loads(row["params"])


async def forget_input(conn: aiosqlite.Connection, user_id: int) -> None:
    await conn.execute("DELETE FROM pending_inputs WHERE telegram_user_id = ?", (user_id,))
