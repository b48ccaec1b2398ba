"""A parent books, moves and cancels at night: in the morning the other parent and the
teacher hear only what is still true, once."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from tests.e2e.test_booking import choose_first_time
from tests.e2e.test_teacher import switch_to_english

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
NIGHT = datetime(2026, 11, 23, 22, 0, tzinfo=AMSTERDAM)
MORNING = datetime(2026, 11, 24, 8, 0, tzinfo=AMSTERDAM)


async def until(school, moment: datetime) -> None:
    await school.wait(moment - school.clock.now())


async def zoe_s_family(school):
    """Sanne and Marloes (English, settled), and Mark, who will book."""
    sanne = await school.linked("Sanne de Vries")
    marloes = await school.linked("Marloes Dekker", kind="staff")
    for person in (sanne, marloes):
        await switch_to_english(person)
    mark = await school.linked("Mark Jansen", "en")
    await school.wait(timedelta(minutes=3))
    return sanne, marloes, mark


async def book(mark) -> str:
    """Mark books Zoë's first free time; returns its clock time."""
    first = await choose_first_time(mark, "Zoë")
    await mark.press(first)
    await mark.expect_message(contains="Your talk is booked")
    await mark.expect_message(predicate=lambda m: m.document is not None)
    return first.split(" · ")[0]


async def move(mark, away_from: str) -> str:
    await mark.press("Change the time")
    await mark.expect_message(contains="Choose a day")
    await mark.press(index=0)
    times = await mark.expect_message(contains="Choose a time on")
    labels = [b.text for row in times.buttons for b in row if " · " in b.text]
    second = next(label for label in labels if not label.startswith(away_from))
    await mark.press(second)
    await mark.expect_message(contains="Your talk is booked")
    await mark.expect_message(predicate=lambda m: m.document is not None)
    return second.split(" · ")[0]


async def cancel(mark) -> None:
    await mark.press("Cancel the talk")
    await mark.expect_message(contains="Do you want to cancel")
    await mark.press("Yes, cancel the talk")
    await mark.expect_message(contains="The talk is cancelled")


def news(person, since: int) -> list[str]:
    return [m.text for m in person.messages[since:] if m.text and "Zoë" in m.text]


async def test_booked_moved_and_cancelled_at_night_is_no_news_at_all(booking_school):
    sanne, marloes, mark = await zoe_s_family(booking_school)
    seen = len(sanne.messages), len(marloes.messages)
    await until(booking_school, NIGHT)
    first = await book(mark)
    await move(mark, away_from=first)
    await cancel(mark)
    await until(booking_school, MORNING)
    await booking_school.wait(timedelta(minutes=5))
    assert news(sanne, seen[0]) == []
    assert news(marloes, seen[1]) == []


async def test_booked_and_moved_at_night_is_one_booking_at_the_new_time(booking_school):
    sanne, marloes, mark = await zoe_s_family(booking_school)
    seen = len(sanne.messages), len(marloes.messages)
    await until(booking_school, NIGHT)
    first = await book(mark)
    second = await move(mark, away_from=first)
    await until(booking_school, MORNING)
    [parent] = news(sanne, seen[0])
    assert "Mark Jansen booked the talk about Zoë" in parent
    assert second in parent
    assert first not in parent
    [teacher] = news(marloes, seen[1])
    assert teacher.startswith("New talk: Zoë de Vries (1/2A)")
    assert second in teacher
    assert first not in teacher


async def test_a_known_talk_moved_then_cancelled_at_night_is_one_cancellation(booking_school):
    sanne, marloes, mark = await zoe_s_family(booking_school)
    seen = len(sanne.messages), len(marloes.messages)
    first = await book(mark)
    await booking_school.wait(timedelta(0))
    assert len(news(sanne, seen[0])) == 1
    assert len(news(marloes, seen[1])) == 1
    seen = len(sanne.messages), len(marloes.messages)
    await until(booking_school, NIGHT)
    await move(mark, away_from=first)
    await cancel(mark)
    await until(booking_school, MORNING)
    [parent] = news(sanne, seen[0])
    assert "was cancelled" in parent
    assert first in parent
    [teacher] = news(marloes, seen[1])
    assert teacher.startswith("Cancelled: the talk about Zoë de Vries (1/2A)")
    assert first in teacher


async def test_a_known_talk_moved_at_night_is_one_move_with_both_times(booking_school):
    sanne, marloes, mark = await zoe_s_family(booking_school)
    first = await book(mark)
    await booking_school.wait(timedelta(0))
    seen = len(sanne.messages), len(marloes.messages)
    await until(booking_school, NIGHT)
    second = await move(mark, away_from=first)
    await until(booking_school, MORNING)
    [parent] = news(sanne, seen[0])
    assert parent.startswith("Mark Jansen moved the talk about Zoë from ")
    assert parent.index(first) < parent.index(second)  # told as a move: from the old time
    [teacher] = news(marloes, seen[1])
    assert teacher.startswith("Moved: the talk about Zoë de Vries (1/2A)")
    assert teacher.index(first) < teacher.index(second)
