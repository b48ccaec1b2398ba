"""A talk's record: what was discussed, the agreements made and when to look back at them.

Plain data, so services and renderers can hold a record without the database. An
agreement's words are a phrasebook entry (written in each reader's language when shown) or
the teacher's own words (shown as written, marked, with a machine translation if any).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Words:
    """What was agreed or is to be talked about: a phrase by key and parameters, or the
    teacher's own text in the language it was typed in."""

    text: str = ""  # the teacher's own words ('' for a phrase)
    language: str = "nl"  # the language of `text`
    phrase: str | None = None  # phrasebook key
    params: Mapping[str, object] = field(default_factory=dict)  # count, name

    @property
    def own(self) -> bool:
        return self.phrase is None

    def __bool__(self) -> bool:
        return bool(self.text) or self.phrase is not None


@dataclass(frozen=True)
class Agreement:
    id: int
    owner: str  # pupil, parents or school
    words: Words
    due_on: date | None


@dataclass(frozen=True)
class Record:
    booking_id: int
    staff_id: int
    held: bool
    evaluate_on: date | None
    talking_points: Words
    follow_up: bool
    version: int
    agreements: tuple[Agreement, ...]
    follow_up_round_id: int | None = None

    def own_words(self) -> list[Words]:
        """The parts in the teacher's own words: what a machine translation is wanted for."""
        parts = [a.words for a in self.agreements] + [self.talking_points]
        return [w for w in parts if w and w.own]
