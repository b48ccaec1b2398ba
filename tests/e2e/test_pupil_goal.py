"""The child's part in the agreements: the child's own goal — from the card the child
filled in before the talk, or typed by the teacher as the child said it — reaches both
parents in their own language; on the evaluation date the child answers "How far am I?"
and "What is my next step?" on a parent's phone, and the teacher hears it in Dutch."""

from datetime import datetime, timedelta

from bot.domain.bookings import Actor
from bot.domain.pupil_card import GOAL, NEEDS, item_of
from bot.i18n import load_catalog
from bot.services import pupil_cards
from bot.telegram.context import DEPS_KEY
from tests.e2e.test_agreement_phrases import (
    AMSTERDAM,
    book_first_time,
    has_data,
    is_draft,
    send_draft,
    until,
)
from tests.e2e.test_teacher import switch_to_arabic
from tests.services.school_fixture import Ids

NL, AR = load_catalog("nl"), load_catalog("ar")
ZOE_S_GOAL = "Ik wil zelf mijn veters strikken"  # seed 002: a kleuter's goal


def goal_button(child: str) -> str:
    return "+ " + NL.gettext("{child}'s own goal:").format(child=child).rstrip(":")


def goal_heading(catalog, child: str) -> str:
    return catalog.gettext("{child}'s own goal:").format(child=child)


def answer(catalog, emoji: str, words: str) -> str:
    return f"{emoji} {catalog.gettext(words)}"


async def open_held_draft(teacher, child_name: str):
    await teacher.send("/record")
    talks = await teacher.expect_message(predicate=has_data("1:ag:"))
    await teacher.press(child_name, message_id=talks.message_id)
    asked = await teacher.expect_message(contains=NL.gettext("Was the talk held?"))
    await teacher.press(NL.gettext("Yes, it was held"), message_id=asked.message_id)
    return await teacher.expect_message(predicate=is_draft)


async def set_evaluation(teacher, draft, day: str):
    await teacher.press(NL.gettext("Evaluation date"), message_id=draft.message_id)
    await teacher.expect_message(predicate=has_data("1:nvm"))
    await teacher.send(day)
    return await teacher.expect_message(predicate=is_draft)


async def sem_s_card(school) -> None:
    """Before the talk Sem (groep 4: a picture card) fills in his card on Ingrid's phone:
    better at reading, and the teacher can help."""
    db = school.app.bot_data[DEPS_KEY].db
    ids = Ids(db)
    ingrid = Actor("guardian", await ids.guardian("Ingrid de Groot"))
    round_id, sem = await ids.round(), await ids.pupil("Sem")
    now = school.clock.now()
    card = await pupil_cards.open_card(db, ingrid, 77, round_id, sem, now)
    assert card is not None
    number = card.items.index(item_of(card.band, GOAL)) + 1
    await pupil_cards.go_to(db, ingrid, 77, (round_id, sem), number, now)
    await pupil_cards.press_picture(db, ingrid, 77, (round_id, sem), GOAL, "reading", now)
    await pupil_cards.press_picture(db, ingrid, 77, (round_id, sem), NEEDS, "teacher", now)
    await pupil_cards.submit(db, ingrid, 77, (round_id, sem), now)


async def test_the_goal_on_the_child_s_card_reaches_both_parents_in_their_language(
    booking_school,
):
    ingrid = await booking_school.linked("Ingrid de Groot", "nl")
    tom = await booking_school.linked("Tom de Groot", "en")
    await switch_to_arabic(tom)
    karim = await booking_school.linked("Karim Bouzid", kind="staff")
    await book_first_time(tom)  # Tuesday 8 December, 14:30, with Karim
    await sem_s_card(booking_school)

    await until(booking_school, datetime(2026, 12, 8, 14, 50, tzinfo=AMSTERDAM))
    draft = await open_held_draft(karim, "Sem de Groot")
    await karim.press(goal_button("Sem"), message_id=draft.message_id)
    offered = await karim.expect_message(predicate=has_data("1:aggc:"))
    assert f"📖 {NL.gettext('reading')}" in offered.text
    assert NL.gettext("On {child}'s card before the talk:").format(child="Sem") in offered.text
    await karim.press(NL.gettext("Take the goal from the card"), message_id=offered.message_id)
    draft = await karim.expect_message(predicate=lambda m: is_draft(m) and m.edited)
    assert goal_heading(NL, "Sem") in draft.text
    assert goal_button("Sem") not in str(draft.buttons)  # one goal per talk
    draft = await set_evaluation(karim, draft, "20-1-2027")
    await send_draft(booking_school, karim, draft)

    await booking_school.wait(timedelta(0))
    dutch = await ingrid.expect_message(contains=goal_heading(NL, "Sem"))
    arabic = await tom.expect_message(
        predicate=lambda m: AR.gettext("Understood") in str(m.buttons)
    )
    assert f"📖 {NL.gettext('reading')}" in dutch.text
    assert NL.gettext("Who can help: {helpers}").split("{")[0] in dutch.text
    assert f"🧑‍🏫 {NL.gettext('the teacher')}" in dutch.text
    assert AR.gettext("{child}'s own goal:").split("{")[0] in arabic.text
    assert f"📖 {AR.gettext('reading')}" in arabic.text
    assert f"🧑‍🏫 {AR.gettext('the teacher')}" in arabic.text


