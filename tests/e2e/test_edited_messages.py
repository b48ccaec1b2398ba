"""A changed message is never taken as new input: the person is told how to change things."""

from __future__ import annotations

from bot.i18n import load_catalog
from tests.e2e.test_private_only import count_answers, telegram_link
from tests.e2e.test_questions import book_and_open_questions

EN, NL = load_catalog("en"), load_catalog("nl")
ANSWER_EDITED = (
    "I saw that you changed a message, but I do not read changes. To change an answer, go to"
    " its question with Back (or with Change in the summary at the end) and send the new"
    " answer as a new message."
)
EDITED = (
    "I saw that you changed a message, but I do not read changes. If you want to change"
    " something, please send it again as a new message."
)


async def test_an_edit_while_a_question_is_open_is_not_saved_and_says_how_to_change(
    booking_school,
):
    mark = await booking_school.linked("Mark Jansen", "en")
    await book_and_open_questions(mark, "Zoë", EN)
    first = await mark.send("We read every night")
    await mark.expect_message(contains="Question 2 of")

    await mark.edit(first, "We never read")

    told = await mark.expect_message(contains=ANSWER_EDITED)
    assert told.reply_to is first
    assert await count_answers(booking_school) == 1
    await mark.send("Answer two")  # question 2 was still the open one
    third = await mark.expect_message(contains="Question 3 of")
    await mark.press("Back", message_id=third.message_id)
    await mark.expect_message(contains="Your answer so far: Answer two")
    await mark.press("Back")
    again = await mark.expect_message(contains="Question 1 of")
    assert "Your answer so far: We read every night" in again.text


async def test_an_edited_link_does_not_connect_and_the_person_is_told_to_send_it_again(school):
    peter = school.person("Peter")
    typo = await peter.send("/start abc")
    await peter.expect_message(contains="niet (meer) geldig")

    await peter.edit(typo, f"/start {school.code('Peter Bakker')}")

    await peter.expect_message(contains=NL.gettext(EDITED))
    assert await telegram_link(school, "Peter Bakker") == (None, None)
    assert not [m for m in peter.messages if "Peter Bakker" in m.body]
