"""A teacher opens a round for their own group from Telegram; the parents are invited."""

from datetime import timedelta

from tests.e2e.test_teacher import switch_to_english


async def test_a_teacher_opens_a_round_and_the_parents_of_that_group_are_invited(
    booking_school,
):
    tom = await booking_school.linked("Tom de Groot", "en")  # Sem, groep 4
    saskia = await booking_school.linked("Saskia Mulder", "en")  # Finn, groep 7/8
    karim = await booking_school.linked("Karim Bouzid", kind="staff")
    await switch_to_english(karim)
    await karim.send("/newround")
    kinds = await karim.expect_message(contains="Which talks do you want to open for group 4?")
    await karim.press("Second development talks", message_id=kinds.message_id)
    await karim.expect_message(contains="Type the hours to add")
    await karim.send("2026-11-25 15:00")
    retry = await karim.expect_message(contains="No round was opened")
    assert "I could not read" in retry.text
    await karim.send("2026-11-30 15:00-15:40")
    opened = await karim.expect_message(contains="Opened:")
    assert "Second development talks — group 4" in opened.text  # in Karim's language
    assert "Added 2 talk times." in opened.text

    await booking_school.wait(timedelta(minutes=3))
    invitation = await tom.expect_message(contains="Second development talks, November — group 4")
    await tom.press("Choose a time for Sem", message_id=invitation.message_id)
    days = await tom.expect_message(contains="Choose a day")
    assert next(b.text for row in days.buttons for b in row).startswith("Monday, November 30")
    assert not [m for m in saskia.messages if "development talks" in m.text]


async def test_a_parent_cannot_open_a_round(booking_school):
    tom = await booking_school.linked("Tom de Groot", "en")
    await tom.send("/newround")
    await tom.expect_message(contains="This command is for teachers.")
    answered = len(tom.callback_answers)
    await tom.press_data("1:nrk:development:4")
    answers = await tom.expect_answers(answered + 1)
    assert "no longer valid" in answers[-1]
