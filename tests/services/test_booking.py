import asyncio
from datetime import timedelta

import pytest

from bot.domain.bookings import Actor
from bot.services import booking
from bot.services.booking import Outcome
from tests.services.school_fixture import load_school


@pytest.fixture
async def ids(db, clock, settings):
    return await load_school(db, clock, settings.timezone)


async def offers_for(db, clock, ids, guardian: str, child: str):
    actor = Actor("guardian", await ids.guardian(guardian))
    offers = (
        await booking.free_offers(db, actor, await ids.round(), await ids.pupil(child), clock.now())
    ).offers
    return actor, offers


async def outbox(db) -> list[tuple]:
    sql = "SELECT recipient_kind, recipient_id, kind, status FROM outbox ORDER BY id"
    async with db.read() as conn, conn.execute(sql) as cursor:
        return [tuple(row) async for row in cursor]


async def test_a_guardian_sees_only_the_times_of_their_child_s_own_teachers(db, clock, ids):
    _, offers = await offers_for(db, clock, ids, "Rania Haddad", "Lina")
    assert offers
    assert {o.teacher for o in offers} == {"Karim Bouzid", "Ellen Vos"}  # the duo of groep 4


async def test_booking_tells_the_other_guardian_and_the_teacher(db, clock, ids):
    actor, offers = await offers_for(db, clock, ids, "Sanne de Vries", "Zoë")
    result = await booking.book(
        db,
        actor,
        round_id=await ids.round(),
        pupil_id=await ids.pupil("Zoë"),
        slot_id=offers[0].slot_id,
        now=clock.now(),
    )
    assert result.outcome is Outcome.BOOKED
    mark = await ids.guardian("Mark Jansen")
    marloes = await ids.staff("Marloes Dekker")
    assert await outbox(db) == [
        ("guardian", mark, "booking_made", "pending"),
        ("staff", marloes, "teacher_booking", "pending"),
    ]
    _, after = await offers_for(db, clock, ids, "Sanne de Vries", "Zoë")
    assert offers[0].slot_id not in {o.slot_id for o in after}


async def test_one_booking_per_pupil_per_round(db, clock, ids):
    actor, offers = await offers_for(db, clock, ids, "Sanne de Vries", "Zoë")
    kwargs = {"round_id": await ids.round(), "pupil_id": await ids.pupil("Zoë"), "now": clock.now()}
    await booking.book(db, actor, slot_id=offers[0].slot_id, **kwargs)
    mark = Actor("guardian", await ids.guardian("Mark Jansen"))
    second = await booking.book(db, mark, slot_id=offers[1].slot_id, **kwargs)
    assert second.outcome is Outcome.ALREADY_BOOKED
    assert second.booking.offer.slot_id == offers[0].slot_id


async def test_twenty_parents_pressing_the_same_slot_make_exactly_one_booking(db, clock, ids):
    round_id = await ids.round()
    async with db.read() as conn:
        sql = """SELECT l.guardian_id, l.pupil_id FROM pupil_guardians l JOIN pupils p
                 ON p.id = l.pupil_id JOIN class_groups g ON g.id = p.group_id
                 WHERE g.name = '4'"""
        async with conn.execute(sql) as cursor:
            pairs = [tuple(row) async for row in cursor]
    _, offers = await offers_for(db, clock, ids, "Rania Haddad", "Lina")
    slot = offers[0].slot_id
    results = await asyncio.gather(
        *(
            booking.book(
                db,
                Actor("guardian", g),
                round_id=round_id,
                pupil_id=p,
                slot_id=slot,
                now=clock.now(),
            )
            for g, p in pairs
        )
    )
    outcomes = [r.outcome for r in results]
    assert outcomes.count(Outcome.BOOKED) == 1
    assert set(outcomes) <= {Outcome.BOOKED, Outcome.TAKEN, Outcome.ALREADY_BOOKED}


