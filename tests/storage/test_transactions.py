"""A failed unit of work leaves nothing behind, so "nothing was changed" can be said."""

from __future__ import annotations

import sqlite3

import pytest

from bot.storage.database import Database, committed_here


async def rows(db: Database) -> list[str]:
    async with db.read() as conn:
        cursor = await conn.execute("SELECT name FROM scratch ORDER BY name")
        return [row["name"] for row in await cursor.fetchall()]


@pytest.fixture
async def scratch(db: Database) -> Database:
    async with db.transaction() as conn:
        await conn.execute("CREATE TABLE scratch (name TEXT)")
    return db


async def write_then_fail(db: Database) -> None:
    async with db.transaction() as conn:
        await conn.execute("INSERT INTO scratch VALUES ('half')")
        raise RuntimeError("the handler failed after writing")


async def write(db: Database, name: str) -> None:
    async with db.transaction() as conn:
        await conn.execute("INSERT INTO scratch VALUES (?)", (name,))


async def test_an_error_inside_the_block_rolls_everything_back(scratch: Database):
    with pytest.raises(RuntimeError):
        await write_then_fail(scratch)

    assert await rows(scratch) == []


async def test_a_commit_that_fails_is_rolled_back_and_the_next_transaction_works(
    scratch: Database, monkeypatch
):
    connection = scratch._conn
    execute = connection.execute

    async def failing_commit(sql, *args):
        if sql == "COMMIT":
            raise sqlite3.OperationalError("disk I/O error")
        return await execute(sql, *args)

    monkeypatch.setattr(connection, "execute", failing_commit)
    with pytest.raises(sqlite3.OperationalError):
        await write(scratch, "lost")
    monkeypatch.undo()

    await write(scratch, "kept")  # not "cannot start a transaction within a transaction"
    assert await rows(scratch) == ["kept"]


async def test_committed_here_counts_this_task_s_commits_only(scratch: Database):
    before = committed_here()
    async with scratch.transaction() as conn:
        await conn.execute("INSERT INTO scratch VALUES ('a')")
    async with scratch.transaction(commit=False) as conn:  # a dry run commits nothing
        await conn.execute("INSERT INTO scratch VALUES ('b')")
    await rows(scratch)  # reads commit nothing either
    assert committed_here() == before + 1
