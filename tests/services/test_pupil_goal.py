"""The child's own goal among the agreements: from the child's card or typed by the teacher
as the child said it; on the evaluation date the child answers Hattie's questions about it
on a parent's phone, and only there."""

from datetime import timedelta

from bot.domain.agreements import ChildGoal, Words
from bot.domain.bookings import Actor
from bot.domain.pupil_card import GOAL, NEEDS, CardBand, item_of
from bot.i18n import Translations
from bot.services import agreement_words as words
from bot.services import agreements, pupil_cards
from bot.telegram.agreements_view import agreement_line
from bot.telegram.deps import Reader
from tests.services.test_agreement_replies_once import waiting_for
from tests.services.test_agreements import held_talk_with_karim

USER = 9


async def lina_s_card(db, rania: Actor, round_id: int, lina: int, now) -> None:
    """Lina (groep 4, a picture card) says on Rania's phone: better at reading, with the
    teacher's and her parents' help, and records her goal in a voice note."""
    ids = (round_id, lina)
    card = await pupil_cards.open_card(db, rania, 5, round_id, lina, now)
    assert card is not None
    assert card.band is CardBand.YOUNG
    goal = item_of(card.band, GOAL)
    await pupil_cards.go_to(db, rania, 5, ids, card.items.index(goal) + 1, now)
    await pupil_cards.give_words(db, rania, 5, ids, "", "voice-lina-goal", now)
    await pupil_cards.go_to(db, rania, 5, ids, card.items.index(goal) + 1, now)
    await pupil_cards.press_picture(db, rania, 5, ids, GOAL, "reading", now)
    for helper in ("teacher", "parents"):
        await pupil_cards.press_picture(db, rania, 5, ids, NEEDS, helper, now)
    await pupil_cards.submit(db, rania, 5, ids, now)


async def progress_notices(db, karim: Actor) -> int:
    return [kind for kind, _ in await waiting_for(db, karim.id)].count("agreement_progress")


async def goal_typed(db, karim, booking_id, text, settings, clock):
    return await agreements.typed(
        db,
        karim,
        USER,
        agreements.AGREEMENT,
        {"booking_id": booking_id, "owner": "pupil", agreements.GOAL: True},
        text,
        settings.timezone,
        clock.now(),
        language="nl",
    )


async def test_the_goal_on_the_card_becomes_the_child_s_own_goal_once(db, clock, settings):
    ids, rania, karim, booking_id = await held_talk_with_karim(db, clock, settings)
    lina, round_id = await ids.pupil("Lina"), await ids.round()
    await lina_s_card(db, rania, round_id, lina, clock.now())

    asked = await words.ask_goal(db, karim, USER, booking_id, clock.now())
    assert asked is not None
    assert asked.child.first_name == "Lina"
    assert asked.card is not None
    assert asked.card.topics == ("reading",)
    talk = await words.take_card_goal(db, karim, USER, booking_id)
    assert talk is not None
    assert talk.record is not None
    goal = talk.record.child_goal
    assert goal is not None
    assert goal.owner == "pupil"
    assert goal.child_goal == ChildGoal(("reading",), ("teacher", "parents"))
    assert goal.words == Words("", "ar")  # only a voice note: no words to show as hers
    assert not talk.record.own_words()  # nothing to machine-translate
    dutch = Reader("nl", Translations("nl").for_language("nl"), ())
    line = agreement_line(goal, dutch, {})  # as the teacher's digest lists it
    tr = dutch.tr
    assert tr.gettext("The child's own goal:") in line
    assert f"📖 {tr.gettext('reading')}" in line
    assert f"🧑\u200d🏫 {tr.gettext('the teacher')}" in line
    assert tr.gettext("Written in {language}. Not translated.").split("{")[0] not in line

    # one goal per talk: an old button or a forged press adds none
    assert await words.ask_goal(db, karim, USER, booking_id, clock.now()) is None
    assert await words.take_card_goal(db, karim, USER, booking_id) is None
    again = await goal_typed(db, karim, booking_id, "Ik wil beter lezen", settings, clock)
    assert again is not None
    assert again.talk is not None
    assert again.talk.record is not None
    assert len(again.talk.record.agreements) == 1


