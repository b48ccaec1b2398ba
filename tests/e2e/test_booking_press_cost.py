"""A booking press costs one write transaction and at most one read (who pressed, in which
language): the service hands back each talk with its round and child from its own
transaction, so the replies and calendar files are rendered without reading again."""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable
from types import CodeType, FrameType
from typing import Any

from bot.telegram import booking, siblings
from bot.telegram.context import DEPS_KEY
from tests.e2e.test_booking import choose_first_time, open_chains

PRESSES = {booking.book_time.__code__, siblings.book_chain.__code__}
CHOOSING = {booking.pick_day.__code__, booking.pick_time.__code__}


def _in_handler(frame: FrameType | None, handlers: set[CodeType]) -> bool:
    """Whether one of the handlers is on the (coroutine) call stack."""
    while frame is not None:
        if frame.f_code in handlers:
            return True
        frame = frame.f_back
    return False


def count_units(db: Any, counts: Counter[str], handlers: set[CodeType] = PRESSES) -> None:
    """Wrap the database's `transaction` and `read` to count the units the handlers open
    (delivery and planning share the database; their units are not the press's)."""

    def spy(kind: str, opened: Callable[..., Any]) -> Callable[..., Any]:
        def counted(*args: Any, **kwargs: Any) -> Any:
            if _in_handler(sys._getframe(1), handlers):
                counts[kind] += 1
            return opened(*args, **kwargs)

        return counted

    db.transaction = spy("write", db.transaction)
    db.read = spy("read", db.read)
    db.read_statement = spy("statement", db.read_statement)


async def test_a_booking_press_is_one_write_and_at_most_one_read(booking_school):
    counts: Counter[str] = Counter()
    count_units(booking_school.app.bot_data[DEPS_KEY].db, counts)
    tom = await booking_school.linked("Tom de Groot", "en")
    first = await choose_first_time(tom, "Sem")
    assert not counts  # nothing was booked yet
    await tom.press(first)
    await tom.expect_message(contains="Your talk is booked")
    await tom.expect_message(predicate=lambda m: m.document is not None)
    assert counts["write"] == 1, counts
    assert counts["read"] + counts["statement"] <= 1, counts


async def test_booking_brothers_and_sisters_back_to_back_is_one_write_and_one_read(
    booking_school,
):
    counts: Counter[str] = Counter()
    count_units(booking_school.app.bot_data[DEPS_KEY].db, counts)
    fatima, _ = await open_chains(booking_school)
    assert not counts
    await fatima.press(index=0)
    for _ in range(3):
        await fatima.expect_message(contains="Your talk is booked")
    assert counts["write"] == 1, counts
    # not one more for each child's confirmation
    assert counts["read"] + counts["statement"] <= 1, counts


async def test_showing_the_days_or_the_times_reads_twice(booking_school):
    """Who pressed (one statement), then the free times with their round and child (one
    snapshot)."""
    counts: Counter[str] = Counter()
    count_units(booking_school.app.bot_data[DEPS_KEY].db, counts, CHOOSING)
    tom = await booking_school.linked("Tom de Groot", "en")
    await tom.send("/talks")
    await tom.expect_message(contains="Progress talks, December")
    await tom.press("Choose a time for Sem")
    await tom.expect_message(contains="Choose a day")
    assert counts == {"statement": 1, "read": 1}, counts
    counts.clear()
    await tom.press(index=0)
    await tom.expect_message(contains="Choose a time on")
    assert counts == {"statement": 1, "read": 1}, counts
