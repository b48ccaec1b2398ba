"""A family is in one place at a time: when two of its talks may follow each other.

Parents of several children walk from one teacher's room to the next, so two talks of one
family with different teachers (or in different places) need a walking gap between them;
two talks with the same teacher in the same place may follow each other directly. These
rules are pure so the offers, the back-to-back chains and the booking's own check inside its
transaction all decide the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol, TypeVar

from bot.domain.bookings import Booked

# SIBLING_GAP_MINUTES's default: what a caller that names no gap gets.
DEFAULT_GAP = timedelta(minutes=5)
# How many of the nearest fitting times a refused person is offered.
NEAREST = 4


class Placed(Protocol):
    """A talk, booked or offered: when, with whom and where."""

    @property
    def staff_id(self) -> int: ...
    @property
    def place(self) -> str: ...
    @property
    def starts_at(self) -> datetime: ...
    @property
    def ends_at(self) -> datetime: ...


P = TypeVar("P", bound=Placed)


@dataclass(frozen=True)
class FamilyTalk:
    """A talk the family already has in the round, with the child's name to tell it by."""

    booked: Booked
    first_name: str


def walk(a: Placed, b: Placed, gap: timedelta) -> timedelta:
    """The time a family needs between two talks: none with the same teacher in the same
    place, else the walking gap."""
    return timedelta(0) if (a.staff_id, a.place) == (b.staff_id, b.place) else gap


def too_close(a: Placed, b: Placed, gap: timedelta) -> bool:
    """Whether one family cannot have both talks: they overlap, or leave less than the walk."""
    needed = walk(a, b, gap)
    return a.starts_at < b.ends_at + needed and b.starts_at < a.ends_at + needed


def first_clash(offer: Placed, talks: Iterable[FamilyTalk], gap: timedelta) -> FamilyTalk | None:
    """The earliest of the family's talks that this time would collide with, if any."""
    clashing = [t for t in talks if too_close(offer, t.booked.offer, gap)]
    return min(clashing, key=lambda t: t.booked.offer.starts_at, default=None)


def fitting(offers: Iterable[P], talks: Sequence[FamilyTalk], gap: timedelta) -> list[P]:
    """The offers that leave every talk the family already has its walk."""
    return [o for o in offers if first_clash(o, talks, gap) is None]


def nearest(offers: Iterable[P], wanted: datetime, limit: int = NEAREST) -> list[P]:
    """The offers closest in time to the one wanted, the closest first (the earlier on a
    tie), so a refused person sees the best alternatives to what they chose first."""
    return sorted(offers, key=lambda o: (abs(o.starts_at - wanted), o.starts_at))[:limit]
