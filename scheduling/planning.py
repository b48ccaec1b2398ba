"""Run the planner on the database's state and queue what is due, beside the handlers."""

from __future__ import annotations

import asyncio
import gc
import logging
from collections.abc import Iterator
from contextlib import contextmanager

from bot.config import Settings
from bot.domain.clock import Clock
from bot.storage import outbox
from bot.storage.database import Database
from bot.storage.planning import load_school_state
from scheduling.planner import Rules, plan

log = logging.getLogger(__name__)

# Rows written per transaction: a few milliseconds of the shared connection at a time.
WRITE_BATCH = 200


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector paused while a pass holds the school in memory.

    A pass makes some hundred thousand objects (the facts, the notifications), none in a
    cycle and all freed by reference counting when it ends. While they live they would
    trigger full collections, each walking every object of the process for 100-200 ms with
    the interpreter lock held: every handler would stop meanwhile, for nothing to collect.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def rules_from(settings: Settings) -> Rules:
    return Rules(
        tz=settings.timezone,
        nudge_after=settings.nudge_offset_list,
        nudge_before_close=settings.nudge_before_close_offset,
        reminder_offsets=settings.reminder_offset_list,
        digest_time=settings.teacher_digest_at,
    )


async def plan_now(db: Database, settings: Settings, clock: Clock) -> int:
    """Queue every notification that is due by now; returns how many were new.

    Idempotent: the outbox keeps one row per de-duplication key. The school is read on the
    database's snapshot connection and planned in a worker thread, so handlers go on
    meanwhile; only keys not yet in the outbox are written, a short transaction per
    `WRITE_BATCH`, so a handler waits at most for one batch. A fact that changes while a
    pass runs is planned again by the next pass (the change's event asks for one), and a row
    planned from the fact before it is checked again when it is sent: each renderer writes
    from the state of that moment, or nothing when the reason is gone.
    """
    now = clock.now()
    rules = rules_from(settings)
    with _no_cycle_collection():
        async with db.snapshot() as conn:
            state = await load_school_state(conn, now)
            planned = await asyncio.to_thread(plan, state, rules, now)
            del state
            fresh = await outbox.not_queued(conn, planned)
        del planned
    new = 0
    for start in range(0, len(fresh), WRITE_BATCH):
        async with db.transaction() as conn:
            new += await outbox.enqueue_many(conn, fresh[start : start + WRITE_BATCH], now)
    if new:
        log.info("planner queued new=%d", new)
    return new
