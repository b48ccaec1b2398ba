"""A family never has two talks at once: decided in the booking's own transaction.

The El Amrani children (Noor 1/2A, Adam 4, Yasmina 7/8) have three teachers, each in their
own room; every teacher starts on Tuesday 8 December at 14:30 with talks of 15 minutes and
5 minutes between them.
"""

import asyncio
from datetime import timedelta

import pytest

from bot.domain.bookings import Actor
from bot.domain.clock import to_db
from bot.services import booking
from bot.services.booking import Outcome
from tests.services.school_fixture import load_school

GAP = timedelta(minutes=5)


@pytest.fixture
async def ids(db, clock, settings):
    return await load_school(db, clock, settings.timezone)


@pytest.fixture
async def family(db, clock, ids):
    """Both parents, the round, the three children and each child's free times."""
    fatima = Actor("guardian", await ids.guardian("Fatima El Amrani"))
    youssef = Actor("guardian", await ids.guardian("Youssef El Amrani"))
    round_id = await ids.round()
    children = {name: await ids.pupil(name) for name in ("Noor", "Adam", "Yasmina")}
    offers = {
        name: (await booking.free_offers(db, fatima, round_id, pupil, clock.now())).offers
        for name, pupil in children.items()
    }
    return fatima, youssef, round_id, children, offers


async def book(db, clock, actor, round_id, pupil, offer, **kwargs):
    return await booking.book(
        db,
        actor,
        round_id=round_id,
        pupil_id=pupil,
        slot_id=offer.slot_id,
        now=clock.now(),
        gap=GAP,
        **kwargs,
    )


async def active_slots(db) -> list[int]:
    sql = "SELECT slot_id FROM bookings WHERE status = 'active' ORDER BY slot_id"
    async with db.read() as conn, conn.execute(sql) as cursor:
        return [row[0] async for row in cursor]


async def test_the_other_parent_cannot_book_a_talk_at_the_same_time(db, clock, family):
    fatima, youssef, round_id, children, offers = family
    adam_at = offers["Adam"][0]  # Tuesday 14:30, Karim Bouzid in Lokaal 4
    assert (await book(db, clock, fatima, round_id, children["Adam"], adam_at)).outcome is (
        Outcome.BOOKED
    )
    noor_at = offers["Noor"][0]
    assert noor_at.starts_at == adam_at.starts_at
    refused = await book(db, clock, youssef, round_id, children["Noor"], noor_at)
    assert refused.outcome is Outcome.FAMILY_BUSY
    assert refused.clash.first_name == "Adam"
    assert refused.clash.booked.offer.teacher == "Karim Bouzid"
    # The nearest times that fit: never within Adam's talk plus the walk, nearest first.
    assert refused.fitting
    for offer in refused.fitting:
        assert offer.starts_at >= adam_at.ends_at + GAP or offer.ends_at + GAP <= adam_at.starts_at
    assert refused.fitting[0].starts_at == adam_at.ends_at + GAP  # 14:50
    assert await active_slots(db) == [adam_at.slot_id]


async def test_the_walk_between_two_rooms_counts_too(db, clock, family):
    fatima, _, round_id, children, offers = family
    adam_at = offers["Adam"][0]  # 14:30–14:45
    await book(db, clock, fatima, round_id, children["Adam"], adam_at)
    wide = await booking.book(
        db,
        fatima,
        round_id=round_id,
        pupil_id=children["Noor"],
        slot_id=next(o for o in offers["Noor"] if o.starts_at == adam_at.ends_at + GAP).slot_id,
        now=clock.now(),
        gap=timedelta(minutes=10),  # a school that sets SIBLING_GAP_MINUTES=10
    )
    assert wide.outcome is Outcome.FAMILY_BUSY
    assert all(
        o.starts_at >= adam_at.ends_at + timedelta(minutes=10)
        for o in wide.fitting
        if o.starts_at > adam_at.starts_at
    )


async def test_free_times_leave_out_what_would_collide(db, clock, family):
    fatima, youssef, round_id, children, offers = family
    adam_at = offers["Adam"][0]
    await book(db, clock, fatima, round_id, children["Adam"], adam_at)
    free = await booking.free_offers(db, youssef, round_id, children["Noor"], clock.now(), gap=GAP)
    assert free.outcome is Outcome.FREE
    starts = {o.starts_at for o in free.offers}
    assert adam_at.starts_at not in starts
    assert adam_at.ends_at + GAP in starts  # 14:50 leaves the walk
    assert len(free.offers) == len(offers["Noor"]) - 1


async def test_moving_a_talk_next_to_a_sibling_s(db, clock, family):
    fatima, _, round_id, children, offers = family
    adam = await book(db, clock, fatima, round_id, children["Adam"], offers["Adam"][0])
    yasmina = await book(db, clock, fatima, round_id, children["Yasmina"], offers["Yasmina"][1])
    # Adam's own time does not stand in the way of moving Adam; Yasmina's does.
    free = await booking.free_offers(
        db,
        fatima,
        round_id,
        children["Adam"],
        clock.now(),
        replacing=adam.booking.booking_id,
        gap=GAP,
    )
    assert offers["Adam"][1].starts_at not in {o.starts_at for o in free.offers}  # Yasmina's
    onto = offers["Adam"][1]
    clash = await book(
        db, clock, fatima, round_id, children["Adam"], onto, replacing=adam.booking.booking_id
    )
    assert clash.outcome is Outcome.FAMILY_BUSY
    assert clash.clash.first_name == "Yasmina"
    assert offers["Adam"][0].slot_id not in {o.slot_id for o in clash.fitting}  # Adam's own
    assert sorted(await active_slots(db)) == sorted(
        [adam.booking.offer.slot_id, yasmina.booking.offer.slot_id]
    )  # the refused move changed nothing


