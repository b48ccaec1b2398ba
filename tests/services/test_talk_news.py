"""Booking news waits as one notice per person and talk: what changed since they last heard.

Sem (groep 4) has two parents, Ingrid and Tom, and two teachers, Karim and Ellen (a duo).
"""

import json

import pytest

from bot.services import booking
from tests.services.school_fixture import sems_family


@pytest.fixture
async def sem(db, clock, settings):
    family = await sems_family(db, clock, settings.timezone)
    people, round_id, pupil_id = family.people, family.round_id, family.pupil_id
    slots = {teacher: family.free[teacher][0] for teacher in ("karim", "ellen")}

    async def book(who: str, teacher: str, replacing: int | None = None) -> int:
        result = await booking.book(
            db,
            people[who],
            round_id=round_id,
            pupil_id=pupil_id,
            slot_id=slots[teacher],
            now=clock.now(),
            replacing=replacing,
        )
        assert result.booking is not None, result
        return result.booking.booking_id

    async def cancel(who: str, booking_id: int) -> None:
        await booking.cancel(db, people[who], booking_id, clock.now())

    async def waiting() -> dict[str, tuple[str, str | None, int | None, int]]:
        """Who has which notice waiting: name → (kind, event, was, booking)."""
        names = {(a.kind, a.id): name for name, a in people.items()}
        sql = (
            "SELECT recipient_kind, recipient_id, kind, params FROM outbox WHERE status = 'pending'"
        )
        async with db.read() as conn, conn.execute(sql) as cursor:
            rows = [tuple(row) async for row in cursor]
        found = {}
        for kind, person, notice, params in rows:
            values = json.loads(params)
            name = names[(kind, person)]
            assert name not in found, f"{name} has two notices waiting"
            found[name] = (notice, values.get("event"), values["was"], values["booking_id"])
        return found

    async def heard() -> None:
        """Everything waiting reaches its person."""
        async with db.transaction() as conn:
            await conn.execute("UPDATE outbox SET status = 'sent' WHERE status = 'pending'")

    return book, cancel, waiting, heard


async def test_booked_then_cancelled_before_anyone_heard_is_nothing(sem):
    book, cancel, waiting, _ = sem
    first = await book("tom", "karim")
    await cancel("tom", first)
    assert await waiting() == {}


async def test_booked_then_moved_to_the_other_teacher_is_only_the_new_talk(sem):
    book, _, waiting, _ = sem
    first = await book("tom", "karim")
    second = await book("tom", "ellen", replacing=first)
    assert await waiting() == {
        "ingrid": ("booking_made", None, None, second),
        "ellen": ("teacher_booking", "booked", None, second),  # Karim never heard of it
    }


async def test_a_known_talk_moved_to_the_other_teacher_is_cancelled_for_the_first(sem):
    book, _, waiting, heard = sem
    first = await book("tom", "karim")
    await heard()
    second = await book("tom", "ellen", replacing=first)
    assert await waiting() == {
        "ingrid": ("booking_made", None, first, second),
        "karim": ("teacher_booking", "cancelled", first, first),
        "ellen": ("teacher_booking", "booked", None, second),
    }


async def test_a_known_talk_moved_twice_is_one_move_from_the_time_known(sem):
    book, _, waiting, heard = sem
    first = await book("tom", "karim")
    await heard()
    second = await book("tom", "ellen", replacing=first)
    third = await book("tom", "karim", replacing=second)
    assert await waiting() == {
        "ingrid": ("booking_made", None, first, third),
        "karim": ("teacher_booking", "moved", first, third),  # Ellen's time came and went
    }


async def test_whoever_acts_sees_the_talk_as_it_is_and_their_waiting_news_goes(sem):
    book, cancel, waiting, heard = sem
    first = await book("tom", "karim")
    assert "ingrid" in await waiting()
    await cancel("ingrid", first)  # Ingrid saw Tom's booking in /talks before the news came
    # Tom booked it himself, so he knew of it; Karim never heard of it.
    assert await waiting() == {"tom": ("booking_cancelled", None, first, first)}
    second = await book("tom", "karim")
    await heard()
    await cancel("ingrid", second)
    assert await waiting() == {
        "tom": ("booking_cancelled", None, second, second),
        "karim": ("teacher_booking", "cancelled", second, second),
    }