async def test_on_the_evaluation_date_the_child_answers_and_the_teacher_hears_it_in_dutch(
    booking_school,
):
    sanne = await booking_school.linked("Sanne de Vries", "nl")
    mark = await booking_school.linked("Mark Jansen", "en")
    await switch_to_arabic(mark)
    marloes = await booking_school.linked("Marloes Dekker", kind="staff")
    tom = await booking_school.linked("Tom de Groot", "en")  # another family
    await book_first_time(mark)  # Zoë (groep 1/2A) has no card: Marloes types her goal

    await until(booking_school, datetime(2026, 12, 8, 14, 50, tzinfo=AMSTERDAM))
    draft = await open_held_draft(marloes, "Zoë de Vries")
    await marloes.press(goal_button("Zoë"), message_id=draft.message_id)
    prompt = await marloes.expect_message(predicate=has_data("1:nvm"))
    assert "1:aggc:" not in str(prompt.buttons)
    assert (
        NL.gettext("Type {child}'s goal as {child} said it in the talk.").format(child="Zoë")
        in prompt.text
    )
    await marloes.send(ZOE_S_GOAL)
    draft = await marloes.expect_message(predicate=lambda m: is_draft(m) and ZOE_S_GOAL in m.text)
    draft = await set_evaluation(marloes, draft, "20-1-2027")
    await send_draft(booking_school, marloes, draft)

    await booking_school.wait(timedelta(0))
    dutch = await sanne.expect_message(contains=goal_heading(NL, "Zoë"))
    arabic = await mark.expect_message(predicate=lambda m: ZOE_S_GOAL in (m.text or ""))
    assert ZOE_S_GOAL in dutch.text
    assert AR.gettext("In {child}'s own words:").split("{")[0] in arabic.text  # labelled

    await until(booking_school, datetime(2027, 1, 20, 9, 1, tzinfo=AMSTERDAM))
    follow_up = await sanne.expect_message(predicate=has_data("1:agc:"))
    arabic_follow_up = await mark.expect_message(predicate=has_data("1:agc:"))
    assert NL.gettext("How far am I?") in follow_up.text
    assert NL.gettext("What is my next step?") in follow_up.text
    assert AR.gettext("How far am I?") in arabic_follow_up.text
    assert answer(AR, "🌱", "I just started") in str(arabic_follow_up.buttons)
    await marloes.expect_message(contains="Vandaag kijken we")  # her own evaluation

    pressed = next(
        b.callback_data for row in follow_up.buttons for b in row if "on_my_way" in b.callback_data
    )
    answered = len(tom.callback_answers)
    await tom.press_data(pressed)  # another family's parent: changes nothing
    assert "no longer valid" in (await tom.expect_answers(answered + 1))[-1]
    await sanne.press(answer(NL, "🌿", "I am on my way"), message_id=follow_up.message_id)
    await sanne.press(answer(NL, "⬆️", "A bigger step"), message_id=follow_up.message_id)
    await booking_school.wait(timedelta(0))
    heard = await marloes.expect_message(
        predicate=lambda m: answer(NL, "⬆️", "A bigger step") in (m.text or "")
    )
    assert NL.gettext("{child} about their own goal, on the phone of {name}:").format(
        child="Zoë", name="Sanne de Vries"
    ) in heard.text.replace("\u2068", "").replace("\u2069", "")
    assert f"{NL.gettext('How far am I?')} {answer(NL, '🌿', 'I am on my way')}" in heard.text
    assert ZOE_S_GOAL in heard.text
    assert not any("Tom de Groot" in (m.text or "") for m in marloes.messages)
