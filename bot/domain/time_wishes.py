"""'None of these times suits me', answered with presses: which days and parts of the day.

A parent with little Dutch picks the round's days and mornings / afternoons / evenings
instead of typing; the teacher reads the days formatted and the parts translated in their
own language. A typed note stays possible and is shown as the parent's own words.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from bot.domain.gettext_markers import N_

# Key (short ASCII, for callback data and storage) and English source text, in day order.
PARTS_OF_DAY: dict[str, str] = {
    "morning": N_("Mornings"),
    "afternoon": N_("Afternoons"),
    "evening": N_("Evenings"),
}

MAX_DAYS = 15  # three school weeks of buttons; a longer round offers its first three weeks


@dataclass(frozen=True)
class TimeWish:
    """What a parent picked: days (in order) and parts of the day (in day order)."""

    days: tuple[date, ...] = ()
    parts: tuple[str, ...] = ()

    def toggled_day(self, day: date) -> TimeWish:
        days = set(self.days) ^ {day}
        return TimeWish(tuple(sorted(days)), self.parts)

    def toggled_part(self, part: str) -> TimeWish:
        parts = set(self.parts) ^ {part}
        return TimeWish(self.days, tuple(p for p in PARTS_OF_DAY if p in parts))

    @property
    def empty(self) -> bool:
        return not self.days and not self.parts

    def as_params(self) -> dict[str, list[str]]:
        """JSON-ready, to keep between presses and to pass to the teacher's notice."""
        return {"days": [d.isoformat() for d in self.days], "parts": list(self.parts)}


def wish_from(params: dict[str, object]) -> TimeWish:
    """The wish kept in `as_params` form; anything unreadable is left out."""
    days = params.get("days") or []
    parts = params.get("parts") or []
    read_days: list[date] = []
    for value in days if isinstance(days, list) else []:
        try:
            read_days.append(date.fromisoformat(str(value)))
        except ValueError:
            continue
    chosen = {str(p) for p in parts} if isinstance(parts, list) else set()
    return TimeWish(tuple(sorted(set(read_days))), tuple(p for p in PARTS_OF_DAY if p in chosen))


def round_days(
    first: datetime | None, last: datetime | None, tz: tzinfo, today: date
) -> tuple[date, ...]:
    """The school days (Monday to Friday) from the round's first to its last talk, local,
    that have not passed yet."""
    if first is None or last is None:
        return ()
    start, end = max(first.astimezone(tz).date(), today), last.astimezone(tz).date()
    days = (start + timedelta(days=n) for n in range((end - start).days + 1))
    return tuple(d for d in days if d.weekday() < 5)[:MAX_DAYS]


def only_offered(wish: TimeWish, days: Iterable[date]) -> TimeWish:
    """The wish limited to the days offered and the known parts of the day."""
    offered = set(days)
    return TimeWish(
        tuple(d for d in wish.days if d in offered),
        tuple(p for p in wish.parts if p in PARTS_OF_DAY),
    )
