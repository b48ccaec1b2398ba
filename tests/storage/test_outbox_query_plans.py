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

from bot.domain.clock import ManualClock, to_db
from bot.domain.notification_kind import NotificationKind
from bot.domain.person_kind import PersonKind
from bot.storage import outbox
from bot.storage.database import Database

Query = Callable[[aiosqlite.Connection], Awaitable[Any]]


async def plans_of(db: Database, query: Query) -> list[list[str]]:
    """Runs `query`, catching the statements it sends (through a cursor, or fetched in one
    call), and returns SQLite's plan for each."""
    sent: list[tuple[str, Any]] = []
    async with db.transaction(commit=False) as conn:
        execute, execute_fetchall = conn.execute, conn.execute_fetchall

        def catch(sql: str, parameters: Any = None) -> Any:
            sent.append((sql, parameters))
            return execute(sql, parameters)

        async def catch_fetchall(sql: str, parameters: Any = None) -> Any:
            sent.append((sql, parameters))
            return await execute_fetchall(sql, parameters)

        conn.execute = catch  # type: ignore[method-assign]
        conn.execute_fetchall = catch_fetchall  # type: ignore[method-assign]
        try:
            await query(conn)
        finally:
            conn.execute = execute  # type: ignore[method-assign]
            conn.execute_fetchall = execute_fetchall  # type: ignore[method-assign]
        plans = []
        for sql, parameters in sent:
            async with execute(f"EXPLAIN QUERY PLAN {sql}", parameters) as cursor:
                plans.append([row["detail"] async for row in cursor])
        return plans


async def plan_of(db: Database, query: Query) -> list[str]:
    """SQLite's plan for the one statement `query` sends."""
    plans = await plans_of(db, query)
    assert len(plans) == 1, plans
    return plans[0]


def outbox_steps(plan: list[str]) -> list[str]:
    """The plan's steps that read the outbox (aliased `o` in the joins)."""
    return [s for s in plan if s.split()[1] in ("outbox", "o")]


def outbox_step(plan: list[str]) -> str:
    (step,) = outbox_steps(plan)
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


@pytest.mark.parametrize(
    ("name", "query", "statements"),
    [
        ("next_due", lambda conn, now: outbox.next_due(conn, now), 1),
        ("pending_breakdown", lambda conn, now: outbox.pending_breakdown(conn, now), 2),
    ],
)
async def test_when_and_how_many_are_asked_of_reachable_people_and_their_own_rows(
    db: Database, clock: ManualClock, name: str, query: Any, statements: int
) -> None:
    """Rows that wait for people not in Telegram (most rows, just after a round opens at a
    large school) are never read: the people who can be written to are found by their
    partial indexes, and each one's pending rows by `outbox_recipient`."""
    plans = await plans_of(db, lambda conn: query(conn, clock.now()))
    assert len(plans) == statements, (name, plans)
    deliverable = plans[0]
    assert "SCAN p USING INDEX guardians_reachable" in deliverable, (name, deliverable)
    assert "SCAN p USING INDEX staff_reachable" in deliverable, (name, deliverable)
    each_person_s_rows = (
        "SEARCH o USING INDEX outbox_recipient (recipient_kind=? AND recipient_id=? AND status=?)"
    )
    assert outbox_steps(deliverable) == [each_person_s_rows] * 2, (name, deliverable)
    for counting in plans[1:]:  # every row that waits, counted from an index alone
        assert outbox_steps(counting) == [
            "SEARCH outbox USING COVERING INDEX outbox_pending_expiry (status=?)"
        ], (name, counting)


async def person(
    conn: aiosqlite.Connection,
    table: str,
    number: int,
    clock: ManualClock,
    *,
    linked: bool = True,
    active: bool = True,
    unreachable: bool = False,
    chose_language: timedelta | None = None,
) -> None:
    """A guardian or staff member, linked two days ago unless not `linked`."""
    now = clock.now()
    columns = {
        "id": number,
        "import_key": f"{table}{number}",
        "name": f"Person {number}",
        "language": "nl",
        "telegram_user_id": number if linked else None,
        "telegram_chat_id": number if linked else None,
        "linked_at": to_db(now - timedelta(days=2)) if linked else None,
        "active": int(active),
        "unreachable_at": to_db(now) if unreachable else None,
        "language_chosen_at": to_db(now - chose_language) if chose_language else None,
        "created_at": to_db(now),
        "updated_at": to_db(now),
    }
    if table == "staff":
        columns.update(email=f"s{number}@school.example", role="teacher")
    marks = ", ".join("?" * len(columns))
    await conn.execute(
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", tuple(columns.values())
    )


async def row(
    conn: aiosqlite.Connection,
    kind: PersonKind,
    person_id: int,
    key: str,
    clock: ManualClock,
    not_before: timedelta,
    *,
    next_attempt: timedelta | None = None,
    expires: timedelta | None = None,
) -> None:
    now = clock.now()
    await conn.execute(
        "INSERT INTO outbox (recipient_kind, recipient_id, kind, not_before, next_attempt_at,"
        " expires_at, dedup_key, created_at) VALUES (?, ?, 'note', ?, ?, ?, ?, ?)",
        (
            kind,
            person_id,
            to_db(now + not_before),
            to_db(now + next_attempt) if next_attempt else None,
            to_db(now + expires) if expires else None,
            key,
            to_db(now),
        ),
    )


async def test_the_next_due_moment_and_the_counts_are_those_of_deliverable_rows(
    db: Database, clock: ManualClock
) -> None:
    """Only rows of people who are linked, active and not refused count as deliverable;
    a back-off, an expiry and the settling time after linking are kept."""
    hour = timedelta(hours=1)
    guardian, staff = PersonKind.GUARDIAN, PersonKind.STAFF
    async with db.transaction() as conn:
        await person(conn, "guardians", 1, clock)
        await person(conn, "guardians", 2, clock, linked=False)
        await person(conn, "guardians", 3, clock, unreachable=True)
        await person(conn, "guardians", 4, clock, active=False)
        await person(conn, "staff", 1, clock, chose_language=timedelta(days=1))
        await row(conn, guardian, 1, "g1-later", clock, 2 * hour)
        await row(conn, guardian, 1, "g1-backing-off", clock, -hour, next_attempt=3 * hour)
        await row(conn, guardian, 1, "g1-stale", clock, -2 * hour, expires=-hour / 60)
        await row(conn, guardian, 2, "g2-not-linked", clock, -5 * hour)
        await row(conn, guardian, 3, "g3-refused", clock, -4 * hour)
        await row(conn, guardian, 4, "g4-left", clock, -3 * hour)
        await row(conn, staff, 1, "s1-due", clock, -hour / 2)
    now = clock.now()
    async with db.read() as conn:
        assert await outbox.next_due(conn, now) == now - hour / 2
        # Linked two days ago, waiting three days to settle: the guardian later; the
        # teacher chose a language after linking, so may be written to already.
        assert await outbox.next_due(conn, now, settle=timedelta(days=3)) == now - hour / 2
        # due now, scheduled for later, waiting for their person
        assert await outbox.pending_breakdown(conn, now) == (1, 2, 3)
    async with db.transaction() as conn:
        await conn.execute("UPDATE outbox SET status = 'sent' WHERE dedup_key = 's1-due'")
    async with db.read() as conn:
        assert await outbox.next_due(conn, now) == now + 2 * hour
        assert await outbox.next_due(conn, now, settle=timedelta(days=3)) == now + timedelta(days=1)
        assert await outbox.pending_breakdown(conn, now) == (0, 2, 3)
