"""Information meetings for parents (seed 003): one evening for many families, not a talk.

A meeting is planned in the year plan for some groups and, optionally, the newcomers (pupils
enrolled a few months before it). Every guardian of those pupils is invited once, whatever
the number of their children; they answer coming / maybe / not coming and, when coming,
how many adults, childcare for how many children of which age, and an interpreter. The
school counts on those answers for chairs, childminders and interpreters, so the counts are
part of the domain, not of a view.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum


class MeetingTopic(StrEnum):
    """The three meetings of seed 003, or a school's own (which then needs its own title)."""

    MILESTONES = "milestones"  # what the child learns this year in reading and arithmetic
    WORK_ATTITUDE = "work-attitude"  # how parents help their child's attitude to work
    SCHOOL_SYSTEM = "school-system"  # the Dutch school system and the secondary-school advice
    OWN = "own"


class Rsvp(StrEnum):
    YES = "yes"
    MAYBE = "maybe"
    NO = "no"


# Childcare is arranged by age: a baby needs other care than a child of school age.
AGE_BANDS = ("0-1", "2-3", "4-12")
MAX_ADULTS = 4  # a household rarely brings more; the organiser plans chairs with it
MAX_CHILDCARE = 6  # children one family may bring for childcare


@dataclass(frozen=True)
class Meeting:
    id: int
    key: str  # the year plan's id
    topic: MeetingTopic
    title: str  # the school's own title, read by readers of the school's language; "" built
    titles: tuple[tuple[str, str], ...]  # (language, title) for readers of that language
    starts_at: datetime  # UTC
    minutes: int
    place: str  # a place keyword (as for rounds) or a name kept as written
    groups: tuple[str, ...]  # group names invited
    newcomer_months: int | None  # also invite pupils enrolled this many months before; None: no
    childcare: bool
    interpreters: tuple[str, ...]  # language codes an interpreter is available for
    invitations_from: datetime  # UTC: when the invitations go out
    rsvp_closes_at: datetime  # UTC: answers may change until then
    organiser_staff_id: int | None = None
    summary: str = ""  # what the organiser typed for those who were absent
    summary_language: str | None = None  # the language the summary is written in
    summary_sent_at: datetime | None = None
    cancelled: bool = False

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.minutes)

    def answers_open(self, now: datetime) -> bool:
        """Whether a parent may still answer or change their answer."""
        return not self.cancelled and self.invitations_from <= now < self.rsvp_closes_at

    def has_begun(self, now: datetime) -> bool:
        return now >= self.starts_at

    def newcomer_since(self) -> date | None:
        """Pupils enrolled on or after this date count as newcomers for this meeting."""
        if self.newcomer_months is None:
            return None
        start = self.starts_at.date()
        month = start.month - self.newcomer_months
        year = start.year + (month - 1) // 12
        month = (month - 1) % 12 + 1
        day = min(start.day, 28)
        return date(year, month, day)


@dataclass(frozen=True)
class Reply:
    """A guardian's answer to a meeting's invitation."""

    guardian_id: int
    answer: Rsvp
    adults: int = 1
    childcare: tuple[str, ...] = ()  # one age band per child who needs childcare
    interpreter: str | None = None  # the language an interpreter is wanted for
    answered_at: datetime | None = None

    @property
    def coming(self) -> bool:
        """Coming or perhaps: the school plans chairs, childcare and interpreters for both."""
        return self.answer in (Rsvp.YES, Rsvp.MAYBE)


@dataclass(frozen=True)
class Counts:
    """What the organiser needs to prepare the room."""

    invited: int
    coming: int  # guardians who said yes
    maybe: int
    not_coming: int
    adults: int  # adults of those coming or perhaps coming
    childcare: dict[str, int] = field(default_factory=dict)  # age band -> children
    interpreters: dict[str, int] = field(default_factory=dict)  # language -> guardians

    @property
    def unanswered(self) -> int:
        return self.invited - self.coming - self.maybe - self.not_coming

    @property
    def childcare_children(self) -> int:
        return sum(self.childcare.values())


def count(invited: Iterable[int], replies: Iterable[Reply]) -> Counts:
    """The organiser's figures: only replies of guardians who are (still) invited count."""
    invited_ids = set(invited)
    kept = [r for r in replies if r.guardian_id in invited_ids]
    answers = Counter(r.answer for r in kept)
    coming = [r for r in kept if r.coming]
    childcare: Counter[str] = Counter(band for r in coming for band in r.childcare)
    interpreters: Counter[str] = Counter(r.interpreter for r in coming if r.interpreter)
    return Counts(
        invited=len(invited_ids),
        coming=answers[Rsvp.YES],
        maybe=answers[Rsvp.MAYBE],
        not_coming=answers[Rsvp.NO],
        adults=sum(r.adults for r in coming),
        childcare={band: childcare[band] for band in AGE_BANDS if childcare[band]},
        interpreters=dict(sorted(interpreters.items())),
    )


@dataclass(frozen=True)
class Invitee:
    """A guardian a meeting invites, with the pupils that make them invited."""

    guardian_id: int
    name: str
    language: str
    pupils: tuple[tuple[int, str, str], ...]  # (pupil id, first name, group name)
    linked: bool  # opened their link: the bot can write to them
    unreachable: bool  # Telegram refused them (blocked the bot)
    newcomer: bool  # one of their invited pupils is a newcomer

    @property
    def reachable(self) -> bool:
        return self.linked and not self.unreachable
