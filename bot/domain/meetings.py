"""Information meetings for parents (seed 003): one evening for many families, not a talk.

A meeting is planned in the year plan for some groups and, optionally, the newcomers (pupils
enrolled a few months before it). Every guardian of those pupils is invited once, whatever
the number of their children; they answer coming / maybe / not coming and, when coming,
how many adults, childcare for how many children of which age, and an interpreter. The
school counts on those answers for chairs, childminders and interpreters, so the counts are
part of the domain, not of a view.
"""

from __future__ import annotations

from calendar import monthrange
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
DEFAULT_NEWCOMER_MONTHS = 6  # new at school: enrolled less than this long before a meeting


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
        """Pupils enrolled on or after this date are invited as newcomers; None: the
        meeting does not invite newcomers."""
        if self.newcomer_months is None:
            return None
        return self.new_at_school_since()

    def new_at_school_since(self) -> date:
        """Families with a pupil enrolled on or after this date count as new at school in
        the figures, also for a meeting that does not invite newcomers as such."""
        months = self.newcomer_months or DEFAULT_NEWCOMER_MONTHS
        start = self.starts_at.date()
        year, month = divmod(start.year * 12 + start.month - 1 - months, 12)
        return date(year, month + 1, min(start.day, monthrange(year, month + 1)[1]))


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

    invited: int  # families (see `families_of`)
    coming: int  # families who said yes
    maybe: int
    not_coming: int
    adults: int  # adults of the families coming or perhaps coming
    childcare: dict[str, int] = field(default_factory=dict)  # age band -> children
    interpreters: dict[str, int] = field(default_factory=dict)  # language -> families

    @property
    def unanswered(self) -> int:
        return self.invited - self.coming - self.maybe - self.not_coming


def count(
    invited: Iterable[Invitee], replies: Iterable[Reply], *, childcare_offered: bool = True
) -> Counts:
    """The organiser's figures, per family: two parents of one household who both answer
    "coming, 2 adults, childcare for 2" are one family of two adults with two children, not
    four and four. A family comes when one of its parents does; it brings the most adults
    and children one of them gave, and wants each interpreter language once. Childcare
    asked for before the plan stopped offering it is not counted."""
    by_guardian = {reply.guardian_id: reply for reply in replies}
    families = families_of(invited)
    answers: Counter[Rsvp] = Counter()
    adults = 0
    childcare: Counter[str] = Counter()
    interpreters: Counter[str] = Counter()
    for family in families:
        said = [by_guardian[i.guardian_id] for i in family if i.guardian_id in by_guardian]
        if not said:
            continue
        coming = [r for r in said if r.coming]
        answers[_family_answer(said)] += 1
        if not coming:
            continue
        adults += max(r.adults for r in coming)
        if childcare_offered:
            childcare.update(max(coming, key=lambda r: len(r.childcare)).childcare)
        interpreters.update({r.interpreter for r in coming if r.interpreter})
    return Counts(
        invited=len(families),
        coming=answers[Rsvp.YES],
        maybe=answers[Rsvp.MAYBE],
        not_coming=answers[Rsvp.NO],
        adults=adults,
        childcare={band: childcare[band] for band in AGE_BANDS if childcare[band]},
        interpreters=dict(sorted(interpreters.items())),
    )


def _family_answer(said: list[Reply]) -> Rsvp:
    answers = {r.answer for r in said}
    return next(answer for answer in (Rsvp.YES, Rsvp.MAYBE, Rsvp.NO) if answer in answers)


@dataclass(frozen=True)
class Invitee:
    """A guardian a meeting invites, with the pupils that make them invited."""

    guardian_id: int
    name: str
    language: str
    pupils: tuple[tuple[int, str, str], ...]  # (pupil id, first name, group name)
    linked: bool  # opened their link: the bot can write to them
    unreachable: bool  # Telegram refused them (blocked the bot)
    newcomer: bool  # one of their pupils came to the school in the months before the meeting
    households: frozenset[tuple[int, str]] = frozenset()  # (pupil id, household label)

    @property
    def reachable(self) -> bool:
        return self.linked and not self.unreachable


def families_of(invited: Iterable[Invitee]) -> list[list[Invitee]]:
    """The invited guardians as families: those who share a child in one household (the
    roster's label; parents who live apart are two families, each answering for itself)."""
    guardians = list(invited)
    family = list(range(len(guardians)))  # each guardian's family, by its first member

    def first(i: int) -> int:
        while family[i] != i:
            i = family[i]
        return i

    where: dict[tuple[int, str], int] = {}
    for i, guardian in enumerate(guardians):
        for key in guardian.households:
            if key in where:
                family[first(i)] = first(where[key])
            else:
                where[key] = i
    grouped: dict[int, list[Invitee]] = {}
    for i, guardian in enumerate(guardians):
        grouped.setdefault(first(i), []).append(guardian)
    return list(grouped.values())
