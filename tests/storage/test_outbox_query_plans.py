"""The outbox's hot queries search an index instead of reading every pending row, and the
prefix withdrawal written as a key range withdraws exactly what it always did.

The plans are those SQLite makes for the very statements `bot.storage.outbox` sends, on a
freshly migrated database (no statistics: what a new school's database starts with).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

import aiosqlite
import pytest

from bot.domain.clock import ManualClock
from bot.domain.notification_kind import NotificationKind
from bot.domain.person_kind import PersonKind
from bot.storage import outbox
from bot.storage.database import Database

Query = Callable[[aiosqlite.Connection], Awaitable[Any]]


async def plan_of(db: Database, query: Query) -> list[str]:
    """Runs `query`, catching the one statement it sends, and returns SQLite's plan for it."""
    sent: list[tuple[str, Any]] = []
    async with db.transaction(commit=False) as conn:
        execute = conn.execute

        def catch(sql: str, parameters: Any = None) -> Any:
            sent.append((sql, parameters))
            return execute(sql, parameters)

        conn.execute = catch  # type: ignore[method-assign]
        try:
            await query(conn)
        finally:
            conn.execute = execute  # type: ignore[method-assign]
        assert len(sent) == 1, sent
        sql, parameters = sent[0]
        async with execute(f"EXPLAIN QUERY PLAN {sql}", parameters) as cursor:
            return [row["detail"] async for row in cursor]


def outbox_step(plan: list[str]) -> str:
    """The plan's step that reads the outbox (aliased `o` in the joins)."""
    (step,) = [s for s in plan if s.split()[1] in ("outbox", "o")]
    return step


@pytest.mark.parametrize(
    ("name", "query", "expected"),
    [
        (
            "due_rows",
            lambda conn, now: outbox.due_rows(conn, now),
            "INDEX outbox_status (status=? AND not_before<?)",
        ),
        (
            "due_rows of one person",
            lambda conn, now: outbox.due_rows(conn, now, recipient=(PersonKind.GUARDIAN, 7)),
            "INDEX outbox_recipient (recipient_kind=? AND recipient_id=? AND status=?"
            " AND not_before<?)",
        ),
        (
            "next_due",
            lambda conn, now: outbox.next_due(conn, now),
            "(status=?)",
        ),
        (
            "withdraw",
            lambda conn, now: outbox.withdraw(conn, "meeting-invite:1:"),
            "INDEX outbox_pending_key (status=? AND dedup_key>? AND dedup_key<?)",
        ),
        (
            "expire_stale",
            lambda conn, now: outbox.expire_stale(conn, now),
            "INDEX outbox_pending_expiry (status=? AND expires_at>? AND expires_at<?)",
        ),
        (
            "release_held",
            lambda conn, now: outbox.release_held(conn, now),
            "INDEX outbox_held (status=? AND held_for_translation=?)",
        ),
    ],
)
async def test_each_hot_outbox_query_searches_an_index(
    db: Database, clock: ManualClock, name: str, query: Any, expected: str
) -> None:
    step = outbox_step(await plan_of(db, lambda conn: query(conn, clock.now())))
    assert step.startswith("SEARCH"), (name, step)
    assert "USING INDEX" in step or "USING COVERING INDEX" in step, (name, step)
    assert expected in step, (name, step)


async def queue(db: Database, clock: ManualClock, *keys: str) -> None:
    async with db.transaction() as conn:
        for key in keys:
            await outbox.enqueue(
                conn,
                recipient_kind=PersonKind.GUARDIAN,
                recipient_id=1,
                kind=NotificationKind.MEETING_INVITATION,
                params={},
                not_before=clock.now() + timedelta(days=1),
                dedup_key=key,
                now=clock.now(),
            )


async def statuses(db: Database) -> dict[str, str]:
    async with db.read() as conn, conn.execute("SELECT dedup_key, status FROM outbox") as cursor:
        return {row["dedup_key"]: row["status"] async for row in cursor}


async def test_withdrawing_by_prefix_takes_the_pending_keys_with_it_and_no_look_alike(
    db: Database, clock: ManualClock
) -> None:
    await queue(
        db,
        clock,
        "meeting-invite:1:guardian:5",
        "meeting-invite:1:guardian:6",
        "meeting-invite:1:guardian:7",
        "meeting-invite:12:guardian:5",  # starts alike, another meeting
        "meeting-invite:1",  # the prefix without its colon
        "meeting-invite:1;",  # the character just after the colon
        "meeting-nudge:1:guardian:5",
    )
    async with db.transaction() as conn:
        await outbox.claim(conn, 3)  # in flight: no longer pending, so it stays
        assert await outbox.withdraw(conn, "meeting-invite:1:") == 2
    assert await statuses(db) == {
        "meeting-invite:1:guardian:5": "withdrawn",
        "meeting-invite:1:guardian:6": "withdrawn",
        "meeting-invite:1:guardian:7": "sending",
        "meeting-invite:12:guardian:5": "pending",
        "meeting-invite:1": "pending",
        "meeting-invite:1;": "pending",
        "meeting-nudge:1:guardian:5": "pending",
    }


async def test_a_prefix_of_text_beyond_ascii_withdraws_its_keys_only(
    db: Database, clock: ManualClock
) -> None:
    await queue(db, clock, "note:é:1", "note:é:2", "note:ê:1", "note:e:1", "note:éa")
    async with db.transaction() as conn:
        assert await outbox.withdraw(conn, "note:é:") == 2
    assert await statuses(db) == {
        "note:é:1": "withdrawn",
        "note:é:2": "withdrawn",
        "note:ê:1": "pending",
        "note:e:1": "pending",
        "note:éa": "pending",
    }


async def test_an_empty_prefix_is_refused_rather_than_withdrawing_everything(db: Database) -> None:
    async with db.transaction(commit=False) as conn:
        with pytest.raises(ValueError, match="empty prefix"):
            await outbox.withdraw(conn, "")
