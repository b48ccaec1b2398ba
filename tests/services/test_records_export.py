"""What goes back to the school's records: only agreements the parents were sent, with how
they went and who confirmed the version last sent; and every booked talk for the calendar,
with the talks each teacher had and has no longer."""

from datetime import date, datetime, timedelta

import pytest

from bot.services import agreements
from bot.services.records_export import UnknownRound, agreement_records, school_schedule
from tests.records_fixture import (
    KEREM_DAY,
    KEREM_WORDS,
    LINA_DAY,
    LINA_DUE,
    LINA_GOAL,
    LINA_WORDS,
    talks_with_agreements,
)
from tests.services.school_fixture import sems_family


async def test_only_sent_agreements_are_records_with_marks_and_confirmations(db, clock, settings):
    await talks_with_agreements(db, clock, settings.timezone)
    pupils = await agreement_records(db, group=None, since=None, tz=settings.timezone)

    assert [(p.number, p.name, p.group) for p in pupils] == [
        ("1017", "Lina Haddad", "4"),
        ("1022", "Kerem Öztürk", "7/8"),
    ]  # Sem's draft was never sent: nothing was agreed with his parents
    lina, kerem = pupils
    (talk,) = lina.talks
    assert talk.teacher == "Karim Bouzid"
    assert talk.round.plan_key == "progress-2026-12"
    assert talk.evaluate_on == date(2027, 1, 20)
    assert talk.follow_up
    # The follow-up talk the teacher opened, as Rania booked it.
    assert talk.follow_up_at == datetime(2026, 12, 17, 15, 0, tzinfo=settings.timezone)
    phrase, own, goal = sorted(talk.agreements, key=lambda a: (a.owner, a.child_goal is not None))
    assert (phrase.owner, phrase.words.phrase) == ("parents", "read_together")
    assert [(m.parent, m.status) for m in phrase.marks] == [("Rania Haddad", "going_well")]
    assert (own.owner, own.words.text, own.due_on) == ("pupil", LINA_WORDS, LINA_DUE)
    assert own.marks == ()
    assert own.child_goal is None
    assert (goal.words.text, goal.child_goal is not None) == (LINA_GOAL, True)
    assert goal.child_answers == (("how_far", "on_my_way"),)
    (rania,) = talk.confirmations
    assert rania.parent == "Rania Haddad"
    assert rania.at is not None

    (corrected,) = kerem.talks
    assert [a.words.text for a in corrected.agreements] == [KEREM_WORDS]
    # Zeynep confirmed the first version; the correction sent after it is not confirmed.
    assert {c.parent: c.at for c in corrected.confirmations} == {
        "Murat Öztürk": None,
        "Zeynep Öztürk": None,
    }


async def test_the_group_and_since_filters_leave_the_others_out(db, clock, settings):
    await talks_with_agreements(db, clock, settings.timezone)
    tz = settings.timezone

    in_four = await agreement_records(db, group="4", since=None, tz=tz)
    assert [p.name for p in in_four] == ["Lina Haddad"]
    assert await agreement_records(db, group="5", since=None, tz=tz) == []
    on_the_day = await agreement_records(db, group=None, since=LINA_DAY, tz=tz)
    assert [p.name for p in on_the_day] == ["Lina Haddad", "Kerem Öztürk"]  # on or after
    after = await agreement_records(db, group=None, since=LINA_DAY + timedelta(days=1), tz=tz)
    assert [p.name for p in after] == ["Kerem Öztürk"]
    assert await agreement_records(db, group="4", since=KEREM_DAY, tz=tz) == []
    assert await agreement_records(db, group=None, since=date(2027, 1, 1), tz=tz) == []


async def test_the_schedule_holds_every_booked_talk_with_its_calendar_entry(db, clock, settings):
    talks = await talks_with_agreements(db, clock, settings.timezone)
    schedule = await school_schedule(db, round_key="progress-2026-12")

    booked = {t.booking_id: t for t in schedule.talks}
    assert set(booked) == {talks.lina, talks.kerem, talks.sem}
    lina = booked[talks.lina]
    assert (lina.teacher, lina.pupil_number, lina.group) == ("Karim Bouzid", "1017", "4")
    assert lina.parents == ("Rania Haddad",)
    assert lina.place == "Lokaal 4"
    assert lina.first_booking_id == talks.lina
    assert booked[talks.sem].parents == ("Ingrid de Groot", "Tom de Groot")
    assert schedule.withdrawn == ()  # no talk was cancelled or moved
    assert (await school_schedule(db, round_key="advice-2027-02")).talks == ()
    with pytest.raises(UnknownRound) as unknown:
        await school_schedule(db, round_key="nope")
    assert "progress-2026-12" in unknown.value.known


async def test_a_talk_moved_to_another_teacher_is_withdrawn_from_the_first(db, clock, settings):
    family = await sems_family(db, clock, settings.timezone)
    tom, karim, ellen = (family.people[name] for name in ("tom", "karim", "ellen"))
    made = await family.book(db, tom, family.free["karim"][0], clock.now())
    bookings = [made.booking.booking_id]
    for slot in (family.free["karim"][1], family.free["ellen"][0]):  # later, then to Ellen
        made = await family.book(db, tom, slot, clock.now(), replacing=made.booking.booking_id)
        bookings.append(made.booking.booking_id)
    schedule = await school_schedule(db, round_key=None)

    (talk,) = schedule.talks
    (gone,) = schedule.withdrawn  # once, at Karim's last time: the talk is one entry
    assert (talk.booking_id, gone.booking_id) == (bookings[2], bookings[1])
    assert (talk.staff_id, gone.staff_id) == (ellen.id, karim.id)
    assert gone.first_booking_id == talk.first_booking_id == bookings[0]
    assert gone.sequence == talk.sequence == 2  # the talk's newest version
    assert (await school_schedule(db, round_key="advice-2027-02")).withdrawn == ()


async def test_a_talk_the_parents_did_not_come_to_keeps_its_time(db, clock, settings):
    family = await sems_family(db, clock, settings.timezone)
    made = await family.book(db, family.people["tom"], family.free["karim"][0], clock.now())
    clock.set(made.booking.offer.ends_at + timedelta(hours=1))
    booking_id = made.booking.booking_id
    karim = family.people["karim"]
    assert await agreements.set_held(db, karim, booking_id, held=False, now=clock.now())

    schedule = await school_schedule(db, round_key=None)
    assert (schedule.talks, schedule.withdrawn) == ((), ())
