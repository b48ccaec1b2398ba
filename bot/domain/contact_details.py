"""How parents reach the school and the teachers: phone numbers and e-mail addresses.

A number or address is shown to parents as written, so it is checked once where it comes
in — the settings, the staff file and the roster — rather than each time it is shown: a
typo there would send a worried parent to nobody. Phone numbers are read with
`phonenumbers` (Google's libphonenumber): a number without a country code is one of the
school's country, a number with one (`+32 …`, `0049 …`) stays that country's. All the ways
of writing one number give one E.164 form (`+31612345678`), which tells guardians apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers

# The school's country: numbers written without a country code are read as its numbers.
SCHOOL_REGION = "NL"
SCHOOL_COUNTRY = "the Netherlands"
SCHOOL_COUNTRY_CODE = f"+{phonenumbers.country_code_for_region(SCHOOL_REGION)}"

# What a written number may hold besides digits: the ways schools group and mark them.
_PHONE_SHAPE = re.compile(r"\+?[0-9 ()./\-\u2013]+")
_EMAIL = re.compile(r"[^@\s]+@[^@\s.]+(?:\.[^@\s.]+)+")


def phone_number(text: str) -> str:
    """The number as it will be shown: as written, spaces tidied. A number a spreadsheet
    kept as digits gets back the `0` or `+` it lost (612345678 → 0612345678). ValueError
    when it is not a phone number."""
    value = " ".join(text.split())
    if value.isdigit() and not value.startswith("0"):
        value = _with_lost_prefix(value)
    _parse(value)
    return value


def phone_key(text: str) -> str:
    """The number in E.164 (`+31612345678`), the same for every way of writing it; raises
    ValueError when it is not a phone number."""
    return phonenumbers.format_number(
        _parse(phone_number(text)), phonenumbers.PhoneNumberFormat.E164
    )


def national_digits(e164: str) -> str:
    """The digits after the country code ("+32470123456" → "470123456")."""
    return phonenumbers.national_significant_number(phonenumbers.parse(e164))


def _parse(value: str) -> phonenumbers.PhoneNumber:
    refusal = f"{value!r} is not a phone number"
    if not _PHONE_SHAPE.fullmatch(value):
        raise ValueError(f"{refusal} (digits, spaces, - ( ) and a leading + or 00)")
    try:
        number = phonenumbers.parse(value, SCHOOL_REGION)
    except phonenumbers.NumberParseException:
        raise ValueError(refusal) from None
    if phonenumbers.is_valid_number(number):
        return number
    country = number.country_code or 0
    if phonenumbers.region_code_for_country_code(country) != SCHOOL_REGION:
        raise ValueError(f"{refusal} (country code +{country})")
    raise ValueError(
        f"{refusal} in {SCHOOL_COUNTRY}; write a number from abroad with its country code"
        " (+32 …, 0049 …)"
    )


def _with_lost_prefix(digits: str) -> str:
    """A number stored as a figure lost its leading 0 (a Dutch number: nine digits left)
    or its + (one with a country code). The + is given back only where nothing else is
    meant: a figure that also reads as a Dutch number without its 0 (61234567890 is
    +61 2 3456 7890 in Australia, or 06-12345678 with a digit too many) is refused
    rather than guessed, since a guessed country reaches nobody."""
    if len(digits) == 9 and _is_valid("0" + digits):
        return "0" + digits
    abroad = "+" + digits
    if _is_valid(abroad) and (_region(abroad) == SCHOOL_REGION or not _is_valid("0" + digits[:9])):
        return abroad
    raise ValueError(
        f"{digits!r} is a number a spreadsheet kept as a figure, without the 0 or + it"
        " began with; write it as text with its 0 (06 …) or with its country code (+32 …)"
    )


def _is_valid(candidate: str) -> bool:
    try:
        return phonenumbers.is_valid_number(phonenumbers.parse(candidate, SCHOOL_REGION))
    except phonenumbers.NumberParseException:
        return False


def _region(candidate: str) -> str | None:
    region: str | None = phonenumbers.region_code_for_number(
        phonenumbers.parse(candidate, SCHOOL_REGION)
    )
    return region


def is_no_number(text: str) -> bool:
    """A phone cell an export fills when there is no number (`-`, `n.v.t.`, `geheim`,
    `onbekend`, `?`): text without a single digit, read as no phone rather than refusing
    the whole file."""
    return not any(character.isdigit() for character in text)


def read_as_no_phone(written: str) -> str:
    """What an import says of such a cell: it goes on, and the administrator can check."""
    return f"phone {written!r} holds no number; imported without a phone"


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
