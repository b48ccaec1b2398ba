"""A family never has two talks at once, whoever books: a parent, the other parent, a teacher.

The El Amrani family of the example roster has three children in three groups (Noor in 1/2A
with Marloes Dekker, Adam in 4 with Karim Bouzid, Yasmina in 7/8 with Ruben Prins), and both
parents in one household. Thursday evening every one of those teachers starts at 18:30, each
in their own room, so one family could end up in three rooms at once.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from itertools import pairwise

from bot.domain.clock import from_db
from bot.storage.database import Database
from tests.e2e.test_booking import open_chains
from tests.e2e.test_teacher import open_unbooked, switch_to_english

GAP = timedelta(minutes=5)  # SIBLING_GAP_MINUTES's default: different teachers, other rooms


def offers_action(action: str):
    """A message whose buttons do `action` — whatever language their labels are in."""

    def check(message) -> bool:
        return any(
            (b.callback_data or "").startswith(f"1:{action}:")
            for row in message.buttons
            for b in row
        )

    return check


def has_arabic(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in text)


async def family_talks(school) -> list[tuple[datetime, datetime, str, str]]:
    """(start, end, child, teacher) of the El Amrani children's active talks, by start."""
    sql = """
        SELECT s.starts_at, s.ends_at, p.first_name, st.name FROM bookings b
        JOIN slots s ON s.id = b.slot_id JOIN staff st ON st.id = s.staff_id
        JOIN pupils p ON p.id = b.pupil_id
        WHERE b.status = 'active' AND p.last_name = 'El Amrani' ORDER BY s.starts_at
    """
    db = await Database.open(school.settings.database_path)
    try:
        async with db.read() as conn, conn.execute(sql) as cursor:
            rows = [tuple(row) async for row in cursor]
    finally:
        await db.close()
    return [(from_db(start), from_db(end), child, teacher) for start, end, child, teacher in rows]


async def assert_never_at_once(school, children: int = 3) -> None:
    talks = await family_talks(school)
    assert len(talks) == children, talks
    for earlier, later in pairwise(talks):
        assert later[0] >= earlier[1] + GAP, (earlier, later)  # all with different teachers


async def change_the_time(parent, child: str, day: str) -> list[str]:
    """An English-speaking parent opens the change of `child`'s talk on `day`: the labels."""
    label = f"{child}: change or cancel"
    await parent.send("/talks")
    invitation = await parent.expect_message(
        predicate=lambda m: any(b.text == label for row in m.buttons for b in row)
    )
    await parent.press(label, message_id=invitation.message_id)
    await parent.expect_message(contains=f"The talk about {child}")
    await parent.press("Change the time")
    await parent.expect_message(contains="Choose a day")
    await parent.press(day)
    times = await parent.expect_message(contains="Choose a time on")
    return [b.text for row in times.buttons for b in row if " · " in b.text]


async def arabic_times_of_noor_on_thursday(youssef):
    """Youssef, in Arabic, opens the change of Noor's talk and then Thursday's times."""
    await youssef.send("/talks")
    await youssef.expect_message(predicate=offers_action("show"))
    await youssef.press("Noor")
    await youssef.expect_message(predicate=offers_action("rs"))
    await youssef.press(index=0)  # change the time
    await youssef.expect_message(predicate=offers_action("day"))
    await youssef.press(index=1)  # Noor's days: Tuesday 8, Thursday 10 December
    return await youssef.expect_message(predicate=offers_action("book"))


async def test_the_family_of_three_never_has_two_talks_at_once(booking_school):
    fatima, _ = await open_chains(booking_school)
    await fatima.press(index=0)  # the best back-to-back times for all three
    for _ in range(3):
        await fatima.expect_message(contains="Your talk is booked")
    await assert_never_at_once(booking_school)

    # Youssef, the other parent, has Thursday's times for Noor open while Fatima moves Adam.
    youssef = await booking_school.linked("Youssef El Amrani", "ar")
    stale = await arabic_times_of_noor_on_thursday(youssef)
    adam_times = await change_the_time(fatima, "Adam", "Thursday")
    assert adam_times[0].endswith("Karim Bouzid")
    await fatima.press(adam_times[0])  # Thursday 18:30 with Karim Bouzid
    await fatima.expect_message(contains="Your talk is booked")

    # Youssef's screen is stale: 18:30 with Marloes Dekker is refused, in Arabic, with why
    # and the nearest times that fit as buttons.
    answered = len(youssef.callback_answers)
    await youssef.press(index=0, message_id=stale.message_id)
    refusal = await youssef.expect_message(
        predicate=lambda m: "Karim Bouzid" in (m.text or "") and offers_action("book")(m)
    )
    assert "Adam" in refusal.text
    assert has_arabic(refusal.text)
    (answer,) = (await youssef.expect_answers(answered + 1))[answered:]
    assert "Adam" in answer
    assert has_arabic(answer)
    await assert_never_at_once(booking_school)

    # Fatima moves Yasmina: Thursday 18:30 is not even offered, 18:50 is.
    yasmina_times = await change_the_time(fatima, "Yasmina", "Thursday")
    assert not any(label.startswith("6:30") for label in yasmina_times), yasmina_times
    assert yasmina_times[0].startswith("6:50")
    assert yasmina_times[0].endswith("Ruben Prins")
    await fatima.press(yasmina_times[0])
    await fatima.expect_message(contains="Your talk is booked")

    # The nearest time Youssef was offered (18:50) is now too close to Yasmina's talk.
    await youssef.press(index=0, message_id=refusal.message_id)
    second = await youssef.expect_message(
        predicate=lambda m: "Ruben Prins" in (m.text or "") and offers_action("book")(m)
    )
    assert "Yasmina" in second.text
    await youssef.press(index=0, message_id=second.message_id)  # now 19:10 fits
    await youssef.expect_message(predicate=lambda m: m.document is not None)
    await assert_never_at_once(booking_school)
    talks = await family_talks(booking_school)
    assert [(child, teacher) for _, _, child, teacher in talks] == [
        ("Adam", "Karim Bouzid"),
        ("Yasmina", "Ruben Prins"),
        ("Noor", "Marloes Dekker"),
    ]