async def test_a_teacher_on_behalf_cannot_collide_either(db, clock, ids, family):
    fatima, _, round_id, children, offers = family
    await book(db, clock, fatima, round_id, children["Adam"], offers["Adam"][0])
    marloes = Actor("staff", await ids.staff("Marloes Dekker"))
    refused = await book(db, clock, marloes, round_id, children["Noor"], offers["Noor"][0])
    assert refused.outcome is Outcome.FAMILY_BUSY
    assert refused.clash.first_name == "Adam"


async def test_two_parents_pressing_at_once_get_one_talk(db, clock, family):
    fatima, youssef, round_id, children, offers = family
    results = await asyncio.gather(
        book(db, clock, fatima, round_id, children["Adam"], offers["Adam"][0]),
        book(db, clock, youssef, round_id, children["Noor"], offers["Noor"][0]),
    )
    assert sorted(r.outcome.value for r in results) == ["booked", "family_busy"]
    assert len(await active_slots(db)) == 1


async def test_a_parent_in_two_households_counts_all_their_children(db, clock, ids):
    """Mark Jansen is Zoë's father (household 2); here he is Lina's stepfather too. His own
    booking for Zoë must fit Lina's talk; Zoë's mother (household 1) is neither held up by
    nor told of a child from his other family."""
    mark, lina, zoe = (
        await ids.guardian("Mark Jansen"),
        await ids.pupil("Lina"),
        await ids.pupil("Zoë"),
    )
    async with db.transaction() as conn:
        await conn.execute(
            "INSERT INTO pupil_guardians (pupil_id, guardian_id, household) VALUES (?, ?, '3')",
            (lina, mark),
        )
    round_id = await ids.round()
    rania = Actor("guardian", await ids.guardian("Rania Haddad"))
    lina_at = (await booking.free_offers(db, rania, round_id, lina, clock.now())).offers[0]
    await book(db, clock, rania, round_id, lina, lina_at)
    father = Actor("guardian", mark)
    his = (await booking.free_offers(db, father, round_id, zoe, clock.now(), gap=GAP)).offers
    assert lina_at.starts_at not in {o.starts_at for o in his}
    same_time = await ids.one(
        "SELECT s.id FROM slots s JOIN staff st ON st.id = s.staff_id"
        " WHERE st.name = 'Marloes Dekker' AND s.starts_at = ?",
        to_db(lina_at.starts_at),
    )
    refused = await booking.book(
        db, father, round_id=round_id, pupil_id=zoe, slot_id=same_time, now=clock.now(), gap=GAP
    )
    assert refused.outcome is Outcome.FAMILY_BUSY
    assert refused.clash.first_name == "Lina"
    sanne = Actor("guardian", await ids.guardian("Sanne de Vries"))
    hers = await booking.book(
        db, sanne, round_id=round_id, pupil_id=zoe, slot_id=same_time, now=clock.now(), gap=GAP
    )
    assert hers.outcome is Outcome.BOOKED


async def test_a_child_with_a_talk_gets_no_times_but_its_talk(db, clock, family):
    fatima, youssef, round_id, children, offers = family
    adam = await book(db, clock, fatima, round_id, children["Adam"], offers["Adam"][0])
    again = await booking.free_offers(db, youssef, round_id, children["Adam"], clock.now())
    assert again.outcome is Outcome.ALREADY_BOOKED
    assert again.booking == adam.booking
    assert again.offers == ()


async def test_a_separated_parent_s_other_children_neither_hold_up_nor_show(db, clock, family):
    """Youssef lives apart (his own household) and Yasmina is his child only: her talk is
    his to fit around, not Fatima's, and Fatima never learns of it."""
    fatima, youssef, round_id, children, offers = family
    async with db.transaction() as conn:
        await conn.execute(
            "UPDATE pupil_guardians SET active = 0 WHERE pupil_id = ? AND guardian_id = ?",
            (children["Yasmina"], fatima.id),
        )
        await conn.execute(
            "UPDATE pupil_guardians SET household = 'apart' WHERE guardian_id = ?", (youssef.id,)
        )
    first = offers["Yasmina"][0]
    assert (await book(db, clock, youssef, round_id, children["Yasmina"], first)).outcome is (
        Outcome.BOOKED
    )
    same_time = next(o for o in offers["Adam"] if o.starts_at == first.starts_at)
    fatimas = await book(db, clock, fatima, round_id, children["Adam"], same_time)
    assert fatimas.outcome is Outcome.BOOKED  # Yasmina is not her child
    later = next(o for o in offers["Noor"] if o.starts_at == first.starts_at)
    youssefs = await book(db, clock, youssef, round_id, children["Noor"], later)
    assert youssefs.outcome is Outcome.FAMILY_BUSY  # but Youssef cannot be in two rooms
