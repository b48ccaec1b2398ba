"""Long answers reach the teacher in several messages, every one formatted as the first."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.domain.questions import questions_for
from bot.domain.rounds import TalkKind
from tests.e2e.test_questions import ANSWERS_HEADING, EN, NL, book_and_open_questions
from tests.scheduling.test_delivery_parts import bold_texts

QUESTIONS = questions_for(TalkKind.PROGRESS)
# About 1,900 characters as Telegram counts them: markup characters and an emoji in each.
LONG_ANSWER = "We read together & play <games> at home 😀 " * 44


def question_headings(messages) -> list[str]:
    """The bold question headings ("1. …") across messages, in order."""
    return [bold for m in messages for bold in bold_texts(m) if bold[:1].isdigit()]


async def test_long_answers_and_the_digest_arrive_in_parts_that_all_show_bold(booking_school):
    marloes = await booking_school.linked("Marloes Dekker", kind="staff")
    mark = await booking_school.linked("Mark Jansen", "en")
    shown = await book_and_open_questions(mark, "Zoë", EN)
    for question in QUESTIONS[1:4]:
        await mark.send(LONG_ANSWER)
        shown = await mark.expect_message(contains=question.text)
    for question in QUESTIONS[4:]:
        await mark.press("Skip", message_id=shown.message_id)
        shown = await mark.expect_message(contains=question.text)
    await mark.press("Skip", message_id=shown.message_id)
    # The summary is long too: its buttons come under its last part.
    last = await mark.expect_message(predicate=lambda m: "Send to the teacher" in str(m.buttons))
    assert "Your answers about" not in last.text
    await mark.press("Send to the teacher", message_id=last.message_id)
    await mark.expect_message(contains="Thank you!")
    await booking_school.wait(timedelta(minutes=3))

    first = await marloes.expect_message(contains=ANSWERS_HEADING)
    answers = marloes.messages[marloes.messages.index(first) :]
    expected = [f"{n}. {NL.gettext(q.text)}" for n, q in enumerate(QUESTIONS, start=1)]
    assert len(answers) > 1
    assert question_headings(answers) == expected
    for part in answers:
        assert bold_texts(part)  # parts 2+ are formatted too: no raw markup
        assert "<b>" not in part.text
        assert "&amp;" not in part.text
    assert "\n".join(m.text for m in answers).count(LONG_ANSWER.strip()) == 3

    # The talk is on Tuesday 8 December; the digest comes on Monday evening at 19:00.
    evening = datetime(2026, 12, 7, 19, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
    await booking_school.wait(evening - booking_school.clock.now())
    begins = await marloes.expect_message(predicate=lambda m: "———" in m.text)
    digest = marloes.messages[marloes.messages.index(begins) :]
    assert len(digest) > 1
    assert question_headings(digest) == expected
    assert all("<b>" not in m.text and "&amp;" not in m.text for m in digest)
    assert all(bold_texts(m) for m in digest)
