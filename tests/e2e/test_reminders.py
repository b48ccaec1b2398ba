"""A whole round of talks driven by the injected clock, against the sandbox.

Booking opens at midnight on Monday 12 October 2026 and closes at midnight between
Saturday 24 and Sunday 25 October — the night the clocks go back an hour. The talks are
on Tuesday 27 October. Quiet hours are 21:00-08:00, so what falls due at midnight goes out
at 08:00 school time: 06:00 UTC in summer time, 07:00 UTC after the change.

Texts are checked by what does not change when the catalogs are translated: names, the
round's title (the school's own for Dutch readers, built from the catalog for others),
dates and times as Babel writes them in each reader's language, and the data behind the
buttons.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest

from bot.config import Settings
from bot.domain.clock import ManualClock, to_db
from bot.i18n import Translations
from bot.sandbox import Sandbox, SimUser
from bot.sandbox.messages import ChatMessage
from bot.storage.database import Database
from bot.telegram.application import build_application, running
from bot.telegram.context import DEPS_KEY
from scheduling.clock import SCHEDULER_KEY, SchedulingClock
from scheduling.delivery import LINK_SETTLE
from tests.e2e.conftest import School, load_example_school

TITLE = "Startgesprekken groep 4"  # the school's own title, read by Dutch parents
# What the others read: a title built in their language from the kind, month and group.
TITLES = {
    "Tom de Groot": "Start talks, October — group 4",
    "Ingrid de Groot": TITLE,
    "Jolanda Smit": TITLE,
    "Olena Kovalenko": "Зустрічі знайомства, жовтень — клас 4",
}


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@dataclass
class RoundSchool:
    school: School
    clock: ManualClock
    scheduling: SchedulingClock
    db: Database
    round_id: int = 0
    users: dict[str, SimUser] = field(default_factory=dict)
    seen: dict[str, int] = field(default_factory=dict)

    async def link(self, name: str, language_code: str, kind: str = "guardian") -> SimUser:
        user = await self.school.linked(name, language_code, kind)
        self.users[name] = user
        self.seen[name] = len(user.messages)
        return user

    async def at(self, *moment: int) -> dict[str, list[ChatMessage]]:
        """Move the clock, plan and deliver; returns who got what since the last time."""
        self.clock.set(utc(*moment))
        await self.scheduling.tick()
        return self.news()

    def news(self) -> dict[str, list[ChatMessage]]:
        found = {}
        for name, user in self.users.items():
            fresh = user.messages[self.seen[name] :]
            self.seen[name] = len(user.messages)
            if fresh:
                found[name] = fresh
        return found

    async def one(self, sql: str, *params: object) -> int:
        async with self.db.read() as conn, conn.execute(sql, params) as cursor:
            row = await cursor.fetchone()
        return int(row[0])

    async def execute(self, sql: str, *params: object) -> int:
        async with self.db.transaction() as conn:
            cursor = await conn.execute(sql, params)
            return int(cursor.lastrowid or 0)

    async def book(self, pupil: str, slot_start: datetime, guardian: str) -> int:
        pupil_id = await self.one("SELECT id FROM pupils WHERE first_name = ?", pupil)
        slot_id = await self.one(
            "SELECT id FROM slots WHERE round_id = ? AND starts_at = ?",
            self.round_id,
            to_db(slot_start),
        )
        guardian_id = await self.one("SELECT id FROM guardians WHERE name = ?", guardian)
        return await self.execute(
            "INSERT INTO bookings (round_id, slot_id, pupil_id, booked_by_kind, booked_by_id,"
            " created_at) VALUES (?, ?, ?, 'guardian', ?, ?)",
            self.round_id,
            slot_id,
            pupil_id,
            guardian_id,
            to_db(self.clock.now()),
        )


async def add_round(db: Database, now: datetime) -> int:
    """A start-of-year round for groep 4, with Karim Bouzid's evening on 27 October."""
    async with db.transaction() as conn:
        cursor = await conn.execute(
            "INSERT INTO rounds (plan_key, kind, title, slot_minutes, buffer_minutes, form,"
            " place, pupil_joins_from_grade, booking_opens_at, booking_closes_at,"
            " created_at, updated_at) VALUES ('start-4', 'start', ?, 15, 5, 'school',"
            " 'lokaal 4', 4, ?, ?, ?, ?)",
            (TITLE, "2026-10-11T22:00:00+00:00", "2026-10-24T22:00:00+00:00", now, now),
        )
        round_id = int(cursor.lastrowid or 0)
        await conn.execute(
            "INSERT INTO round_groups (round_id, group_id)"
            " SELECT ?, id FROM class_groups WHERE name = '4'",
            (round_id,),
        )
        for minute in (30, 50, 70, 90):  # 18:30, 18:50, 19:10, 19:30 CET
            start = utc(2026, 10, 27, 17, 0) + timedelta(minutes=minute)
            await conn.execute(
                "INSERT INTO slots (round_id, staff_id, starts_at, ends_at)"
                " SELECT ?, id, ?, ? FROM staff WHERE name = 'Karim Bouzid'",
                (round_id, to_db(start), to_db(start + timedelta(minutes=15))),
            )
    return round_id


