"""One aiosqlite connection, shared by the whole bot, with serialized units of work.

aiosqlite runs one thread per connection and a shared connection shares one transaction,
so every unit of work takes the lock first. Writes start with `BEGIN IMMEDIATE` so they
take the write lock up front and wait on the busy timeout instead of failing later.

A unit of work is one `async with db.transaction()` (or `db.read()` for queries). Opened
again inside itself, in the same task, it joins the open one instead of waiting for its own
lock: a service may call another without deadlock and without "…_in" twins. What the
change means for others is recorded as domain events (`raise_event`) and handed to the
listeners after the commit — never for a rollback — so a handler never has to remember to
wake delivery or replan.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import aiosqlite

from bot.domain.events import Event
from bot.storage.files import private_file, private_folder
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


Listener = Callable[[Sequence[Event]], Awaitable[None]]


@dataclass
class _Open:
    """The unit of work open in one task: what nested blocks join, and its events."""

    db: Database
    task: asyncio.Task[object] | None
    writing: bool
    events: list[Event] = field(default_factory=list)
    single: bool = False  # `read_statement`: no BEGIN, so nothing of several statements joins


_OPEN: ContextVar[_Open | None] = ContextVar("parentbot_open_unit", default=None)


def _joinable(db: Database) -> _Open | None:
    """The unit this task has open on `db`, if any (a task started inside a unit copies
    the context but is not inside it: it must wait for its own)."""
    unit = _OPEN.get()
    if unit is not None and unit.db is db and unit.task is asyncio.current_task():
        return unit
    return None


def _snapshot_to_join(db: Database) -> _Open | None:
    """The unit a read of several statements joins: never one without BEGIN, whose
    statements would each see the database as it is at that moment."""
    unit = _joinable(db)
    if unit is not None and unit.single:
        raise RuntimeError("a read of several statements cannot join a read_statement")
    return unit


def raise_event(event: Event) -> None:
    """Record what a change means, for the listeners after this task's unit commits."""
    unit = _OPEN.get()
    if unit is None or not unit.writing or unit.task is not asyncio.current_task():
        raise RuntimeError("events are raised inside a write transaction")
    if event not in unit.events:
        unit.events.append(event)


