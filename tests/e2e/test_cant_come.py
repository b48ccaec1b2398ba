"""The "I can't come" button under a reminder, and /contact, as parents and teachers use them.

The December round of the example school: booking is open on Monday 23 November and
closes on Friday 4 December; Tom books Sem's first free time, Karim Bouzid's Tuesday
8 December at 14:30 (13:30 UTC). The week-before details come while booking is still open
(another time can be chosen); the day-before reminder after it closed (only a call).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.config import Settings
from bot.i18n import Translations
from bot.telegram.context import DEPS_KEY
from scheduling.clock import SCHEDULER_KEY
from tests.e2e.test_booking import choose_first_time

SCHOOL_PHONE, SCHOOL_EMAIL = "020 123 4567", "info@regenboog.example.nl"
DUTCH = Translations("nl").for_language("nl")  # Karim reads Dutch


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The example school, with the school's phone and e-mail set."""
    return settings.model_copy(update={"school_phone": SCHOOL_PHONE, "school_email": SCHOOL_EMAIL})


async def _at(school, *moment: int) -> None:
    """Move the clock and run what fell due (plan and deliver)."""
    school.clock.set(datetime(*moment, tzinfo=UTC))
    await school.app.bot_data[SCHEDULER_KEY].tick()


async def _statuses(school) -> list[str]:
    db = school.app.bot_data[DEPS_KEY].db
    async with db.read() as conn, conn.execute("SELECT status FROM bookings ORDER BY id") as rows:
        return [row["status"] async for row in rows]


async def _tom_books_sem(school):
    tom = await school.linked("Tom de Groot", "en")
    karim = await school.linked("Karim Bouzid", kind="staff")
    first = await choose_first_time(tom, "Sem")
    assert "Karim Bouzid" in first
    await tom.press(first)
    await tom.expect_message(contains="Your talk is booked")
    await tom.expect_message(predicate=lambda m: m.document is not None)
    return tom, karim, first


async def test_ill_the_teacher_is_told_and_the_parent_chooses_a_new_time(booking_school):
    s = booking_school
    tom, karim, first = await _tom_books_sem(s)

    await _at(s, 2026, 12, 1, 13, 30)  # a week before: the details, booking still open
    details = await tom.expect_message(contains="Reminder: your talk about Sem")
    await tom.press("I can't come", message_id=details.message_id)
    await tom.expect_message(contains="What is the reason?")
    await tom.press("I am ill")
    ways = await tom.expect_message(contains="Would you like to choose another time")
    assert [b.text for row in ways.buttons for b in row] == [
        "Choose another time",
        "Ask Karim Bouzid to call me",
    ]
    await tom.press("Choose another time")
    days = await tom.expect_message(contains="Choose a day")
    assert days.message_id == ways.message_id
    answers = await tom.expect_answers(3)
    assert answers[-1] == "Karim Bouzid has been told. Choose a new time below."

    # Karim is told at once, in Dutch: who, about whom, when, why and what they will do.
    told = await karim.expect_message(contains=DUTCH.gettext("They will choose another time."))
    assert "Tom de Groot" in told.text
    assert "Sem de Groot (4)" in told.text
    assert "8 december" in told.text
    assert DUTCH.gettext("ill") in told.text
    assert told.buttons == []

    # Nothing was freed yet; choosing the new time moves the talk and frees the old one.
    assert await _statuses(s) == ["active"]
    await tom.press(index=0)
    times = await tom.expect_message(contains="Choose a time on")
    labels = [b.text for row in times.buttons for b in row if ":" in b.text]
    second = next(label for label in labels if label != first)
    await tom.press(second)
    moved = await tom.expect_message(contains="Your talk is booked")
    assert second.split(" · ")[0] in moved.text
    assert await _statuses(s) == ["cancelled", "active"]


