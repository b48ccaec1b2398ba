"""Calendars follow a talk: one entry (one UID) from booking through moves to cancellation,
each file a higher SEQUENCE, and a METHOD:CANCEL file when it is off — for everyone who was
given the talk's file. Every file is read back with `icalendar`, as a phone would.

Zoë (groep 1/2A, Marloes Dekker) has two parents in two households: Mark books, Sanne is
told. Lina (groep 4) has one parent, Rania; Karim Bouzid books for her on her behalf.
"""

from __future__ import annotations

from datetime import timedelta

from icalendar import Calendar

from tests.e2e.test_teacher import open_unbooked, switch_to_english


def has_file(message) -> bool:
    return message.document is not None


def entry(message) -> tuple[str, str, int, str]:
    """(METHOD, UID, SEQUENCE, STATUS) of the one event in a message's `.ics` file."""
    assert message.document.file_name.endswith(".ics")
    calendar = Calendar.from_ical(message.document.data)
    [event] = calendar.walk("VEVENT")
    status = str(event.get("STATUS", ""))
    return str(calendar["METHOD"]), str(event["UID"]), int(event["SEQUENCE"]), status


def times_of(message, teacher: str = "") -> list[str]:
    """The time buttons of a "Choose a time" message (of one teacher, if named)."""
    labels = [b.text for row in message.buttons for b in row if " · " in b.text]
    return [label for label in labels if label.endswith(teacher)]


async def choose_time(person, not_at: str = "", teacher: str = "") -> str:
    """From a day list just shown: the first day, then its first time (of `teacher`) not
    starting with `not_at`. Returns the clock time chosen."""
    await person.expect_message(contains="Choose a day")
    await person.press(index=0)
    times = await person.expect_message(contains="Choose a time on")
    label = next(t for t in times_of(times, teacher) if not not_at or not t.startswith(not_at))
    await person.press(label)
    return label.split(" · ")[0]


async def test_a_talk_keeps_one_calendar_entry_through_a_move_and_its_cancellation(
    booking_school,
):
    sanne = await booking_school.linked("Sanne de Vries")
    marloes = await booking_school.linked("Marloes Dekker", kind="staff")
    for person in (sanne, marloes):
        await switch_to_english(person)
    mark = await booking_school.linked("Mark Jansen", "en")
    await booking_school.wait(timedelta(minutes=3))

    await mark.send("/talks")
    await mark.expect_message(contains="Progress talks, December")
    await mark.press("Choose a time for Zoë")
    first = await choose_time(mark)
    await mark.expect_message(contains="Your talk is booked")
    method, uid, sequence, _ = entry(await mark.expect_message(predicate=has_file))
    assert (method, sequence) == ("PUBLISH", 0)
    await booking_school.wait(timedelta(0))
    await sanne.expect_message(contains="Mark Jansen booked the talk about Zoë")
    assert entry(await sanne.expect_message(predicate=has_file)) == ("PUBLISH", uid, 0, "")
    await marloes.expect_message(contains="New talk: Zoë de Vries (1/2A)")

    await mark.press("Change the time")
    second = await choose_time(mark, not_at=first)
    await mark.expect_message(contains="Your talk is booked")
    assert entry(await mark.expect_message(predicate=has_file)) == ("PUBLISH", uid, 1, "")
    await booking_school.wait(timedelta(0))
    moved = await sanne.expect_message(contains="moved the talk about Zoë")
    assert moved.text.startswith("Mark Jansen moved the talk about Zoë from ")
    assert moved.text.index(first) < moved.text.index(second)
    assert "booked the talk" not in moved.text  # not a second booking beside the first
    assert entry(await sanne.expect_message(predicate=has_file)) == ("PUBLISH", uid, 1, "")
    teacher_moved = await marloes.expect_message(contains="Moved: the talk about Zoë")
    assert teacher_moved.text.index(first) < teacher_moved.text.index(second)

    await mark.press("Cancel the talk")
    await mark.expect_message(contains="Do you want to cancel")
    await mark.press("Yes, cancel the talk")
    await mark.expect_message(contains="The talk is cancelled")
    cancelled = ("CANCEL", uid, 2, "CANCELLED")
    assert entry(await mark.expect_message(predicate=has_file)) == cancelled
    await booking_school.wait(timedelta(0))
    told = await sanne.expect_message(contains="was cancelled")
    assert second in told.text
    assert entry(await sanne.expect_message(predicate=has_file)) == cancelled
    await marloes.expect_message(contains="Cancelled: the talk about Zoë de Vries (1/2A)")
    # Marloes was never given the talk's file, so none was sent to change it.
    assert not [m for m in marloes.messages if m.document is not None]


async def test_the_teacher_who_booked_on_behalf_has_the_entry_updated_and_removed(
    booking_school,
):
    karim = await booking_school.linked("Karim Bouzid", kind="staff")
    rania = await booking_school.linked("Rania Haddad", "ar")
    for person in (karim, rania):
        await switch_to_english(person)
    await booking_school.wait(timedelta(minutes=3))

    unbooked = await open_unbooked(karim)
    await karim.press("Book for Lina Haddad", message_id=unbooked.message_id)
    first = await choose_time(karim, teacher="Karim Bouzid")
    await karim.expect_message(contains="Booked on behalf of the parents")
    method, uid, sequence, _ = entry(await karim.expect_message(predicate=has_file))
    assert (method, sequence) == ("PUBLISH", 0)
    await booking_school.wait(timedelta(0))
    await rania.expect_message(contains="Karim Bouzid booked the talk about Lina")
    assert entry(await rania.expect_message(predicate=has_file)) == ("PUBLISH", uid, 0, "")

    await rania.press("Change the time")
    second = await choose_time(rania, not_at=first, teacher="Karim Bouzid")
    await rania.expect_message(contains="Your talk is booked")
    await booking_school.wait(timedelta(0))
    moved = await karim.expect_message(contains="Moved: the talk about Lina Haddad (4)")
    assert moved.text.index(first) < moved.text.index(second)
    assert entry(await karim.expect_message(predicate=has_file)) == ("PUBLISH", uid, 1, "")

    await rania.press("Cancel the talk")
    await rania.expect_message(contains="Do you want to cancel")
    await rania.press("Yes, cancel the talk")
    await rania.expect_message(contains="The talk is cancelled")
    await booking_school.wait(timedelta(0))
    await karim.expect_message(contains="Cancelled: the talk about Lina Haddad (4)")
    cancelled = ("CANCEL", uid, 2, "CANCELLED")
    assert entry(await karim.expect_message(predicate=has_file)) == cancelled
