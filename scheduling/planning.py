"""Run the planner on the database's state and queue what is due, in one transaction."""

from __future__ import annotations

import logging

from bot.config import Settings
from bot.domain.clock import Clock
from bot.storage import outbox
from bot.storage.database import Database
from bot.storage.planning import load_school_state
from scheduling.planner import Rules, plan

log = logging.getLogger(__name__)


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

    Idempotent: the outbox keeps one row per de-duplication key.
    """
    now = clock.now()
    rules = rules_from(settings)
    new = 0
    async with db.transaction() as conn:
        state = await load_school_state(conn, now)
        for notification in plan(state, rules, now):
            new += await outbox.enqueue(
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
    if new:
        log.info("planner queued new=%d", new)
    return new
