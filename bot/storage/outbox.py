"""The outbox: every notification is a row first, so a restart loses nothing."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol, TypeVar

import aiosqlite

from bot.domain.clock import from_db, to_db
from bot.domain.events import NotificationsQueued
from bot.domain.notification_kind import NotificationKind
from bot.domain.person_kind import PersonKind
from bot.storage.database import raise_event
from bot.storage.people import PERSON_TABLES
from bot.storage.rows import first_row

# How long a message showing free text waits at most for its machine translation: longer
# than the engine's timeout, short enough that the original goes out soon if none comes.
HOLD = timedelta(seconds=60)


class Planned(Protocol):
    """A notification as the planner hands it over, to be queued if its key is new."""

    @property
    def recipient_kind(self) -> PersonKind: ...
    @property
    def recipient_id(self) -> int: ...
    @property
    def kind(self) -> NotificationKind: ...
    @property
    def params(self) -> Mapping[str, Any]: ...
    @property
    def not_before(self) -> datetime: ...
    @property
    def expires_at(self) -> datetime | None: ...
    @property
    def dedup_key(self) -> str: ...


P = TypeVar("P", bound=Planned)

_INSERT = (
    "INSERT INTO outbox (recipient_kind, recipient_id, kind, params, not_before,"
    " expires_at, dedup_key, created_at, held_for_translation)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
    " ON CONFLICT (dedup_key) DO NOTHING"
)
# Keys looked up per query: well below SQLite's limit of bound parameters.
KEYS_PER_QUERY = 500


async def enqueue(
    conn: aiosqlite.Connection,
    *,
    recipient_kind: PersonKind,
    recipient_id: int,
    kind: NotificationKind,
    params: Mapping[str, Any],
    not_before: datetime,
    dedup_key: str,
    now: datetime,
    expires_at: datetime | None = None,
    wait_for_translation: bool = False,
) -> bool:
    """Queue a notification inside the caller's transaction; False if the key exists.

    The unique de-duplication key makes planning idempotent: planning twice sends once.
    A row queued raises `NotificationsQueued`: delivery wakes once the transaction commits.

    `wait_for_translation`: the message shows free text whose machine translation is being
    made. It is held (`HOLD` later, flagged) until the translator releases it; should the
    translator never do so, the hold simply ends and the original goes out, marked.
    """
    values = _values(
        recipient_kind,
        recipient_id,
        kind,
        params,
        not_before,
        expires_at,
        dedup_key,
        now,
        held=wait_for_translation,
    )
    cursor = await conn.execute(_INSERT, values)
    if cursor.rowcount != 1:
        return False
    raise_event(NotificationsQueued())
    return True


async def enqueue_many(
    conn: aiosqlite.Connection, planned: Sequence[Planned], now: datetime
) -> int:
    """Queue the planner's notifications inside the caller's transaction, in their order, in
    one statement (one thread round trip, not one per row); returns how many were new.

    As `enqueue`, a key that exists is left as it is, and delivery wakes after the commit.
    """
    if not planned:
        return 0
    cursor = await conn.executemany(
        _INSERT,
        [
            _values(
                n.recipient_kind,
                n.recipient_id,
                n.kind,
                n.params,
                n.not_before,
                n.expires_at,
                n.dedup_key,
                now,
            )
            for n in planned
        ],
    )
    if cursor.rowcount > 0:
        raise_event(NotificationsQueued())
    return max(cursor.rowcount, 0)


def _values(
    recipient_kind: PersonKind,
    recipient_id: int,
    kind: NotificationKind,
    params: Mapping[str, Any],
    not_before: datetime,
    expires_at: datetime | None,
    dedup_key: str,
    now: datetime,
    *,
    held: bool = False,
) -> tuple[object, ...]:
    """The bound values of `_INSERT`; a row held for a translation waits `HOLD` longer."""
    return (
        recipient_kind,
        recipient_id,
        kind,
        json.dumps(dict(params), sort_keys=True),
        to_db(not_before + HOLD if held else not_before),
        to_db(expires_at) if expires_at else None,
        dedup_key,
        to_db(now),
        int(held),
    )


async def not_queued(conn: aiosqlite.Connection, planned: Sequence[P]) -> list[P]:
    """Those of the planner's notifications whose key has no row yet, whatever the status
    of one that has (found by the key's unique index, a chunk of keys per query): what
    planning again needs to write, in the planner's order."""
    fresh: list[P] = []
    for start in range(0, len(planned), KEYS_PER_QUERY):
        chunk = planned[start : start + KEYS_PER_QUERY]
        marks = ",".join("?" * len(chunk))
        sql = f"SELECT dedup_key FROM outbox WHERE dedup_key IN ({marks})"
        rows = await conn.execute_fetchall(sql, tuple(n.dedup_key for n in chunk))
        queued = {row[0] for row in rows}
        fresh += [n for n in chunk if n.dedup_key not in queued]
    return fresh


async def release_held(conn: aiosqlite.Connection, now: datetime) -> int:
    """Messages held for a translation may go: each at the moment it was queued for, or
    now if that has passed. Returns how many; delivery wakes after the commit."""
    cursor = await conn.execute(
        "UPDATE outbox SET held_for_translation = 0,"
        " not_before = max(:now, strftime('%Y-%m-%dT%H:%M:%S+00:00', not_before, :back))"
        " WHERE held_for_translation = 1 AND status = 'pending'",
        {"now": to_db(now), "back": f"-{int(HOLD.total_seconds())} seconds"},
    )
    if cursor.rowcount:
        raise_event(NotificationsQueued())
    return cursor.rowcount


async def withdraw(conn: aiosqlite.Connection, dedup_key_prefix: str) -> int:
    """Withdraw pending notifications whose key starts with the prefix (e.g. a cancelled
    booking's reminders); returns how many."""
    cursor = await conn.execute(
        "UPDATE outbox SET status = 'withdrawn'"
        " WHERE status = 'pending' AND dedup_key >= ? AND dedup_key < ?",
        (dedup_key_prefix, _past_prefix(dedup_key_prefix)),
    )
    return cursor.rowcount


def _past_prefix(prefix: str) -> str:
    """The first text after every text that starts with `prefix`: its last character
    stepped on. A range up to it is what an index can search, unlike `substr(...) = ?`;
    SQLite compares text as UTF-8 bytes, which sort like the characters they encode."""
    if not prefix:
        raise ValueError("an empty prefix would withdraw every pending notification")
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


async def take_unsent(
    conn: aiosqlite.Connection, recipient_kind: PersonKind, recipient_id: int, about: str
) -> list[dict[str, Any]]:
    """Withdraw a person's notices about one thing (their `about` parameter) that have not
    reached them: waiting, or held while Telegram refuses them. Returns their parameters,
    oldest first. A notice in flight or sent counts as heard and stays."""
    sql = (
        "UPDATE outbox SET status = 'withdrawn'"
        " WHERE recipient_kind = ? AND recipient_id = ? AND status IN ('pending', 'unreachable')"
        " AND json_extract(params, '$.about') = ? RETURNING id, params"
    )
    rows = await conn.execute_fetchall(sql, (recipient_kind, recipient_id, about))
    taken = sorted([(row["id"], row["params"]) for row in rows])
    return [json.loads(params) for _, params in taken]


# -- delivery -------------------------------------------------------------------------------


@dataclass(frozen=True)
class OutboxRow:
    """A pending notification with what sending it needs: the chat and the language."""

    id: int
    recipient_kind: PersonKind
    recipient_id: int
    kind: str  # as stored: a kind without a renderer is marked failed, not lost
    params: dict[str, Any]
    not_before: datetime
    expires_at: datetime | None
    attempts: int
    chat_id: int
    language: str
    parts_sent: int = 0  # of a long text, those Telegram has already taken


# Pending rows whose recipient can be written to: linked, active and not refused by Telegram.
_DELIVERABLE = """
    FROM outbox o
    LEFT JOIN guardians g ON o.recipient_kind = 'guardian' AND g.id = o.recipient_id
        AND g.active = 1 AND g.unreachable_at IS NULL
    LEFT JOIN staff s ON o.recipient_kind = 'staff' AND s.id = o.recipient_id
        AND s.active = 1 AND s.unreachable_at IS NULL
    WHERE o.status = 'pending'
      AND (o.expires_at IS NULL OR o.expires_at > :now)
      AND coalesce(g.telegram_chat_id, s.telegram_chat_id) IS NOT NULL
"""


def _settled_at(chosen: str, linked: str) -> str:
    """When a person may first be written to unasked: as soon as they chose their language
    after linking, else some time after linking, so the messages that waited for them come
    in the language they pick right after linking. A choice made before linking again does
    not count. `chosen` and `linked` are the person's columns."""
    return f"""
    CASE WHEN {chosen} >= {linked}
         THEN {chosen}
         ELSE strftime('%Y-%m-%dT%H:%M:%S+00:00',
                       coalesce({linked}, '1970-01-01T00:00:00+00:00'), :settle_seconds)
    END
"""


_SETTLED_AT = _settled_at(
    "coalesce(g.language_chosen_at, s.language_chosen_at)", "coalesce(g.linked_at, s.linked_at)"
)


def _of_reachable_people(select: str) -> str:
    """`select` over each pending, unexpired row of a person who can be written to (`p`,
    their row `o`), guardians and staff in turn: the people's partial indexes
    (`guardians_reachable`, `staff_reachable`) and each one's rows by `outbox_recipient`,
    so rows waiting for people not in Telegram are never read (CROSS JOIN keeps people as
    the outer loop: without statistics SQLite would rather read every pending row).
    Deliverable as in `_DELIVERABLE`."""
    return " UNION ALL ".join(
        f"""
        SELECT {select} FROM {table} p
        CROSS JOIN outbox o ON o.recipient_kind = '{kind}' AND o.recipient_id = p.id
            AND o.status = 'pending'
        WHERE p.active = 1 AND p.unreachable_at IS NULL AND p.telegram_chat_id IS NOT NULL
          AND (o.expires_at IS NULL OR o.expires_at > :now)
        """
        for kind, table in PERSON_TABLES.items()
    )


async def due_rows(
    conn: aiosqlite.Connection,
    now: datetime,
    *,
    limit: int = 100,
    recipient: tuple[PersonKind, int] | None = None,
    settle: timedelta = timedelta(0),
) -> list[OutboxRow]:
    """Rows to send now, oldest due first; optionally only one person's.

    Recipients linked less than `settle` ago are left for later.
    """
    sql = f"""
        SELECT o.id, o.recipient_kind, o.recipient_id, o.kind, o.params, o.not_before,
               o.expires_at, o.attempts, o.parts_sent,
               coalesce(g.telegram_chat_id, s.telegram_chat_id) AS chat_id,
               coalesce(g.language, s.language) AS language
        {_DELIVERABLE}
          AND o.not_before <= :now
          AND (o.next_attempt_at IS NULL OR o.next_attempt_at <= :now)
          AND {_SETTLED_AT} <= :now
          {"AND o.recipient_kind = :kind AND o.recipient_id = :person" if recipient else ""}
        ORDER BY o.not_before, o.id
        LIMIT :limit
    """
    values: dict[str, Any] = {
        "now": to_db(now),
        "limit": limit,
        "settle_seconds": _modifier(settle),
    }
    if recipient:
        values.update(kind=recipient[0], person=recipient[1])
    rows = await conn.execute_fetchall(sql, values)
    return [
        OutboxRow(
            id=row["id"],
            recipient_kind=PersonKind(row["recipient_kind"]),
            recipient_id=row["recipient_id"],
            kind=row["kind"],
            params=json.loads(row["params"]),
            not_before=from_db(row["not_before"]),
            expires_at=from_db(row["expires_at"]) if row["expires_at"] else None,
            attempts=row["attempts"],
            chat_id=row["chat_id"],
            language=row["language"],
            parts_sent=row["parts_sent"],
        )
        for row in rows
    ]


async def next_due(
    conn: aiosqlite.Connection, now: datetime, *, settle: timedelta = timedelta(0)
) -> datetime | None:
    """The earliest moment a deliverable pending row may be sent (None: nothing waits)."""
    due = "max(o.not_before, coalesce(o.next_attempt_at, ''),"
    due += f" {_settled_at('p.language_chosen_at', 'p.linked_at')}) AS due"
    sql = f"SELECT min(due) FROM ({_of_reachable_people(due)})"
    values = {"now": to_db(now), "settle_seconds": _modifier(settle)}
    row = await first_row(conn, sql, values)
    return from_db(row[0]) if row and row[0] else None


def _precise(moment: datetime) -> str:
    """UTC text with milliseconds, for back-off times under a second (scaled tests).

    It sorts correctly among the whole-second texts of `to_db`: '.' comes after '+'.
    """
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")


def _modifier(span: timedelta) -> str:
    """A span as an SQLite date modifier, e.g. '+120 seconds'."""
    return f"+{int(span.total_seconds())} seconds"


@dataclass(frozen=True)
class RowRef:
    """A row by ids only, as logs show it: never names or text."""

    id: int
    kind: str
    recipient_kind: PersonKind
    recipient_id: int


async def expire_stale(conn: aiosqlite.Connection, now: datetime) -> list[RowRef]:
    """Pending rows past their usefulness become 'expired'; returns them for the log."""
    sql = (
        "UPDATE outbox SET status = 'expired'"
        " WHERE status = 'pending' AND expires_at IS NOT NULL AND expires_at <= ?"
        " RETURNING id, kind, recipient_kind, recipient_id"
    )
    rows = await conn.execute_fetchall(sql, (to_db(now),))
    return [
        RowRef(r["id"], r["kind"], PersonKind(r["recipient_kind"]), r["recipient_id"]) for r in rows
    ]


async def is_pending(conn: aiosqlite.Connection, row_id: int) -> bool:
    row = await first_row(conn, "SELECT status FROM outbox WHERE id = ?", (row_id,))
    return bool(row and row["status"] == "pending")


async def claim(conn: aiosqlite.Connection, row_id: int) -> bool:
    """pending → sending, before the HTTP call: after a crash only this row may repeat."""
    cursor = await conn.execute(
        "UPDATE outbox SET status = 'sending', attempts = attempts + 1"
        " WHERE id = ? AND status = 'pending'",
        (row_id,),
    )
    return cursor.rowcount == 1


async def mark_sent(
    conn: aiosqlite.Connection, row_id: int, message_id: int | None, now: datetime
) -> None:
    """Every part went out; the message id kept is the first part's."""
    await conn.execute(
        "UPDATE outbox SET status = 'sent', sent_at = ?,"
        " telegram_message_id = coalesce(telegram_message_id, ?), next_attempt_at = NULL"
        " WHERE id = ?",
        (to_db(now), message_id, row_id),
    )


async def mark_part_sent(
    conn: aiosqlite.Connection, row_id: int, parts_sent: int, message_id: int
) -> None:
    """Telegram took part `parts_sent` of a long text: a retry goes on after it."""
    await conn.execute(
        "UPDATE outbox SET parts_sent = ?, telegram_message_id = coalesce(telegram_message_id, ?)"
        " WHERE id = ?",
        (parts_sent, message_id, row_id),
    )


async def mark_retry(
    conn: aiosqlite.Connection,
    row_id: int,
    error: str,
    next_attempt_at: datetime | None,
    *,
    count_attempt: bool = True,
) -> None:
    """Back to pending, to be tried again from `next_attempt_at`."""
    await conn.execute(
        "UPDATE outbox SET status = 'pending', last_error = ?, next_attempt_at = ?,"
        f" attempts = attempts - {0 if count_attempt else 1} WHERE id = ?",
        (error[:500], _precise(next_attempt_at) if next_attempt_at else None, row_id),
    )


async def mark_final(conn: aiosqlite.Connection, row_id: int, status: str, error: str) -> None:
    """failed, unreachable or withdrawn: no more attempts."""
    if status not in ("failed", "unreachable", "withdrawn"):
        raise ValueError(status)
    await conn.execute(
        "UPDATE outbox SET status = ?, last_error = ?, next_attempt_at = NULL WHERE id = ?",
        (status, error[:500] or None, row_id),
    )


async def reset_in_flight(conn: aiosqlite.Connection) -> list[int]:
    """At start-up: rows left 'sending' by a crash go out again (at most one per sender)."""
    sql = "UPDATE outbox SET status = 'pending' WHERE status = 'sending' RETURNING id"
    rows = await conn.execute_fetchall(sql)
    return [row["id"] for row in rows]


async def mark_person_unreachable(
    conn: aiosqlite.Connection, person_kind: PersonKind, person_id: int, now: datetime
) -> str:
    """Record that Telegram refuses this person; returns when (the first time, if already)."""
    table = PERSON_TABLES[person_kind]
    await conn.execute(
        f"UPDATE {table} SET unreachable_at = coalesce(unreachable_at, ?) WHERE id = ?",
        (to_db(now), person_id),
    )
    row = await first_row(conn, f"SELECT unreachable_at FROM {table} WHERE id = ?", (person_id,))
    return str(row["unreachable_at"]) if row else to_db(now)


async def person_returned(
    conn: aiosqlite.Connection, person_kind: PersonKind, person_id: int, now: datetime
) -> int:
    """The person opened their link again: reachable once more, and what Telegram refused
    while they were away is tried again if still useful. Returns how many rows revived."""
    table = PERSON_TABLES[person_kind]
    await conn.execute(f"UPDATE {table} SET unreachable_at = NULL WHERE id = ?", (person_id,))
    cursor = await conn.execute(
        "UPDATE outbox SET status = 'pending', next_attempt_at = NULL"
        " WHERE status = 'unreachable' AND recipient_kind = ? AND recipient_id = ?"
        " AND (expires_at IS NULL OR expires_at > ?)",
        (person_kind, person_id, to_db(now)),
    )
    return cursor.rowcount


# -- the administrator's view ----------------------------------------------------------------


@dataclass(frozen=True)
class ProblemRow:
    id: int
    kind: str
    status: str
    recipient_kind: PersonKind
    recipient_id: int
    attempts: int
    last_error: str
    not_before: datetime


async def status_counts(conn: aiosqlite.Connection) -> dict[str, int]:
    rows = await conn.execute_fetchall("SELECT status, count(*) AS n FROM outbox GROUP BY status")
    return {row["status"]: row["n"] for row in rows}


async def pending_breakdown(conn: aiosqlite.Connection, now: datetime) -> tuple[int, int, int]:
    """Pending rows as (due now, scheduled for later, waiting for their person).

    Waiting: the person has not opened their link yet, or Telegram refuses them.
    """
    is_due = "max(o.not_before, coalesce(o.next_attempt_at, '')) <= :now AS due"
    sql = (
        "SELECT count(*) AS deliverable, coalesce(sum(due), 0) AS due"
        f" FROM ({_of_reachable_people(is_due)})"
    )
    row = await first_row(conn, sql, {"now": to_db(now)})
    deliverable, due = (int(row["deliverable"]), int(row["due"])) if row else (0, 0)
    sql = (
        "SELECT count(*) FROM outbox WHERE status = 'pending'"
        " AND (expires_at IS NULL OR expires_at > ?)"
    )
    row = await first_row(conn, sql, (to_db(now),))
    pending = int(row[0]) if row else 0
    return due, deliverable - due, pending - deliverable


async def problems(conn: aiosqlite.Connection, limit: int = 200) -> list[ProblemRow]:
    sql = """
        SELECT id, kind, status, recipient_kind, recipient_id, attempts, last_error, not_before
        FROM outbox WHERE status IN ('failed', 'unreachable')
        ORDER BY status, id LIMIT ?
    """
    rows = await conn.execute_fetchall(sql, (limit,))
    return [
        ProblemRow(
            row["id"],
            row["kind"],
            row["status"],
            PersonKind(row["recipient_kind"]),
            row["recipient_id"],
            row["attempts"],
            row["last_error"] or "",
            from_db(row["not_before"]),
        )
        for row in rows
    ]


class RetryRefused(Exception):
    """The row cannot be retried; the message says why."""


async def retry(conn: aiosqlite.Connection, row_id: int, now: datetime) -> RowRef:
    """An administrator's retry of a failed or unreachable row: pending again, from now."""
    row = await first_row(
        conn,
        "SELECT id, kind, status, recipient_kind, recipient_id, expires_at FROM outbox"
        " WHERE id = ?",
        (row_id,),
    )
    if row is None:
        raise RetryRefused(f"no outbox row {row_id}")
    if row["status"] not in ("failed", "unreachable"):
        raise RetryRefused(f"row {row_id} is {row['status']}; only failed or unreachable rows")
    if row["expires_at"] and row["expires_at"] <= to_db(now):
        raise RetryRefused(f"row {row_id} is stale (it expired at {row['expires_at']})")
    if row["status"] == "unreachable":
        table = PERSON_TABLES[row["recipient_kind"]]
        await conn.execute(
            f"UPDATE {table} SET unreachable_at = NULL WHERE id = ?", (row["recipient_id"],)
        )
    await conn.execute(
        "UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = NULL WHERE id = ?",
        (row_id,),
    )
    return RowRef(row["id"], row["kind"], PersonKind(row["recipient_kind"]), row["recipient_id"])
