"""The clock: APScheduler runs the planner every minute and wakes delivery when due.

The database, not the scheduler's memory, is the source of truth: jobs only say "look
now". Time for planning and sending comes from the injected `Clock`, so tests move a
ManualClock and call `tick()` — plan, then send everything due — without sleeping.
Cron-style jobs (the morning after quiet hours; daily digests) run on the school's wall
clock in its time zone, so they are right on the days the clocks change.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, MutableMapping, Sequence
from datetime import UTC, datetime, time, timedelta
from typing import Any

# APScheduler 3 ships no type hints (no py.typed) and there is no stub package for it.
from apscheduler.schedulers.asyncio import AsyncIOScheduler  # type: ignore[import-untyped]
from apscheduler.triggers.cron import CronTrigger  # type: ignore[import-untyped]
from apscheduler.triggers.date import DateTrigger  # type: ignore[import-untyped]
from apscheduler.triggers.interval import IntervalTrigger  # type: ignore[import-untyped]
from telegram import Bot

from bot.bot_api_http import AiohttpRequest
from bot.config import Settings
from bot.domain.clock import Clock
from bot.domain.events import (
    Event,
    NotificationsQueued,
    PersonLinked,
    RoundOpened,
    TalksChanged,
)
from bot.domain.machine_translation import TranslationEngine
from bot.domain.person_kind import PersonKind
from bot.services.machine_translation import use_engine
from bot.services.privacy import purge_answers
from bot.storage.database import Database
from scheduling.delivery import Deliverer, DeliveryReport
from scheduling.planning import plan_now
from scheduling.rendering import Renderers
from scheduling.translating import Translator

log = logging.getLogger(__name__)

PLAN_EVERY = timedelta(minutes=1)
# Seconds to let the message in flight finish when the bot stops.
STOP_GRACE = 10.0
# After an unexpected error, look again after this long rather than spin.
ERROR_PAUSE = 5.0
# The nightly retention run: nobody is waiting for messages then.
RETENTION_AT = time(3, 0)


class SchedulingClock:
    def __init__(
        self,
        db: Database,
        bot: Bot,
        settings: Settings,
        clock: Clock,
        renderers: Renderers,
        *,
        time_scale: float = 1.0,
        plan_every: timedelta = PLAN_EVERY,
    ) -> None:
        self.db = db
        self.settings = settings
        self.clock = clock
        self.deliverer = Deliverer(db, bot, settings, clock, renderers, time_scale=time_scale)
        self.scheduler = AsyncIOScheduler(timezone=settings.timezone)
        self._plan_every = plan_every
        self._wake = asyncio.Event()
        self._plan_requested = True
        self._work = asyncio.Lock()
        self._closing = False
        self._worker: asyncio.Task[None] | None = None
        self._side_tasks: set[asyncio.Task[None]] = set()
        self._listening = False  # to the database's events, between start and stop

    # -- life cycle ------------------------------------------------------------------------

    async def start(self) -> None:
        """Recover after a crash, schedule the jobs, and plan and deliver at once.

        What fell due while the bot was down is sent now if still useful; stale rows are
        dropped and logged by the first delivery round.
        """
        await self.deliverer.recover()
        self.scheduler.add_job(
            self._on_plan,
            IntervalTrigger(seconds=self._plan_every.total_seconds()),
            id="plan",
            coalesce=True,
            max_instances=1,
            misfire_grace_time=None,
        )
        quiet = self.settings.quiet_period
        if quiet is not None:
            self.add_daily("quiet-hours-end", self._on_wake, quiet.end)
        if self.settings.answers_kept_days:
            self.add_daily("retention", self.purge_old_answers, RETENTION_AT)
        self.scheduler.start()
        self._worker = asyncio.create_task(self._run(), name="parentbot-delivery")
        self.db.subscribe(self.on_events)
        self._listening = True
        self.request_plan()
        log.info("scheduling started quiet_hours=%s", quiet.label if quiet else "off")

    async def stop(self) -> None:
        """Stop the jobs, let the message in flight finish, send nothing more."""
        self._closing = True
        if self._listening:
            self.db.unsubscribe(self.on_events)
            self._listening = False
        self.deliverer.stop()
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        self._wake.set()
        tasks = [t for t in (self._worker, *self._side_tasks) if t is not None]
        if tasks:
            _, late = await asyncio.wait(tasks, timeout=STOP_GRACE)
            for task in late:
                task.cancel()
            if late:
                await asyncio.wait(late)
        log.info("scheduling stopped")

    def add_daily(
        self, job_id: str, job: Callable[[], Awaitable[object]], at: time, *, days: str = "*"
    ) -> None:
        """Run a coroutine every day (or on `days`, e.g. "mon-fri") at a wall-clock time
        in the school's time zone, e.g. the teachers' digest the evening before talks."""
        self.scheduler.add_job(
            job,
            CronTrigger(
                day_of_week=days, hour=at.hour, minute=at.minute, timezone=self.settings.timezone
            ),
            id=job_id,
            replace_existing=True,
            coalesce=True,
            max_instances=1,
            misfire_grace_time=3600,
        )

    async def purge_old_answers(self) -> int:
        """The school's retention period (AVG): parents' answers go once their round's talks
        ended more than ANSWERS_KEPT_DAYS ago, without anyone having to remember it."""
        kept = timedelta(days=self.settings.answers_kept_days)
        return await purge_answers(self.db, self.clock.now() - kept)

    # -- what the rest of the bot calls ------------------------------------------------------

    def wake(self) -> None:
        """Deliver what is due now (new rows were committed)."""
        self._wake.set()

    def request_plan(self) -> None:
        """Plan now (the state changed), then deliver."""
        self._plan_requested = True
        self._wake.set()

    async def tick(self) -> DeliveryReport:
        """Plan and deliver everything due now, and return when done.

        What tests call after moving a ManualClock; also safe while the bot runs.
        """
        async with self._work:
            self._plan_requested = False
            await plan_now(self.db, self.settings, self.clock)
            report = await self.deliverer.drain()
            await self._schedule_next()
        return report

    async def on_events(self, events: Sequence[Event]) -> None:
        """What committed changes mean here: new rows are delivered, changed talks and
        rounds planned again, and a person who linked or came back gets what waited."""
        for event in events:
            match event:
                case NotificationsQueued():
                    self.wake()
                case TalksChanged() | RoundOpened():
                    self.request_plan()
                case PersonLinked(person_kind, person_id, settled=True):
                    task = asyncio.create_task(self._deliver_to(person_kind, person_id))
                    self._side_tasks.add(task)
                    task.add_done_callback(self._side_tasks.discard)
                case PersonLinked(settled=False):
                    # Just linked, choosing a language: plan when what waits may go.
                    self.request_plan()

    # -- inside ------------------------------------------------------------------------------

    async def _deliver_to(self, person_kind: PersonKind, person_id: int) -> None:
        try:
            await self.deliverer.deliver_to(person_kind, person_id)
        except Exception:
            log.exception("delivery to %s:%d failed", person_kind, person_id)
        self.request_plan()

    async def _run(self) -> None:
        while not self._closing:
            await self._wake.wait()
            self._wake.clear()
            if self._closing:
                break
            try:
                async with self._work:
                    if self._plan_requested:
                        self._plan_requested = False
                        await plan_now(self.db, self.settings, self.clock)
                    await self.deliverer.drain()
                    await self._schedule_next()
            except Exception:
                log.exception("delivery round failed; trying again shortly")
                self._wake_in(ERROR_PAUSE)

    async def _schedule_next(self) -> None:
        """Ask APScheduler to wake delivery when the next row falls due."""
        if self._closing:
            return
        due = await self.deliverer.next_due()
        if due is None:
            if self.scheduler.get_job("deliver"):
                self.scheduler.remove_job("deliver")
            return
        self._wake_in((due - self.clock.now()).total_seconds())

    def _wake_in(self, seconds: float) -> None:
        if self._closing or not self.scheduler.running:
            return
        # The injected clock may be a test's; APScheduler runs on real time, so convert
        # "in how long" rather than "at what time". A moment's pause avoids spinning.
        run_at = datetime.now(UTC) + timedelta(seconds=max(seconds, 0.01))
        self.scheduler.add_job(
            self._on_wake,
            DateTrigger(run_date=run_at),
            id="deliver",
            replace_existing=True,
            misfire_grace_time=None,
        )

    async def _on_plan(self) -> None:
        self.request_plan()

    async def _on_wake(self) -> None:
        self.wake()


async def start_scheduling(
    bot_data: MutableMapping[Any, Any],
    *,
    db: Database,
    settings: Settings,
    clock: Clock,
    renderers: Renderers,
    token: str,
    time_scale: float = 1.0,
    engine: TranslationEngine | None = None,
) -> SchedulingClock:
    """Start planning and delivery for a running bot; kept in `bot_data` for the hooks.

    Delivery has its own Bot without PTB's rate limiter: it keeps Telegram's limits itself
    and must see every 429 (the limiter's retries would pause all requests). With a
    translation `engine`, the translator starts too; the database records whether there
    is one, so free text only waits for a translation that can come.
    """
    await use_engine(db, engine.name if engine else None)
    if engine is not None:
        translator = Translator(db, engine, clock, timeout=settings.translation_timeout_seconds)
        await translator.start()
        bot_data[TRANSLATOR_KEY] = translator
    api = settings.telegram_api_url
    bot = Bot(
        token,
        base_url=f"{api}/bot",
        base_file_url=f"{api}/file/bot",
        request=AiohttpRequest(connection_pool_size=4, read_timeout=20.0, write_timeout=20.0),
    )
    await bot.initialize()
    scheduling = SchedulingClock(db, bot, settings, clock, renderers, time_scale=time_scale)
    await scheduling.start()
    bot_data[SCHEDULER_KEY] = scheduling
    return scheduling


# Where the running bot keeps its scheduling (PTB's `bot_data`), for shutdown and the demo.
SCHEDULER_KEY = "parentbot.scheduler"
TRANSLATOR_KEY = "parentbot.translator"


def scheduler_of(bot_data: MutableMapping[Any, Any]) -> SchedulingClock | None:
    found: SchedulingClock | None = bot_data.get(SCHEDULER_KEY)
    return found


async def stop_scheduling(bot_data: MutableMapping[Any, Any]) -> None:
    translator: Translator | None = bot_data.pop(TRANSLATOR_KEY, None)
    if translator is not None:
        await translator.stop()
    scheduling: SchedulingClock | None = bot_data.pop(SCHEDULER_KEY, None)
    if scheduling is not None:
        await scheduling.stop()
        await scheduling.deliverer.bot.shutdown()
