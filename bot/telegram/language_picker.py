"""The language picker: a button per shipped language, in its own name and script.

Its data is `1:lang:<code>`, plus the welcome's kind (`g`/`s`) when it hangs under a first
welcome, so the press can rewrite that welcome in the chosen language.
"""

from __future__ import annotations

from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.domain.person_kind import PersonKind
from bot.languages import SUPPORTED_LANGUAGES, native_name
from bot.telegram.callback_data import decode, encode

ACTION = "lang"
CURRENT_MARK = "✓ "
_PER_ROW = 2
_KIND_LETTERS = {kind: kind[0] for kind in PersonKind}  # as `Person.ref` writes the kind
_LETTER_KINDS = {letter: kind for kind, letter in _KIND_LETTERS.items()}


@dataclass(frozen=True)
class Choice:
    language: str
    welcome_kind: PersonKind | None  # when the picker was under a first welcome


def picker(current: str, *, welcome_kind: PersonKind | None = None) -> InlineKeyboardMarkup:
    """Every shipped language, the one the bot uses now marked, so the default is visible."""
    extra = (_KIND_LETTERS[welcome_kind],) if welcome_kind else ()
    buttons = [
        InlineKeyboardButton(
            f"{CURRENT_MARK if code == current else ''}{native_name(code)}",
            callback_data=encode(ACTION, code, *extra),
        )
        for code in SUPPORTED_LANGUAGES
    ]
    return InlineKeyboardMarkup(
        [buttons[start : start + _PER_ROW] for start in range(0, len(buttons), _PER_ROW)]
    )


def read_choice(data: object) -> Choice | None:
    """The press of a picker button, or None for anything `picker` never produces."""
    decoded = decode(data)
    if decoded is None:
        return None
    action, args = decoded
    if action != ACTION or not args or args[0] not in SUPPORTED_LANGUAGES:
        return None
    if len(args) == 1:
        return Choice(args[0], None)
    if len(args) == 2 and args[1] in _LETTER_KINDS:
        return Choice(args[0], _LETTER_KINDS[args[1]])
    return None
