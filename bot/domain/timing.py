"""Offsets ("7d", "2h") and quiet hours ("21:00-08:00"), read from settings, kept pure.

Whole days are counted on the school's wall clock, so "one day before a talk at 19:00" is
19:00 the day before also when the clocks change in between; hours and minutes are counted
on the real clock ("2h before" is always two real hours).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta, tzinfo

_OFFSET = re.compile(r"^(?:(\d{1,3})d)?(?:(\d{1,3})h)?(?:(\d{1,4})m)?$")
_CLOCK = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


@dataclass(frozen=True)
class Offset:
    """A span before or after a moment: whole days on the wall clock, then real hours."""

    days: int = 0
    hours: int = 0
    minutes: int = 0

    @property
    def label(self) -> str:
        """The offset as written in settings, normalized: "7d", "1d12h", "2h", "30m"."""
        parts = [(self.days, "d"), (self.hours, "h"), (self.minutes, "m")]
        return "".join(f"{n}{unit}" for n, unit in parts if n) or "0m"

    @property
    def approximate(self) -> timedelta:
        """The span in real time, ignoring clock changes: for ordering and comparing."""
        return timedelta(days=self.days, hours=self.hours, minutes=self.minutes)

    def before(self, moment: datetime, tz: tzinfo) -> datetime:
        return self._shift(moment, tz, -1)

    def after(self, moment: datetime, tz: tzinfo) -> datetime:
        return self._shift(moment, tz, +1)

    def _shift(self, moment: datetime, tz: tzinfo, sign: int) -> datetime:
        # Aware arithmetic within one zone is wall-clock arithmetic in Python.
        local = moment.astimezone(tz) + sign * timedelta(days=self.days)
        real = local.astimezone(UTC)
        return real + sign * timedelta(hours=self.hours, minutes=self.minutes)


def parse_offset(text: str) -> Offset:
    """One offset such as "7d", "2h", "1d12h" or "30m"; ValueError when unreadable."""
    match = _OFFSET.match(text.strip().lower())
    if not text.strip() or not match:
        raise ValueError(f"{text.strip()!r} is not an offset like 7d, 2h or 30m")
    days, hours, minutes = (int(part or 0) for part in match.groups())
    offset = Offset(days, hours, minutes)
    if offset.approximate <= timedelta(0):
        raise ValueError(f"{text.strip()!r} is not a positive offset")
    return offset


def parse_offsets(text: str) -> tuple[Offset, ...]:
    """A comma-separated list ("7d,1d,2h"), longest first, without repeats; may be empty."""
    found = {parse_offset(part) for part in text.split(",") if part.strip()}
    return tuple(sorted(found, key=lambda offset: offset.approximate, reverse=True))


@dataclass(frozen=True)
class QuietHours:
    """A daily period on the school's wall clock in which no notification is sent."""

    start: time
    end: time

    @property
    def label(self) -> str:
        return f"{self.start:%H:%M}-{self.end:%H:%M}"

    def until(self, moment: datetime, tz: tzinfo) -> datetime | None:
        """The end of the quiet period the moment falls in (UTC), or None when not quiet."""
        local = moment.astimezone(tz)
        now = local.time().replace(tzinfo=None)
        if self.start < self.end:
            quiet = self.start <= now < self.end
        else:  # over midnight, e.g. 21:00-08:00
            quiet = now >= self.start or now < self.end
        if not quiet:
            return None
        day = local.date() if now < self.end else local.date() + timedelta(days=1)
        return datetime.combine(day, self.end, tzinfo=tz).astimezone(UTC)


def parse_quiet_hours(text: str) -> QuietHours | None:
    """ "21:00-08:00" → QuietHours; empty or "off" → None (send at any hour)."""
    value = text.strip().lower()
    if value in ("", "off", "none"):
        return None
    start_text, separator, end_text = value.partition("-")
    start, end = _CLOCK.match(start_text.strip()), _CLOCK.match(end_text.strip())
    if not separator or not start or not end:
        raise ValueError(f"{text.strip()!r} is not a period like 21:00-08:00 (or off)")
    quiet = QuietHours(
        time(int(start.group(1)), int(start.group(2))),
        time(int(end.group(1)), int(end.group(2))),
    )
    if quiet.start == quiet.end:
        raise ValueError(f"{text.strip()!r} starts and ends at the same time")
    return quiet
