"""/overview: the school's leadership sees how far every group has come."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.i18n import load_catalog
from tests.e2e.test_agreements import record_one_agreement, until
from tests.e2e.test_questions import book_and_open_questions, skip_rest_and_send
from tests.e2e.test_teacher import switch_to_english

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
EN, NL = load_catalog("en"), load_catalog("nl")


async def test_a_director_sees_what_was_done_and_who_is_not_reached(booking_school):
    sanne = await booking_school.linked("Sanne de Vries", "nl")
    mark = await booking_school.linked("Mark Jansen", "en")
    marloes = await booking_school.linked("Marloes Dekker", kind="staff")
    await switch_to_english(marloes)
    shown = await book_and_open_questions(mark, "Zoë", EN)  # Zoë, with Marloes
    await skip_rest_and_send(mark, shown, 0)
    await until(booking_school, datetime(2026, 12, 8, 14, 50, tzinfo=AMSTERDAM))
    await record_one_agreement(booking_school, marloes)
    await booking_school.wait(timedelta(0))
    agreements = await sanne.expect_message(contains=NL.gettext("Your child will:"))
    await sanne.press(NL.gettext("Understood"), message_id=agreements.message_id)

    hans = await booking_school.linked("Hans de Wit", kind="staff")
    await switch_to_english(hans)
    await hans.send("/overview")
    shown = await hans.expect_message(contains="Progress talks, December — group 1/2A")
    toddlers = shown.text.split("\n\n")[0]
    for line in (
        "Children in the group: 7",
        "Families connected: 1 of 7",
        "Booked a talk: 1 of 7",
        "Answered the questions: 1 of 7",
        "Received the agreements: 1 of 7",
        "Confirmed the agreements: 1 of 1",
        "Not reached yet:",
        "• Fatima El Amrani (parent of Noor El Amrani): not connected yet, 06-11110001",
    ):
        assert line in toddlers
    assert "Sanne de Vries" not in toddlers
    assert "Mark Jansen" not in toddlers
    assert "Progress talks, December — group 4" in shown.text  # the director sees all groups
    assert "Progress talks, December — group 7/8" in shown.text


async def test_teachers_and_parents_are_told_politely_it_is_not_for_them(booking_school):
    marloes = await booking_school.linked("Marloes Dekker", kind="staff")
    sanne = await booking_school.linked("Sanne de Vries", "nl")
    refusal = "Sorry, this overview is for the school's director and internal counsellors."
    for person in (marloes, sanne):
        await person.send("/overview")
        shown = await person.expect_message(contains=NL.gettext(refusal))
        assert "Families connected" not in shown.text
