"""Numbered schema migrations (`NNNN_name.sql`), applied in order at start-up.

`PRAGMA user_version` records the last one applied; each file runs in its own transaction
together with the version bump, so a failed migration leaves the previous schema intact.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable
from importlib import resources

import aiosqlite

log = logging.getLogger(__name__)

_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


class SchemaTooNew(RuntimeError):
    """The database was migrated by a newer parentbot: this code would misread it."""

    def __init__(self, found: int, known: int) -> None:
        super().__init__(
            f"the database was written by a newer parentbot (schema {found}, this version"
            f" knows {known}): install the newer version or restore a backup"
        )
        self.found = found
        self.known = known


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


async def apply_migrations(
    conn: aiosqlite.Connection, before: Callable[[], Awaitable[None]] | None = None
) -> int:
    """Bring the schema up to date; returns the schema version. Safe to run repeatedly.

    `before` runs once before the first migration of a database that has a schema already
    (a new, empty one has nothing to lose): the place for a backup, since a migration
    cannot be undone once the bot has written with the new schema.
    """
    async with conn.execute("PRAGMA user_version") as cursor:
        row = await cursor.fetchone()
    current = int(row[0]) if row else 0
    migrations = available_migrations()
    if current > len(migrations):
        raise SchemaTooNew(current, len(migrations))
    if before is not None and 0 < current < len(migrations):
        await before()
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