@pytest.fixture
async def round_school(settings: Settings, clock: ManualClock) -> AsyncIterator[RoundSchool]:
    clock.set(utc(2026, 10, 5, 10, 0))
    async with Sandbox(time_scale=0.02) as sandbox:
        invitations = await load_example_school(settings, clock)
        bot_settings = settings.model_copy(update={"telegram_api_url": sandbox.api_url})
        app = build_application(
            bot_settings, clock, token=sandbox.token, delivery_time_scale=sandbox.time_scale
        )
        async with running(app, poll_timeout=1):
            db = app.bot_data[DEPS_KEY].db
            school = RoundSchool(
                School(sandbox, bot_settings, invitations, app, clock),
                clock,
                app.bot_data[SCHEDULER_KEY],
                db,
            )
            school.round_id = await add_round(db, to_db(clock.now()))
            yield school


def buttons(message: ChatMessage) -> list[str]:
    return [b.callback_data or "" for row in message.buttons for b in row]


async def test_a_whole_round_reaches_everyone_once_at_the_right_local_time(round_school):
    s = round_school
    for name, language in (("Tom de Groot", "en"), ("Ingrid de Groot", "nl")):
        await s.link(name, language)
    olena = await s.link("Olena Kovalenko", "uk")
    karim = await s.link("Karim Bouzid", "nl", kind="staff")
    assert await s.at(2026, 10, 11, 21, 59) == {}

    # Booking opens at midnight; quiet hours hold the invitations until 08:00 (summer time).
    assert await s.at(2026, 10, 11, 22, 0) == {}
    assert await s.at(2026, 10, 12, 5, 59) == {}
    news = await s.at(2026, 10, 12, 6, 0)
    assert sorted(news) == ["Ingrid de Groot", "Olena Kovalenko", "Tom de Groot"]
    assert all(len(got) == 1 and TITLES[name] in got[0].text for name, got in news.items())
    assert "жовтня" in news["Olena Kovalenko"][0].text  # dates in her language
    assert await s.at(2026, 10, 12, 6, 1) == {}  # planned again, sent once

    # Tom books Sem's talk (Tuesday 27 October, 19:10) more than a week ahead.
    s.clock.set(utc(2026, 10, 14, 10, 0))
    sem_talk = await s.book("Sem", utc(2026, 10, 27, 18, 10), "Tom de Groot")
    assert await s.at(2026, 10, 14, 10, 0) == {}

    # Nudges at midnight after three and six days, held until 08:00: only Olena has not booked.
    assert await s.at(2026, 10, 15, 5, 59) == {}
    news = await s.at(2026, 10, 15, 6, 0)
    assert list(news) == ["Olena Kovalenko"]
    assert TITLES["Olena Kovalenko"] in news["Olena Kovalenko"][0].text
    news = await s.at(2026, 10, 18, 6, 0)
    assert list(news) == ["Olena Kovalenko"]

    # Jolanda opens her letter's link late: her invitation follows once she has settled in.
    s.clock.set(utc(2026, 10, 20, 10, 0))
    jolanda = await s.link("Jolanda Smit", "nl")
    assert await s.at(2026, 10, 20, 10, 1) == {}
    news = await s.at(2026, 10, 20, 10, 0 + int(LINK_SETTLE.total_seconds() // 60))
    assert list(news) == ["Jolanda Smit"]
    assert TITLE in news["Jolanda Smit"][0].text

    # A week before Sem's talk, at 19:10 summer time: time, place, form and purpose, in
    # the language each parent reads now (Ingrid switched to Polish after it was planned).
    await s.execute("UPDATE guardians SET language = 'pl' WHERE name = 'Ingrid de Groot'")
    assert await s.at(2026, 10, 20, 17, 9) == {}
    news = await s.at(2026, 10, 20, 17, 10)
    assert sorted(news) == ["Ingrid de Groot", "Tom de Groot"]
    tom_details, ingrid_details = news["Tom de Groot"][0], news["Ingrid de Groot"][0]
    assert "Tuesday, October 27" in tom_details.text
    assert "wtorek, 27 października 19:10" in ingrid_details.text
    for details in (tom_details, ingrid_details):
        assert "Karim Bouzid" in details.text
        assert "lokaal 4" in details.text
        assert buttons(details) == [f"1:rs:{sem_talk}", f"1:cx:{sem_talk}", f"1:cc:{sem_talk}"]
    assert "Can't make it?" in tom_details.text

    # Olena books Bohdan five days ahead: no week-before message, a reminder the day before.
    s.clock.set(utc(2026, 10, 23, 10, 0))
    bohdan_talk = await s.book("Bohdan", utc(2026, 10, 27, 17, 30), "Olena Kovalenko")
    assert await s.at(2026, 10, 23, 10, 1) == {}

    # The day before closing (midnight, held until 08:00): only Jolanda has not booked.
    news = await s.at(2026, 10, 24, 6, 0)
    assert list(news) == ["Jolanda Smit"]

    # Booking closes at midnight; the clocks go back; at 08:00 winter time (07:00 UTC)
    # Karim gets the pupils still without a talk, and may book on their parents' behalf.
    assert await s.at(2026, 10, 24, 22, 0) == {}
    assert await s.at(2026, 10, 25, 6, 0) == {}  # 07:00 winter time: still quiet
    news = await s.at(2026, 10, 25, 7, 0)
    assert list(news) == ["Karim Bouzid"]
    escalation = news["Karim Bouzid"][0]
    for pupil in ("Adam El Amrani", "Ĳsbrand Visser", "Mila Kowalska", "Emma Smit", "Lina Haddad"):
        assert pupil in escalation.text
    assert "Sem de Groot" not in escalation.text
    assert "Bohdan" not in escalation.text
    # Adam's parents never opened their link: the teacher reads that in Dutch.
    assert Translations("nl").for_language("nl").gettext("not yet in Telegram") in escalation.text
    pupil_ids = [await s.one("SELECT id FROM pupils WHERE first_name = ?", n) for n in ("Adam",)]
    assert f"1:obo:{s.round_id}:{pupil_ids[0]}" in buttons(escalation)
    assert len(buttons(escalation)) == 5

    # The day before the talks, an hour before the 24-hour change cut-off, so the
    # "Can't make it?" buttons still work when pressed.
    assert await s.at(2026, 10, 26, 16, 29) == {}
    news = await s.at(2026, 10, 26, 16, 30)
    assert list(news) == ["Olena Kovalenko"]
    assert buttons(news["Olena Kovalenko"][0]) == [
        f"1:rs:{bohdan_talk}",
        f"1:cx:{bohdan_talk}",
        f"1:cc:{bohdan_talk}",
    ]
    assert "18:30" in news["Olena Kovalenko"][0].text
    news = await s.at(2026, 10, 26, 17, 10)
    assert sorted(news) == ["Ingrid de Groot", "Tom de Groot"]
    assert "7:10" in news["Tom de Groot"][0].text
    assert buttons(news["Tom de Groot"][0]) == [
        f"1:rs:{sem_talk}",
        f"1:cx:{sem_talk}",
        f"1:cc:{sem_talk}",
    ]

    # Nothing more, and nothing twice: once each, in order.
    assert await s.at(2026, 10, 28, 12, 0) == {}
    assert len(olena.messages) - s.seen["Olena Kovalenko"] == 0
    counts = {name: len(user.messages) for name, user in s.users.items()}
    assert counts == {
        "Tom de Groot": 1 + 1 + 2,  # welcome, invitation, week-before, day-before
        "Ingrid de Groot": 1 + 1 + 2,
        "Olena Kovalenko": 1 + 1 + 2 + 1,  # welcome, invitation, two nudges, day-before
        "Karim Bouzid": 1 + 1,  # welcome, escalation
        "Jolanda Smit": 1 + 1 + 1,  # welcome, invitation, the last nudge
    }
    assert karim.messages[-1] is escalation
    assert jolanda.messages[-1].message_id > jolanda.messages[0].message_id
