"""Back and then on again never throws away an answer a parent gave."""

from bot.domain.questions import questions_for
from bot.domain.rounds import TalkKind
from bot.i18n import load_catalog
from tests.e2e.test_questions import book_and_open_questions

EN = load_catalog("en")
QUESTIONS = questions_for(TalkKind.PROGRESS)


def labels(message) -> list[str]:
    return [button.text for row in message.buttons for button in row]


async def back_then_on_to_the_summary(parent, shown) -> str:
    """From question 2: Back to question 1, press what is offered there to go on, skip the
    rest; returns what the summary says about question 1."""
    await parent.press("Back", message_id=shown.message_id)
    first = await parent.expect_message(contains=EN.gettext(QUESTIONS[0].text))
    assert "Skip" not in labels(first)  # no button silently throws the answer away
    await parent.press("Keep my answer", message_id=first.message_id)
    shown = await parent.expect_message(contains=EN.gettext(QUESTIONS[1].text))
    for question in QUESTIONS[2:]:
        await parent.press("Skip", message_id=shown.message_id)
        shown = await parent.expect_message(contains=EN.gettext(question.text))
    await parent.press("Skip", message_id=shown.message_id)
    summary = await parent.expect_message(contains="Your answers about")
    return summary.text.split(f"1. {EN.gettext(QUESTIONS[0].text)}\n")[1].split("\n")[0]


async def test_a_voice_answer_stays_after_back_and_on(booking_school):
    mark = await booking_school.linked("Mark Jansen", "en")
    await book_and_open_questions(mark, "Zoë", EN)
    await mark.send_voice()
    second = await mark.expect_message(contains=EN.gettext(QUESTIONS[1].text))
    assert await back_then_on_to_the_summary(mark, second) == EN.gettext("(voice message)")


async def test_a_typed_answer_stays_after_back_and_on(booking_school):
    mark = await booking_school.linked("Mark Jansen", "en")
    await book_and_open_questions(mark, "Zoë", EN)
    await mark.send("We read together every evening")
    second = await mark.expect_message(contains=EN.gettext(QUESTIONS[1].text))
    assert await back_then_on_to_the_summary(mark, second) == "We read together every evening"


async def test_an_unanswered_question_can_still_be_skipped(booking_school):
    mark = await booking_school.linked("Mark Jansen", "en")
    first = await book_and_open_questions(mark, "Zoë", EN)
    assert labels(first)[:2] == ["Skip", "Back"]
    await mark.press("Skip", message_id=first.message_id)
    second = await mark.expect_message(contains=EN.gettext(QUESTIONS[1].text))
    await mark.press("Back", message_id=second.message_id)
    again = await mark.expect_message(contains=EN.gettext(QUESTIONS[0].text))
    assert labels(again)[:2] == ["Skip", "Back"]  # nothing given: nothing to keep
