"""The year plan (jaarplanning) file: talk rounds with the teachers' available hours, and
the information meetings for parents.

The school leadership writes it once a year in TOML; re-applying an edited file updates the
rounds and meetings it names. All problems are collected so one read shows everything to fix.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from itertools import pairwise
from zoneinfo import ZoneInfo

from bot.domain.meeting_plan import PlannedMeeting, parse_meetings
from bot.domain.plan_fields import Fields, local_time, place, tables
from bot.domain.plan_fields import groups as plan_groups
from bot.domain.plan_fields import titles as plan_titles
from bot.domain.rounds import BookingScope, RoundRules, TalkForm, TalkKind, cut_slots

_HOURS = re.compile(r"^(\d{4}-\d{2}-\d{2})\s+(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})$")


class PlanRejected(Exception):
    """The plan cannot be applied; nothing was changed."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class TeacherHours:
    email: str
    place: str
    blocks: tuple[tuple[datetime, datetime], ...]  # UTC


PUPIL_CARDS = ("young", "middle", "advice", "off")  # the child's card a round may name


@dataclass(frozen=True)
class PlannedRound(RoundRules):
    key: str
    groups: tuple[str, ...]
    teachers: tuple[TeacherHours, ...]
    pupil_card: str | None = None  # young | middle | advice | off; None: by the child's groep

    def slots(self) -> list[tuple[str, datetime, datetime, str]]:
        """(teacher e-mail, start, end, place) of every bookable talk."""
        return [
            (teacher.email, start, end, teacher.place or self.place)
            for teacher in self.teachers
            for block_start, block_end in teacher.blocks
            for start, end in cut_slots(
                block_start, block_end, self.slot_minutes, self.buffer_minutes
            )
        ]


@dataclass(frozen=True)
class Plan:
    """Everything one year plan file puts in place."""

    rounds: tuple[PlannedRound, ...]
    meetings: tuple[PlannedMeeting, ...]


def read_plan(text: str, tz: ZoneInfo) -> Plan:
    """Read the TOML year plan: its talk rounds and information meetings. A plan may hold
    only one of the two, but not neither; PlanRejected lists every problem of both."""
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise PlanRejected([f"not valid TOML: {error}"]) from None
    problems: list[str] = []
    round_tables = tables(document.get("rounds"), "rounds", problems)
    meeting_tables = tables(document.get("meetings"), "meetings", problems)
    if not round_tables and not meeting_tables and not problems:
        raise PlanRejected(["the plan has no [[rounds]] and no [[meetings]]"])
    rounds = []
    for number, entry in enumerate(round_tables, start=1):
        planned = _round(Fields(entry, f"round {entry.get('id', number)!r}", problems), tz)
        if planned is not None:
            rounds.append(planned)
    keys = [r.key for r in rounds]
    repeated = sorted(k for k in set(keys) if keys.count(k) > 1)
    problems += [f"round {k!r} appears more than once" for k in repeated]
    meetings = parse_meetings(meeting_tables, tz, problems)
    if problems:
        raise PlanRejected(problems)
    return Plan(tuple(rounds), tuple(meetings))


def parse_plan(text: str, tz: ZoneInfo) -> list[PlannedRound]:
    """The plan's talk rounds, for callers that time or show rounds only; the whole plan,
    meetings included, is checked all the same."""
    return list(read_plan(text, tz).rounds)


def _round(f: Fields, tz: ZoneInfo) -> PlannedRound | None:
    count = len(f.problems)
    key = f.key()
    groups = plan_groups(f)
    if not groups:
        f.problem("groups is empty")
    opens = local_time(f, "booking_opens", tz)
    closes = local_time(f, "booking_closes", tz)
    if opens and closes and closes <= opens:
        f.problem("booking_closes is not after booking_opens")
    slot_minutes = f.get("slot_minutes", int, 15)
    buffer_minutes = f.get("buffer_minutes", int, 0)
    if slot_minutes is not None and not 5 <= slot_minutes <= 60:
        f.problem("slot_minutes must be between 5 and 60")
    if buffer_minutes is not None and not 0 <= buffer_minutes <= 60:
        f.problem("buffer_minutes must be between 0 and 60")
    joins = f.get("pupil_joins_from_grade", int, None)
    if joins is not None and not 1 <= joins <= 8:
        f.problem("pupil_joins_from_grade must be a grade from 1 to 8")
    teachers = [
        _teacher(Fields(t, f"{f.where}, teacher {t.get('email', '?')!r}", f.problems), tz)
        for t in f.get("teachers", list) or []
    ]
    if not teachers:
        f.problem("no teachers with hours")
    title, titles = plan_titles(f)
    card = f.get("pupil_card", str, None)
    if card is not None and card not in PUPIL_CARDS:
        f.problem('pupil_card must be "young", "middle", "advice" or "off"')
    planned = PlannedRound(
        key=key,
        kind=f.choice("kind", TalkKind),
        title=title,
        titles=titles,
        groups=groups,
        slot_minutes=slot_minutes or 15,
        buffer_minutes=buffer_minutes or 0,
        form=f.choice("form", TalkForm, TalkForm.SCHOOL),
        place=place(f),
        pupil_joins_from_grade=joins,
        pupil_may_join=f.get("pupil_may_join", bool, False) or False,
        booking_opens_at=opens or datetime.min,
        booking_closes_at=closes or datetime.min,
        cancel_cutoff_hours=f.get("cancel_cutoff_hours", int, 24) or 0,
        booking_scope=f.choice("booking_scope", BookingScope, BookingScope.PUPIL),
        teachers=tuple(t for t in teachers if t),
        pupil_card=card,
    )
    return planned if len(f.problems) == count else None


def _teacher(f: Fields, tz: ZoneInfo) -> TeacherHours | None:
    count = len(f.problems)
    email = (f.get("email", str) or "").strip().lower()
    blocks = []
    for written in f.get("hours", list) or []:
        block = _hours(f, str(written), tz)
        if block:
            blocks.append(block)
    blocks.sort()
    for (_, end), (start, _) in pairwise(blocks):
        if start < end:
            f.problem(f"hours overlap around {start.astimezone(tz):%Y-%m-%d %H:%M}")
    if not blocks:
        f.problem("hours is empty")
    if len(f.problems) != count:
        return None
    return TeacherHours(email, place(f), tuple(blocks))


def _hours(f: Fields, written: str, tz: ZoneInfo) -> tuple[datetime, datetime] | None:
    try:
        return parse_hours(written, tz)
    except ValueError as error:
        f.problem(str(error))
        return None


def parse_hours(written: str, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """A block of school-local hours like '2026-12-08 14:30-17:00', as UTC start and end."""
    match = _HOURS.match(written.strip())
    if not match:
        raise ValueError(f"hours {written!r} should look like '2026-12-08 14:30-17:00'")
    try:
        day = date.fromisoformat(match.group(1))
        start, end = (time.fromisoformat(match.group(i).zfill(5)) for i in (2, 3))
    except ValueError:
        raise ValueError(f"hours {written!r} is not a real date or time") from None
    if end <= start:
        raise ValueError(f"hours {written!r} end before they start")
    begin = datetime.combine(day, start, tz).astimezone(UTC)
    finish = datetime.combine(day, end, tz).astimezone(UTC)
    return begin, finish
