"""How parents reach the school and the teachers: phone numbers and e-mail addresses.

A number or address is shown to parents as written, so it is checked once where it comes
in — the settings and the staff file — rather than each time it is shown: a typo there
would send a worried parent to nobody. The check is plain on purpose (the school writes
its own numbers): digits, spaces, hyphens and one leading `+`, of a length a phone number
can have; an e-mail address with one `@` and a domain with a dot.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_PHONE = re.compile(r"\+?[0-9](?:[0-9 -]*[0-9])?")
_PHONE_DIGITS = range(6, 16)  # short local numbers up to the ITU's 15 digits
_EMAIL = re.compile(r"[^@\s]+@[^@\s.]+(?:\.[^@\s.]+)+")


def phone_number(text: str) -> str:
    """The number as it will be shown (spaces tidied); ValueError when it is not one."""
    value = " ".join(text.split())
    digits = sum(character.isdigit() for character in value)
    if not _PHONE.fullmatch(value) or digits not in _PHONE_DIGITS:
        raise ValueError(
            f"{text!r} is not a phone number (digits, spaces, - and a leading +, 6 to 15 digits)"
        )
    return value


def email_address(text: str) -> str:
    """The address as it will be shown; ValueError when it is not one."""
    value = text.strip()
    if not _EMAIL.fullmatch(value):
        raise ValueError(f"{text!r} is not an e-mail address (like info@school.nl)")
    return value


@dataclass(frozen=True)
class TeacherContact:
    """A teacher of a parent's child, with their phone where the staff file gives one."""

    name: str
    phone: str
    children: tuple[str, ...]  # the parent's children this teacher teaches (first names)
