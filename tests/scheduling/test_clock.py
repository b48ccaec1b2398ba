"""The APScheduler clock: jobs on the school's wall clock, waking delivery, start-up."""

import asyncio
from datetime import UTC, datetime, time, timedelta

from telegram import Bot

from bot.domain.clock import ManualClock
from bot.domain.events import NotificationsQueued, PersonLinked, RoundOpened, TalksChanged
from bot.domain.person_kind import PersonKind
from bot.i18n import Translations
from bot.telegram.notifications import for_delivery
from scheduling.clock import SchedulingClock
from tests.scheduling.conftest import TEST_RENDERERS


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def fire_times(trigger, start: datetime, count: int) -> list[datetime]:
    times, previous, now = [], None, start
    for _ in range(count):
        previous = trigger.get_next_fire_time(previous, now)
        times.append(previous.astimezone(UTC))
        now = previous
    return times


async def test_daily_jobs_keep_the_school_s_wall_clock_across_the_october_change(db, settings):
    scheduling = SchedulingClock(
        db, Bot("1:offline"), settings, ManualClock(utc(2026, 10, 1)), renderers={}
    )

    async def digest() -> None: ...

    scheduling.add_daily("teacher-digest", digest, time(19, 0), days="mon-fri")
    trigger = scheduling.scheduler.get_job("teacher-digest").trigger
    assert fire_times(trigger, utc(2026, 10, 22, 12, 0), 4) == [
        utc(2026, 10, 22, 17, 0),  # Thursday 19:00 summer time
        utc(2026, 10, 23, 17, 0),  # Friday
        utc(2026, 10, 26, 18, 0),  # Monday 19:00 winter time
        utc(2026, 10, 27, 18, 0),
    ]


async def test_the_end_of_quiet_hours_is_a_cron_job_in_school_time(post, delivery_settings):
    settings = delivery_settings.model_copy(update={"quiet_hours": "21:00-08:00"})
    scheduling = SchedulingClock(post.db, post.deliverer.bot, settings, post.clock, renderers={})
    await scheduling.start()
    try:
        trigger = scheduling.scheduler.get_job("quiet-hours-end").trigger
        assert fire_times(trigger, utc(2026, 10, 24, 12, 0), 2) == [
            utc(2026, 10, 25, 7, 0),  # 08:00 on the night the clocks go back
            utc(2026, 10, 26, 7, 0),
        ]
        retention = scheduling.scheduler.get_job("retention").trigger
        assert fire_times(retention, utc(2026, 10, 24, 12, 0), 1) == [utc(2026, 10, 25, 2, 0)]
    finally:
        await scheduling.stop()


async def test_delivery_is_woken_by_a_job_at_the_next_due_time(post, delivery_settings):
    await post.connect("Sanne de Vries")
    await post.note("Sanne de Vries", "later", not_before=post.clock.now() + timedelta(hours=2))
    scheduling = SchedulingClock(
        post.db,
        post.deliverer.bot,
        delivery_settings,
        post.clock,
        for_delivery(TEST_RENDERERS, delivery_settings, Translations("nl")),
    )
    await scheduling.start()
    try:
        await scheduling.tick()
        wake = scheduling.scheduler.get_job("deliver").next_run_time
        expected = datetime.now(UTC) + timedelta(hours=2)
        assert abs((wake - expected).total_seconds()) < 5
    finally:
        await scheduling.stop()


async def test_start_up_resends_the_message_in_flight_and_drops_what_went_stale(
    post, delivery_settings
):
    user = await post.connect("Peter Bakker")
    now = post.clock.now()
    await post.note("Peter Bakker", "in flight at the crash")
    await post.note(
        "Peter Bakker", "for a talk that took place", expires_at=now - timedelta(hours=1)
    )
    await post.note("Peter Bakker", "still useful", not_before=now - timedelta(hours=3))
    async with post.db.transaction() as conn:
        await conn.execute("UPDATE outbox SET status = 'sending' WHERE params LIKE '%in flight%'")
    scheduling = SchedulingClock(
        post.db,
        post.deliverer.bot,
        delivery_settings,
        post.clock,
        for_delivery(TEST_RENDERERS, delivery_settings, Translations("nl")),
    )
    await scheduling.start()
    try:
        await scheduling.tick()
    finally:
        await scheduling.stop()
    assert sorted(m.text for m in user.messages) == [
        "in flight at the crash [nl]",
        "still useful [nl]",
    ]
    assert await post.status("for a talk that took place") == "expired"


async def test_what_a_commit_means_reaches_delivery_without_anyone_waking_it(
    post, delivery_settings
):
    """A note queued and committed goes out: the outbox's event wakes the running worker."""
    sanne = await post.connect("Sanne de Vries")
    scheduling = SchedulingClock(
        post.db,
        post.deliverer.bot,
        delivery_settings,
        post.clock,
        for_delivery(TEST_RENDERERS, delivery_settings, Translations("nl")),
        plan_every=timedelta(days=1),  # no planning tick comes to the rescue
    )
    await scheduling.start()
    try:
        await scheduling.tick()  # the start-up's own planning and delivery are done
        await post.note("Sanne de Vries", "woken by the commit")
        message = await sanne.expect_message(contains="woken by the commit", timeout=120)
    finally:
        await scheduling.stop()
    assert message.text == "woken by the commit [nl]"


async def test_each_event_asks_scheduling_for_what_it_means(db, settings, monkeypatch):
    scheduling = SchedulingClock(
        db, Bot("1:offline"), settings, ManualClock(utc(2026, 10, 1)), renderers={}
    )
    asked: list[object] = []
    monkeypatch.setattr(scheduling, "wake", lambda: asked.append("wake"))
    monkeypatch.setattr(scheduling, "request_plan", lambda: asked.append("plan"))

    async def deliver_to(kind: str, person_id: int) -> None:
        asked.append(("deliver", kind, person_id))

    monkeypatch.setattr(scheduling, "_deliver_to", deliver_to)
    await scheduling.on_events(
        [
            NotificationsQueued(),
            TalksChanged(1),
            RoundOpened(2),
            PersonLinked(PersonKind.GUARDIAN, 3, settled=False),
            PersonLinked(PersonKind.STAFF, 4, settled=True),
        ]
    )
    await asyncio.gather(*scheduling._side_tasks)
    assert asked == ["wake", "plan", "plan", "plan", ("deliver", "staff", 4)]
