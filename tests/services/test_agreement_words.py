"""Agreements from the phrasebook: what a press may store, checked against the book."""

from datetime import date

from bot.domain.agreements import Words
from bot.domain.phrasebook import MAX_NAME
from bot.domain.phrasebook_entries import PHRASES
from bot.services import agreement_words as words
from bot.services.agreement_words import Pick
from tests.services.test_agreements import held_talk_with_karim

USER = 9


async def test_a_phrase_is_stored_by_key_and_parameters(db, clock, settings):
    _, _, karim, booking_id = await held_talk_with_karim(db, clock, settings)
    talk = await words.add_phrase(
        db, karim, USER, Pick(booking_id, "parents", "read_together", 15, None), clock.now()
    )
    assert talk is not None
    assert talk.record is not None
    (agreement,) = talk.record.agreements
    assert agreement.owner == "parents"
    assert agreement.words == Words(phrase="read_together", params={"count": 15})
    assert not agreement.words.own


async def test_a_forged_press_stores_nothing(db, clock, settings):
    _, _, karim, booking_id = await held_talk_with_karim(db, clock, settings)
    forged = [
        ("parents", "no_such_phrase", None, None),
        ("pupil", "read_together", 15, None),  # the parents' phrase, for the pupil
        ("parents", "read_together", 16, None),  # not a number the teacher is offered
        ("parents", "read_together", None, None),  # the number is missing
        ("pupil", "read_book", None, None),  # the name is missing
        ("pupil", "read_book", None, "x" * (MAX_NAME + 1)),
        ("school", "small_group_reading", 5, None),  # a number it does not take
    ]
    for owner, key, count, name in forged:
        talk = await words.add_phrase(
            db, karim, USER, Pick(booking_id, owner, key, count, name), clock.now()
        )
        assert talk is None, (owner, key, count, name)
    talk = await words.add_phrase(
        db, karim, USER, Pick(booking_id, "pupil", "read_book", None, "Pluk"), clock.now()
    )
    assert talk is not None
    assert talk.record is not None
    assert [a.words.params for a in talk.record.agreements] == [{"name": "Pluk"}]


async def test_typed_words_wait_until_kept_with_their_deadline(db, clock, settings):
    _, _, karim, booking_id = await held_talk_with_karim(db, clock, settings)
    typed = "Leest elke dag een bladzijde voor 15-1-2027"
    assert await words.hold_own_words(
        db, karim, USER, booking_id, "pupil", typed, "nl", clock.now()
    )
    assert await words.keep_own_words(db, karim, USER + 1, booking_id, "nl", clock.now()) is None
    talk = await words.keep_own_words(db, karim, USER, booking_id, "nl", clock.now())
    assert talk is not None
    assert talk.record is not None
    (agreement,) = talk.record.agreements
    assert agreement.words == Words("Leest elke dag een bladzijde voor", "nl")
    assert agreement.due_on == date(2027, 1, 15)
    assert await words.keep_own_words(db, karim, USER, booking_id, "nl", clock.now()) is None


async def test_a_deadline_is_some_weeks_ahead_and_only_those_offered(db, clock, settings):
    _, _, karim, booking_id = await held_talk_with_karim(db, clock, settings)
    talk = await words.add_phrase(
        db, karim, USER, Pick(booking_id, "school", "small_group_reading", None, None), clock.now()
    )
    assert talk is not None
    assert talk.record is not None
    agreement_id = talk.record.agreements[0].id
    tz = settings.timezone
    assert await words.set_deadline(db, karim, agreement_id, 3, tz, clock.now()) is None
    talk = await words.set_deadline(db, karim, agreement_id, 4, tz, clock.now())
    assert talk is not None
    assert talk.record is not None
    today = clock.now().astimezone(tz).date()
    assert (talk.record.agreements[0].due_on - today).days == 28


async def test_talking_points_come_from_the_talking_list_only(db, clock, settings):
    _, _, karim, booking_id = await held_talk_with_karim(db, clock, settings)
    assert await words.set_talking_phrase(db, karim, USER, booking_id, "read_together") is None
    talking = next(p.key for p in PHRASES if words.talking_phrase(p.key) is not None)
    talk = await words.set_talking_phrase(db, karim, USER, booking_id, talking)
    assert talk is not None
    assert talk.record is not None
    assert talk.record.talking_points == Words(phrase=talking)


async def test_a_deadline_typed_before_picking_a_found_sentence_is_kept(db, clock, settings):
    _, _, karim, booking_id = await held_talk_with_karim(db, clock, settings)
    typed = "samen lezen 15-1-2027"
    now = clock.now()
    assert await words.hold_own_words(db, karim, USER, booking_id, "parents", typed, "nl", now)
    pick = Pick(booking_id, "parents", "read_together", 15)
    talk = await words.add_phrase(db, karim, USER, pick, now)
    assert talk is not None
    assert talk.record is not None
    assert talk.record.agreements[0].due_on == date(2027, 1, 15)
    assert talk.record.agreements[0].words.phrase == "read_together"
