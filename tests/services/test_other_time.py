"""'None of these times suits me' by presses: the round's school days and the parts of the
day, kept between presses, checked against the form, and sent to each child's teachers
with the wish in the notice, so each teacher reads it in their own language."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta

from bot.domain.bookings import Actor
from bot.services import booking, other_time
from bot.services.machine_translation import use_engine
from bot.services.other_time import Sent
from tests.services.school_fixture import load_school


async def _form(db, clock, settings):
    ids = await load_school(db, clock, settings.timezone)
    rania = Actor("guardian", await ids.guardian("Rania Haddad"))
    round_id = await ids.round()
    form = await other_time.ask_other_time(
        db, rania, 5, round_id, await ids.pupil("Lina"), clock.now(), settings.timezone
    )
    return ids, rania, round_id, form


async def _requests(db) -> list[dict]:
    async with db.read() as conn:
        rows = await (
            await conn.execute(
                "SELECT recipient_id, params, held_for_translation FROM outbox"
                " WHERE kind = 'time_request' ORDER BY recipient_id"
            )
        ).fetchall()
    return [{**json.loads(r["params"]), "held": r["held_for_translation"]} for r in rows]


async def test_the_form_offers_the_round_s_school_days_and_keeps_what_was_pressed(
    db, clock, settings
):
    _, _, round_id, form = await _form(db, clock, settings)
    assert form is not None
    assert form.days == (date(2026, 12, 8), date(2026, 12, 9), date(2026, 12, 10))
    tz, now = settings.timezone, clock.now()
    await other_time.toggle(db, 5, round_id, now, tz, day=date(2026, 12, 8))
    await other_time.toggle(db, 5, round_id, now, tz, part="evening")
    await other_time.toggle(db, 5, round_id, now, tz, day=date(2026, 12, 10))
    form = await other_time.toggle(db, 5, round_id, now, tz, day=date(2026, 12, 8))  # again
    assert form is not None
    assert form.wish.days == (date(2026, 12, 10),)
    assert form.wish.parts == ("evening",)

    # A day the round does not have, a part of the day there is not, another round, or
    # someone who is not filling in the form: refused, nothing changes.
    assert await other_time.toggle(db, 5, round_id, now, tz, day=date(2026, 12, 12)) is None
    assert await other_time.toggle(db, 5, round_id, now, tz, part="night") is None
    assert await other_time.toggle(db, 5, round_id + 1, now, tz, part="morning") is None
    assert await other_time.toggle(db, 6, round_id, now, tz, part="morning") is None


async def test_send_reaches_each_teacher_with_the_days_parts_and_language(db, clock, settings):
    ids, rania, round_id, _ = await _form(db, clock, settings)
    tz, now = settings.timezone, clock.now()
    nothing = await other_time.send_wish(db, rania.id, 5, round_id, "", now, tz)
    assert nothing is Sent.NOTHING
    await other_time.toggle(db, 5, round_id, now, tz, day=date(2026, 12, 9))
    await other_time.toggle(db, 5, round_id, now, tz, part="morning")
    assert await other_time.send_wish(db, rania.id, 5, round_id, "", now, tz) is Sent.SENT

    requests = await _requests(db)
    teachers = sorted([await ids.staff("Karim Bouzid"), await ids.staff("Ellen Vos")])
    assert len(requests) == len(teachers)
    for request in requests:
        assert request["days"] == ["2026-12-09"]
        assert request["parts"] == ["morning"]
        assert request["source"] == "ar"
        assert request["held"] == 0
    # Sent: the form is gone, a second Send does nothing.
    later = now + timedelta(minutes=1)
    again = await other_time.send_wish(db, rania.id, 5, round_id, "", later, tz)
    assert again is Sent.GONE


async def test_a_typed_note_with_an_engine_is_wanted_in_dutch_and_the_teachers_wait(
    db, clock, settings
):
    _, rania, round_id, _ = await _form(db, clock, settings)
    await use_engine(db, "libretranslate")
    note = "فقط بعد الساعة 18:00، Lina تذهب إلى النادي"
    tz, now = settings.timezone, clock.now()
    sent = await other_time.send_wish(db, rania.id, 5, round_id, note, now, tz)
    assert sent is Sent.SENT
    requests = await _requests(db)
    assert requests
    assert all(r["held"] == 1 and r["days"] == [] for r in requests)
    async with db.read() as conn:
        wanted = await (
            await conn.execute("SELECT source, target, protected FROM machine_translations")
        ).fetchall()
    assert [(r["source"], r["target"]) for r in wanted] == [("ar", "nl")]
    assert "Lina" in json.loads(wanted[0]["protected"])


async def test_only_a_parent_of_the_child_gets_the_form(db, clock, settings):
    ids = await load_school(db, clock, settings.timezone)
    stranger = Actor("guardian", await ids.guardian("Saskia Mulder"))
    teacher = Actor("staff", await ids.staff("Karim Bouzid"))
    lina, round_id = await ids.pupil("Lina"), await ids.round()
    for actor in (stranger, teacher):
        assert (
            await other_time.ask_other_time(
                db, actor, 7, round_id, lina, clock.now(), settings.timezone
            )
            is None
        )


async def test_a_child_booked_meanwhile_is_not_sent_as_a_wish(db, clock, settings):
    ids, rania, round_id, _ = await _form(db, clock, settings)
    lina = await ids.pupil("Lina")
    offers = (await booking.free_offers(db, rania, round_id, lina, clock.now())).offers
    await booking.book(  # the other parent, or the teacher, chose a time meanwhile
        db, rania, round_id=round_id, pupil_id=lina, slot_id=offers[0].slot_id, now=clock.now()
    )
    note = "Liever 's avonds"
    sent = await other_time.send_wish(
        db, rania.id, 5, round_id, note, clock.now(), settings.timezone
    )
    assert sent is Sent.GONE
    assert await _requests(db) == []


async def test_days_that_have_passed_are_not_offered(db, clock, settings):
    ids, rania, round_id, form = await _form(db, clock, settings)
    assert form is not None
    assert form.days
    clock.set(datetime.combine(form.days[1], time(20), settings.timezone))
    later = await other_time.ask_other_time(
        db, rania, 5, round_id, await ids.pupil("Lina"), clock.now(), settings.timezone
    )
    assert later is not None
    assert later.days == form.days[1:]
