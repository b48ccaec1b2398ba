"""The days and parts of the day a parent presses: the round's school days, toggled on and
off, kept as JSON between presses and read back whatever was stored."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.domain.time_wishes import (
    MAX_DAYS,
    PARTS_OF_DAY,
    TimeWish,
    only_offered,
    round_days,
    wish_from,
)

TZ = ZoneInfo("Europe/Amsterdam")


def test_the_round_s_days_are_its_school_days_in_the_school_s_zone():
    first = datetime(2026, 12, 4, 23, 30, tzinfo=ZoneInfo("UTC"))  # Saturday 00:30 there
    last = datetime(2026, 12, 9, 16, 0, tzinfo=TZ)
    early = date(2026, 12, 1)
    assert round_days(first, last, TZ, early) == (
        date(2026, 12, 7),
        date(2026, 12, 8),
        date(2026, 12, 9),
    )
    assert round_days(None, last, TZ, early) == ()


def test_days_that_have_passed_are_not_offered():
    first = datetime(2026, 12, 7, 14, tzinfo=TZ)
    last = datetime(2026, 12, 10, 16, tzinfo=TZ)
    assert round_days(first, last, TZ, date(2026, 12, 9)) == (date(2026, 12, 9), date(2026, 12, 10))
    assert round_days(first, last, TZ, date(2026, 12, 11)) == ()


def test_a_long_round_offers_its_first_three_weeks():
    first, last = datetime(2027, 1, 4, 9, tzinfo=TZ), datetime(2027, 3, 1, 9, tzinfo=TZ)
    days = round_days(first, last, TZ, date(2026, 12, 1))
    assert len(days) == MAX_DAYS
    assert days[0] == date(2027, 1, 4)


def test_pressing_again_unpicks_and_parts_stay_in_day_order():
    wish = TimeWish().toggled_part("evening").toggled_part("morning")
    wish = wish.toggled_day(date(2026, 12, 9)).toggled_day(date(2026, 12, 8))
    assert wish.parts == ("morning", "evening")
    assert wish.days == (date(2026, 12, 8), date(2026, 12, 9))
    assert wish.toggled_day(date(2026, 12, 8)).days == (date(2026, 12, 9),)
    assert TimeWish().empty
    assert not wish.empty


def test_a_wish_survives_its_json_and_anything_unreadable_is_left_out():
    wish = TimeWish((date(2026, 12, 8),), ("afternoon",))
    assert wish_from(wish.as_params()) == wish
    odd = {"days": ["2026-12-08", "tomorrow", 3], "parts": ["night", "evening"]}
    assert wish_from(odd) == TimeWish((date(2026, 12, 8),), ("evening",))
    assert wish_from({"days": "2026-12-08"}) == TimeWish()
    assert set(PARTS_OF_DAY) == {"morning", "afternoon", "evening"}


def test_only_offered_days_count():
    wish = TimeWish((date(2026, 12, 8), date(2026, 12, 25)), ("morning",))
    kept = only_offered(wish, [date(2026, 12, 8)])
    assert kept == TimeWish((date(2026, 12, 8),), ("morning",))
