"""Drain the outbox into Telegram: in due order, within Telegram's limits, at least once.

Telegram has no idempotent send: when a message went out and its answer never came (a
time-out, a broken connection, a crash), nobody can tell whether it arrived, and sending it
again is the only way to be sure it does. So a message may arrive twice, and the design
keeps that to the one message in flight: one message is in flight at a time, a row is
marked 'sending' (committed) before its HTTP call and 'sent' right after, on start-up
`recover()` puts rows a crash left 'sending' back, and a lost answer (`answer_lost`) repeats
only that row. A call that never left (no connection) or that Telegram answered (429, 5xx,
400) cannot make a duplicate. A long text goes as several parts: each part Telegram takes
is noted (`parts_sent`), so a retry or a restart goes on with the next part. The pace is
kept, not left to Telegram's 429s: each message takes its turn from the bot's one
`SendBudget` (about 30 a second overall, one a second per chat), which the replies to
people using the bot share and go first in; a turn is held around the HTTP call alone, so
however long rendering took, the messages reach Telegram as evenly as they were paced.

What Telegram answers decides a row's fate:
- 429: wait the `retry_after` it gave (everything waits), then try the same row again;
- 5xx, time-outs, network trouble: back off (2 s, 4 s, … up to 10 min), give up as
  'failed' after `DELIVERY_MAX_ATTEMPTS`; `parentbot outbox retry ID` tries again; a lost
  answer is logged as such and its last error says the message may have arrived;
- 403 (blocked) or "chat not found": 'unreachable'; the person is marked unreachable, their
  other messages wait, and for a parent each of their children's teachers is told;
- any other 400 (a bug in a message): 'failed' at once.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from telegram import Bot
from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError

from bot.bot_api_http import answer_lost
from bot.config import Settings
from bot.domain import dedup_keys
from bot.domain.clock import Clock
from bot.domain.notification_kind import NotificationKind
from bot.domain.person_kind import PersonKind
from bot.storage import notices, outbox
from bot.storage.database import Database
from bot.storage.people import active_guardians, active_staff
from scheduling.rendering import Rendered, Renderers, RenderRequest, Sendable
from scheduling.send_budget import SendBudget

log = logging.getLogger(__name__)

BACKOFF_FIRST = 2.0
BACKOFF_MAX = 600.0
# A teacher's notice about an unreachable parent stays useful this long.
NOTICE_USEFUL = timedelta(days=14)
BATCH = 100
# A person who just opened their link first picks their language: what waits for them is
# sent once they have (the language handler calls `deliver_to`, and the outbox counts them
# settled from their choice on), or after this long.
LINK_SETTLE = timedelta(minutes=2)


@dataclass
class DeliveryReport:
    sent: int = 0
    retried: int = 0
    throttled: int = 0  # 429 answers
    failed: int = 0
    unreachable: int = 0
    withdrawn: int = 0
    expired: int = 0
    answers_lost: int = 0  # sent, but no answer came: these may arrive twice

    def __iadd__(self, other: DeliveryReport) -> DeliveryReport:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        return self


class Deliverer:
    """Sends due outbox rows with `bot`; `drain()` sends all that are due now.

    Its `budget` paces every message; the bot's replies take their turns from the same one.
    """

    def __init__(
        self,
        db: Database,
        bot: Bot,
        settings: Settings,
        clock: Clock,
        renderers: Renderers,
        *,
        time_scale: float = 1.0,
    ) -> None:
        self.db = db
        self.bot = bot
        self.settings = settings
        self.clock = clock
        self.renderers = renderers  # kind → how it is written (the Telegram layer's)
        self.time_scale = time_scale
        self.budget = SendBudget(settings.delivery_rate, time_scale=time_scale)
        self.totals = DeliveryReport()
        self._in_flight = asyncio.Lock()  # one message at a time: a crash repeats ≤ 1
        self._stopping = False

    def stop(self) -> None:
        """Finish the message in flight, start no new one."""
        self._stopping = True

    async def recover(self) -> list[int]:
        """At start-up: rows a crash left 'sending' go out again (their outcome is unknown)."""
        async with self.db.transaction() as conn:
            ids = await outbox.reset_in_flight(conn)
        for row_id in ids:
            log.warning("outbox row was in flight at a crash; sending again id=%d", row_id)
        return ids

    def quiet_until(self, now: datetime) -> datetime | None:
        """The end of the quiet hours `now` falls in; the confirmations that promise
        delivery name the same moment."""
        return self.settings.held_until(now)

    async def next_due(self) -> datetime | None:
        """When the next row may go out, quiet hours included (None: nothing waits)."""
        now = self.clock.now()
        async with self.db.read() as conn:
            due = await outbox.next_due(conn, now, settle=LINK_SETTLE)
        if due is None:
            return None
        due = max(due, now)
        quiet_end = self.quiet_until(due)
        return quiet_end or due

    async def drain(self) -> DeliveryReport:
        """Send everything due now, unless it is quiet hours; returns what happened."""
        return await self._drain(recipient=None)

    async def deliver_to(self, person_kind: PersonKind, person_id: int) -> DeliveryReport:
        """Send one person's due rows now, also in quiet hours and right after linking:
        they are using the bot."""
        return await self._drain(recipient=(person_kind, person_id))

    async def _drain(self, recipient: tuple[PersonKind, int] | None) -> DeliveryReport:
        report = DeliveryReport()
        try:
            while not self._stopping:
                now = self.clock.now()
                report.expired += await self._expire(now)
                if recipient is None and self.quiet_until(now):
                    break
                settle = LINK_SETTLE if recipient is None else timedelta(0)
                async with self.db.read() as conn:
                    rows = await outbox.due_rows(
                        conn, now, limit=BATCH, recipient=recipient, settle=settle
                    )
                if not rows or not await self._send_batch(rows, report, quiet=recipient is None):
                    break
        finally:
            self.totals += report
        return report

    async def _send_batch(
        self, rows: list[outbox.OutboxRow], report: DeliveryReport, *, quiet: bool
    ) -> bool:
        """Send rows in due order; a chat still waiting for its turn lets the others by.

        False when stopped early (stopping, or quiet hours began).
        """
        while rows:
            if self._stopping or (quiet and self.quiet_until(self.clock.now())):
                return False
            moment = self.budget.now()
            row = next((r for r in rows if self.budget.chat_ready_at(r.chat_id) <= moment), None)
            if row is None:
                row = min(rows, key=lambda r: self.budget.chat_ready_at(r.chat_id))
            rows.remove(row)
            before = report.unreachable
            await self._deliver(row, report)
            if report.unreachable > before:  # their other rows wait until they come back
                rows = [r for r in rows if r.chat_id != row.chat_id]
        return True

    async def _expire(self, now: datetime) -> int:
        async with self.db.transaction() as conn:
            stale = await outbox.expire_stale(conn, now)
        for ref in stale:
            log.info(
                "outbox row stale, dropped id=%d kind=%s recipient=%s:%d",
                ref.id,
                ref.kind,
                ref.recipient_kind,
                ref.recipient_id,
            )
        return len(stale)

    async def _deliver(self, row: outbox.OutboxRow, report: DeliveryReport) -> None:
        async with self._in_flight:
            outgoing = await self._render_and_claim(row, report)
            if outgoing is None:
                return
            try:
                first_id = await self._send_parts(row, outgoing.parts())
            except RetryAfter as error:
                await self._throttled(row, error, report)
            except Forbidden as error:
                await self._unreachable(row, error, report)
            except BadRequest as error:
                if "chat not found" in error.message.lower():
                    await self._unreachable(row, error, report)
                else:
                    await self._finish(row, "failed", f"BadRequest: {error.message}")
                    log.error("outbox row refused id=%d kind=%s: %s", row.id, row.kind, error)
                    report.failed += 1
            except TelegramError as error:  # NetworkError, TimedOut, 5xx, …
                await self._back_off(row, error, report)
            except Exception as error:  # a bug, not Telegram: never leave the row 'sending'
                log.exception("outbox row could not be sent id=%d kind=%s", row.id, row.kind)
                await self._finish(row, "failed", f"{type(error).__name__}: {error}")
                report.failed += 1
            else:
                async with self.db.transaction() as conn:
                    await outbox.mark_sent(conn, row.id, first_id, self.clock.now())
                report.sent += 1

    async def _send_parts(self, row: outbox.OutboxRow, parts: Sequence[Sendable]) -> int | None:
        """Send the parts Telegram has not taken yet, noting each one it takes, so that a
        failure or a crash between parts goes on from there. Returns the first sent
        message's id (None when an earlier attempt sent it)."""
        first_id, already = None, row.parts_sent
        for number, part in enumerate(parts[already:], already + 1):
            async with self.budget.turn(row.chat_id):
                message = await part.send(self.bot, row.chat_id)
            if number == 1:
                first_id = message.message_id
            if number < len(parts):
                async with self.db.transaction() as conn:
                    await outbox.mark_part_sent(conn, row.id, number, message.message_id)
        return first_id

    async def _render_and_claim(
        self, row: outbox.OutboxRow, report: DeliveryReport
    ) -> Rendered | None:
        """Render in the reader's language of now and mark 'sending', in one transaction."""
        now = self.clock.now()
        async with self.db.transaction() as conn:
            if not await outbox.is_pending(conn, row.id):
                return None  # withdrawn or sent meanwhile
            renderer = self.renderers.get(row.kind)
            if renderer is None:
                log.error("outbox row has no renderer id=%d kind=%s", row.id, row.kind)
                await outbox.mark_final(conn, row.id, "failed", f"no renderer for {row.kind}")
                report.failed += 1
                return None
            lookup = active_guardians if row.recipient_kind == PersonKind.GUARDIAN else active_staff
            people = tuple(await lookup(conn, person_id=row.recipient_id))
            request = RenderRequest(
                conn, row.recipient_kind, row.recipient_id, row.language, people, now
            )
            try:
                outgoing = await renderer(request, row.params)
            except Exception as error:
                log.exception("outbox row failed to render id=%d kind=%s", row.id, row.kind)
                await outbox.mark_final(conn, row.id, "failed", f"render: {error!r}")
                report.failed += 1
                return None
            if outgoing is None:
                await outbox.mark_final(conn, row.id, "withdrawn", "")
                log.info("outbox row no longer needed id=%d kind=%s", row.id, row.kind)
                report.withdrawn += 1
                return None
            await outbox.claim(conn, row.id)
        return outgoing

    async def _finish(self, row: outbox.OutboxRow, status: str, error: str) -> None:
        async with self.db.transaction() as conn:
            await outbox.mark_final(conn, row.id, status, error)

    async def _throttled(
        self, row: outbox.OutboxRow, error: RetryAfter, report: DeliveryReport
    ) -> None:
        value = error.retry_after
        seconds = value.total_seconds() if isinstance(value, timedelta) else float(value)
        self.budget.pause(seconds)
        async with self.db.transaction() as conn:
            await outbox.mark_retry(conn, row.id, "429", None, count_attempt=False)
        log.warning("Telegram flood control: waiting retry_after=%s id=%d", seconds, row.id)
        report.throttled += 1

    async def _back_off(
        self, row: outbox.OutboxRow, error: TelegramError, report: DeliveryReport
    ) -> None:
        attempts = row.attempts + 1
        reason = f"{type(error).__name__}: {error.message}"
        if answer_lost(error):
            reason = f"no answer, it may have arrived ({reason})"
            log.warning("Telegram's answer was lost; the message may arrive twice id=%d", row.id)
            report.answers_lost += 1
        if attempts >= self.settings.delivery_max_attempts:
            await self._finish(row, "failed", reason)
            log.error("outbox row failed id=%d kind=%s attempts=%d", row.id, row.kind, attempts)
            report.failed += 1
            return
        delay = min(BACKOFF_FIRST * 2 ** (attempts - 1), BACKOFF_MAX) * self.time_scale
        retry_at = self.clock.now() + timedelta(seconds=delay)
        async with self.db.transaction() as conn:
            await outbox.mark_retry(conn, row.id, reason, retry_at)
        log.info("outbox row will be retried id=%d attempts=%d: %s", row.id, attempts, reason)
        report.retried += 1

    async def _unreachable(
        self, row: outbox.OutboxRow, error: TelegramError, report: DeliveryReport
    ) -> None:
        now = self.clock.now()
        teachers: list[int] = []
        async with self.db.transaction() as conn:
            await outbox.mark_final(conn, row.id, "unreachable", error.message)
            since = await outbox.mark_person_unreachable(
                conn, row.recipient_kind, row.recipient_id, now
            )
            if row.recipient_kind == PersonKind.GUARDIAN:
                teachers = await notices.teachers_of_guardian(conn, row.recipient_id)
                for staff_id in teachers:
                    await outbox.enqueue(
                        conn,
                        recipient_kind=PersonKind.STAFF,
                        recipient_id=staff_id,
                        kind=NotificationKind.UNREACHABLE_GUARDIAN,
                        params={"guardian_id": row.recipient_id},
                        not_before=now,
                        expires_at=now + NOTICE_USEFUL,
                        dedup_key=dedup_keys.unreachable_guardian(
                            row.recipient_id, since, staff_id
                        ),
                        now=now,
                    )
        log.warning(
            "recipient unreachable id=%d recipient=%s:%d teachers_told=%d",
            row.id,
            row.recipient_kind,
            row.recipient_id,
            len(teachers),
        )
        report.unreachable += 1
