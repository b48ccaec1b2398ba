"""Messages between parents and teachers: what a conversation is, and when a teacher reads.

A parent may write or speak to their child's teacher at any time; the teacher answers in
the same conversation. Teachers keep their evenings: a parent's message written outside
the school's working hours (`TEACHER_HOURS`, e.g. "mon-fri 08:00-17:00") reaches them at
the start of the next working period, unless the parent marks it urgent for a talk soon.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta, tzinfo
from enum import StrEnum

from bot.domain.person_kind import PersonKind

MAX_TEXT = 2000  # UTF-16 code units of one typed message, room left for the words around it
URGENT_WITHIN = timedelta(hours=24)  # a talk this close makes a message urgent on request

_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_HOURS = re.compile(r"^([a-z,\-]+)\s+([01]?\d|2[0-3]):([0-5]\d)\s*-\s*([01]?\d|2[0-3]):([0-5]\d)$")


class Topic(StrEnum):
    """What a conversation is about, which decides who reads the teacher's answers."""

    GENERAL = "general"  # only the parent who wrote
    TALK = "talk"  # urgent, about a talk soon: every parent of the child
    AGREEMENTS = "agreements"  # a question about the agreements: every parent of the child

    @property
    def whole_family(self) -> bool:
        """Whether the child's other parents also read the teacher's answers: about the talk
        or the agreements they share; never what one parent wrote."""
        return self in (Topic.TALK, Topic.AGREEMENTS)


@dataclass(frozen=True)
class Words:
    """What someone typed or said: a text, or a voice note by its Telegram file id."""

    text: str = ""
    voice_file_id: str | None = None


@dataclass(frozen=True)
class Conversation:
    id: int
    pupil_id: int
    guardian_id: int
    topic: Topic
    booking_id: int | None
    staff_ids: tuple[int, ...]  # the teachers it was sent to


@dataclass(frozen=True)
class Message:
    """One message of a conversation, with its author's name as it is now."""

    id: int
    conversation_id: int
    author_kind: PersonKind
    author_id: int
    author_name: str
    words: Words
    language: str  # the language it was written in
    urgent: bool
    reaches_at: datetime
    created_at: datetime


@dataclass(frozen=True)
class WorkingHours:
    """The teachers' working periods on the school's wall clock: the same hours on some
    weekdays (0 is Monday)."""

    days: frozenset[int]
    start: time
    end: time

    def next_start(self, moment: datetime, tz: tzinfo) -> datetime | None:
        """None while `moment` is within working hours; else the start (UTC) of the next
        working period."""
        local = moment.astimezone(tz)
        clock = local.time().replace(tzinfo=None)
        if local.weekday() in self.days and self.start <= clock < self.end:
            return None
        for ahead in range(8):
            day = local.date() + timedelta(days=ahead)
            starts = datetime.combine(day, self.start, tzinfo=tz)
            if day.weekday() in self.days and starts > local:
                return starts.astimezone(UTC)
        raise AssertionError("a week always holds a working day")  # parse ensures days


def parse_working_hours(text: str) -> WorkingHours | None:
    """ "mon-fri 08:00-17:00" (days as a range or a list: "mon,wed,fri") → WorkingHours;
    "off" → None: messages reach teachers at any hour. ValueError when unreadable."""
    value = " ".join(text.strip().lower().split())
    if value in ("off", "none"):
        return None
    match = _HOURS.match(value)
    if match is None:
        raise ValueError(f"{text.strip()!r} is not like mon-fri 08:00-17:00 (or off)")
    days = _parse_days(match.group(1), text)
    start = time(int(match.group(2)), int(match.group(3)))
    end = time(int(match.group(4)), int(match.group(5)))
    if start >= end:
        raise ValueError(f"{text.strip()!r}: working hours must end after they start")
    return WorkingHours(days, start, end)


def _parse_days(spec: str, text: str) -> frozenset[int]:
    days: set[int] = set()
    for part in spec.split(","):
        first, _, last = part.partition("-")
        if first not in _DAYS or (last and last not in _DAYS):
            raise ValueError(f"{text.strip()!r}: days are mon, tue, wed, thu, fri, sat, sun")
        low, high = _DAYS.index(first), _DAYS.index(last or first)
        if high < low:
            raise ValueError(f"{text.strip()!r}: a range of days runs forward, e.g. mon-fri")
        days.update(range(low, high + 1))
    return frozenset(days)
