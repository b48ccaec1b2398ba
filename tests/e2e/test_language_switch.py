"""A parent who switches language mid-round gets the next reminder in the new language."""

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.i18n import load_catalog

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
CANNOT_COME = "Can't make it? Choose another time or cancel below."


async def test_from_dutch_to_ukrainian_between_two_reminders(booking_school):
    sanne = await booking_school.linked("Sanne de Vries", "nl")
    nl, uk = load_catalog("nl"), load_catalog("uk")
    await sanne.send("/talks")
    invitation = await sanne.expect_message(contains="Voortgangsgesprekken december")
    await sanne.press(index=0, message_id=invitation.message_id)
    await sanne.expect_message(contains=nl.gettext("Choose a day for the talk about {child}:")[:10])
    await sanne.press(index=0)
    times = await sanne.expect_message(predicate=lambda m: "1:book" in str(m.buttons))
    await sanne.press(index=0, message_id=times.message_id)
    await sanne.expect_message(contains=nl.gettext("Your talk is booked."))

    week_before = datetime(2026, 12, 1, 14, 31, tzinfo=AMSTERDAM)  # the talk: 8 Dec 14:30
    await booking_school.wait(week_before - booking_school.clock.now())
    details = await sanne.expect_message(contains=nl.gettext(CANNOT_COME))
    assert "8 december" in details.text

    await sanne.send("/language")
    picker = await sanne.expect_message(predicate=lambda m: "Українська" in str(m.buttons))
    await sanne.press("Українська", message_id=picker.message_id)
    confirmed = uk.gettext(
        "From now on I will write to you in this language. You can change it any time with"
        " /language."
    )
    await sanne.expect_message(contains=confirmed[:20])

    day_before = datetime(2026, 12, 7, 13, 31, tzinfo=AMSTERDAM)  # an hour before the cut-off
    await booking_school.wait(day_before - booking_school.clock.now())
    reminder = await sanne.expect_message(contains=uk.gettext(CANNOT_COME))
    assert uk.gettext("Cancel the talk") in str(reminder.buttons)
