"""Parents book, move and cancel talks by pressing buttons, as on their phone."""

from icalendar import Calendar


async def test_invite_book_and_receive_the_calendar_file(booking_school):
    tom = await booking_school.linked("Tom de Groot", "en")
    await tom.send("/talks")
    invitation = await tom.expect_message(contains="Voortgangsgesprekken december")
    assert "Sem" in invitation.text
    await tom.press("Choose a time for Sem")
    days = await tom.expect_message(contains="Choose a day")
    await tom.press(index=0)
    times = await tom.expect_message(contains="Choose a time on")
    first_time = times.buttons[0][0].text
    await tom.press(first_time)
    booked = await tom.expect_message(contains="Your talk is booked")
    assert booked.message_id == days.message_id  # the picker became the confirmation
    assert first_time.split(" · ")[1] in booked.text  # the teacher
    ics = await tom.expect_message(predicate=lambda m: m.document is not None)
    event = next(iter(Calendar.from_ical(ics.document.data).walk("VEVENT")))
    assert event["DTSTART"].params["TZID"] == "Europe/Amsterdam"
    assert first_time.startswith(event["DTSTART"].dt.strftime("%-I:%M\u202f%p"))
