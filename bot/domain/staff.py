"""Staff as listed by the school: teachers (often duo teachers), counsellors, directors."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.domain.contact_details import is_no_number, phone_number, read_as_no_phone
from bot.domain.csv_table import FileRejected, Problem, Row, Table
from bot.domain.groups import Group, parse_group
from bot.domain.text_normalize import fold
from bot.languages import language_from_text

STAFF_COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("naam", "name", "volledige naam", "full name", "naam medewerker", "medewerker"),
    "email": ("e mail", "email", "e mailadres", "emailadres", "mail"),
    "role": ("functie", "role", "rol", "function"),
    "groups": ("groepen", "groups", "groep", "group", "klassen", "klas"),
    "language": ("taal", "language"),
    "phone": ("telefoon", "telefoonnummer", "mobiel", "mobiel nummer", "phone", "mobile"),
}
STAFF_REQUIRED = ("name", "email", "role")

ROLE_WORDS: dict[str, str] = {
    "teacher": "teacher",
    "leerkracht": "teacher",
    "groepsleerkracht": "teacher",
    "groepsleraar": "teacher",
    "leraar": "teacher",
    "juf": "teacher",
    "meester": "teacher",
    "counsellor": "counsellor",
    "internal counsellor": "counsellor",
    "intern begeleider": "counsellor",
    "ib": "counsellor",
    "ib er": "counsellor",
    "iber": "counsellor",
    "director": "director",
    "directeur": "director",
    "directie": "director",
    "adjunct directeur": "director",
    "schoolleider": "director",
    "locatieleider": "director",
}

_GROUP_SEPARATORS = re.compile(r"\s*[,;|]\s*|\s+(?:en|and)\s+")


@dataclass(frozen=True)
class StaffRecord:
    key: str
    name: str
    email: str
    role: str
    language: str
    groups: frozenset[Group]
    language_known: bool = True  # False: the staff file named none (or one not shipped)
    phone: str = ""  # shown to the parents of their pupils; '' when the file gives none


def parse_staff(
    table: Table, default_language: str
) -> tuple[dict[str, StaffRecord], list[Problem]]:
    """Staff by e-mail key, and warnings; FileRejected lists every problem."""
    staff: dict[str, StaffRecord] = {}
    first_line: dict[str, int] = {}
    problems: list[Problem] = []
    warnings: list[Problem] = []
    for row in table.rows:
        try:
            record, warning = _record(row, default_language)
        except ValueError as error:
            problems.append(Problem(row.line, str(error)))
            continue
        if record.key in staff and staff[record.key] != record:
            reason = f"{record.email} differs from line {first_line[record.key]}"
            problems.append(Problem(row.line, reason))
            continue
        staff[record.key] = record
        first_line.setdefault(record.key, row.line)
        if warning is not None:
            warnings.append(warning)
        if record.role == "teacher" and not record.groups:
            warnings.append(Problem(row.line, f"teacher {record.email} has no group"))
    if problems:
        raise FileRejected(problems)
    return staff, warnings


def _record(row: Row, default_language: str) -> tuple[StaffRecord, Problem | None]:
    """The row's staff member, and a warning for a phone cell that holds no number."""
    name, email = row.get("name"), row.get("email")
    if not name:
        raise ValueError("empty name")
    if "@" not in email:
        raise ValueError(f"{name!r} needs an e-mail address, got {email!r}")
    role = ROLE_WORDS.get(fold(row.get("role")))
    if role is None:
        raise ValueError(f"unknown role {row.get('role')!r} (teacher, counsellor or director)")
    written_groups = [g for g in _GROUP_SEPARATORS.split(row.get("groups")) if g.strip()]
    groups = frozenset(parse_group(g) for g in written_groups)
    named = language_from_text(row.get("language"))
    written_phone = row.get("phone")
    warning = None
    if written_phone and is_no_number(written_phone):
        warning = Problem(row.line, f"{email}: {read_as_no_phone(written_phone)}")
        written_phone = ""
    phone = phone_number(written_phone) if written_phone else ""
    record = StaffRecord(
        email.lower(),
        name,
        email,
        role,
        named or default_language,
        groups,
        named is not None,
        phone,
    )
    return record, warning
