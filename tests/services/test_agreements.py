from datetime import date, datetime, timedelta

from bot.i18n import Translations
from bot.services import agreements, booking
from bot.services.booking import Actor
from bot.services.year_plan import apply_plan
from bot.telegram.answers_view import digest_text
from bot.telegram.deps import Reader
from tests.services.school_fixture import load_school

NEXT_ROUND = """
[[rounds]]
id = "progress-2027-03"
kind = "progress"
title = "Voortgangsgesprekken maart"
groups = ["4"]
booking_opens = 2026-12-20T08:00:00
booking_closes = 2027-03-01T17:00:00
[[rounds.teachers]]
email = "k.bouzid@regenboog.example.nl"
hours = ["2027-03-09 14:00-15:00"]
"""


async def test_the_next_talk_s_digest_shows_last_time_s_agreements_and_how_they_went(
    db, clock, settings
):
    ids = await load_school(db, clock, settings.timezone)
    rania, karim = (
        Actor("guardian", await ids.guardian("Rania Haddad")),
        Actor("staff", await ids.staff("Karim Bouzid")),
    )
    lina, first_round = await ids.pupil("Lina"), await ids.round()
    offers = await booking.free_offers(db, rania, first_round, lina, clock.now())
    karims = next(o for o in offers if o.staff_id == karim.id)
    talk = await booking.book(
        db, rania, round_id=first_round, pupil_id=lina, slot_id=karims.slot_id, now=clock.now()
    )
    clock.set(karims.ends_at + timedelta(minutes=5))
    booking_id = talk.booking.booking_id
    await agreements.set_held(db, karim, booking_id, held=True, now=clock.now())
    params = {"booking_id": booking_id, "owner": "pupil"}
    await agreements.typed(
        db,
        karim,
        9,
        agreements.AGREEMENT,
        params,
        "Oefent de tafels",
        settings.timezone,
        clock.now(),
    )
    await agreements.typed(
        db,
        karim,
        9,
        agreements.EVALUATION,
        {"booking_id": booking_id},
        "2027-01-15",
        settings.timezone,
        clock.now(),
    )
    assert await agreements.send(db, karim, booking_id, clock.now()) == 1
    sent = await agreements.talk_for_guardian(db, rania, booking_id)
    await agreements.mark(db, rania, sent.record.agreements[0].id, "going_well", clock.now())

    clock.set(datetime(2027, 1, 5, 10, tzinfo=settings.timezone))
    await apply_plan(db, NEXT_ROUND, clock=clock, tz=settings.timezone)
    next_round = await ids.round("progress-2027-03")
    offers = await booking.free_offers(db, rania, next_round, lina, clock.now())
    await booking.book(
        db, rania, round_id=next_round, pupil_id=lina, slot_id=offers[0].slot_id, now=clock.now()
    )
    reader = Reader("nl", Translations("nl").for_language("nl"), ())
    async with db.read() as conn:
        text, _ = await digest_text(conn, reader, settings, karim.id, date(2027, 3, 9))
    assert "Oefent de tafels" in text
    assert "Rania Haddad" in text
    assert reader.tr.gettext("Going well") in text
