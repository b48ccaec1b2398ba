"""An unexpected error never leaves a person in silence: a short answer in their language,
true about what was kept, and exactly one log line with the update id and no personal data."""

from __future__ import annotations

import logging

import pytest

import bot.services.questions
import bot.storage.answers
import bot.telegram.private_only
import bot.telegram.questions
from bot.i18n import load_catalog
from tests.e2e.test_private_only import count_answers
from tests.e2e.test_questions import book_and_open_questions

EN, TR = load_catalog("en"), load_catalog("tr")
NOTHING_CHANGED = "Something went wrong; nothing was changed. Please try again."
MAYBE_KEPT = (
    "Something went wrong, and part of what you did may have been saved. Please check before"
    " you try again."
)


def failing(*args, **kwargs):
    raise RuntimeError("injected failure with Zoë's answer in it")


def error_lines(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]


async def test_a_typed_answer_that_fails_is_rolled_back_and_the_parent_is_told(
    booking_school, monkeypatch, caplog
):
    mark = await booking_school.linked("Mark Jansen", "en")
    await book_and_open_questions(mark, "Zoë", EN)
    # The answer is written first, then the progress: failing there must undo the answer.
    monkeypatch.setattr(bot.storage.answers, "set_progress", failing)
    caplog.clear()

    await mark.send("Zoë reads every night")

    told = await mark.expect_message(contains=NOTHING_CHANGED)
    assert not told.buttons
    assert await count_answers(booking_school) == 0
    (line,) = error_lines(caplog)
    assert "update_id=" in line
    assert "changes_kept=no" in line
    assert "RuntimeError" in line
    assert "Zoë" not in caplog.text
    assert "Mark" not in caplog.text

    monkeypatch.undo()
    await mark.send("Zoë reads every night")  # trying again works
    await mark.expect_message(contains="Question 2 of")
    assert await count_answers(booking_school) == 1


async def test_a_press_that_fails_gets_its_answer_and_a_message_in_the_person_s_language(
    booking_school, monkeypatch, caplog
):
    ayse = await booking_school.linked("Ayşe Yılmaz", "tr")
    question = await book_and_open_questions(ayse, "Mehmet", TR)
    monkeypatch.setattr(bot.services.questions, "give_answer", failing)
    pressed_before = len(ayse.callback_answers)
    caplog.clear()

    await ayse.press(TR.gettext("Skip"), message_id=question.message_id)

    answers = await ayse.expect_answers(pressed_before + 1)
    assert answers[-1] == TR.gettext(NOTHING_CHANGED)
    await ayse.expect_message(contains=TR.gettext(NOTHING_CHANGED))
    assert len(error_lines(caplog)) == 1
    monkeypatch.undo()
    await ayse.press(TR.gettext("Skip"), message_id=question.message_id)
    await ayse.expect_message(contains=TR.gettext("Question {number} of {total} about {child}")[:4])


async def test_a_failure_after_the_answer_was_saved_does_not_claim_nothing_changed(
    booking_school, monkeypatch, caplog
):
    mark = await booking_school.linked("Mark Jansen", "en")
    await book_and_open_questions(mark, "Zoë", EN)
    monkeypatch.setattr(bot.telegram.questions, "question_view", failing)  # after the save
    caplog.clear()

    await mark.send("Zoë reads every night")

    await mark.expect_message(contains=MAYBE_KEPT)
    assert await count_answers(booking_school) == 1
    (line,) = error_lines(caplog)
    assert "changes_kept=yes" in line


@pytest.mark.parametrize("kind", ["group", "channel"])
async def test_a_guard_that_fails_still_lets_nothing_through(school, monkeypatch, caplog, kind):
    monkeypatch.setattr(bot.telegram.private_only, "_line", failing)
    group = school.sandbox.create_group("Ouders", kind=kind, bot_status="administrator")
    peter = school.person("Peter")
    caplog.clear()

    if kind == "channel":
        await group.post("/start")
    else:
        await group.send(peter, "/start")
    await peter.send("/start")  # handled after the group's update
    await peter.expect_message()

    assert group.messages == []  # no greeting, no error answer: the flows never ran
    assert group.bot_is_member  # it could not even leave; it will on the next update
    (line,) = error_lines(caplog)
    assert "could not answer or leave update_id=" in line
