"""Offsets and quiet hours on the school's wall clock, right on the days the clocks change."""

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bot.domain.timing import Offset, QuietHours, parse_offset, parse_offsets, parse_quiet_hours

AMS = ZoneInfo("Europe/Amsterdam")


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "offset"),
    [
        ("7d", Offset(days=7)),
        ("2h", Offset(hours=2)),
        (" 1d12h ", Offset(days=1, hours=12)),
        ("30m", Offset(minutes=30)),
        ("1D", Offset(days=1)),
    ],
)
def test_offsets_are_read_as_written(text, offset):
    assert parse_offset(text) == offset
    assert parse_offset(offset.label) == offset


@pytest.mark.parametrize("text", ["", "7", "d", "1w", "-1d", "0d", "1h1d", "7 d"])
def test_unreadable_offsets_are_refused(text):
    with pytest.raises(ValueError, match="offset"):
        parse_offset(text)


def test_offset_lists_are_longest_first_without_repeats():
    assert parse_offsets("1d, 2h,7d,1d") == (Offset(days=7), Offset(days=1), Offset(hours=2))
    assert parse_offsets("") == ()


def test_days_are_counted_on_the_wall_clock_across_the_october_change():
    # Tuesday 27 October 2026 19:10 CET; a week earlier the clocks still showed summer time.
    talk = utc(2026, 10, 27, 18, 10)
    assert Offset(days=7).before(talk, AMS) == utc(2026, 10, 20, 17, 10)  # 19:10 CEST
    assert Offset(days=7).before(talk, AMS).astimezone(AMS).hour == 19


def test_hours_are_counted_on_the_real_clock_across_the_change():
    # 03:00 CET on Sunday 25 October is four real hours after 00:00 CEST.
    assert Offset(hours=4).after(utc(2026, 10, 24, 22, 0), AMS) == utc(2026, 10, 25, 2, 0)
    assert Offset(days=1).after(utc(2026, 10, 24, 22, 0), AMS) == utc(2026, 10, 25, 23, 0)


def test_quiet_hours_over_midnight_end_in_the_morning():
    quiet = parse_quiet_hours("21:00-08:00")
    assert quiet == QuietHours(time(21), time(8))
    assert quiet.until(utc(2026, 9, 7, 18, 59), AMS) is None  # 20:59 CEST
    assert quiet.until(utc(2026, 9, 7, 19, 0), AMS) == utc(2026, 9, 8, 6, 0)  # 21:00 → 08:00
    assert quiet.until(utc(2026, 9, 8, 5, 59), AMS) == utc(2026, 9, 8, 6, 0)
    assert quiet.until(utc(2026, 9, 8, 6, 0), AMS) is None


def test_the_quiet_night_of_the_october_change_ends_at_eight_local_time():
    quiet = parse_quiet_hours("21:00-08:00")
    assert quiet.until(utc(2026, 10, 24, 22, 0), AMS) == utc(2026, 10, 25, 7, 0)  # 08:00 CET
    assert quiet.until(utc(2026, 10, 23, 22, 0), AMS) == utc(2026, 10, 24, 6, 0)  # 08:00 CEST
    assert quiet.until(utc(2026, 3, 29, 0, 30), AMS) == utc(2026, 3, 29, 6, 0)  # spring: CEST


def test_a_daytime_quiet_period_and_switching_quiet_hours_off():
    lunch = parse_quiet_hours("12:00-13:30")
    assert lunch.until(utc(2026, 9, 7, 10, 30), AMS) == utc(2026, 9, 7, 11, 30)
    assert lunch.until(utc(2026, 9, 7, 9, 59), AMS) is None
    assert parse_quiet_hours("") is None
    assert parse_quiet_hours("off") is None


@pytest.mark.parametrize("text", ["21-8", "21:00", "24:00-08:00", "08:00-08:00", "9:5-10:00"])
def test_unreadable_quiet_hours_are_refused(text):
    with pytest.raises(ValueError, match=r"21:00-08:00|same time"):
        parse_quiet_hours(text)