async def test_a_teacher_booking_on_behalf_cannot_double_book_the_family(booking_school):
    marloes = await booking_school.linked("Marloes Dekker", kind="staff")
    await switch_to_english(marloes)
    unbooked = await open_unbooked(marloes)
    await marloes.press("Book for Noor El Amrani", message_id=unbooked.message_id)
    await marloes.expect_message(contains="Choose a day")
    await marloes.press("Thursday")
    stale = await marloes.expect_message(contains="Choose a time on")
    assert stale.buttons[0][0].text.startswith("6:30")

    # Meanwhile Fatima books Adam's talk on Thursday at 18:30, with Karim Bouzid.
    fatima = await booking_school.linked("Fatima El Amrani", "ar")
    await switch_to_english(fatima)
    await fatima.send("/talks")
    invitation = await fatima.expect_message(contains="Progress talks, December")
    await fatima.press("Choose a time for Adam", message_id=invitation.message_id)
    await fatima.expect_message(contains="Choose a day")
    await fatima.press("Thursday")
    times = await fatima.expect_message(contains="Choose a time on")
    assert times.buttons[0][0].text.startswith("6:30")
    await fatima.press(times.buttons[0][0].text, message_id=times.message_id)
    await fatima.expect_message(contains="Your talk is booked")

    answered = len(marloes.callback_answers)
    await marloes.press(index=0, message_id=stale.message_id)
    refusal = await marloes.expect_message(contains="Adam already has a talk then")
    assert "Karim Bouzid" in refusal.text
    (answer,) = (await marloes.expect_answers(answered + 1))[answered:]
    assert "Adam already has a talk then" in answer
    nearest = refusal.buttons[0][0].text
    assert nearest.startswith("6:50"), nearest
    await marloes.press(nearest, message_id=refusal.message_id)
    done = await marloes.expect_message(contains="Booked on behalf of the parents")
    assert "6:50" in done.text
    talks = await family_talks(booking_school)
    assert [(child, teacher) for _, _, child, teacher in talks] == [
        ("Adam", "Karim Bouzid"),
        ("Noor", "Marloes Dekker"),
    ]
    assert talks[1][0] >= talks[0][1] + GAP


async def test_stale_back_to_back_times_are_refused_with_fresh_ones(booking_school):
    fatima, chains = await open_chains(booking_school)
    assert chains.buttons[0][0].text.startswith("Tuesday, December 8: 2:30\u202fPM Noor")
    # Meanwhile Youssef books Adam's talk on Tuesday at 14:30, when the first chain has Noor's.
    youssef = await booking_school.linked("Youssef El Amrani", "ar")
    await youssef.send("/talks")
    await youssef.expect_message(predicate=offers_action("pick"))
    await youssef.press("Adam")
    await youssef.expect_message(predicate=offers_action("day"))
    await youssef.press(index=0)  # Tuesday
    times = await youssef.expect_message(predicate=offers_action("book"))
    await youssef.press(index=0, message_id=times.message_id)  # 14:30 with Karim Bouzid
    await youssef.expect_message(predicate=lambda m: m.document is not None)

    answered = len(fatima.callback_answers)
    await fatima.press(index=0, message_id=chains.message_id)
    (answer,) = (await fatima.expect_answers(answered + 1))[answered:]
    assert answer.startswith("Adam already has a talk then: Tuesday, December 8, 2:30")
    fresh = await fatima.expect_message(contains="Choose back-to-back times")
    assert fresh.message_id == chains.message_id
    labels = [b.text for row in fresh.buttons for b in row]
    assert "Choose a time for Adam" not in labels  # Adam has his talk now
    assert all("Adam" not in label for label in labels)
    await fatima.press(index=0, message_id=fresh.message_id)
    for _ in range(2):
        await fatima.expect_message(contains="Your talk is booked")
    await assert_never_at_once(booking_school)
