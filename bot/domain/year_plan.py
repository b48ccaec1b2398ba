"""The year plan (jaarplanning) file: talk rounds with the teachers' available hours.

The school leadership writes it once a year in TOML; re-applying an edited file updates the
rounds it names. All problems are collected so one read shows everything to fix.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from enum import Enum
from itertools import pairwise
from typing import Any
from zoneinfo import ZoneInfo

from bot.domain.groups import parse_group
from bot.domain.rounds import (
    BookingScope,
    RoundRules,
    TalkForm,
    TalkKind,
    cut_slots,
    place_keyword,
)
from bot.languages import SUPPORTED_LANGUAGES

_HOURS = re.compile(r"^(\d{4}-\d{2}-\d{2})\s+(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})$")
_KEY = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")


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


def parse_plan(text: str, tz: ZoneInfo) -> list[PlannedRound]:
    """Read the TOML year plan; PlanRejected lists every problem."""
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise PlanRejected([f"not valid TOML: {error}"]) from None
    entries = document.get("rounds")
    if not isinstance(entries, list) or not entries:
        raise PlanRejected(["the plan has no [[rounds]]"])
    problems: list[str] = []
    rounds = []
    for number, entry in enumerate(entries, start=1):
        reader = _Fields(entry, f"round {entry.get('id', number)!r}", problems)
        planned = _round(reader, tz)
        if planned is not None:
            rounds.append(planned)
    keys = [r.key for r in rounds]
    repeated = sorted(k for k in set(keys) if keys.count(k) > 1)
    problems += [f"round {k!r} appears more than once" for k in repeated]
    if problems:
        raise PlanRejected(problems)
    return rounds


class _Fields:
    """Typed access to one table of the plan, recording problems instead of raising."""

    def __init__(self, table: dict[str, Any], where: str, problems: list[str]) -> None:
        self.table, self.where, self.problems = table, where, problems

    def problem(self, message: str) -> None:
        self.problems.append(f"{self.where}: {message}")

    def get(self, name: str, kind: type | tuple[type, ...], default: Any = ...) -> Any:
        if name not in self.table:
            if default is ...:
                self.problem(f"{name} is missing")
            return None if default is ... else default
        value = self.table[name]
        if not isinstance(value, kind) or (isinstance(value, bool) and kind is int):
            self.problem(f"{name} has the wrong type ({type(value).__name__})")
            return None
        return value

    def choice(self, name: str, enum: type[Enum], default: Any = ...) -> Any:
        value = self.get(name, str, default)
        if value is None or isinstance(value, enum):
            return value
        try:
            return enum(value)
        except ValueError:
            allowed = ", ".join(member.value for member in enum)
            self.problem(f"{name} {value!r} is not one of {allowed}")
            return None


def _round(f: _Fields, tz: ZoneInfo) -> PlannedRound | None:
    count = len(f.problems)
    key = f.get("id", str)
    if key is not None and not _KEY.match(key):
        f.problem("id must be lower-case letters, digits, - or _ (at most 40)")
    groups = [_group(f, g) for g in f.get("groups", list) or []]
    if not groups:
        f.problem("groups is empty")
    opens = _local(f, "booking_opens", tz)
    closes = _local(f, "booking_closes", tz)
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
        _teacher(_Fields(t, f"{f.where}, teacher {t.get('email', '?')!r}", f.problems), tz)
        for t in f.get("teachers", list) or []
    ]
    if not teachers:
        f.problem("no teachers with hours")
    title, titles = _titles(f)
    card = f.get("pupil_card", str, None)
    if card is not None and card not in PUPIL_CARDS:
        f.problem('pupil_card must be "young", "middle", "advice" or "off"')
    planned = PlannedRound(
        key=key or "",
        kind=f.choice("kind", TalkKind),
        title=title,
        titles=titles,
        groups=tuple(g for g in groups if g),
        slot_minutes=slot_minutes or 15,
        buffer_minutes=buffer_minutes or 0,
        form=f.choice("form", TalkForm, TalkForm.SCHOOL),
        place=_place(f),
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


def _titles(f: _Fields) -> tuple[str, tuple[tuple[str, str], ...]]:
    """`title = "…"` is the school's own title (read in the school's language only);
    `title.ar = "…"` (a table) gives titles per language. Either may be left out: readers
    without one get a title built from the kind of talk, the month and the group."""
    written = f.get("title", (str, dict), "")
    if not isinstance(written, dict):  # None: of the wrong type, already a problem
        return (written or "").strip(), ()
    titles = []
    for language, text in sorted(written.items()):
        if language not in SUPPORTED_LANGUAGES:
            shipped = ", ".join(SUPPORTED_LANGUAGES)
            f.problem(f"title.{language}: {language!r} is not one of the languages {shipped}")
        elif not isinstance(text, str) or not text.strip():
            f.problem(f"title.{language} must be a text")
        else:
            titles.append((language, text.strip()))
    return "", tuple(titles)


def _place(f: _Fields) -> str:
    """A keyword (`place = "classroom"`), read in each parent's language, or a name
    (`place = { name = "Lokaal 4" }`, or any other text), kept as written."""
    written = f.get("place", (str, dict), "")
    if not isinstance(written, dict):  # None: of the wrong type, already a problem
        return (written or "").strip()
    name = written.get("name")
    if set(written) != {"name"} or not isinstance(name, str) or not name.strip():
        f.problem('place must be a keyword, a text, or { name = "…" }')
        return ""
    if place_keyword(name.strip()):
        f.problem(f"place name {name!r} is spelled like a keyword; write the name differently")
        return ""
    return name.strip()


def _group(f: _Fields, written: object) -> str | None:
    try:
        return parse_group(str(written)).name
    except ValueError as error:
        f.problem(str(error))
        return None


def _local(f: _Fields, name: str, tz: ZoneInfo) -> datetime | None:
    value = f.get(name, (datetime, date))
    if value is None:
        return None
    if not isinstance(value, datetime):
        value = datetime.combine(value, time())
    if value.tzinfo is None:
        value = value.replace(tzinfo=tz)
    return value.astimezone(UTC)


def _teacher(f: _Fields, tz: ZoneInfo) -> TeacherHours | None:
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
    return TeacherHours(email, _place(f), tuple(blocks))


def _hours(f: _Fields, written: str, tz: ZoneInfo) -> tuple[datetime, datetime] | None:
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
