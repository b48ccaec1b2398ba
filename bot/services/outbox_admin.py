"""The administrator's view of the outbox: what waits, what failed, and trying again."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from bot.domain.clock import Clock
from bot.storage import outbox
from bot.storage.database import Database
from bot.storage.outbox import ProblemRow, RetryRefused, RowRef

log = logging.getLogger(__name__)

__all__ = ["OutboxOverview", "RetryRefused", "outbox_overview", "retry_row"]


@dataclass(frozen=True)
class OutboxOverview:
    counts: dict[str, int]  # by status
    due: int  # pending, may go out now
    scheduled: int  # pending, for later
    waiting: int  # pending, for a person not (yet, or no longer) reachable in Telegram
    problems: list[ProblemRow]  # failed and unreachable rows


async def outbox_overview(db: Database, clock: Clock) -> OutboxOverview:
    now = clock.now()
    async with db.read() as conn:
        counts = await outbox.status_counts(conn)
        due, scheduled, waiting = await outbox.pending_breakdown(conn, now)
        problems = await outbox.problems(conn)
    return OutboxOverview(counts, due, scheduled, waiting, problems)


async def retry_row(db: Database, row_id: int, clock: Clock) -> RowRef:
    """Make a failed or unreachable row pending again; raises RetryRefused with the reason."""
    async with db.transaction() as conn:
        ref = await outbox.retry(conn, row_id, clock.now())
    log.info("outbox row retried by the administrator id=%d kind=%s", ref.id, ref.kind)
    return ref
