"""Parents answer the pre-talk questions at home; the teacher arrives prepared."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.domain.questions import questions_for
from bot.domain.rounds import TalkKind
from bot.i18n import load_catalog
from bot.services.year_plan import apply_plan
from bot.storage.database import Database
from tests.e2e.conftest import running_school

TR, NL, EN = load_catalog("tr"), load_catalog("nl"), load_catalog("en")
ANSWERS_HEADING = NL.gettext("Answers about {pupil} from {name}").split("{")[0]


START_ROUND = """
[[rounds]]
id = "start-extra"
kind = "start"
title = "Kennismaking nieuwe leerlingen"
groups = ["1/2A"]
booking_opens = 2026-11-20T08:00:00
booking_closes = 2026-11-28T17:00:00
[[rounds.teachers]]
email = "m.dekker@regenboog.example.nl"
hours = ["2026-11-30 15:00-16:00"]
"""


async def book_and_open_questions(parent, child: str, tr):
    """Book the first free time for a child, then open the questions from the confirmation."""
    await parent.send("/talks")
    heading = tr.gettext("Invitation: {title}").format(title="")
    invitation = await parent.expect_message(contains=heading)
    await parent.press(index=0, message_id=invitation.message_id)
    days = await parent.expect_message(predicate=lambda m: "1:day:" in str(m.buttons))
    await parent.press(index=0, message_id=days.message_id)
    times = await parent.expect_message(predicate=lambda m: "1:book:" in str(m.buttons))
    await parent.press(index=0, message_id=times.message_id)
    booked = await parent.expect_message(contains=tr.gettext("Your talk is booked."))
    await parent.press(tr.gettext("Answer the teacher's questions"), message_id=booked.message_id)
    return await parent.expect_message(
        contains=tr.gettext("Type your answer, or send a voice message.")
    )


async def skip_rest_and_send(parent, shown, start: int) -> None:
    """Skip the question shown (0-based `start`) and every one after it, then send."""
    for question in questions_for(TalkKind.PROGRESS)[start + 1 :]:
        await parent.press("Skip", message_id=shown.message_id)
        shown = await parent.expect_message(contains=question.text)
    await parent.press("Skip", message_id=shown.message_id)
    summary = await parent.expect_message(contains="Your answers about")
    await parent.press("Send to the teacher", message_id=summary.message_id)
    await parent.expect_message(contains="Thank you!")


async def test_a_parent_answers_the_start_talk_questions_in_turkish_skips_goes_back_and_sends(
    booking_school,
):
    db = await Database.open(booking_school.settings.database_path)
    try:
        await apply_plan(
            db, START_ROUND, clock=booking_school.clock, tz=booking_school.settings.timezone
        )
    finally:
        await db.close()
    marloes = await booking_school.linked("Marloes Dekker", kind="staff")
    ayse = await booking_school.linked("Ayşe Yılmaz", "tr")
    questions = questions_for(TalkKind.START)
    first = await book_and_open_questions(ayse, "Mehmet", TR)
    assert TR.gettext(questions[0].text) in first.text
    assert (
        TR.gettext("Question {number} of {total} about {child}").format(
            number=1, total=len(questions), child="Mehmet"
        )
        in first.text
    )
    await ayse.send("Evde birlikte kitap okuyoruz <b>her akşam</b> & oyun oynuyoruz")
    second = await ayse.expect_message(contains=TR.gettext(questions[1].text))
    await ayse.press(TR.gettext("Skip"), message_id=second.message_id)
    third = await ayse.expect_message(contains=TR.gettext(questions[2].text))
    await ayse.press(TR.gettext("Back"), message_id=third.message_id)
    again = await ayse.expect_message(contains=TR.gettext(questions[1].text))
    await ayse.press(TR.gettext("Back"), message_id=again.message_id)
    await ayse.expect_message(contains=TR.gettext(questions[0].text))
    await ayse.send("Her akşam kitap okuyoruz")  # changes answer 1
    # On to the first question without an answer: 2 stays skipped.
    for question in questions[2:-1]:
        await ayse.expect_message(contains=TR.gettext(question.text))
        await ayse.send(f"Cevap: {question.key}")
    last = await ayse.expect_message(contains=TR.gettext(questions[-1].text))
    assert questions[-1].interpreter
    await ayse.press(TR.gettext("No interpreter needed"), message_id=last.message_id)
    summary = await ayse.expect_message(contains=TR.gettext("Send to the teacher")[:0] or "8.")
    assert TR.gettext("(skipped)") in summary.text
    assert summary.text.rstrip().endswith(TR.gettext("No interpreter needed").rstrip())
    await ayse.press(TR.gettext("Send to the teacher"), message_id=summary.message_id)
    await ayse.expect_message(
        contains=TR.gettext(
            "Thank you! The teacher has your answers and will read them before the talk."
        )[:15]
    )

    await booking_school.wait(timedelta(minutes=3))
    heading = NL.gettext("Answers about {pupil} from {name}").split("{")[0]
    received = await marloes.expect_message(contains=heading)
    assert "Mehmet Yılmaz (1/2A)" in received.text
    assert "Ayşe Yılmaz" in received.text
    positions = [received.text.index(NL.gettext(q.text)) for q in questions]
    assert positions == sorted(positions)  # in the questionnaire's order
    assert "Her akşam kitap okuyoruz" in received.text
    assert "Evde birlikte" not in received.text  # the changed answer replaced the first
    assert NL.gettext("(skipped)") in received.text
    assert NL.gettext("No interpreter needed") in received.text


async def test_a_voice_answer_reaches_the_teacher_as_audio_with_its_question(booking_school):
    marloes = await booking_school.linked("Marloes Dekker", kind="staff")
    mark = await booking_school.linked("Mark Jansen", "en")
    await book_and_open_questions(mark, "Zoë", EN)
    await mark.send_voice(duration=12)
    second = questions_for(TalkKind.PROGRESS)[1]
    await mark.expect_message(contains=second.text)
    await mark.send("/talks")  # leave the rest for later and send what there is
    await mark.expect_message(contains="Progress talks, December")
    booked = next(m for m in mark.messages if "Answer the teacher's questions" in str(m.buttons))
    await mark.press("Answer the teacher's questions", message_id=booked.message_id)
    resumed = await mark.expect_message(contains="Question 2 of")  # resumes at question 2
    assert second.text in resumed.text
    await skip_rest_and_send(mark, resumed, 1)
    await booking_school.wait(timedelta(minutes=3))
    answers = await marloes.expect_message(contains=ANSWERS_HEADING)
    assert NL.gettext("(voice message, sent below)") in answers.text
    voice = await marloes.expect_message(predicate=lambda m: m.document is not None)
    assert voice.caption == f"1. {NL.gettext(questions_for(TalkKind.PROGRESS)[0].text)}"


async def test_photos_stickers_and_over_long_answers_change_nothing(booking_school):
    marloes = await booking_school.linked("Marloes Dekker", kind="staff")
    mark = await booking_school.linked("Mark Jansen", "en")
    first = questions_for(TalkKind.PROGRESS)[0]
    await book_and_open_questions(mark, "Zoë", EN)
    await mark.send_photo()
    await mark.expect_message(contains="Please answer with text or a voice message.")
    await mark.send_sticker()
    await mark.expect_message(contains="Please answer with text or a voice message.")
    await mark.send("x" * 5000)
    refused = await mark.expect_message(contains="too long")
    assert "2000 characters" in refused.text
    await mark.send("We read <b>every</b> night & play *games*")
    second = await mark.expect_message(contains=questions_for(TalkKind.PROGRESS)[1].text)
    await mark.press("Back", message_id=second.message_id)
    again = await mark.expect_message(contains=first.text)
    assert "We read <b>every</b> night & play *games*" in again.text  # the one answer kept
    await mark.send("We read <b>every</b> night & play *games*")  # the same again: on to 2
    shown = await mark.expect_message(contains=questions_for(TalkKind.PROGRESS)[1].text)
    await skip_rest_and_send(mark, shown, 1)
    await booking_school.wait(timedelta(minutes=3))
    answers = await marloes.expect_message(contains=ANSWERS_HEADING)
    assert "We read <b>every</b> night & play *games*" in answers.text  # literal, escaped


async def test_a_teacher_of_another_group_gets_nothing_and_cannot_replay_buttons(
    booking_school,
):
    ruben = await booking_school.linked("Ruben Prins", kind="staff")
    mark = await booking_school.linked("Mark Jansen", "en")
    question = await book_and_open_questions(mark, "Zoë", EN)
    await mark.send("Private answer about Zoë")
    skip = next(b.callback_data for row in question.buttons for b in row if b.text == "Skip")
    answered = len(ruben.callback_answers)
    await mark.press_data(skip, presser=ruben)  # Ruben replays Mark's button
    answers = await ruben.expect_answers(answered + 1)
    stale = "This button is no longer valid. Send /talks to see your talks as they are now."
    assert answers[-1] == NL.gettext(stale)
    await booking_school.wait(timedelta(minutes=3))
    assert not any("Private answer" in m.text for m in ruben.messages)


async def test_answers_survive_a_restart_and_the_parent_continues_at_question_4(
    sandbox, settings, clock
):
    questions = questions_for(TalkKind.PROGRESS)
    async with running_school(sandbox, settings, clock, with_plan=True) as school:
        mark = await school.linked("Mark Jansen", "en")
        await book_and_open_questions(mark, "Zoë", EN)
        for number in (1, 2, 3):
            await mark.send(f"Answer {number}")
            await mark.expect_message(contains=questions[number].text)
    # The bot was stopped after question 3 and now starts again on the same database.
    async with running_school(sandbox, settings, clock, with_plan=True):
        await mark.send("Answer 4")
        fifth = await mark.expect_message(contains=questions[4].text)
        assert "Question 5 of" in fifth.text
        await mark.press("Back", message_id=fifth.message_id)
        fourth = await mark.expect_message(contains=questions[3].text)
        assert "Your answer so far: Answer 4" in fourth.text
        await mark.press("Back", message_id=fourth.message_id)
        third = await mark.expect_message(contains=questions[2].text)
        assert "Your answer so far: Answer 3" in third.text


async def test_the_teacher_gets_a_digest_the_evening_before_and_can_read_and_export(
    booking_school,
):
    marloes = await booking_school.linked("Marloes Dekker", kind="staff")
    mark = await booking_school.linked("Mark Jansen", "en")
    shown = await book_and_open_questions(mark, "Zoë", EN)
    await mark.send("She loves drawing & building <towers>")
    shown = await mark.expect_message(contains=questions_for(TalkKind.PROGRESS)[1].text)
    await skip_rest_and_send(mark, shown, 1)
    await booking_school.wait(timedelta(minutes=3))
    await marloes.expect_message(contains=NL.gettext("Answers about {pupil} from {name}")[:10])

    # The talk is on Tuesday 8 December; the digest comes on Monday evening at 19:00.
    evening = datetime(2026, 12, 7, 19, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
    await booking_school.wait(evening - booking_school.clock.now() - timedelta(minutes=1))
    assert not any("———" in m.text for m in marloes.messages)  # 18:59: not yet
    await booking_school.wait(timedelta(minutes=1))
    digest = await marloes.expect_message(predicate=lambda m: "———" in m.text)
    assert "8 december" in digest.text
    assert "Zoë de Vries" in digest.text
    assert "She loves drawing & building <towers>" in digest.text
    assert "Mark Jansen" in digest.text

    await marloes.send("/answers")
    listing = await marloes.expect_message(predicate=lambda m: "1:anx:" in str(m.buttons))
    await marloes.press("Zoë de Vries (1/2A)", message_id=listing.message_id)
    again = await marloes.expect_message(contains="She loves drawing")
    assert "Mark Jansen" in again.text
    await marloes.press(index=len(listing.buttons) - 1, message_id=listing.message_id)
    exported = await marloes.expect_message(predicate=lambda m: m.document is not None)
    markdown = exported.document.data.decode()
    assert markdown.startswith("# Voortgangsgesprekken december")
    assert "## Zoë de Vries (1/2A)" in markdown
    assert "She loves drawing & building <towers>" in markdown
