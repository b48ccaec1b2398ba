"""A planning pass queues exactly the rows queuing each notification in one transaction did,
writes them in short transactions, writes nothing when nothing is new, and lets handlers
commit while it reads the school and while it plans."""

from __future__ import annotations

import asyncio
import gc
import threading
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

import pytest

from bot.config import Settings
from bot.domain.bookings import Actor
from bot.domain.clock import ManualClock, to_db
from bot.domain.events import Event, NotificationsQueued
from bot.domain.person_kind import PersonKind
from bot.domain.school_state import SchoolState
from bot.services import booking
from bot.storage import outbox
from bot.storage.database import Database, committed_here
from bot.storage.planning import load_school_state
from scheduling import planning
from scheduling.notification import Notification
from scheduling.planner import Rules, plan
from scheduling.planning import plan_now, rules_from
from tests.services.school_fixture import Ids, load_school

# Hang guard only: each wait ends at once when the pass behaves; nothing is timed.
NEVER = 30


@pytest.fixture
async def ids(db: Database, clock: ManualClock, settings: Settings) -> Ids:
    """The example school, its December round open for a week: invitations for all,
    nudges for the linked parents without a talk, reminders for a booked talk."""
    found = await load_school(db, clock, settings.timezone)
    linked = to_db(clock.now() - timedelta(days=10))
    async with db.transaction() as conn:
        await conn.execute(
            "UPDATE guardians SET telegram_user_id = id + 1000, telegram_chat_id = id + 1000,"
            " linked_at = ? WHERE name IN ('Sanne de Vries', 'Rania Haddad', 'Mark Jansen')",
            (linked,),
        )
    actor = Actor(PersonKind.GUARDIAN, await found.guardian("Sanne de Vries"))
    round_id, pupil_id = await found.round(), await found.pupil("Zoë")
    offers = (await booking.free_offers(db, actor, round_id, pupil_id, clock.now())).offers
    await booking.book(
        db, actor, round_id=round_id, pupil_id=pupil_id, slot_id=offers[0].slot_id, now=clock.now()
    )
    return found


async def outbox_rows(conn: Any) -> list[tuple[object, ...]]:
    async with conn.execute("SELECT * FROM outbox ORDER BY id") as cursor:
        return [tuple(row) async for row in cursor]


async def enqueue_one(conn: Any, notification: Notification, now: datetime) -> int:
    """One notification the way planning queued them before batches: `outbox.enqueue`."""
    return await outbox.enqueue(
        conn,
        recipient_kind=notification.recipient_kind,
        recipient_id=notification.recipient_id,
        kind=notification.kind,
        params=notification.params,
        not_before=notification.not_before,
        expires_at=notification.expires_at,
        dedup_key=notification.dedup_key,
        now=now,
    )


async def queued_one_by_one(
    db: Database, settings: Settings, now: datetime
) -> list[tuple[object, ...]]:
    """The rows as planning made them before: one `enqueue` per notification, all in one
    transaction (rolled back here, so the database stays as it was)."""
    async with db.transaction(commit=False) as conn:
        state = await load_school_state(conn, now)
        for n in plan(state, rules_from(settings), now):
            await enqueue_one(conn, n, now)
        return await outbox_rows(conn)


async def all_rows(db: Database) -> list[tuple[object, ...]]:
    async with db.read() as conn:
        return await outbox_rows(conn)


async def test_a_pass_queues_the_very_rows_queuing_one_by_one_did(
    db: Database, settings: Settings, clock: ManualClock, ids: Ids
) -> None:
    expected = await queued_one_by_one(db, settings, clock.now())
    kinds = {row[3] for row in expected}
    assert {"invitation", "nudge", "appointment_details", "appointment_reminder"} <= kinds
    before = len(await all_rows(db))

    new = await plan_now(db, settings, clock)

    assert new == len(expected) - before
    assert await all_rows(db) == expected