async def test_forged_presses_change_nothing(db, clock, ids):
    round_id = await ids.round()
    stranger = Actor("guardian", await ids.guardian("Saskia Mulder"))  # groep 7/8 only
    _, offers = await offers_for(db, clock, ids, "Rania Haddad", "Lina")
    lina = await ids.pupil("Lina")
    not_mine = await booking.book(
        db, stranger, round_id=round_id, pupil_id=lina, slot_id=offers[0].slot_id, now=clock.now()
    )
    assert not_mine.outcome is Outcome.NOT_ALLOWED
    rania = Actor("guardian", await ids.guardian("Rania Haddad"))
    _, other_group = await offers_for(db, clock, ids, "Saskia Mulder", "Finn")
    wrong_teacher = await booking.book(
        db, rania, round_id=round_id, pupil_id=lina, slot_id=other_group[0].slot_id, now=clock.now()
    )
    assert wrong_teacher.outcome is Outcome.NOT_ALLOWED
    wrong_round = await booking.book(
        db,
        rania,
        round_id=await ids.round("advice-2027-02"),
        pupil_id=lina,
        slot_id=offers[0].slot_id,
        now=clock.now(),
    )
    assert wrong_round.outcome is Outcome.NOT_ALLOWED
    assert await outbox(db) == []


async def test_booking_is_closed_outside_the_booking_period(db, clock, ids):
    actor, offers = await offers_for(db, clock, ids, "Rania Haddad", "Lina")
    clock.advance(timedelta(days=30))
    late = await booking.book(
        db,
        actor,
        round_id=await ids.round(),
        pupil_id=await ids.pupil("Lina"),
        slot_id=offers[0].slot_id,
        now=clock.now(),
    )
    assert late.outcome is Outcome.CLOSED


async def test_after_booking_closed_a_booked_talk_still_moves_until_the_cut_off(db, clock, ids):
    actor, offers = await offers_for(db, clock, ids, "Rania Haddad", "Lina")
    round_id, lina = await ids.round(), await ids.pupil("Lina")
    first = await booking.book(
        db, actor, round_id=round_id, pupil_id=lina, slot_id=offers[0].slot_id, now=clock.now()
    )
    later = offers[-1]  # the last free time, well after the cut-off of the first
    clock.set(offers[0].starts_at - timedelta(days=2))  # booking closed, cut-off not reached
    assert (await booking.free_offers(db, actor, round_id, lina, clock.now())).outcome in (
        Outcome.CLOSED,
        Outcome.ALREADY_BOOKED,
    )
    moved = await booking.book(
        db,
        actor,
        round_id=round_id,
        pupil_id=lina,
        slot_id=later.slot_id,
        now=clock.now(),
        replacing=first.booking.booking_id,
    )
    assert moved.outcome is Outcome.BOOKED


async def test_reschedule_moves_the_talk_and_frees_the_old_time(db, clock, ids):
    actor, offers = await offers_for(db, clock, ids, "Rania Haddad", "Lina")
    kwargs = {
        "round_id": await ids.round(),
        "pupil_id": await ids.pupil("Lina"),
        "now": clock.now(),
    }
    first = await booking.book(db, actor, slot_id=offers[0].slot_id, **kwargs)
    moved = await booking.book(
        db, actor, slot_id=offers[3].slot_id, replacing=first.booking.booking_id, **kwargs
    )
    assert moved.outcome is Outcome.BOOKED
    free = (
        await booking.free_offers(db, actor, replacing=moved.booking.booking_id, **kwargs)
    ).offers
    assert offers[0].slot_id in {o.slot_id for o in free}
    assert offers[3].slot_id not in {o.slot_id for o in free}


