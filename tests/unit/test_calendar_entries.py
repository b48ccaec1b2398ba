"""A talk is one calendar entry from its booking through its moves to its cancellation, and
the news about it carries the file that keeps each holder's entry right.

Sem (groep 4) has two parents, Ingrid and Tom, and two teachers, Karim and Ellen (a duo).
"""

import json
import re

import pytest
from icalendar import Calendar

from bot.i18n import Translations
from bot.languages import SUPPORTED_LANGUAGES
from bot.services import booking
from bot.storage import talk_calendar
from bot.storage.talk_calendar import TalkCalendar
from bot.telegram.deps import Reader
from bot.telegram.notification_kinds import RENDERERS
from bot.telegram.notifications import RenderContext
from tests.services.school_fixture import sems_family


@pytest.fixture
async def sem(db, clock, settings):
    family = await sems_family(db, clock, settings.timezone)
    people, round_id, pupil_id = family.people, family.round_id, family.pupil_id
    free = family.free

    class Family:
        async def book(self, who: str, teacher: str, replacing: int | None = None) -> int:
            """Book (or move to) the teacher's next time not used yet in this test."""
            result = await booking.book(
                db,
                people[who],
                round_id=round_id,
                pupil_id=pupil_id,
                slot_id=free[teacher].pop(0),
                now=clock.now(),
                replacing=replacing,
            )
            assert result.booking is not None, result
            return result.booking.booking_id

        async def cancel(self, who: str, booking_id: int) -> None:
            await booking.cancel(db, people[who], booking_id, clock.now())

        async def entry(self, booking_id: int) -> TalkCalendar:
            async with db.read() as conn:
                return await talk_calendar.of_booking(conn, booking_id)

        async def heard(self) -> None:
            async with db.transaction() as conn:
                await conn.execute("UPDATE outbox SET status = 'sent' WHERE status = 'pending'")

        async def news(self, name: str, language: str = "en") -> list:
            """What waits for the person, rendered: (kind, outgoing), oldest first."""
            person = people[name]
            sql = (
                "SELECT kind, params FROM outbox WHERE status = 'pending'"
                " AND recipient_kind = ? AND recipient_id = ? ORDER BY id"
            )
            reader = Reader(language, Translations("nl").for_language(language), ())
            async with db.read() as conn:
                async with conn.execute(sql, (person.kind, person.id)) as cursor:
                    rows = [(row[0], json.loads(row[1])) async for row in cursor]
                ctx = RenderContext(conn, settings, reader, person.kind, person.id, clock.now())
                return [(kind, await RENDERERS[kind](ctx, params)) for kind, params in rows]

    return Family()


def event_of(outgoing) -> tuple[str, str, int, str]:
    """(method, UID, SEQUENCE, STATUS) of the calendar file a notice carries."""
    assert outgoing.document is not None
    name, data = outgoing.document
    assert name.endswith(".ics")
    calendar = Calendar.from_ical(data)
    [event] = calendar.walk("VEVENT")
    status = str(event.get("STATUS", ""))
    return str(calendar["METHOD"]), str(event["UID"]), int(event["SEQUENCE"]), status


async def test_a_talk_keeps_its_entry_through_moves_and_its_cancellation_outranks_them(sem):
    first = await sem.book("tom", "karim")
    assert await sem.entry(first) == TalkCalendar(first, 0)
    second = await sem.book("tom", "ellen", replacing=first)
    third = await sem.book("tom", "karim", replacing=second)
    assert await sem.entry(third) == TalkCalendar(first, 2)
    await sem.cancel("ingrid", third)
    # Whichever booking of the talk a notice names, its file outranks all sent before.
    for booking_id in (first, second, third):
        assert await sem.entry(booking_id) == TalkCalendar(first, 3)


