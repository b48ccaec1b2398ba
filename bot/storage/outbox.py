"""The outbox: every notification is a row first, so a restart loses nothing."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import aiosqlite

from bot.clock import to_db


async def enqueue(
    conn: aiosqlite.Connection,
    *,
    recipient_kind: str,
    recipient_id: int,
    kind: str,
    params: Mapping[str, Any],
    not_before: datetime,
    dedup_key: str,
    now: datetime,
    expires_at: datetime | None = None,
) -> bool:
    """Queue a notification inside the caller's transaction; False if the key exists.

    The unique de-duplication key makes planning idempotent: planning twice sends once.
    """
    cursor = await conn.execute(
        "INSERT INTO outbox (recipient_kind, recipient_id, kind, params, not_before,"
        " expires_at, dedup_key, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (dedup_key) DO NOTHING",
        (
            recipient_kind,
            recipient_id,
            kind,
            json.dumps(dict(params), sort_keys=True),
            to_db(not_before),
            to_db(expires_at) if expires_at else None,
            dedup_key,
            to_db(now),
        ),
    )
    return cursor.rowcount == 1


async def withdraw(conn: aiosqlite.Connection, dedup_key_prefix: str) -> int:
    """Withdraw pending notifications whose key starts with the prefix (e.g. a cancelled
    booking's reminders); returns how many."""
    cursor = await conn.execute(
        "UPDATE outbox SET status = 'withdrawn'"
        " WHERE status = 'pending' AND substr(dedup_key, 1, ?) = ?",
        (len(dedup_key_prefix), dedup_key_prefix),
    )
    return cursor.rowcount
