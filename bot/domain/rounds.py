"""Talk rounds and their bookable slots, as plain data with the rules that need no I/O."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum


class TalkKind(StrEnum):
    """The kinds of talk in the school's year plan (see DOMAIN.md, seed 000)."""

    START = "start"
    PROGRESS = "progress"
    DEVELOPMENT = "development"
    ADVICE = "advice"


class TalkForm(StrEnum):
    SCHOOL = "school"
    VIDEO = "video"
    PHONE = "phone"


class BookingScope(StrEnum):
    PUPIL = "pupil"  # one talk per child, shared by all guardians
    HOUSEHOLD = "household"  # separated parents may each book their own talk


@dataclass(frozen=True)
class RoundRules:
    """What the year plan says about a round, shared by the plan file and the stored round."""

    kind: TalkKind
    title: str
    slot_minutes: int
    buffer_minutes: int
    form: TalkForm
    place: str
    pupil_joins_from_grade: int | None
    pupil_may_join: bool  # the school leaves it open: the parents are asked
    booking_opens_at: datetime
    booking_closes_at: datetime
    cancel_cutoff_hours: int
    booking_scope: BookingScope


@dataclass(frozen=True)
class Round(RoundRules):
    id: int
    plan_key: str
    groups: tuple[str, ...]
    first_talk: datetime | None = None  # earliest and latest bookable talk, if any
    last_talk: datetime | None = None

    def is_open(self, now: datetime) -> bool:
        return self.booking_opens_at <= now < self.booking_closes_at

    def pupil_joins(self, grade_low: int) -> bool:
        """Whether the pupil is expected at the talk, by school policy per grade."""
        return self.pupil_joins_from_grade is not None and grade_low >= self.pupil_joins_from_grade

    def may_change(self, slot_start: datetime, now: datetime) -> bool:
        """Parents may reschedule or cancel until the cut-off before their talk."""
        return now < slot_start - timedelta(hours=self.cancel_cutoff_hours)


@dataclass(frozen=True)
class Slot:
    id: int
    round_id: int
    staff_id: int
    starts_at: datetime
    ends_at: datetime
    place: str


def cut_slots(
    start: datetime, end: datetime, slot_minutes: int, buffer_minutes: int
) -> list[tuple[datetime, datetime]]:
    """Cut a teacher's available block into talks of `slot_minutes` with a buffer between.

    A remainder too short for a whole talk is left unused.
    """
    length, step = timedelta(minutes=slot_minutes), timedelta(minutes=slot_minutes + buffer_minutes)
    slots = []
    moment = start
    while moment + length <= end:
        slots.append((moment, moment + length))
        moment += step
    return slots
