from datetime import date, datetime, timedelta

from bot.domain.bookings import Actor
from bot.i18n import Translations
from bot.services import agreements, booking
from bot.services.year_plan import apply_plan
from bot.storage.rounds import load_round
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
    ids, rania, karim, booking_id = await held_talk_with_karim(db, clock, settings)
    lina = await ids.pupil("Lina")
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
        language="nl",
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
        language="nl",
    )
    assert (await agreements.send(db, karim, booking_id, clock.now())).parents == 1
    sent = await agreements.talk_for_guardian(db, rania, booking_id)
    await agreements.mark(db, rania, sent.record.agreements[0].id, "going_well", clock.now())

    clock.set(datetime(2027, 1, 5, 10, tzinfo=settings.timezone))
    await apply_plan(db, NEXT_ROUND, clock=clock, tz=settings.timezone)
    next_round = await ids.round("progress-2027-03")
    offers = (await booking.free_offers(db, rania, next_round, lina, clock.now())).offers
    await booking.book(
        db, rania, round_id=next_round, pupil_id=lina, slot_id=offers[0].slot_id, now=clock.now()
    )
    reader = Reader("nl", Translations("nl").for_language("nl"), ())
    async with db.read() as conn:
        text, _ = await digest_text(conn, reader, settings, karim.id, date(2027, 3, 9))
    assert "Oefent de tafels" in text
    assert "Rania Haddad" in text
    assert reader.tr.gettext("Going well") in text


async def test_only_the_pupil_s_teacher_opens_one_follow_up_round_for_that_pupil(
    db, clock, settings
):
    ids, rania, karim, booking_id = await held_talk_with_karim(db, clock, settings)
    marloes = Actor("staff", await ids.staff("Marloes Dekker"))
    lina = await ids.pupil("Lina")
    await agreements.toggle_follow_up(db, karim, booking_id)
    hours = (clock.now() + timedelta(days=7)).strftime("%Y-%m-%d 15:00-15:30")
    tz = settings.timezone

    assert not await agreements.ask_follow_up_hours(db, marloes, 9, booking_id, clock.now())
    _, refused = await agreements.open_follow_up(
        db, marloes, 9, booking_id, "Vervolg", hours, tz, clock.now()
    )
    assert refused is None
    added, round_id = await agreements.open_follow_up(
        db, karim, 8, booking_id, "Vervolg", hours, tz, clock.now()
    )
    assert round_id is not None
    assert added.talks == 1
    _, again = await agreements.open_follow_up(
        db, karim, 8, booking_id, "Vervolg", hours, tz, clock.now()
    )
    assert again is None  # one follow-up round per talk
    async with db.read() as conn:
        follow_up = await load_round(conn, round_id)
    assert follow_up is not None
    assert follow_up.only_pupils == {lina}
    tom = await ids.guardian("Tom de Groot")  # Sem, in Lina's group
    assert round_id in [i.round.id for i in await booking.invitations(db, rania.id, clock.now())]
    assert round_id not in [i.round.id for i in await booking.invitations(db, tom, clock.now())]


async def held_talk_with_karim(db, clock, settings):
    """Rania booked Lina's talk with Karim; it was held five minutes ago."""
    ids = await load_school(db, clock, settings.timezone)
    rania = Actor("guardian", await ids.guardian("Rania Haddad"))
    karim = Actor("staff", await ids.staff("Karim Bouzid"))
    lina, first_round = await ids.pupil("Lina"), await ids.round()
    offers = (await booking.free_offers(db, rania, first_round, lina, clock.now())).offers
    karims = next(o for o in offers if o.staff_id == karim.id)
    talk = await booking.book(
        db, rania, round_id=first_round, pupil_id=lina, slot_id=karims.slot_id, now=clock.now()
    )
    clock.set(karims.ends_at + timedelta(minutes=5))
    booking_id = talk.booking.booking_id
    await agreements.set_held(db, karim, booking_id, held=True, now=clock.now())
    return ids, rania, karim, booking_id


async def test_dates_may_be_written_the_teacher_s_way(db, clock, settings):
    _, _, karim, booking_id = await held_talk_with_karim(db, clock, settings)
    params = {"booking_id": booking_id, "owner": "pupil"}

    async def typed(purpose, params, text, language="nl"):
        return await agreements.typed(
            db, karim, 9, purpose, params, text, settings.timezone, clock.now(), language=language
        )

    await typed(agreements.AGREEMENT, params, "Leest elke dag 15-1-2027")
    await typed(agreements.AGREEMENT, params, "Oefent de tafels van 6/7/8")
    talk = (await typed(agreements.AGREEMENT, params, "Reads aloud 1/20/2027", "en")).talk
    assert [(a.words.text, a.due_on) for a in talk.record.agreements] == [
        ("Leest elke dag", date(2027, 1, 15)),
        ("Oefent de tafels van 6/7/8", None),
        ("Reads aloud", date(2027, 1, 20)),
    ]
    evaluation = {"booking_id": booking_id}
    refused = await typed(agreements.EVALUATION, evaluation, "31-2-2027")
    assert refused.outcome is agreements.Outcome.NOT_A_DATE
    talk = (await typed(agreements.EVALUATION, evaluation, "1.2.2027", "pl")).talk
    assert talk.record.evaluate_on == date(2027, 2, 1)
