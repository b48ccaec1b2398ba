"""Everyone concerned hears of a booking at the same moment, each in their own language."""

from datetime import timedelta

from bot.i18n import load_catalog


async def test_the_other_parent_and_the_teacher_hear_of_a_booking_and_a_cancellation(
    booking_school,
):
    sanne = await booking_school.linked("Sanne de Vries", "nl")
    marloes = await booking_school.linked("Marloes Dekker", kind="staff")
    mark = await booking_school.linked("Mark Jansen", "en")
    await mark.send("/talks")
    await mark.expect_message(contains="Progress talks, December")
    await mark.press("Choose a time for Zoë")
    await mark.expect_message(contains="Choose a day")
    await mark.press(index=0)
    times = await mark.expect_message(contains="Choose a time on")
    await mark.press(times.buttons[0][0].text)
    booked = await mark.expect_message(contains="Your talk is booked")
    # Sanne has not touched the language picker: what waits for her goes out after two
    # minutes (sooner once she picks), so it arrives in the language she settles on.
    await booking_school.wait(timedelta(minutes=3))

    news = await sanne.expect_message(contains="Mark Jansen")
    assert "Zoë" in news.text
    assert "Marloes Dekker" in news.text
    assert [b.text for row in news.buttons for b in row] == [
        load_catalog("nl").gettext("Change the time"),
        load_catalog("nl").gettext("Cancel the talk"),
        load_catalog("nl").gettext("Answer the teacher's questions"),  # both parents may answer
    ]
    calendar = await sanne.expect_message(predicate=lambda m: m.document is not None)
    assert calendar.document.file_name.endswith(".ics")
    teacher_news = await marloes.expect_message(contains="Zoë de Vries (1/2A)")
    assert "Mark Jansen" in teacher_news.text

    await mark.press("Cancel the talk", message_id=booked.message_id)
    await mark.expect_message(contains="Do you want to cancel")
    await mark.press("Yes, cancel the talk")
    await mark.expect_message(contains="The talk is cancelled")
    cancelled = await sanne.expect_message(contains="/talks")
    assert "Zoë" in cancelled.text
    teacher_cancel = await marloes.expect_message(contains="Zoë de Vries (1/2A)")
    assert teacher_cancel.message_id != teacher_news.message_id


async def test_a_parent_for_whom_no_time_suits_reaches_both_teachers_word_for_word(
    booking_school,
):
    karim = await booking_school.linked("Karim Bouzid", kind="staff")
    ellen = await booking_school.linked("Ellen Vos", kind="staff")
    tom = await booking_school.linked("Tom de Groot", "en")
    await tom.send("/talks")
    await tom.expect_message(contains="Progress talks, December")
    await tom.press("None of these times suits me")
    await tom.expect_message(contains="Which days and times would suit you?")
    wish = "Alleen op woensdag na 18:00 <ik werk in ploegen> & zaterdag"
    await tom.send(wish)
    await tom.expect_message(contains="The teacher has your message")
    await booking_school.wait(timedelta(minutes=3))  # the teachers just linked, too
    for teacher in (karim, ellen):
        request = await teacher.expect_message(contains="Tom de Groot")
        assert wish in request.text  # exactly as written, safely escaped
        assert "Sem de Groot (4)" in request.text
        assert request.buttons[0][0].callback_data.startswith("1:obo:")
    await tom.send("Hello again")  # no longer waiting: offered as a message to the teacher
    await tom.expect_message(contains="Send this to Ellen Vos and Karim Bouzid about Sem?")


async def test_an_over_long_wish_is_refused_and_the_question_stays(booking_school):
    tom = await booking_school.linked("Tom de Groot", "en")
    await tom.send("/talks")
    await tom.expect_message(contains="Progress talks, December")
    await tom.press("None of these times suits me")
    await tom.expect_message(contains="Which days and times would suit you?")
    await tom.send("x" * 1001)
    await tom.expect_message(contains="at most 1000 characters")
    await tom.send("Thursday evening")
    await tom.expect_message(contains="The teacher has your message")


async def test_no_suiting_time_for_brothers_and_sisters_reaches_each_child_s_teachers(
    booking_school,
):
    teachers = [
        await booking_school.linked(name, kind="staff")
        for name in ("Marloes Dekker", "Karim Bouzid", "Ruben Prins")
    ]
    fatima = await booking_school.linked("Fatima El Amrani", "ar")
    await fatima.send("/talks")
    invitation = await fatima.expect_message(contains="مقابلات متابعة التقدم")
    none_button = invitation.buttons[-1][0]
    assert none_button.callback_data.endswith(":0")  # every child still without a time
    await fatima.press(none_button.text, message_id=invitation.message_id)
    await fatima.expect_message(predicate=lambda m: "nvm" in str(m.buttons))
    await fatima.send("بعد الساعة 17:00 فقط")
    await fatima.expect_message(predicate=lambda m: not m.buttons)
    await booking_school.wait(timedelta(minutes=3))
    for teacher, child in zip(teachers, ("Noor", "Adam", "Yasmina"), strict=True):
        request = await teacher.expect_message(contains="بعد الساعة 17:00 فقط")
        assert child in request.text
