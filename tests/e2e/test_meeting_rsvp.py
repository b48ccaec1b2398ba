"""Parents answer an information meeting's invitation in Telegram, in their own language.

A milestones meeting for groups 1/2A and 4 of the example school on Thursday 1 October
2026 at 19:00 (17:00 UTC), with childcare and interpreters for Arabic and Turkish; the
invitations go out on 10 September and answers close on 29 September at 19:00. The
parents reach the buttons through `/meetings` (the invitation itself is the outbox's).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.domain.meetings import Reply, Rsvp
from bot.formatting import format_day, format_day_and_time, format_list
from bot.i18n import Translations
from bot.storage import meetings as store
from bot.telegram.context import DEPS_KEY
from tests.meeting_fixture import add_meeting

STARTS = datetime(2026, 10, 1, 17, 0, tzinfo=UTC)
CLOSES = STARTS - timedelta(days=2)
ANSWERING = datetime(2026, 9, 15, 9, 0, tzinfo=UTC)
TRANSLATIONS = Translations("nl")
TR, NL, AR = (TRANSLATIONS.for_language(code) for code in ("tr", "nl", "ar"))
CHILDCARE = "There is childcare during the meeting. For how many children do you need it?"


async def _meeting(school) -> int:
    meeting = await add_meeting(_db(school), starts_at=STARTS, groups=("1/2A", "4"))
    school.clock.set(ANSWERING)
    return meeting


def _db(school):
    return school.app.bot_data[DEPS_KEY].db


async def _reply(school, meeting: int, name: str) -> tuple[Reply, str | None] | None:
    async with _db(school).read() as conn:
        async with conn.execute("SELECT id FROM guardians WHERE name = ?", (name,)) as cursor:
            row = await cursor.fetchone()
        return await store.reply_of(conn, meeting, row["id"])


async def _replies(school, meeting: int) -> list[Reply]:
    async with _db(school).read() as conn:
        return await store.replies(conn, meeting)


async def _open_meetings(parent, not_answered: str):
    await parent.send("/meetings")
    return await parent.expect_message(contains=not_answered)


async def test_a_turkish_parent_answers_in_turkish_with_childcare_and_an_interpreter(school):
    meeting = await _meeting(school)
    ayse = await school.linked("Ayşe Yılmaz", "tr")
    listed = await _open_meetings(ayse, TR.gettext("You have not answered yet."))
    assert [b.text for row in listed.buttons for b in row] == [
        "Geleceğim",
        "Belki",
        "Gelemeyeceğim",
    ]
    assert format_day_and_time(STARTS, school.settings.timezone, "tr") in listed.text

    await ayse.press("Geleceğim")
    asked = await ayse.expect_message(
        contains=TR.gettext("How many adults will come, including you?")
    )
    assert asked.message_id != listed.message_id  # the invitation keeps its text
    assert TR.gettext("Your answer: {answer}").format(answer="Geleceğim") in asked.text
    assert (await _reply(school, meeting, "Ayşe Yılmaz"))[0].answer is Rsvp.YES  # one tap: counted

    await ayse.press("2")
    await ayse.expect_message(contains=TR.gettext(CHILDCARE))
    await ayse.press("2")
    first = TR.gettext("How old is child {number} of {total}?")
    await ayse.expect_message(contains=first.format(number=1, total=2))
    await ayse.press(TR.gettext("0–1 year"))
    await ayse.expect_message(contains=first.format(number=2, total=2))
    await ayse.press(TR.gettext("4–12 years"))
    interpreter = await ayse.expect_message(
        contains=TR.gettext("Would you like an interpreter in {language} at the meeting?").format(
            language="Türkçe"
        )
    )
    assert [b.text for row in interpreter.buttons for b in row] == [
        "Evet, Türkçe",
        TR.gettext("No, thank you"),
    ]
    await ayse.press("Evet, Türkçe")

    done = await ayse.expect_message(contains=TR.gettext("Thank you for your answer."))
    assert done.message_id == asked.message_id
    ages = format_list([TR.gettext("0–1 year"), TR.gettext("4–12 years")], "tr")
    for line in (
        TR.gettext("Your answer: {answer}").format(answer="Geleceğim"),
        TR.gettext("Adults: {number}").format(number=2),
        TR.ngettext(
            "Childcare for {count} child: {ages}", "Childcare for {count} children: {ages}", 2
        ).format(count=2, ages=ages),
        TR.gettext("Interpreter: {language}").format(language="Türkçe"),
        format_day_and_time(STARTS, school.settings.timezone, "tr"),
        TR.gettext("You can change your answer until {deadline}.").format(
            deadline=format_day_and_time(CLOSES, school.settings.timezone, "tr")
        ),
    ):
        assert line in done.text
    assert [b.text for row in done.buttons for b in row] == [TR.gettext("Change my answer")]

    reply, step = await _reply(school, meeting, "Ayşe Yılmaz")
    assert (reply.answer, reply.adults, reply.childcare, reply.interpreter, step) == (
        Rsvp.YES,
        2,
        ("0-1", "4-12"),
        "tr",
        None,
    )


async def test_a_dutch_parent_says_not_coming_then_changes_to_coming(school):
    meeting = await _meeting(school)
    jolanda = await school.linked("Jolanda Smit")
    await _open_meetings(jolanda, NL.gettext("You have not answered yet."))

    await jolanda.press(NL.gettext("Not coming"))
    thanked = await jolanda.expect_message(contains=NL.gettext("Thank you for your answer."))
    assert (
        NL.gettext("Your answer: {answer}").format(answer=NL.gettext("Not coming")) in thanked.text
    )
    assert (await _reply(school, meeting, "Jolanda Smit"))[0].answer is Rsvp.NO

    await jolanda.press(NL.gettext("Change my answer"))
    await jolanda.expect_message(contains=NL.gettext("What is your new answer?"))
    await jolanda.press(NL.gettext("Coming"))
    await jolanda.expect_message(contains=NL.gettext("How many adults will come, including you?"))
    await jolanda.press("1")
    await jolanda.expect_message(contains=NL.gettext(CHILDCARE))
    await jolanda.press(NL.gettext("No, thank you"))
    languages = await jolanda.expect_message(
        contains=NL.gettext(
            "Would you like an interpreter at the meeting? If so, choose the language."
        )
    )
    assert [b.text for row in languages.buttons for b in row] == [
        "Arabisch",
        "Turks",
        NL.gettext("No, thank you"),
    ]
    await jolanda.press(NL.gettext("No, thank you"))
    done = await jolanda.expect_message(contains=NL.gettext("No interpreter needed"))
    assert done.message_id == thanked.message_id
    assert NL.gettext("Your answer: {answer}").format(answer=NL.gettext("Coming")) in done.text
    assert NL.gettext("No childcare needed") in done.text

    reply, step = await _reply(school, meeting, "Jolanda Smit")
    assert (reply.answer, reply.adults, reply.childcare, reply.interpreter, step) == (
        Rsvp.YES,
        1,
        (),
        None,
        None,
    )


async def test_after_the_deadline_the_buttons_are_refused(school):
    meeting = await _meeting(school)
    ayse = await school.linked("Ayşe Yılmaz", "tr")
    await _open_meetings(ayse, TR.gettext("You have not answered yet."))
    await ayse.press("Geleceğim")
    await ayse.expect_message(contains=TR.gettext("How many adults will come, including you?"))
    answered = len(await ayse.expect_answers(1))
    before = await _reply(school, meeting, "Ayşe Yılmaz")

    school.clock.set(CLOSES)
    await ayse.press("2")
    refused = await ayse.expect_answers(answered + 1)
    day = format_day(CLOSES, school.settings.timezone, "tr")
    assert refused[-1] == TR.gettext(
        "Answers for this meeting closed on {date}. Please contact the school."
    ).format(date=day)
    assert await _reply(school, meeting, "Ayşe Yılmaz") == before

    # /meetings still shows the meeting and the answer, without buttons.
    await ayse.send("/meetings")
    shown = await ayse.expect_message(contains=refused[-1])
    assert shown.buttons == []


async def test_a_guardian_with_two_invited_children_answers_once(school):
    meeting = await _meeting(school)
    fatima = await school.linked("Fatima El Amrani", "ar")  # Noor in 1/2A, Adam in 4
    listed = await _open_meetings(fatima, AR.gettext("You have not answered yet."))
    await fatima.press(AR.gettext("Maybe"), message_id=listed.message_id)
    await fatima.expect_message(contains=AR.gettext("How many adults will come, including you?"))
    shown = [m for m in fatima.messages if AR.gettext("You have not answered yet.") in m.body]
    assert len(shown) == 1
    assert [(r.answer, r.adults) for r in await _replies(school, meeting)] == [(Rsvp.MAYBE, 1)]


async def test_presses_by_another_account_or_forged_values_change_nothing(school):
    meeting = await _meeting(school)
    ayse = await school.linked("Ayşe Yılmaz", "tr")
    jolanda = await school.linked("Jolanda Smit")  # invited to the same meeting
    zeynep = await school.linked("Zeynep Öztürk", "tr")  # groep 7/8: not invited
    await _open_meetings(ayse, TR.gettext("You have not answered yet."))
    await ayse.press("Geleceğim")
    asked = await ayse.expect_message(
        contains=TR.gettext("How many adults will come, including you?")
    )
    before = await _reply(school, meeting, "Ayşe Yılmaz")

    await ayse.press_data(f"1:mtra:{meeting}:4", message_id=asked.message_id, presser=jolanda)
    await ayse.press_data(f"1:mtr:{meeting}:no", message_id=asked.message_id, presser=jolanda)
    stale_nl = NL.gettext(
        "This button is no longer valid. Send /meetings to see your meetings as they are now."
    )
    assert (await jolanda.expect_answers(2))[-2:] == [stale_nl, stale_nl]

    await zeynep.press_data(f"1:mtr:{meeting}:yes")
    stale_tr = TR.gettext(
        "This button is no longer valid. Send /meetings to see your meetings as they are now."
    )
    assert (await zeynep.expect_answers(1))[-1] == stale_tr

    pressed = len(ayse.callback_answers)
    for forged in (f"1:mtra:{meeting}:99", f"1:mtri:{meeting}:pl", f"1:mtrb:{meeting}:0:13-18"):
        await ayse.press_data(forged, message_id=asked.message_id)
    answers = await ayse.expect_answers(pressed + 3)
    # A value no button offers is refused; a button of another question shows the answer
    # as it stands (here: the question Ayşe is at, unchanged).
    assert answers[pressed:] == [
        stale_tr,
        TR.gettext("This button is from an earlier question. Here is your answer as it is now."),
        stale_tr,
    ]
    assert await _reply(school, meeting, "Ayşe Yılmaz") == before
    assert [r.guardian_id for r in await _replies(school, meeting)] == [before[0].guardian_id]
    assert ayse.find(asked.message_id).text == asked.text


async def test_a_parent_who_stopped_halfway_goes_on_from_meetings(school):
    meeting = await _meeting(school)
    jolanda = await school.linked("Jolanda Smit")
    await _open_meetings(jolanda, NL.gettext("You have not answered yet."))
    await jolanda.press(NL.gettext("Coming"))
    await jolanda.expect_message(contains=NL.gettext("How many adults will come, including you?"))
    await jolanda.press("2")
    await jolanda.expect_message(contains=NL.gettext(CHILDCARE))

    # Later (the question is kept in the database, not in the running bot): /meetings asks
    # the same question again, and its buttons go on from there.
    await jolanda.send("/meetings")
    again = await jolanda.expect_message(contains=NL.gettext(CHILDCARE))
    assert NL.gettext("Your answer: {answer}").format(answer=NL.gettext("Coming")) in again.text
    await jolanda.press("1", message_id=again.message_id)
    await jolanda.expect_message(contains=NL.gettext("How old is the child who needs childcare?"))
    reply, step = await _reply(school, meeting, "Jolanda Smit")
    assert (reply.adults, step) == (2, "ages:1")


async def test_meetings_for_a_parent_not_invited_and_for_a_stranger(school):
    await _meeting(school)
    zeynep = await school.linked("Zeynep Öztürk", "tr")  # groep 7/8: not invited
    await zeynep.send("/meetings")
    await zeynep.expect_message(contains=TR.gettext("No meetings planned."))

    stranger = school.person("Bob", "en")
    await stranger.send("/meetings")
    greeting = await stranger.expect_message()
    assert "open the personal link" in greeting.text
    assert greeting.buttons == []
