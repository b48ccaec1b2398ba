"""Reading the tables of the year plan: typed fields, titles, places, groups and local times.

Rounds and meetings are written in the same file by the same people, so a title, a place or
a time means the same in both; the readers here are shared so the two never drift apart.
Every reader records a problem instead of raising, so one read shows everything to fix.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time
from enum import Enum
from typing import Any
from zoneinfo import ZoneInfo

from bot.domain.groups import parse_group
from bot.domain.rounds import place_keyword
from bot.languages import SUPPORTED_LANGUAGES

_KEY = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")


class Fields:
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

    def key(self) -> str:
        """The table's `id`: the stable name a re-applied plan finds it by."""
        key = self.get("id", str)
        if key is not None and not _KEY.match(key):
            self.problem("id must be lower-case letters, digits, - or _ (at most 40)")
        return key or ""

    def unknown(self, known: set[str]) -> None:
        """A misspelt key would otherwise be ignored without a word."""
        for name in sorted(set(self.table) - known):
            self.problem(f"{name} is not a known setting")


def tables(entries: object, name: str, problems: list[str]) -> list[dict[str, Any]]:
    """The `[[name]]` tables of the plan; none when the plan has none."""
    if entries is None:
        return []
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        problems.append(f"{name} must be written as [[{name}]] tables")
        return []
    return entries


def titles(f: Fields) -> tuple[str, tuple[tuple[str, str], ...]]:
    """`title = "…"` is the school's own title (read in the school's language only);
    `title.ar = "…"` (a table) gives titles per language. Either may be left out: readers
    without one get a title built from what the table is about."""
    written = f.get("title", (str, dict), "")
    if not isinstance(written, dict):  # None: of the wrong type, already a problem
        return (written or "").strip(), ()
    found = []
    for language, text in sorted(written.items()):
        if language not in SUPPORTED_LANGUAGES:
            shipped = ", ".join(SUPPORTED_LANGUAGES)
            f.problem(f"title.{language}: {language!r} is not one of the languages {shipped}")
        elif not isinstance(text, str) or not text.strip():
            f.problem(f"title.{language} must be a text")
        else:
            found.append((language, text.strip()))
    return "", tuple(found)


def place(f: Fields) -> str:
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


def groups(f: Fields) -> tuple[str, ...]:
    """The group names of `groups`, as the roster spells them ("Groep 4" is "4")."""
    found = []
    for written in f.get("groups", list, []) or []:
        try:
            found.append(parse_group(str(written)).name)
        except ValueError as error:
            f.problem(str(error))
    return tuple(found)


def local_time(
    f: Fields, name: str, tz: ZoneInfo, *, optional: bool = False, with_time: bool = False
) -> datetime | None:
    """A school-local date (midnight) or date-time, as UTC; None when left out or wrong.

    `with_time` refuses a bare date: a meeting at midnight is never what was meant."""
    value = f.get(name, (datetime, date), None if optional else ...)
    if value is None:
        return None
    if not isinstance(value, datetime):
        if with_time:
            f.problem(f"{name} needs a time of day, like {value.isoformat()}T19:00:00")
            return None
        value = datetime.combine(value, time())
    if value.tzinfo is None:
        value = value.replace(tzinfo=tz)
    return value.astimezone(UTC)