class Database:
    """The bot's database; open with `await Database.open(path)` and close when done."""

    def __init__(self, connection: aiosqlite.Connection, path: Path) -> None:
        self._conn = connection
        self._lock = asyncio.Lock()
        # The second connection of `snapshot()`, opened when first needed.
        self._reader: aiosqlite.Connection | None = None
        self._reader_lock = asyncio.Lock()
        self._listeners: list[Listener] = []
        self.path = path

    def subscribe(self, listener: Listener) -> None:
        """Hear the events of every unit of work that commits from now on."""
        self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        self._listeners.remove(listener)

    @classmethod
    async def open(
        cls, path: Path, *, before_migrating: Callable[[Path], None] | None = None
    ) -> Database:
        """Open (creating it private when new) and migrate the database at `path`.

        `before_migrating(path)` runs in a thread before the migrations of a database that
        has data (a backup); SQLite creates the `-wal` and `-shm` files with the database
        file's own mode, so they are private too.
        """
        private_folder(path.parent)
        for suffix in ("", "-wal", "-shm"):
            sidecar = path.with_name(path.name + suffix)
            if not suffix or sidecar.exists():
                private_file(sidecar)
        # isolation_level=None: we issue BEGIN ourselves instead of sqlite3's implicit ones.
        conn = await aiosqlite.connect(path, isolation_level=None)
        try:
            conn.row_factory = aiosqlite.Row
            await conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            await conn.execute("PRAGMA journal_mode = WAL")
            await conn.execute("PRAGMA foreign_keys = ON")
            await conn.execute("PRAGMA synchronous = NORMAL")
            version = await apply_migrations(
                conn,
                before=partial(asyncio.to_thread, before_migrating, path)
                if before_migrating
                else None,
            )
        except BaseException:
            await conn.close()
            raise
        log.info("database open schema_version=%d", version)
        return cls(conn, path)

    async def close(self) -> None:
        async with self._reader_lock:
            if self._reader is not None:
                await self._reader.close()
                self._reader = None
        async with self._lock:
            await self._conn.close()

    @asynccontextmanager
    async def transaction(self, *, commit: bool = True) -> AsyncIterator[aiosqlite.Connection]:
        """A write unit of work: committed when the block ends, rolled back on any error;
        its events go to the listeners after the commit. Inside another write unit of the
        same task it joins that one (whose end decides).

        `commit=False` rolls back even on success: a dry run sees exactly what a real run
        would do, checks included, and leaves nothing behind.
        """
        joined = _joinable(self)
        if joined is not None:
            if not joined.writing:
                raise RuntimeError("a write cannot join a read-only unit of work")
            yield self._conn
            return
        unit = _Open(self, asyncio.current_task(), writing=True)
        async with self._lock:
            token = _OPEN.set(unit)
            try:
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
            finally:
                _OPEN.reset(token)
        if commit:
            _COMMITTED.set(_COMMITTED.get() + 1)
            await self._publish(unit.events)

    @asynccontextmanager
    async def read(self) -> AsyncIterator[aiosqlite.Connection]:
        """A consistent read-only snapshot (inside a unit of work of this task: that one)."""
        if _snapshot_to_join(self) is not None:
            yield self._conn
            return
        async with self._lock:
            token = _OPEN.set(_Open(self, asyncio.current_task(), writing=False))
            try:
                await self._conn.execute("BEGIN")
                try:
                    yield self._conn
                finally:
                    await self._conn.execute("ROLLBACK")
            finally:
                _OPEN.reset(token)

    @asynccontextmanager
    async def read_statement(self) -> AsyncIterator[aiosqlite.Connection]:
        """The shared connection for a read of ONE statement: SQLite runs a lone statement
        in a snapshot of its own, so it needs no BEGIN and ROLLBACK around it (two round
        trips to the connection's thread, for what is asked on every update). Reads of more
        than one statement take `read`. Inside a unit of work of this task: that one."""
        if _joinable(self) is not None:
            yield self._conn
            return
        async with self._lock:  # never inside another task's open transaction
            unit = _Open(self, asyncio.current_task(), writing=False, single=True)
            token = _OPEN.set(unit)
            try:
                yield self._conn
            finally:
                _OPEN.reset(token)

    @asynccontextmanager
    async def snapshot(self) -> AsyncIterator[aiosqlite.Connection]:
        """A consistent read-only snapshot on a second connection, for long reads (the
        planner's view of the whole school) that must not hold up every handler: WAL lets
        it read beside the shared connection's writes, and it sees what was committed when
        its first query ran. Inside a unit of work of this task it is that one instead, so
        what the unit wrote so far is seen."""
        if _snapshot_to_join(self) is not None:
            yield self._conn
            return
        async with self._reader_lock:
            reader = await self._open_reader()
            await reader.execute("BEGIN")
            try:
                yield reader
            finally:
                await reader.execute("ROLLBACK")

    async def _open_reader(self) -> aiosqlite.Connection:
        if self._reader is None:
            # Large chunks: iterating a cursor makes one thread round trip per chunk.
            reader = await aiosqlite.connect(self.path, isolation_level=None, iter_chunk_size=500)
            try:
                reader.row_factory = aiosqlite.Row
                await reader.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
                await reader.execute("PRAGMA query_only = ON")
            except BaseException:
                await reader.close()
                raise
            self._reader = reader
        return self._reader

    async def _publish(self, events: Sequence[Event]) -> None:
        """Hand a committed unit's events on; a listener's failure is logged, since the
        change itself stands."""
        if not events:
            return
        for listener in list(self._listeners):
            try:
                await listener(events)
            except Exception:
                log.exception("an event listener failed events=%d", len(events))
