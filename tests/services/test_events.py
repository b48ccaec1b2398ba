"""What a service tells the rest of the bot: the events its unit of work hands on.

The real unit of work on a throwaway SQLite file, with a recording listener subscribed:
the test sees what scheduling would be told after the commit, and that a refusal or a
change that came to nothing tells it nothing.
"""

from datetime import timedelta

import pytest

from bot.domain.bookings import Actor
from bot.domain.events import NotificationsQueued, PersonLinked, RoundOpened, TalksChanged
from bot.domain.person_kind import PersonKind
from bot.domain.rounds import TalkKind
from bot.services import agreements, booking, teacher_hours
from bot.services.invitations import list_invitations, redeem_code
from bot.services.people import came_back, set_language
from tests.heard import Heard
from tests.services.school_fixture import load_school


@pytest.fixture
async def ids(db, clock, settings):
    return await load_school(db, clock, settings.timezone)


@pytest.fixture
def heard(db, ids) -> Heard:
    """Listening from after the school was loaded."""
    listener = Heard()
    db.subscribe(listener)
    return listener


async def link(db, clock, user_id: int, name: str, kind: str = "guardian") -> None:
    invitations = await list_invitations(db, secret=b"s", bot_username="school_bot", clock=clock)
    code = next(i.code for i in invitations if (i.person.kind, i.person.name) == (kind, name))
    await redeem_code(db, code, telegram_user_id=user_id, chat_id=user_id, clock=clock)


async def test_opening_a_link_waits_for_the_language_and_opening_it_again_does_not(
    db, clock, ids, heard
):
    linda = await ids.guardian("Linda Bakker")
    await link(db, clock, 12, "Linda Bakker")
    await link(db, clock, 12, "Linda Bakker")
    assert heard.batches == [
        [PersonLinked(PersonKind.GUARDIAN, linda, settled=False)],
        [PersonLinked(PersonKind.GUARDIAN, linda, settled=True)],
    ]


async def test_coming_back_settles_every_role_of_the_account_in_one_unit(db, clock, ids, heard):
    await link(db, clock, 12, "Linda Bakker")
    await link(db, clock, 12, "Karim Bouzid", kind="staff")
    heard.batches.clear()
    await came_back(db, 12, clock.now())
    assert heard.batches == [
        [
            PersonLinked(PersonKind.GUARDIAN, await ids.guardian("Linda Bakker"), settled=True),
            PersonLinked(PersonKind.STAFF, await ids.staff("Karim Bouzid"), settled=True),
        ]
    ]


async def test_an_account_linked_to_nobody_tells_nobody(db, clock, ids, heard):
    await came_back(db, 13, clock.now())
    assert not await set_language(db, 13, "uk", clock=clock)
    assert heard.batches == []


async def test_choosing_a_language_sends_what_waited(db, clock, ids, heard):
    await link(db, clock, 11, "Olena Kovalenko")
    heard.batches.clear()
    assert await set_language(db, 11, "pl", clock=clock)
    olena = await ids.guardian("Olena Kovalenko")
    assert heard.batches == [[PersonLinked(PersonKind.GUARDIAN, olena, settled=True)]]


async def test_a_round_a_teacher_opens_is_planned_and_one_without_talks_is_not(
    db, clock, settings, ids, heard
):
    karim = Actor(PersonKind.STAFF, await ids.staff("Karim Bouzid"))

    async def open_round(text: str) -> int | None:
        _, round_id = await teacher_hours.open_round(
            db,
            karim,
            1,
            kind=TalkKind.PROGRESS,
            group="4",
            title="Extra",
            text=text,
            tz=settings.timezone,
            now=clock.now(),
        )
        return round_id

    assert await open_round("2026-11-02 14:00-15:00") is None  # in the past: no talks
    assert heard.batches == []
    round_id = await open_round("2027-01-12 14:00-15:00")
    assert round_id is not None
    assert heard.batches == [[RoundOpened(round_id)]]


async def test_a_talk_not_held_tells_the_parents_and_replans_the_round(db, clock, ids, heard):
    rania = Actor(PersonKind.GUARDIAN, await ids.guardian("Rania Haddad"))
    karim = Actor(PersonKind.STAFF, await ids.staff("Karim Bouzid"))
    lina, round_id = await ids.pupil("Lina"), await ids.round()
    offers = (await booking.free_offers(db, rania, round_id, lina, clock.now())).offers
    karims = next(o for o in offers if o.staff_id == karim.id)
    talk = await booking.book(
        db, rania, round_id=round_id, pupil_id=lina, slot_id=karims.slot_id, now=clock.now()
    )
    clock.set(karims.ends_at + timedelta(minutes=5))
    heard.batches.clear()
    booking_id = talk.booking.booking_id
    assert await agreements.set_held(db, karim, booking_id, held=False, now=clock.now())
    assert heard.batches == [[NotificationsQueued(), TalksChanged(round_id)]]
    assert await agreements.set_held(db, karim, booking_id, held=False, now=clock.now())
    assert heard.batches[1:] == []  # already recorded: nothing changed, nothing told
