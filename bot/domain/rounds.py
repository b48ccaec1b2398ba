"""Talk rounds and their bookable slots, as plain data with the rules that need no I/O."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from bot.domain.timing import Offset


class TalkKind(StrEnum):
    """The kinds of talk in the school's year plan (see DOMAIN.md, seed 000)."""

    START = "start"
    PROGRESS = "progress"
    DEVELOPMENT = "development"
    ADVICE = "advice"


class PlaceKeyword(StrEnum):
    """Rooms every school has: the plan names them by keyword and each parent reads the room
    in their own language ("the classroom of group 4"). Any other place is a name, shown as
    written."""

    CLASSROOM = "classroom"  # the classroom of the child's group
    HALL = "hall"
    GYM = "gym"
    STAFF_ROOM = "staff-room"
    COUNSELLOR = "counsellor"  # the room of the intern begeleider (pupil support)
    OFFICE = "office"


def place_keyword(place: str) -> PlaceKeyword | None:
    """The keyword a stored place is, or None when it is a name (kept as written).

    Places are stored as the plan gives them: a keyword as its value, a name as written;
    the plan refuses a name that is spelled like a keyword, so the two never mix up."""
    try:
        return PlaceKeyword(place)
    except ValueError:
        return None


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
    title: str  # the school's own title, in its language; '': none
    titles: tuple[tuple[str, str], ...]  # (language, title) the plan gives per language
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

    def title_in(self, language: str, school_language: str) -> str:
        """The title the plan gives for readers of this language, or ''.

        The school's plain title is in the school's language, so only its readers get it;
        everyone else reads a title built from the kind of talk, month and group."""
        given = dict(self.titles).get(language, "")
        if given or language != school_language:
            return given
        return self.title

    def is_open(self, now: datetime) -> bool:
        return self.booking_opens_at <= now < self.booking_closes_at

    def has_closed(self, now: datetime) -> bool:
        return now >= self.booking_closes_at

    @property
    def per_household(self) -> bool:
        """Whether separated parents each book their own talk (else one per child)."""
        return self.booking_scope is BookingScope.HOUSEHOLD

    @property
    def change_cutoff(self) -> timedelta:
        """How long before their talk parents may still move or cancel it."""
        return timedelta(hours=self.cancel_cutoff_hours)

    def pupil_joins(self, grade_low: int) -> bool:
        """Whether the pupil is expected at the talk, by school policy per grade."""
        return self.pupil_joins_from_grade is not None and grade_low >= self.pupil_joins_from_grade

    def may_change(self, slot_start: datetime, now: datetime) -> bool:
        """Parents may reschedule or cancel until the cut-off before their talk."""
        return now < slot_start - self.change_cutoff


@dataclass(frozen=True)
class Round(RoundRules):
    """A stored round: what booking, the views and the reminder planner all read."""

    id: int
    plan_key: str
    group_ids: frozenset[int]
    first_talk: datetime | None = None  # start of the earliest and latest bookable talk
    last_talk: datetime | None = None
    talks_end: datetime | None = None  # end of the latest bookable talk
    nudge_after: tuple[Offset, ...] | None = None  # None: the school's default
    reminder_offsets: tuple[Offset, ...] | None = None  # None: the school's default
    only_pupils: frozenset[int] = frozenset()  # a follow-up round: these pupils; else all
    pupil_card: str | None = None  # the plan's child's card for the round; None: by groep

    def ended_before(self, moment: datetime) -> bool:
        """Whether booking had closed and the last talk had ended before then: a round
        over long enough needs no reminders, and the planner leaves it out."""
        return max(self.booking_closes_at, self.talks_end or self.booking_closes_at) < moment

    @property
    def follow_up(self) -> bool:
        """Whether a teacher opened it for some pupils after their talk."""
        return bool(self.only_pupils)

    def includes(self, pupil_id: int, group_id: int | None) -> bool:
        """Whether a pupil of this group (None: none) is one the round is for: every pupil
        of its groups, or in a follow-up round only the pupils it was opened for."""
        if self.only_pupils and pupil_id not in self.only_pupils:
            return False
        return group_id in self.group_ids


@dataclass(frozen=True)
class NewRound:
    """A round a teacher opens from Telegram, for one group (or, as a follow-up, for some of
    its pupils)."""

    kind: TalkKind
    group_id: int
    title: str  # '': every reader gets a title built in their own language
    previous: Round | None  # the group's latest round, or the talk a follow-up follows
    pupils: tuple[int, ...] = ()  # a follow-up round: only these pupils' parents

    def rules(self, now: datetime) -> RoundRules:
        """Its settings follow the previous round, so a teacher need not ask the school
        again; a follow-up also keeps its talk's form (a video talk is followed by one).
        Booking opens now; it closes once the talks are known."""
        previous = self.previous
        return RoundRules(
            kind=self.kind,
            title=self.title,
            titles=(),
            slot_minutes=previous.slot_minutes if previous else 15,
            buffer_minutes=previous.buffer_minutes if previous else 5,
            form=previous.form if previous and self.pupils else TalkForm.SCHOOL,
            place=previous.place if previous else "",
            pupil_joins_from_grade=previous.pupil_joins_from_grade if previous else None,
            pupil_may_join=previous.pupil_may_join if previous else False,
            booking_opens_at=now,
            booking_closes_at=now,
            cancel_cutoff_hours=previous.cancel_cutoff_hours if previous else 24,
            booking_scope=previous.booking_scope if previous else BookingScope.PUPIL,
        )


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
