"""The school as the reminder planner sees it: plain facts, loaded by storage.

Rounds and meetings are the domain's own `Round` and `Meeting`, the models booking and the
views read too; the rest are the few facts about people and bookings the planner needs,
lighter than the entities (it reads every active pupil, link and booking each minute).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from bot.domain.meetings import Meeting, Reply
from bot.domain.rounds import Round


@dataclass(frozen=True)
class PupilFacts:
    id: int
    group_id: int


@dataclass(frozen=True)
class LinkFacts:
    pupil_id: int
    guardian_id: int
    household: str = ""


@dataclass(frozen=True)
class GuardianFacts:
    id: int
    linked_at: datetime | None  # when they opened their link; None: the bot cannot write yet
    unreachable: bool = False  # Telegram refused them (blocked, chat gone)

    @property
    def linked(self) -> bool:
        return self.linked_at is not None


@dataclass(frozen=True)
class TeacherFacts:
    staff_id: int
    group_id: int


@dataclass(frozen=True)
class BookingFacts:
    """An active booking."""

    id: int
    round_id: int
    pupil_id: int
    slot_id: int
    starts_at: datetime
    booked_at: datetime
    household: str = ""
    staff_id: int = 0  # the teacher of the talk


@dataclass(frozen=True)
class RecordFacts:
    """Agreements sent after a talk, to look at again on the evaluation date."""

    booking_id: int
    pupil_id: int
    staff_id: int
    evaluate_on: date


@dataclass(frozen=True)
class MeetingInviteeFacts:
    """A guardian an information meeting invites (once, however many children)."""

    guardian_id: int
    group_ids: tuple[int, ...]  # the groups of their invited children: whose teachers call
    linked_at: datetime | None  # when they opened their link; None: not in Telegram yet
    unreachable: bool = False  # Telegram refused them
    # When Telegram took their invitation; None: not sent yet. The nudge counts from it, so
    # a plan applied late or a parent who linked late is not nudged in the same breath.
    invited_at: datetime | None = None

    @property
    def reachable(self) -> bool:
        return self.linked_at is not None and not self.unreachable


@dataclass(frozen=True)
class MeetingFacts:
    """A meeting not over and not cancelled, whom it invites (from the roster as it is
    now) and the answers given so far."""

    meeting: Meeting
    invitees: tuple[MeetingInviteeFacts, ...]
    replies: tuple[Reply, ...] = ()

    @property
    def first_invited_at(self) -> datetime | None:
        """When the first invitation reached a parent; None while none has."""
        return min((i.invited_at for i in self.invitees if i.invited_at), default=None)


@dataclass(frozen=True)
class SchoolState:
    rounds: tuple[Round, ...] = ()
    pupils: tuple[PupilFacts, ...] = ()  # active pupils
    links: tuple[LinkFacts, ...] = ()  # active links of active guardians
    guardians: tuple[GuardianFacts, ...] = ()  # active guardians
    teachers: tuple[TeacherFacts, ...] = ()  # active teachers and their groups
    bookings: tuple[BookingFacts, ...] = ()  # active bookings
    records: tuple[RecordFacts, ...] = ()  # sent agreements with an evaluation date
    meetings: tuple[MeetingFacts, ...] = ()  # information meetings not over, not cancelled
