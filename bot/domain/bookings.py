"""Bookings as the domain sees them: the child, the free time offered, the booking, who presses.

Plain data read from storage and passed up to services and renderers, so those layers name
the nouns of a booking without importing the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.domain.person_kind import PersonKind


@dataclass(frozen=True)
class Child:
    """A pupil as one guardian sees them in one round."""

    pupil_id: int
    first_name: str
    full_name: str
    group: str
    grade_low: int
    household: str

    @property
    def last_name(self) -> str:
        """The family name as the roster writes it ("de Vries"), e.g. to keep it from a
        translation engine."""
        return self.full_name.removeprefix(self.first_name).strip()


@dataclass(frozen=True)
class Offer:
    """A free slot, with what a parent needs to choose it."""

    slot_id: int
    staff_id: int
    teacher: str
    starts_at: datetime
    ends_at: datetime
    place: str


@dataclass(frozen=True)
class Booked:
    booking_id: int
    round_id: int
    pupil_id: int
    household: str
    status: str
    offer: Offer


@dataclass(frozen=True)
class Actor:
    """Who presses: a guardian for their own child, or a teacher on a parent's behalf."""

    kind: PersonKind
    id: int
