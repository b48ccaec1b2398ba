"""Teachers add evening hours and block times from Telegram; parents see the result."""

from tests.e2e.test_teacher import switch_to_english


async def open_hours(teacher):
    await teacher.send("/hours")
    return await teacher.expect_message(contains="Add hours, or pick a day")


async def test_added_hours_become_bookable_and_bad_lines_are_explained(booking_school):
    karim = await booking_school.linked("Karim Bouzid", kind="staff")
    await switch_to_english(karim)
    menu = await open_hours(karim)
    await karim.press("Add hours", message_id=menu.message_id)
    await karim.expect_message(contains="Type the hours to add")
    await karim.send("2026-12-11 19:00-19:40\nfriday evening\n2026-12-08 14:30-15:00")
    reply = await karim.expect_message(contains="Added 2 talk times.")
    assert "I could not read “friday evening”" in reply.text
    assert "overlap your other talks" in reply.text  # 8 December is already in the plan
    tom = await booking_school.linked("Tom de Groot", "en")
    await tom.send("/talks")
    await tom.expect_message(contains="Progress talks, December")
    await tom.press("Choose a time for Sem")
    days = await tom.expect_message(contains="Choose a day")
    labels = [b.text for row in days.buttons for b in row]
    assert any("December 11" in label and "(2 times)" in label for label in labels)


async def test_a_blocked_time_is_not_offered_and_a_booked_one_cannot_be_blocked(
    booking_school,
):
    ellen = await booking_school.linked("Ellen Vos", kind="staff")
    await switch_to_english(ellen)
    menu = await open_hours(ellen)
    await ellen.press(index=1, message_id=menu.message_id)  # her only day
    day = await ellen.expect_message(contains="tap a time to block it")
    first = day.buttons[0][0].text
    assert first.startswith("✓ ")
    await ellen.press(first, message_id=day.message_id)
    blocked = await ellen.expect_message(predicate=lambda m: m.message_id == day.message_id)
    assert blocked.buttons[0][0].text == first.replace("✓", "⛔")
    tom = await booking_school.linked("Tom de Groot", "en")
    await tom.send("/talks")
    await tom.expect_message(contains="Progress talks, December")
    await tom.press("Choose a time for Sem")
    days = await tom.expect_message(contains="Choose a day")
    wednesday = next(b.text for row in days.buttons for b in row if "December 9" in b.text)
    await tom.press(wednesday)
    times = await tom.expect_message(contains="Choose a time on")
    offered = [b.text for row in times.buttons for b in row]
    assert first[2:] + " · Ellen Vos" not in offered
    await tom.press(offered[0])
    await tom.expect_message(contains="Your talk is booked")
    answered = len(ellen.callback_answers)
    await ellen.press(blocked.buttons[0][1].text, message_id=day.message_id)  # now Tom's
    answers = await ellen.expect_answers(answered + 1)
    assert answers[-1] == "A parent has booked this time, so it cannot be blocked."
    menu = await open_hours(ellen)
    await ellen.press(index=1, message_id=menu.message_id)
    fresh = await ellen.expect_message(contains="tap a time to block it")
    assert [b.text[0] for b in fresh.buttons[0][:2]] == ["⛔", "👤"]
