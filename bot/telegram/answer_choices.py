"""A pre-talk answer as a reader reads it: a pressed choice in the reader's own language.

Shared by the parent's questionnaire and the teacher's views, so a pressed answer reads
the same everywhere: "Mostly well" to the parent, "Meestal goed" to the teacher, and an
interpreter language named by CLDR in the reader's language ("Arabisch", "العربية").
"""

from __future__ import annotations

from babel import Locale

from bot.domain.answers import Answer
from bot.domain.questions import Choice, Question, choice_of, chosen_key
from bot.telegram.deps import Reader


def choice_label(question: Question, choice: Choice, reader: Reader) -> str:
    """The button's text, and how the answer reads afterwards."""
    if question.interpreter and not choice.text:
        name = Locale.parse(reader.language).languages.get(choice.key) or choice.key
        return name[:1].upper() + name[1:]  # "polski" in a list reads "Polski"
    return reader.tr.gettext(choice.text)


def pressed(question: Question, answer: Answer | None, reader: Reader) -> str | None:
    """How a pressed answer reads (plain text, not escaped); None for any other answer. A
    key the questions no longer offer is shown as the key rather than lost."""
    key = chosen_key(answer) if answer is not None else None
    if key is None:
        return None
    choice = choice_of(question, answer)
    return choice_label(question, choice, reader) if choice else key
