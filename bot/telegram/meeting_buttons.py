"""The buttons a parent answers a meeting's invitation with, and how each choice reads.

Their own module so the invitation (sent by the outbox) and `/meetings` offer the same
first question without importing the answering flow. Every press is re-checked by
`bot/telegram/meeting_rsvp.py` against the database and the presser.
"""

from __future__ import annotations

from telegram import InlineKeyboardMarkup

from bot.domain.meetings import AGE_BANDS, MAX_ADULTS, MAX_CHILDCARE, Meeting, Rsvp
from bot.telegram.booking_views import button
from bot.telegram.deps import Reader
from bot.telegram.free_text import language_name

ANSWER = "mtr"  # (meeting, yes|maybe|no): from the invitation or /meetings, a new message
ANSWER_HERE = "mtrq"  # (meeting, yes|maybe|no): after "Change my answer", in that message
ADULTS = "mtra"  # (meeting, number)
CHILDCARE = "mtrc"  # (meeting, number of children; 0: none)
AGE = "mtrb"  # (meeting, child from 0, age band)
INTERPRETER = "mtri"  # (meeting, language code | NO_INTERPRETER)
CHANGE = "mtrx"  # (meeting): ask the first question again
NO_INTERPRETER = "no"
LANGUAGES_PER_ROW = 3


def rsvp_keyboard(
    reader: Reader, meeting_id: int, *, in_place: bool = False
) -> InlineKeyboardMarkup:
    """Coming / Maybe / Not coming: the first of the two taps of an answer. `in_place`:
    the questions that follow replace this message (it is one of the answer's own)."""
    action = ANSWER_HERE if in_place else ANSWER
    return InlineKeyboardMarkup(
        [[button(answer_label(reader, rsvp), action, meeting_id, rsvp.value) for rsvp in Rsvp]]
    )


def answer_label(reader: Reader, rsvp: Rsvp) -> str:
    """A button's text, and how the answer reads afterwards ("Your answer: Coming")."""
    _ = reader.tr.gettext
    labels = {
        # Translators: button under a meeting's invitation: the parent will come.
        Rsvp.YES: _("Coming"),
        # Translators: button under a meeting's invitation: the parent may come.
        Rsvp.MAYBE: _("Maybe"),
        # Translators: button under a meeting's invitation: the parent will not come.
        Rsvp.NO: _("Not coming"),
    }
    return labels[rsvp]


def band_label(reader: Reader, band: str) -> str:
    """An age band in plain words; a band the domain no longer has reads as stored."""
    _ = reader.tr.gettext
    labels = {
        # Translators: the age of a child who needs childcare during a parents' meeting.
        "0-1": _("0–1 year"),
        # Translators: the age of a child who needs childcare during a parents' meeting.
        "2-3": _("2–3 years"),
        # Translators: the age of a child who needs childcare during a parents' meeting.
        "4-12": _("4–12 years"),
    }
    return labels.get(band, band)


def no_thanks(reader: Reader) -> str:
    # Translators: button: the parent needs no childcare, or no interpreter, at a meeting.
    return reader.tr.gettext("No, thank you")


def adults_keyboard(meeting_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[button(str(n), ADULTS, meeting_id, n) for n in range(1, MAX_ADULTS + 1)]]
    )


def childcare_keyboard(reader: Reader, meeting_id: int) -> InlineKeyboardMarkup:
    numbers = [button(str(n), CHILDCARE, meeting_id, n) for n in range(1, MAX_CHILDCARE + 1)]
    return InlineKeyboardMarkup([numbers, [button(no_thanks(reader), CHILDCARE, meeting_id, 0)]])


def age_keyboard(reader: Reader, meeting_id: int, child: int) -> InlineKeyboardMarkup:
    """The age bands for the `child`-th child (from 0): the press says which child, so an
    older message's button is told from the current one."""
    return InlineKeyboardMarkup(
        [[button(band_label(reader, band), AGE, meeting_id, child, band)] for band in AGE_BANDS]
    )


def interpreter_keyboard(reader: Reader, meeting: Meeting) -> InlineKeyboardMarkup:
    """Yes or no for the reader's own language when it is offered; else each offered one."""
    tr, no = reader.tr, button(no_thanks(reader), INTERPRETER, meeting.id, NO_INTERPRETER)
    if reader.language in meeting.interpreters:
        # Translators: button: the parent wants an interpreter for their own language.
        yes = tr.gettext("Yes, in {language}").format(
            language=language_name(reader.language, reader)
        )
        return InlineKeyboardMarkup([[button(yes, INTERPRETER, meeting.id, reader.language)], [no]])
    names = [
        button(language_label(code, reader), INTERPRETER, meeting.id, code)
        for code in meeting.interpreters
    ]
    rows = [names[i : i + LANGUAGES_PER_ROW] for i in range(0, len(names), LANGUAGES_PER_ROW)]
    return InlineKeyboardMarkup([*rows, [no]])


def language_label(code: str, reader: Reader) -> str:
    """A language's name as CLDR gives it in the reader's language, as a label starts."""
    name = language_name(code, reader)
    return name[:1].upper() + name[1:]  # "türkçe" on its own reads "Türkçe"


def change_keyboard(reader: Reader, meeting_id: int) -> InlineKeyboardMarkup:
    # Translators: button under a parent's answer to a meeting's invitation.
    label = reader.tr.gettext("Change my answer")
    return InlineKeyboardMarkup([[button(label, CHANGE, meeting_id)]])