async def test_rows_are_written_in_short_transactions_each_waking_delivery(
    db: Database,
    settings: Settings,
    clock: ManualClock,
    ids: Ids,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    expected = await queued_one_by_one(db, settings, clock.now())
    before = len(await all_rows(db))
    heard: list[Sequence[Event]] = []

    async def listen(events: Sequence[Event]) -> None:
        heard.append(events)

    db.subscribe(listen)
    monkeypatch.setattr(planning, "WRITE_BATCH", 3)
    committed = committed_here()

    new = await plan_now(db, settings, clock)

    batches = -(-new // 3)
    assert new == len(expected) - before > 3
    assert committed_here() - committed == batches
    assert heard == [[NotificationsQueued()]] * batches
    assert await all_rows(db) == expected


async def test_planning_again_writes_nothing_when_nothing_is_new(
    db: Database, settings: Settings, clock: ManualClock, ids: Ids
) -> None:
    assert await plan_now(db, settings, clock) > 0
    rows = await all_rows(db)
    committed = committed_here()

    assert await plan_now(db, settings, clock) == 0

    assert committed_here() == committed  # not even an empty write transaction
    assert await all_rows(db) == rows


async def test_a_row_queued_by_someone_else_meanwhile_is_kept_and_not_counted(
    db: Database,
    settings: Settings,
    clock: ManualClock,
    ids: Ids,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Between the pass's look at the outbox and its write, a key may get its row
    elsewhere (another pass): the row stays as it is, and the pass does not count it."""
    now = clock.now()
    expected = await queued_one_by_one(db, settings, now)
    planned = plan(await snapshot_state(db, now), rules_from(settings), now)
    first = planned[0]
    real_not_queued = outbox.not_queued

    async def not_queued_then_queued(conn: Any, planned: Sequence[Notification]) -> list[Any]:
        fresh = await real_not_queued(conn, planned)
        async with db.transaction() as writer:
            await enqueue_one(writer, first, now)
        return fresh

    monkeypatch.setattr(outbox, "not_queued", not_queued_then_queued)
    before = len(await all_rows(db))

    new = await plan_now(db, settings, clock)

    assert new == len(expected) - before - 1
    assert sorted(row[1:] for row in await all_rows(db)) == sorted(row[1:] for row in expected)


async def snapshot_state(db: Database, now: datetime) -> SchoolState:
    async with db.snapshot() as conn:
        return await load_school_state(conn, now)


async def test_a_handler_commits_while_a_pass_reads_the_school(
    db: Database,
    settings: Settings,
    clock: ManualClock,
    ids: Ids,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    reading, go_on = asyncio.Event(), asyncio.Event()

    async def held_load(conn: Any, now: datetime) -> SchoolState:
        reading.set()
        await go_on.wait()
        return await load_school_state(conn, now)

    monkeypatch.setattr(planning, "load_school_state", held_load)
    pass_ = asyncio.create_task(plan_now(db, settings, clock))
    await asyncio.wait_for(reading.wait(), NEVER)

    # The pass is reading: a handler's unit of work commits all the same.
    async with asyncio.timeout(NEVER), db.transaction() as conn:
        await conn.execute("UPDATE guardians SET language = 'ar' WHERE name = 'Rania Haddad'")
    assert not pass_.done()

    go_on.set()
    assert await asyncio.wait_for(pass_, NEVER) > 0


async def test_a_handler_commits_while_a_pass_plans(
    db: Database,
    settings: Settings,
    clock: ManualClock,
    ids: Ids,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The pure planner runs in a worker thread: the event loop, and every handler on it,
    goes on meanwhile."""
    planning_started, handler_done = threading.Event(), threading.Event()

    def held_plan(state: SchoolState, rules: Rules, now: datetime) -> list[Notification]:
        planning_started.set()
        assert handler_done.wait(NEVER), "the handler could not run while the planner ran"
        return plan(state, rules, now)

    monkeypatch.setattr(planning, "plan", held_plan)
    pass_ = asyncio.create_task(plan_now(db, settings, clock))
    await asyncio.wait_for(asyncio.to_thread(planning_started.wait, NEVER), NEVER)

    async with asyncio.timeout(NEVER), db.transaction() as conn:
        await conn.execute("UPDATE guardians SET language = 'ar' WHERE name = 'Rania Haddad'")
    handler_done.set()

    assert await asyncio.wait_for(pass_, NEVER) > 0


async def test_the_cycle_collector_rests_while_a_pass_holds_the_school_and_only_then(
    db: Database,
    settings: Settings,
    clock: ManualClock,
    ids: Ids,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A full collection would walk every object of the process while the pass's many
    short-lived ones live, stopping every handler; reference counting frees them anyway."""
    collecting: list[bool] = []

    def watched_plan(state: SchoolState, rules: Rules, now: datetime) -> list[Notification]:
        collecting.append(gc.isenabled())
        return plan(state, rules, now)

    monkeypatch.setattr(planning, "plan", watched_plan)
    assert gc.isenabled()

    assert await plan_now(db, settings, clock) > 0

    assert collecting == [False]
    assert gc.isenabled()
