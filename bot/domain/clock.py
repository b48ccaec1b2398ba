"""Time comes from a clock object so tests and the sandbox can move it at will."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware, in UTC."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class ManualClock:
    """A clock that stands still until moved; used by tests and the sandbox's time control."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("ManualClock needs a timezone-aware start time")
        self._now = start.astimezone(UTC)

    def now(self) -> datetime:
        return self._now

    def advance(self, delta: timedelta) -> None:
        self._now += delta

    def set(self, moment: datetime) -> None:
        self._now = moment.astimezone(UTC)


class OffsetClock:
    """Real time plus an offset that can only grow: the sandbox demo's clock.

    Time keeps flowing (the bot's two-minute waits still pass on their own) while the demo
    page jumps ahead to show reminders and nudges. It never goes back, because the outbox
    and the bookings recorded "when" on it, as a real school's clock would.
    """

    def __init__(self, offset: timedelta = timedelta(0)) -> None:
        self._offset = offset

    def now(self) -> datetime:
        return datetime.now(UTC) + self._offset

    def advance(self, delta: timedelta) -> None:
        if delta < timedelta(0):
            raise ValueError("the demo clock does not go back")
        self._offset += delta


def to_db(moment: datetime) -> str:
    """UTC ISO-8601 text, the one time format stored."""
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def from_db(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)
