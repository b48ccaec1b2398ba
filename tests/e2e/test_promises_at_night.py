"""At night nothing is passed on until quiet hours end, and the confirmations say so: a
parent who sends their answers at 02:47 is told the teacher gets them at 08:00."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.i18n import load_catalog
from tests.e2e.test_agreements import book_zoe, record_one_agreement
from tests.e2e.test_booking import choose_first_time
from tests.e2e.test_questions import book_and_open_questions, skip_rest_and_send
from tests.e2e.test_teacher import open_unbooked, switch_to_english

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
EN = load_catalog("en")
AT_EIGHT = "8:00\u202fAM"  # the end of quiet hours, as English writes it


async def until(school, moment: datetime) -> None:
    await school.wait(moment - school.clock.now())


async def night(school) -> None:
    await until(school, datetime(2026, 11, 24, 2, 47, tzinfo=AMSTERDAM))


async def test_answers_sent_at_night_reach_the_teacher_at_eight_as_promised(booking_school):
    marloes = await booking_school.linked("Marloes Dekker", kind="staff")
    await switch_to_english(marloes)
    mark = await booking_school.linked("Mark Jansen", "en")
    await booking_school.wait(timedelta(minutes=3))
    await night(booking_school)
    first = await book_and_open_questions(mark, "Zoë", EN)
    await skip_rest_and_send(mark, first, 0)
    assert (
        EN.gettext(
            "Thank you! The teacher will get your answers at {time} and will read them before"
            " the talk."
        ).format(time=AT_EIGHT)
        in mark.messages[-1].text
    )
    await mark.send("/talks")
    await mark.expect_message(contains="Progress talks, December")
    booked = next(m for m in reversed(mark.messages) if "Your talk is booked" in (m.text or ""))
    await mark.press("Answer the teacher's questions", message_id=booked.message_id)
    summary = await mark.expect_message(contains="Your answers about")
    assert f"The teacher will get these answers at {AT_EIGHT}." in summary.text

    await booking_school.wait(timedelta(hours=5))  # 07:47
    assert not [m for m in marloes.messages if "Answers about" in (m.text or "")]
    await until(booking_school, datetime(2026, 11, 24, 8, 0, tzinfo=AMSTERDAM))
    await marloes.expect_message(contains="Answers about Zoë de Vries (1/2A) from Mark Jansen")
    await mark.press("Answer the teacher's questions", message_id=booked.message_id)
    summary = await mark.expect_message(contains="Your answers about")
    assert "The teacher has these answers." in summary.text


async def test_a_cancellation_and_a_wish_at_night_say_when_the_teacher_hears(booking_school):
    tom = await booking_school.linked("Tom de Groot", "en")
    await night(booking_school)
    await tom.press(await choose_first_time(tom, "Sem"))
    await tom.expect_message(contains="Your talk is booked")
    await tom.press("Cancel the talk")
    await tom.expect_message(contains="Do you want to cancel")
    await tom.press("Yes, cancel the talk")
    cancelled = await tom.expect_message(contains="The talk is cancelled")
    assert f"The teacher will be told at {AT_EIGHT}." in cancelled.text

    await tom.send("/talks")
    await tom.expect_message(contains="Progress talks, December")
    await tom.press("None of these times suits me")
    await tom.expect_message(contains="Which days and times would suit you?")
    await tom.send("Only on Saturdays")
    thanks = await tom.expect_message(contains="Thank you.")
    assert f"The teacher will get your message at {AT_EIGHT}" in thanks.text


async def test_booking_on_behalf_at_night_says_when_the_parents_are_told(booking_school):
    karim = await booking_school.linked("Karim Bouzid", kind="staff")
    await switch_to_english(karim)
    await night(booking_school)
    unbooked = await open_unbooked(karim)
    await karim.press("Book for Lina Haddad", message_id=unbooked.message_id)
    await karim.expect_message(contains="Choose a day")
    await karim.press(index=0)
    times = await karim.expect_message(contains="Choose a time on")
    await karim.press(times.buttons[0][0].text)
    done = await karim.expect_message(contains="Booked on behalf of the parents")
    assert f"They will be told at {AT_EIGHT}." in done.text


async def test_a_round_opened_at_night_says_when_the_parents_are_invited(booking_school):
    karim = await booking_school.linked("Karim Bouzid", kind="staff")
    await switch_to_english(karim)
    await night(booking_school)
    await karim.send("/newround")
    kinds = await karim.expect_message(contains="Which talks do you want to open for group 4?")
    await karim.press("Second development talks", message_id=kinds.message_id)
    await karim.expect_message(contains="Type the hours to add")
    await karim.send("2026-11-30 15:00-15:40")
    opened = await karim.expect_message(contains="Opened:")
    assert f"The parents will be invited at {AT_EIGHT}." in opened.text


async def test_agreements_and_replies_at_night_say_when_they_arrive(booking_school):
    sanne = await booking_school.linked("Sanne de Vries", "nl")
    await switch_to_english(sanne)
    mark = await booking_school.linked("Mark Jansen", "en")
    marloes = await booking_school.linked("Marloes Dekker", kind="staff")
    await switch_to_english(marloes)
    await book_zoe(mark)
    await until(booking_school, datetime(2026, 12, 8, 22, 0, tzinfo=AMSTERDAM))
    await record_one_agreement(
        booking_school, marloes, sent=f"2 parents will get it at {AT_EIGHT}, each in their own"
    )

    await until(booking_school, datetime(2026, 12, 9, 8, 0, tzinfo=AMSTERDAM))
    agreements = await sanne.expect_message(contains="Reads every day")
    await until(booking_school, datetime(2026, 12, 9, 23, 0, tzinfo=AMSTERDAM))
    answered = len(sanne.callback_answers)
    await sanne.press("Understood", message_id=agreements.message_id)
    [thanks] = (await sanne.expect_answers(answered + 1))[answered:]
    assert thanks == f"Thank you. The teacher will hear at {AT_EIGHT} that you have read it."
    await sanne.press("I have a question", message_id=agreements.message_id)
    await sanne.expect_message(contains="Type your question")
    await sanne.send("Which books?")
    thanks = await sanne.expect_message(contains="Thank you.")
    assert thanks.text == f"Thank you. The teacher will get your question at {AT_EIGHT}."