async def test_a_call_keeps_the_talk_until_the_parent_cancels_it(booking_school):
    s = booking_school
    tom, karim, _ = await _tom_books_sem(s)
    jolanda = await s.linked("Jolanda Smit")

    # The day before, after booking closed (a booked talk still moves until the cut-off):
    # Tom asks the teacher to call instead.
    await _at(s, 2026, 12, 7, 12, 30)
    reminder = await tom.expect_message(contains="Tomorrow at")
    booking_id = next(
        b.callback_data.split(":")[-1]
        for row in reminder.buttons
        for b in row
        if b.text == "I can't come"
    )
    await tom.press("I can't come", message_id=reminder.message_id)
    await tom.expect_message(contains="What is the reason?")

    # Another family's forged press changes nothing.
    pressed = len(jolanda.callback_answers)
    await jolanda.press_data(f"1:ccr:{booking_id}:work")
    await jolanda.press_data(f"1:ccw:{booking_id}:call")
    forged = await jolanda.expect_answers(pressed + 2)
    stale = DUTCH.gettext(
        "This button is no longer valid. Send /talks to see your talks as they are now."
    )
    assert forged[pressed:] == [stale, stale]

    await tom.press("I have to work")
    ways = await tom.expect_message(contains="Would you like to choose another time")
    await tom.press("Ask Karim Bouzid to call me", message_id=ways.message_id)
    called = await tom.expect_message(contains="Karim Bouzid has been told and will call you.")
    assert "Your talk stays booked" in called.text
    assert f"Contact: the school: {SCHOOL_PHONE}, {SCHOOL_EMAIL}" in called.text

    told = await karim.expect_message(contains=DUTCH.gettext("They ask you to call them."))
    assert "Tom de Groot" in told.text
    assert DUTCH.gettext("work") in told.text
    assert "06-11110016" in told.text  # Tom's phone from the roster
    assert [b.callback_data for row in told.buttons for b in row] == [
        f"1:rs:{booking_id}",
        f"1:cx:{booking_id}",
    ]
    assert "work" not in (await _notes_of_jolanda(s))
    assert await _statuses(s) == ["active"]

    # Only when Tom also cancels is the time freed.
    await tom.press("Cancel the talk", message_id=called.message_id)
    await tom.expect_message(contains="Do you want to cancel")
    await tom.press("Yes, cancel the talk")
    await tom.expect_message(contains="The talk is cancelled")
    assert await _statuses(s) == ["cancelled"]

    # An old "I can't come" answers with the talk as it is now.
    answered = len(tom.callback_answers)
    await tom.press("I can't come", message_id=reminder.message_id)
    answers = await tom.expect_answers(answered + 1)
    assert answers[-1] == "This talk was cancelled. Send /talks to choose a new time."


async def _notes_of_jolanda(school) -> str:
    """Every reason stored for Jolanda: her forged presses must have stored none."""
    db = school.app.bot_data[DEPS_KEY].db
    sql = (
        "SELECT group_concat(c.reason) FROM cant_come c JOIN guardians g ON g.id = c.guardian_id"
        " WHERE g.name = 'Jolanda Smit'"
    )
    async with db.read() as conn, conn.execute(sql) as rows:
        row = await rows.fetchone()
    return str(row[0] or "")


async def test_contact_shows_the_school_and_the_children_s_teachers(booking_school):
    s = booking_school
    db = s.app.bot_data[DEPS_KEY].db
    async with db.transaction() as conn:
        await conn.execute("UPDATE staff SET phone = '06-22 33 44 55' WHERE name = 'Karim Bouzid'")
    tom = await s.linked("Tom de Groot", "en")
    await tom.send("/contact")
    shown = await tom.expect_message(contains="Basisschool De Regenboog")
    assert f"Phone: {SCHOOL_PHONE}" in shown.text
    assert f"E-mail: {SCHOOL_EMAIL}" in shown.text
    assert "Karim Bouzid (teacher of Sem): 06-22 33 44 55" in shown.text
    assert "Ellen Vos (teacher of Sem)" in shown.text
    assert "Marloes Dekker" not in shown.text  # not a teacher of Tom's child

    # A teacher sees the school's details, and no parent's.
    karim = await s.linked("Karim Bouzid", kind="staff")
    await karim.send("/contact")
    theirs = await karim.expect_message(contains=SCHOOL_PHONE)
    assert "Teachers" not in theirs.text
