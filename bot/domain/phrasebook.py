"""The phrasebook: concrete action points a teacher picks instead of typing.

Each phrase is an English source string translated by hand in every shipped catalog, so a
parent reads a checked sentence in their own language and script instead of the teacher's
Dutch. A phrase is stored with an agreement by its key and its parameters; it is written
in the reader's language only when shown. A school extends the book by adding an entry to
`bot/domain/phrasebook_entries.py` and its translations to each catalog (`make messages`
then the `.po` files; the test suite refuses a missing translation).
"""

from __future__ import annotations

import gettext
from dataclasses import dataclass
from enum import StrEnum

from bot.domain.text_normalize import fold


class Area(StrEnum):
    """What an action point is about (seed 000 step 5, seed 004 points 6 and 9)."""

    READING = "reading"  # reading and language
    ARITHMETIC = "arithmetic"
    HOMEWORK = "homework"  # homework and planning
    SOCIAL = "social"  # getting on with others
    MOTIVATION = "motivation"  # motivation and attendance
    HEALTH = "health"  # sleep, health and screen time
    TALENTS = "talents"  # interests and talents
    SCHOOL_CAREER = "school_career"
    TALKING = "talking"  # talking points for at home


class Owner(StrEnum):
    """Who does it: the pupil, the parents at home, or the teacher and the school."""

    PUPIL = "pupil"
    PARENTS = "parents"
    SCHOOL = "school"


class Count(StrEnum):
    """The one number a phrase may take; it chooses the plural form of the sentence."""

    MINUTES = "minutes"  # minutes a day
    DAYS = "days"  # days a week
    WEEKS = "weeks"  # every so many weeks


# The numbers a teacher picks from, per kind of count: buttons, not typing.
COUNT_CHOICES: dict[Count, tuple[int, ...]] = {
    Count.MINUTES: (5, 10, 15, 20, 30, 45),
    Count.DAYS: (1, 2, 3, 4, 5, 7),
    Count.WEEKS: (2, 3, 4, 6),  # every week: a phrase of its own, not "every 1 week"
}
MAX_NAME = 60  # a book, club or person named in a phrase, in UTF-16 code units


@dataclass(frozen=True)
class Phrase:
    """One action point. `text` (and `plural` when it has a count) is the English source,
    with `{count}` for the number and `{name}` for a name kept as written."""

    key: str
    area: Area
    owner: Owner
    text: str
    plural: str | None = None
    count: Count | None = None

    @property
    def takes_name(self) -> bool:
        return "{name}" in self.text


@dataclass(frozen=True)
class Filled:
    """A phrase with its parameters, as stored with an agreement."""

    phrase: Phrase
    count: int | None = None
    name: str | None = None


def parse_filled(phrases: dict[str, Phrase], key: str, params: dict[str, object]) -> Filled | None:
    """A stored phrase back from its key and parameters; None when the book lost the key."""
    phrase = phrases.get(key)
    if phrase is None:
        return None
    count = params.get("count")
    name = params.get("name")
    return Filled(
        phrase,
        count if isinstance(count, int) else None,
        name if isinstance(name, str) else None,
    )


def search(phrases: list[tuple[Phrase, str]], words: str, limit: int = 8) -> list[Phrase]:
    """The phrases whose text (in the teacher's language) holds every typed word; a word
    matches the start of a word, without regard to case or accents."""
    # A typed number ("20 minuten") stands where the book shows "…": it is not searched.
    wanted = [w for w in fold(words).split() if not w.isdigit()]
    if not wanted:
        return []
    found = []
    for phrase, shown in phrases:
        have = fold(shown).split()
        if all(any(word.startswith(w) for word in have) for w in wanted):
            found.append(phrase)
    return found[:limit]


def phrase_template(phrase: Phrase, tr: gettext.NullTranslations, count: int | None) -> str:
    """The phrase's sentence in the catalog of `tr`, still with its `{count}` and `{name}`:
    the plural form for `count` when the phrase takes a number."""
    if phrase.plural is not None and count is not None:
        return tr.ngettext(phrase.text, phrase.plural, count)
    return tr.gettext(phrase.text)


class KeepMissing(dict[str, str]):
    """Values for `format_map`: a parameter a stored agreement lacks (the book changed
    since) shows as …, never an error."""

    def __missing__(self, key: str) -> str:
        return "…"
