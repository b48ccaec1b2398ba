"""A unit of work: nested use joins it, its events are handed on after the commit only."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import pytest

from bot.domain.events import Event, NotificationsQueued, RoundOpened, TalksChanged
from bot.storage.database import Database, raise_event
from tests.heard import Heard


@pytest.fixture
async def heard(db: Database) -> Heard:
    listener = Heard()
    db.subscribe(listener)
    async with db.transaction() as conn:
        await conn.execute("CREATE TABLE scratch (name TEXT)")
    return listener


async def names(db: Database) -> list[str]:
    async with db.read() as conn, conn.execute("SELECT name FROM scratch") as cursor:
        return [row["name"] for row in await cursor.fetchall()]


async def test_events_are_heard_once_after_the_commit_in_the_order_raised(db, heard):
    async with db.transaction() as conn:
        raise_event(TalksChanged(1))
        raise_event(NotificationsQueued())
        raise_event(TalksChanged(1))  # the same news twice is one event
        await conn.execute("INSERT INTO scratch VALUES ('a')")
        assert heard.batches == []  # not before the commit
    assert heard.batches == [[TalksChanged(1), NotificationsQueued()]]


async def write_then_fail(db: Database) -> None:
    async with db.transaction() as conn:
        await conn.execute("INSERT INTO scratch VALUES ('lost')")
        raise_event(RoundOpened(7))
        raise RuntimeError("failed")


async def nested_write_then_fail(db: Database) -> None:
    async with db.transaction():
        async with db.transaction() as conn:
            await conn.execute("INSERT INTO scratch VALUES ('nested')")
            raise_event(TalksChanged(3))
        raise RuntimeError("the outer part failed")


async def test_a_rolled_back_unit_hands_on_nothing(db, heard):
    with pytest.raises(RuntimeError):
        await write_then_fail(db)
    async with db.transaction(commit=False):  # a dry run
        raise_event(RoundOpened(8))
    assert heard.batches == []
    assert await names(db) == []


async def test_a_nested_unit_joins_the_open_one_instead_of_waiting_for_itself(db, heard):
    async def inner() -> None:
        async with db.transaction() as conn:
            await conn.execute("INSERT INTO scratch VALUES ('inner')")
            raise_event(TalksChanged(2))
        async with db.read() as conn, conn.execute("SELECT count(*) FROM scratch") as cursor:
            assert (await cursor.fetchone())[0] == 1  # sees the open unit's own write

    async with db.transaction(), asyncio.timeout(60):  # a deadlock would end here
        await inner()
        assert heard.batches == []  # the outer unit decides when
    assert heard.batches == [[TalksChanged(2)]]
    assert await names(db) == ["inner"]


async def test_a_failure_after_a_nested_unit_undoes_it_too(db, heard):
    with pytest.raises(RuntimeError):
        await nested_write_then_fail(db)
    assert await names(db) == []
    assert heard.batches == []


async def test_a_task_started_inside_a_unit_waits_for_its_own(db, heard):
    order: list[str] = []

    async def other_task() -> None:
        async with db.transaction() as conn:
            order.append("other")
            await conn.execute("INSERT INTO scratch VALUES ('other')")

    async with db.transaction() as conn:
        task = asyncio.create_task(other_task())
        await asyncio.sleep(0)  # let it start: it must queue behind this unit, not join it
        order.append("first")
        await conn.execute("INSERT INTO scratch VALUES ('first')")
    await task
    assert order == ["first", "other"]


async def test_events_belong_inside_a_write_unit(db, heard):
    with pytest.raises(RuntimeError, match="inside a write transaction"):
        raise_event(TalksChanged(4))
    async with db.read():
        with pytest.raises(RuntimeError, match="inside a write transaction"):
            raise_event(TalksChanged(4))


async def test_a_failing_listener_does_not_undo_the_change_or_silence_the_others(db, heard):
    async def broken(events: Sequence[Event]) -> None:
        raise ValueError("a bug in a listener")

    later = Heard()
    db.subscribe(broken)
    db.subscribe(later)
    async with db.transaction() as conn:
        await conn.execute("INSERT INTO scratch VALUES ('kept')")
        raise_event(RoundOpened(5))
    assert await names(db) == ["kept"]
    assert later.batches == [[RoundOpened(5)]]


async def test_a_read_of_one_statement_is_no_snapshot_for_more(db, heard):
    """`read_statement` sends no BEGIN: a read of several statements inside it would see
    the database change between them, so it is refused instead of joining."""
    async with db.read_statement() as conn:
        await conn.execute_fetchall("SELECT name FROM scratch")
        for several in (db.read, db.snapshot, db.transaction):
            with pytest.raises(RuntimeError, match="cannot join"):
                async with several():
                    pass