async def test_without_a_card_the_teacher_types_the_goal_as_the_child_said_it(db, clock, settings):
    ids, _, karim, booking_id = await held_talk_with_karim(db, clock, settings)
    marloes = Actor("staff", await ids.staff("Marloes Dekker"))
    assert await words.ask_goal(db, marloes, USER, booking_id, clock.now()) is None  # not hers
    asked = await words.ask_goal(db, karim, USER, booking_id, clock.now())
    assert asked is not None
    assert asked.card is None
    assert await words.take_card_goal(db, karim, USER, booking_id) is None  # no card goal

    result = await goal_typed(db, karim, booking_id, "Ik wil de tafels kennen", settings, clock)
    assert result is not None
    assert result.talk is not None
    assert result.talk.record is not None
    (goal,) = result.talk.record.agreements
    assert goal.owner == "pupil"
    assert goal.child_goal == ChildGoal()
    assert goal.words == Words("Ik wil de tafels kennen", "nl")
    assert result.talk.record.own_words() == [goal.words]  # machine-translated like own words


async def test_the_child_answers_on_a_parent_s_phone_and_the_teacher_hears_it_once(
    db, clock, settings
):
    ids, rania, karim, booking_id = await held_talk_with_karim(db, clock, settings)
    await goal_typed(db, karim, booking_id, "Ik wil de tafels kennen", settings, clock)
    await agreements.typed(
        db,
        karim,
        USER,
        agreements.AGREEMENT,
        {"booking_id": booking_id, "owner": "parents"},
        "Oefenen thuis",
        settings.timezone,
        clock.now(),
        language="nl",
    )
    talk = await agreements.talk_for_staff(db, karim, booking_id)
    goal, other = talk.record.agreements
    now = clock.now()
    assert not await agreements.answer_for_child(db, rania, goal.id, "on_my_way", now)  # draft

    await agreements.typed(
        db,
        karim,
        USER,
        agreements.EVALUATION,
        {"booking_id": booking_id},
        "2027-01-15",
        settings.timezone,
        now,
        language="nl",
    )
    await agreements.send(db, karim, booking_id, now)
    tom = Actor("guardian", await ids.guardian("Tom de Groot"))  # another family
    refused = [
        (tom, goal.id, "on_my_way"),
        (karim, goal.id, "on_my_way"),
        (rania, goal.id, "done"),  # a parent's mark, not a child's answer
        (rania, goal.id, "nonsense"),
        (rania, other.id, "on_my_way"),  # not the child's goal
    ]
    for who, agreement_id, answer in refused:
        assert not await agreements.answer_for_child(db, who, agreement_id, answer, now)
    assert not await agreements.mark(db, rania, goal.id, "done", now)  # the child's to answer
    assert await progress_notices(db, karim) == 0

    assert await agreements.answer_for_child(db, rania, goal.id, "on_my_way", now)
    clock.advance(timedelta(minutes=1))
    assert await agreements.answer_for_child(db, rania, goal.id, "a_bit_more", clock.now())
    assert await progress_notices(db, karim) == 1  # as it is now, once
    async with db.read() as conn:
        answered = await agreements.goal_answers(conn, goal.id, rania.id)
    assert answered is not None
    assert answered.answers == {"how_far": "on_my_way", "next_step": "a_bit_more"}

    await agreements.remove_agreement(db, karim, goal.id)  # a correction takes it out
    assert not await agreements.answer_for_child(db, rania, goal.id, "reached", clock.now())
    async with db.read() as conn:
        assert await agreements.goal_answers(conn, goal.id, rania.id) is None