async def test_a_lost_race_while_rescheduling_keeps_the_old_talk(db, clock, ids):
    rania, offers = await offers_for(db, clock, ids, "Rania Haddad", "Lina")
    round_id = await ids.round()
    first = await booking.book(
        db,
        rania,
        round_id=round_id,
        pupil_id=await ids.pupil("Lina"),
        slot_id=offers[0].slot_id,
        now=clock.now(),
    )
    jolanda = Actor("guardian", await ids.guardian("Jolanda Smit"))
    await booking.book(
        db,
        jolanda,
        round_id=round_id,
        pupil_id=await ids.pupil("Emma"),
        slot_id=offers[1].slot_id,
        now=clock.now(),
    )
    lost = await booking.book(
        db,
        rania,
        round_id=round_id,
        pupil_id=await ids.pupil("Lina"),
        slot_id=offers[1].slot_id,
        now=clock.now(),
        replacing=first.booking.booking_id,
    )
    assert lost.outcome is Outcome.TAKEN
    still = await booking.booking_for(db, rania, first.booking.booking_id)
    assert still.status == "active"


async def test_cancel_until_the_cut_off_then_too_late(db, clock, ids):
    actor, offers = await offers_for(db, clock, ids, "Rania Haddad", "Lina")
    kwargs = {"round_id": await ids.round(), "pupil_id": await ids.pupil("Lina")}
    first = await booking.book(db, actor, slot_id=offers[0].slot_id, now=clock.now(), **kwargs)
    clock.set(offers[0].starts_at - timedelta(hours=23))
    too_late = await booking.cancel(db, actor, first.booking.booking_id, clock.now())
    assert too_late.outcome is Outcome.TOO_LATE
    clock.set(offers[0].starts_at - timedelta(hours=25))
    done = await booking.cancel(db, actor, first.booking.booking_id, clock.now())
    assert done.outcome is Outcome.CANCELLED
    again = await booking.cancel(db, actor, first.booking.booking_id, clock.now())
    assert again.outcome is Outcome.GONE


async def test_a_teacher_books_on_behalf_but_not_outside_their_groups(db, clock, ids):
    karim = Actor("staff", await ids.staff("Karim Bouzid"))
    round_id = await ids.round()
    offers = (
        await booking.free_offers(db, karim, round_id, await ids.pupil("Lina"), clock.now())
    ).offers
    made = await booking.book(
        db,
        karim,
        round_id=round_id,
        pupil_id=await ids.pupil("Lina"),
        slot_id=offers[0].slot_id,
        now=clock.now(),
    )
    assert made.outcome is Outcome.BOOKED
    kinds = {(k, kind) for k, _, kind, _ in await outbox(db)}
    assert kinds == {("guardian", "booking_made")}  # the parent is told; Karim booked it himself
    finn = await ids.pupil("Finn")
    assert (
        await booking.free_offers(db, karim, round_id, finn, clock.now())
    ).outcome is Outcome.NOT_ALLOWED


async def test_siblings_book_together_or_not_at_all(db, clock, ids):
    fatima = Actor("guardian", await ids.guardian("Fatima El Amrani"))
    round_id = await ids.round()
    noor, adam = await ids.pupil("Noor"), await ids.pupil("Adam")
    noor_offers = (await booking.free_offers(db, fatima, round_id, noor, clock.now())).offers
    adam_offers = (await booking.free_offers(db, fatima, round_id, adam, clock.now())).offers
    taken = adam_offers[1]  # 14:50, after Noor's 14:30 talk and the walk over
    await booking.book(
        db,
        Actor("guardian", await ids.guardian("Rania Haddad")),
        round_id=round_id,
        pupil_id=await ids.pupil("Lina"),
        slot_id=taken.slot_id,
        now=clock.now(),
    )
    refused = await booking.book_together(
        db,
        fatima,
        round_id=round_id,
        choices=[(noor, noor_offers[0].slot_id), (adam, taken.slot_id)],
        now=clock.now(),
    )
    assert refused.outcome is Outcome.TAKEN
    assert (await booking.free_offers(db, fatima, round_id, noor, clock.now())).offers[
        0
    ] == noor_offers[0]
    both = await booking.book_together(
        db,
        fatima,
        round_id=round_id,
        choices=[(noor, noor_offers[0].slot_id), (adam, adam_offers[2].slot_id)],
        now=clock.now(),
    )
    assert both.outcome is Outcome.BOOKED