async def test_the_other_parent_reads_a_move_as_a_move_with_the_entry_updated(sem):
    first = await sem.book("tom", "karim")
    [(kind, booked)] = await sem.news("ingrid")
    assert "Tom de Groot booked the talk about Sem." in booked.text
    assert event_of(booked) == ("PUBLISH", f"booking-{first}@parentbot", 0, "")
    await sem.heard()
    second = await sem.book("tom", "ellen", replacing=first)
    [(kind, moved)] = await sem.news("ingrid")
    assert kind == "booking_made"
    assert "Tom de Groot moved the talk about Sem from " in moved.text
    assert "booked the talk" not in moved.text
    assert event_of(moved) == ("PUBLISH", f"booking-{first}@parentbot", 1, "")
    assert await sem.entry(second) == TalkCalendar(first, 1)
    await sem.heard()
    await sem.cancel("tom", second)
    [(kind, cancelled)] = await sem.news("ingrid")
    assert kind == "booking_cancelled"
    assert "Send /talks to choose a new time." in cancelled.text
    assert event_of(cancelled) == ("CANCEL", f"booking-{first}@parentbot", 2, "CANCELLED")


async def test_a_talk_booked_anew_after_a_cancellation_does_not_swallow_the_cancellation(sem):
    first = await sem.book("tom", "karim")
    await sem.heard()
    await sem.cancel("tom", first)
    second = await sem.book("tom", "ellen")  # before Ingrid heard of the cancellation
    [(cancel_kind, cancelled), (made_kind, booked)] = await sem.news("ingrid")
    assert (cancel_kind, made_kind) == ("booking_cancelled", "booking_made")
    # Her calendar holds the first talk: it is removed, the new one is a new entry.
    assert event_of(cancelled) == ("CANCEL", f"booking-{first}@parentbot", 1, "CANCELLED")
    assert "/talks" not in cancelled.text  # a new time is chosen already
    assert "booked the talk about Sem" in booked.text
    assert event_of(booked) == ("PUBLISH", f"booking-{second}@parentbot", 0, "")


async def test_a_teacher_who_booked_on_behalf_gets_the_file_again_when_it_changes(sem):
    first = await sem.book("karim", "karim")  # Karim got the file with his answer
    await sem.heard()
    second = await sem.book("tom", "karim", replacing=first)
    [(_, moved)] = await sem.news("karim")
    assert moved.text.startswith("Moved: the talk about Sem de Groot (4)")
    assert event_of(moved) == ("PUBLISH", f"booking-{first}@parentbot", 1, "")
    await sem.heard()
    third = await sem.book("tom", "ellen", replacing=second)
    [(_, away)] = await sem.news("karim")  # moved away from him: off his calendar
    assert away.text.startswith("Cancelled: the talk about Sem de Groot (4)")
    assert event_of(away) == ("CANCEL", f"booking-{first}@parentbot", 2, "CANCELLED")
    [(_, ellens)] = await sem.news("ellen")  # she was never given the file
    assert ellens.text.startswith("New talk: Sem de Groot (4)")
    assert ellens.document is None
    assert await sem.entry(third) == TalkCalendar(first, 2)


@pytest.mark.parametrize("language", [code for code in SUPPORTED_LANGUAGES if code != "en"])
async def test_a_move_and_a_cancellation_read_in_the_parent_s_language(sem, language):
    first = await sem.book("tom", "karim")
    await sem.heard()
    second = await sem.book("tom", "ellen", replacing=first)
    [(_, moved)] = await sem.news("ingrid", language)
    await sem.heard()
    await sem.cancel("tom", second)
    [(_, cancelled)] = await sem.news("ingrid", language)
    for text in (moved.text, cancelled.text):
        assert not re.search(r"\{\w*\}", text), text  # every placeholder filled
        assert "Tap the file" not in text  # and no English left
    assert "Tom de Groot" in moved.text
    assert "moved the talk" not in moved.text
    assert "was cancelled" not in cancelled.text


async def test_a_talk_moved_away_back_and_away_again_is_off_the_teacher_s_calendar(sem):
    first = await sem.book("karim", "karim")
    await sem.heard()
    second = await sem.book("tom", "ellen", replacing=first)
    third = await sem.book("tom", "karim", replacing=second)
    await sem.book("tom", "ellen", replacing=third)
    # "Cancelled" twice for Karim: the first, withdrawn on the way, does not silence this.
    [(_, away)] = await sem.news("karim")
    assert away.text.startswith("Cancelled: the talk about Sem de Groot (4)")
    assert event_of(away) == ("CANCEL", f"booking-{first}@parentbot", 3, "CANCELLED")
