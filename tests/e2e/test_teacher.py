"""Teachers see their own talks and groups only, and book for parents who did not."""


def has_english_button(message) -> bool:
    """The language picker, whatever language it is written in."""
    return any(b.text.endswith("English") for row in message.buttons for b in row)


async def open_unbooked(teacher):
    await teacher.send("/schedule")
    rounds = await teacher.expect_message(contains="Progress talks, December")
    await teacher.press("without a talk", message_id=rounds.message_id)
    return await teacher.expect_message(contains="No talk booked yet")


async def switch_to_english(person):
    await person.send("/language")
    picker = await person.expect_message(predicate=has_english_button)
    await person.press("English", message_id=picker.message_id)
    await person.expect_message(contains="From now on")


async def switch_to_arabic(person):
    await person.send("/language")
    picker = await person.expect_message(predicate=lambda m: "العربية" in str(m.buttons))
    await person.press("العربية", message_id=picker.message_id)
    await person.expect_message(predicate=lambda m: m.edited)


async def book_lina_on_behalf(karim, unbooked):
    """Karim books the first free time for Lina from his list of pupils without a talk."""
    await karim.press("Book for Lina Haddad", message_id=unbooked.message_id)
    await karim.expect_message(contains="Choose a day")
    await karim.press(index=0)
    times = await karim.expect_message(contains="Choose a time on")
    await karim.press(times.buttons[0][0].text)
    return await karim.expect_message(contains="Booked on behalf of the parents")


async def test_a_teacher_books_on_behalf_and_the_pupil_leaves_the_list(booking_school):
    karim = await booking_school.linked("Karim Bouzid", kind="staff")
    await switch_to_english(karim)
    unbooked = await open_unbooked(karim)
    assert "Lina Haddad (4)" in unbooked.text
    assert "Noor" not in unbooked.text  # groep 1/2A is not Karim's
    done = await book_lina_on_behalf(karim, unbooked)
    assert "Lina" in done.text
    again = await open_unbooked(karim)
    assert "Lina Haddad" not in again.text


async def test_the_day_schedule_shows_who_booked_and_whether_the_child_comes(booking_school):
    tom = await booking_school.linked("Tom de Groot", "en")
    await tom.send("/talks")
    await tom.expect_message(contains="Progress talks, December")
    await tom.press("Choose a time for Sem")
    await tom.expect_message(contains="Choose a day")
    await tom.press(index=0)
    times = await tom.expect_message(contains="Choose a time on")
    chosen = times.buttons[0][0].text
    await tom.press(chosen)
    await tom.expect_message(contains="Your talk is booked")
    teacher_name = chosen.split(" · ")[1]
    teacher = await booking_school.linked(teacher_name, kind="staff")
    await switch_to_english(teacher)
    await teacher.send("/schedule")
    rounds = await teacher.expect_message(contains="Progress talks, December")
    await teacher.press(index=0, message_id=rounds.message_id)
    day = await teacher.expect_message(contains="child joins")
    assert "Sem de Groot (4), booked by Tom de Groot; child joins" in day.text
    assert " free" in day.text


async def test_a_teacher_cannot_see_or_book_another_group_s_pupils(booking_school):
    karim = await booking_school.linked("Karim Bouzid", kind="staff")
    await switch_to_english(karim)
    unbooked = await open_unbooked(karim)
    book_lina = next(b.callback_data for row in unbooked.buttons for b in row if "Lina" in b.text)
    ruben = await booking_school.linked("Ruben Prins", kind="staff")
    await switch_to_english(ruben)
    his = await open_unbooked(ruben)
    assert "Lina" not in his.text
    assert "(7/8)" in his.text
    answered = len(ruben.callback_answers)
    await ruben.press_data(book_lina)  # Karim's button, replayed by Ruben
    answers = await ruben.expect_answers(answered + 1)
    assert "no longer valid" in answers[-1]


async def test_parents_cannot_use_the_teacher_s_schedule(booking_school):
    tom = await booking_school.linked("Tom de Groot", "en")
    await tom.send("/schedule")
    await tom.expect_message(contains="This command is for teachers.")


async def test_a_teacher_can_cancel_a_talk_booked_on_behalf_and_is_not_asked_questions(
    booking_school,
):
    karim = await booking_school.linked("Karim Bouzid", kind="staff")
    await switch_to_english(karim)
    unbooked = await open_unbooked(karim)
    done = await book_lina_on_behalf(karim, unbooked)
    labels = [b.text for row in done.buttons for b in row]
    assert labels == ["Change the time", "Cancel the talk"]
    await karim.press("Cancel the talk", message_id=done.message_id)
    await karim.expect_message(contains="Do you want to cancel")
    await karim.press("Yes, cancel the talk")
    cancelled = await karim.expect_message(contains="The talk is cancelled")
    assert "The parents" in cancelled.text  # not "the teacher": he is the teacher
    assert "/talks" not in cancelled.text  # that is the parents' command
    again = await open_unbooked(karim)
    assert "Lina Haddad" in again.text
