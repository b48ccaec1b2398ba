"""What one family's letter says, per column, before it is laid out on paper.

The guardian reads their own language; the school's language stands beside it, so a
neighbour, the teacher or an interpreter can read the same letter. Names, dates and the
school's contact details are isolated inside right-to-left sentences, as in every message
the bot sends, so a Latin name keeps its place in an Arabic sentence. On paper, short
pieces are kept on one line (a phone number, a day, a short name with its group) and a
child's group in brackets always stays whole beside the name; a long name still wraps at
its spaces, so a column never cuts a word in two.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, tzinfo

from bot.formatting import format_day, format_list
from bot.i18n import Translations, isolate
from bot.languages import RTL_LANGUAGES
from bot.paperwork.letter_text import LetterWords, letter_words
from bot.services.invitations import Invitation

NO_BREAK_SPACE = "\u00a0"
# Characters: a piece this short is never broken (about a third of a narrow column).
_SHORT_PIECE = 24


@dataclass(frozen=True)
class School:
    """What every letter says about the school, from its settings."""

    name: str
    language: str
    phone: str
    email: str
    timezone: tzinfo


@dataclass(frozen=True)
class LetterColumn:
    language: str
    words: LetterWords

    @property
    def right_to_left(self) -> bool:
        return self.language in RTL_LANGUAGES


@dataclass(frozen=True)
class Letter:
    guardian: str
    ref: str  # the guardian's handle (g12), to name them in a message to the school
    children: tuple[str, ...]
    link: str
    # The guardian's language first, then the school's; one column when they are the same.
    columns: tuple[LetterColumn, ...]


def letter_languages(guardian_language: str, school_language: str) -> tuple[str, ...]:
    """The languages a guardian's letter is written in, theirs first."""
    if guardian_language == school_language:
        return (school_language,)
    return (guardian_language, school_language)


def compose_letter(
    invitation: Invitation,
    *,
    translations: Translations,
    school: School,
    school_invitations: Mapping[str, str],
    talks: tuple[datetime, datetime] | None,
) -> Letter:
    """One guardian's letter; `talks` the first and last talk of the round it announces."""
    person = invitation.person
    return Letter(
        guardian=person.name,
        ref=person.ref,
        children=person.children,
        link=invitation.link,
        columns=tuple(
            LetterColumn(
                language,
                _words(
                    language,
                    translations=translations,
                    guardian=person.name,
                    children=person.children,
                    school=school,
                    school_invitation=school_invitations.get(language),
                    talks=talks,
                ),
            )
            for language in letter_languages(person.language, school.language)
        ),
    )


def _words(
    language: str,
    *,
    translations: Translations,
    guardian: str,
    children: tuple[str, ...],
    school: School,
    school_invitation: str | None,
    talks: tuple[datetime, datetime] | None,
) -> LetterWords:
    between = None
    if talks is not None:
        first, last = (
            _embedded(format_day(day, school.timezone, language), language) for day in talks
        )
        between = (first, last)
    contact = " · ".join(_embedded(part, language) for part in (school.phone, school.email) if part)
    names = [_unbroken(child, language) for child in children]
    return letter_words(
        translations.for_language(language),
        school=_embedded(school.name, language),
        guardian=_embedded(guardian, language),
        children=isolate(format_list(names, language), language),
        school_invitation=school_invitation,
        talks_between=between,
        contact=contact,
    )


def _embedded(fragment: str, language: str) -> str:
    """A name, day or phone number as it stands inside a sentence of this language."""
    return isolate(_unbroken(fragment, language), language)


def _unbroken(fragment: str, language: str) -> str:
    """In right-to-left text, a short fragment kept on one line (no-break spaces). A long
    one may break at its spaces, but what is in brackets stays whole, and a word that does
    not start with a letter (a group "(7/8)", a number) stays on the line of the word before
    it: the PDF library mirrors the brackets of a line that starts with one."""
    if language not in RTL_LANGUAGES:
        return fragment
    if len(fragment) <= _SHORT_PIECE:
        return fragment.replace(" ", NO_BREAK_SPACE)
    first, *rest = fragment.split(" ")
    pieces = [first]
    depth = first.count("(") - first.count(")")
    for word in rest:
        if depth > 0 or not word[:1].isalpha():
            pieces[-1] += NO_BREAK_SPACE + word
        else:
            pieces.append(word)
        depth += word.count("(") - word.count(")")
    return " ".join(pieces)
