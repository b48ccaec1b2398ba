"""The words of a record as plain text in one language, for files the school keeps.

A phrasebook agreement is written from the catalogs in that language; the teacher's (or
the child's) own words stay as they were written: the school files what was said.
"""

from __future__ import annotations

import gettext
from collections.abc import Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from babel.numbers import format_decimal

from bot.domain.agreements import (
    CHILD_ANSWER_BY_KEY,
    CHILD_QUESTIONS,
    STAFF_OWNER_HEADINGS,
    STATUS_LABELS,
    ChildGoal,
    Words,
)
from bot.domain.phrasebook import KeepMissing, parse_filled, phrase_template
from bot.domain.phrasebook_entries import BY_KEY
from bot.domain.pupil_card import GOAL, NEEDS, CardBand, item_of, picture_of
from bot.domain.rounds import Round
from bot.formatting import format_list


@dataclass(frozen=True)
class SchoolWords:
    """The school's language, and how it names a round and a place. The wording of rounds
    and places is the one parents and teachers read in Telegram; the command line passes
    it in, so the files say exactly what the bot says."""

    language: str
    tr: gettext.NullTranslations
    tz: ZoneInfo
    round_title: Callable[[Round, str], str]  # (round, the pupil's group) -> plain title
    place: Callable[[str, str], str]  # (stored place, the pupil's group) -> plain place


def words_text(words: Words, school: SchoolWords) -> str:
    """An agreement in the school's language: a phrase from the catalogs (a number in the
    language's digits, a name as written), own words as written. A phrase the book no
    longer has shows its key rather than nothing."""
    if words.phrase is None:
        return words.text
    filled = parse_filled(BY_KEY, words.phrase, dict(words.params))
    if filled is None:
        return words.phrase
    values = KeepMissing()
    if filled.count is not None:
        values["count"] = format_decimal(filled.count, locale=school.language)
    if filled.name is not None:
        values["name"] = filled.name
    return phrase_template(filled.phrase, school.tr, filled.count).format_map(values)


def goal_text(words: Words, goal: ChildGoal, school: SchoolWords) -> str:
    """The child's own goal: what it is about (the card's pictures, in words), the child's
    words as said, and who can help."""
    tr = school.tr
    parts = [_pictures(GOAL, goal.topics, school), words_text(words, school)]
    helpers = _pictures(NEEDS, goal.needs_from, school)
    if helpers:
        parts.append(tr.gettext("Who can help: {helpers}").format(helpers=helpers))
    return " — ".join(part for part in parts if part) or "…"


def _pictures(item_key: str, keys: tuple[str, ...], school: SchoolWords) -> str:
    item = item_of(CardBand.MIDDLE, item_key)
    found = [picture_of(item, key) for key in keys] if item else []
    shown = [school.tr.gettext(p.word) for p in found if p is not None]
    return format_list(shown, school.language) if shown else ""


def status_label(status: str, school: SchoolWords) -> str:
    """How a parent marked an agreement on the evaluation date."""
    label = STATUS_LABELS.get(status)
    return school.tr.gettext(label) if label else status


def child_answer_text(question: str, answer: str, school: SchoolWords) -> str:
    """The child's answer to one of the feedback questions about their goal."""
    known = CHILD_ANSWER_BY_KEY.get(answer)
    asked = CHILD_QUESTIONS.get(question)
    if known is None or asked is None:
        return f"{question}: {answer}"
    return f"{school.tr.gettext(asked)} {school.tr.gettext(known.words)}"


def owner_label(owner: str, school: SchoolWords) -> str:
    """The heading over an owner's agreements, as the teacher reads it in Telegram."""
    return school.tr.gettext(STAFF_OWNER_HEADINGS[owner])
