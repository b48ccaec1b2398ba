"""Numbered schema migrations (`NNNN_name.sql`), applied in order at start-up.

`PRAGMA user_version` records the last one applied; each file runs in its own transaction
together with the version bump, so a failed migration leaves the previous schema intact.
"""

from __future__ import annotations

import logging
import re
from importlib import resources

import aiosqlite

log = logging.getLogger(__name__)

_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


def available_migrations() -> list[tuple[int, str]]:
    """(number, SQL) of every shipped migration, in order; numbers must run 1, 2, 3, …"""
    found = []
    for entry in resources.files(__package__).iterdir():
        match = _NAME.match(entry.name)
        if match:
            found.append((int(match.group(1)), entry.read_text(encoding="utf-8")))
    found.sort()
    numbers = [number for number, _ in found]
    if numbers != list(range(1, len(found) + 1)):
        raise RuntimeError(f"migration numbers must be 1..n without gaps, found {numbers}")
    return found


async def apply_migrations(conn: aiosqlite.Connection) -> int:
    """Bring the schema up to date; returns the schema version. Safe to run repeatedly."""
    async with conn.execute("PRAGMA user_version") as cursor:
        row = await cursor.fetchone()
    current = int(row[0]) if row else 0
    migrations = available_migrations()
    if current > len(migrations):
        raise RuntimeError(
            f"database schema version {current} is newer than this parentbot "
            f"({len(migrations)}); upgrade parentbot"
        )
    for number, sql in migrations[current:]:
        script = f"BEGIN IMMEDIATE;\n{sql}\nPRAGMA user_version = {number};\nCOMMIT;"
        try:
            await conn.executescript(script)
        except BaseException:
            if conn.in_transaction:
                await conn.execute("ROLLBACK")
            raise
        log.info("migration applied number=%d", number)
        current = number
    return current
