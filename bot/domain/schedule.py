"""A teacher's schedule: their slots, their booked talks, and the pupils not booked yet.

Plain data, so services and the teacher's views can hold rows without the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class ScheduleRow:
    slot_id: int
    starts_at: datetime
    pupil: str  # '' when the time is free
    group: str
    grade_low: int
    booked_by: str
    blocked: bool


@dataclass(frozen=True)
class Unbooked:
    pupil_id: int
    name: str
    group: str
    guardians_in_telegram: int
    guardians: int
    missed: bool = False  # the parents did not come to the talk: the teacher calls them


@dataclass(frozen=True)
class BookedTalk:
    booking_id: int
    round_id: int
    pupil_id: int
    starts_at: datetime
    booked_by: str
