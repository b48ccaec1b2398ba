"""A talk's record: what was discussed, the agreements made and when to look back at them.

Plain data, so services and renderers can hold a record without the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Agreement:
    id: int
    owner: str  # pupil, parents or school
    text: str
    due_on: date | None


@dataclass(frozen=True)
class Record:
    booking_id: int
    staff_id: int
    held: bool
    evaluate_on: date | None
    talking_points: str
    follow_up: bool
    version: int
    agreements: tuple[Agreement, ...]
    follow_up_round_id: int | None = None
