"""The snapshot connection: long reads beside the shared connection, never in its way."""

from __future__ import annotations

import asyncio
import sqlite3

import aiosqlite
import pytest

from bot.storage.database import Database

NEVER = 30  # hang guard only: nothing here is timed


async def names(conn: aiosqlite.Connection) -> list[str]:
    async with conn.execute("SELECT name FROM class_groups ORDER BY name") as cursor:
        return [row["name"] async for row in cursor]


async def add_group(conn: aiosqlite.Connection, name: str) -> None:
    await conn.execute(
        "INSERT INTO class_groups (name, grade_low, grade_high, created_at)"
        " VALUES (?, 3, 3, '2026-09-07T08:00:00+00:00')",
        (name,),
    )


async def test_a_snapshot_sees_what_was_committed_and_not_what_is_being_written(
    db: Database,
) -> None:
    async with db.transaction() as conn:
        await add_group(conn, "3A")
    async with db.transaction() as conn:
        await add_group(conn, "3B")  # not committed yet
        async with asyncio.timeout(NEVER):
            snapshot = asyncio.create_task(read_in_a_snapshot(db))
            assert await snapshot == ["3A"]


async def read_in_a_snapshot(db: Database) -> list[str]:
    """In a task of its own, as the planner reads: not inside anyone's unit of work."""
    async with db.snapshot() as conn:
        return await names(conn)


async def test_a_handler_commits_while_a_snapshot_is_open_and_the_snapshot_stays_as_it_was(
    db: Database,
) -> None:
    async with db.transaction() as conn:
        await add_group(conn, "3A")
    async with db.snapshot() as reader:
        assert await names(reader) == ["3A"]
        async with asyncio.timeout(NEVER), db.transaction() as conn:
            await add_group(conn, "3B")
        assert await names(reader) == ["3A"]  # one consistent view for the whole read
    async with db.snapshot() as reader:
        assert await names(reader) == ["3A", "3B"]


async def test_a_snapshot_cannot_write(db: Database) -> None:
    async with db.snapshot() as reader:
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            await add_group(reader, "3A")
    async with db.read() as conn:
        assert await names(conn) == []


async def test_inside_a_unit_of_work_the_snapshot_is_that_unit(db: Database) -> None:
    """What the unit wrote so far is part of what it reads, as with `db.read()`."""
    async with db.transaction() as conn:
        await add_group(conn, "3A")
        async with db.snapshot() as reader:
            assert reader is conn
            assert await names(reader) == ["3A"]


async def test_closing_the_database_closes_its_snapshot_connection(db: Database) -> None:
    async with db.snapshot() as reader:
        await names(reader)
    await db.close()
    with pytest.raises(ValueError, match="no active connection"):
        await names(reader)
