"""One aiosqlite connection, shared by the whole bot, with serialized transactions.

aiosqlite runs one thread per connection and a shared connection shares one transaction,
so every unit of work takes the lock first. Writes start with `BEGIN IMMEDIATE` so they
take the write lock up front and wait on the busy timeout instead of failing later.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from contextvars import ContextVar
from pathlib import Path

import aiosqlite

from bot.storage.migrations import apply_migrations

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 5000

# Write transactions committed so far in the current asyncio task (and the coroutines it
# awaits). The bot handles each update in one task, so the error handler can tell whether
# a failed update changed anything before it failed.
_COMMITTED: ContextVar[int] = ContextVar("parentbot_committed", default=0)


def committed_here() -> int:
    """How many write transactions this task has committed (a count to compare, not a total
    of the database)."""
    return _COMMITTED.get()


class Database:
    """The bot's database; open with `await Database.open(path)` and close when done."""

    def __init__(self, connection: aiosqlite.Connection, path: Path) -> None:
        self._conn = connection
        self._lock = asyncio.Lock()
        self.path = path

    @classmethod
    async def open(cls, path: Path) -> Database:
        path.parent.mkdir(parents=True, exist_ok=True)
        # isolation_level=None: we issue BEGIN ourselves instead of sqlite3's implicit ones.
        conn = await aiosqlite.connect(path, isolation_level=None)
        try:
            conn.row_factory = aiosqlite.Row
            await conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            await conn.execute("PRAGMA journal_mode = WAL")
            await conn.execute("PRAGMA foreign_keys = ON")
            await conn.execute("PRAGMA synchronous = NORMAL")
            version = await apply_migrations(conn)
        except BaseException:
            await conn.close()
            raise
        log.info("database open schema_version=%d", version)
        return cls(conn, path)

    async def close(self) -> None:
        async with self._lock:
            await self._conn.close()

    @asynccontextmanager
    async def transaction(self, *, commit: bool = True) -> AsyncIterator[aiosqlite.Connection]:
        """A write transaction: committed when the block ends, rolled back on any error.

        `commit=False` rolls back even on success: a dry run sees exactly what a real run
        would do, checks included, and leaves nothing behind.
        """
        async with self._lock:
            await self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                await self._conn.execute("ROLLBACK")
                raise
            try:
                await self._conn.execute("COMMIT" if commit else "ROLLBACK")
            except BaseException:
                # A commit that failed (disk full, I/O error) must not leave the shared
                # connection inside the transaction: undo it, so nothing half-done stays.
                if self._conn.in_transaction:
                    await self._conn.execute("ROLLBACK")
                raise
            if commit:
                _COMMITTED.set(_COMMITTED.get() + 1)

    @asynccontextmanager
    async def read(self) -> AsyncIterator[aiosqlite.Connection]:
        """A consistent read-only snapshot."""
        async with self._lock:
            await self._conn.execute("BEGIN")
            try:
                yield self._conn
            finally:
                await self._conn.execute("ROLLBACK")
