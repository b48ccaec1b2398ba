"""The roster as the administration exports it: one row per pupil–guardian pair.

Parsing collects every problem in the file before refusing it, so the administrator can
fix them all in one go.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from enum import IntEnum
from typing import TypeVar

from bot.domain.changes import Known
from bot.domain.contact_details import (
    SCHOOL_COUNTRY_CODE,
    is_no_number,
    national_digits,
    phone_key,
    phone_number,
    read_as_no_phone,
)
from bot.domain.csv_table import FileRejected, Problem, Remark, Row, Table
from bot.domain.groups import Group, parse_group
from bot.languages import language_from_text

ROSTER_COLUMNS: dict[str, tuple[str, ...]] = {
    "pupil_id": (
        "leerlingnummer",
        "pupil id",
        "leerlingnr",
        "leerling id",
        "leerling nummer",
        "pupil number",
        "student id",
        "student number",
    ),
    "first_name": ("roepnaam", "first name", "voornaam", "voornamen", "given name", "firstname"),
    "name_prefix": ("tussenvoegsel", "name prefix", "tussenvoegsels", "voorvoegsel", "prefix"),
    "last_name": ("achternaam", "last name", "surname", "family name", "lastname"),
    "group": ("groep", "group", "klas", "class", "stamgroep", "grade"),
    "guardian_id": (
        "verzorger id",
        "guardian id",
        "ouder id",
        "verzorgernummer",
        "oudernummer",
        "parent id",
    ),
    "guardian_name": (
        "naam verzorger",
        "guardian name",
        "verzorger",
        "naam ouder",
        "ouder",
        "ouder verzorger",
        "naam ouder verzorger",
        "naam ouder verzorger 1",
        "ouder verzorger 1",
        "naam verzorger 1",
        "parent name",
        "guardian",
        "parent",
    ),
    "guardian_email": (
        "e mail verzorger",
        "e mail ouder verzorger",
        "e mailadres ouder verzorger",
        "emailadres ouder verzorger",
        "e mail ouder",
        "guardian email",
        "email verzorger",
        "e mailadres",
        "emailadres",
        "e mail",
        "email",
        "parent email",
    ),
    "guardian_phone": (
        "telefoon verzorger",
        "telefoon ouder verzorger",
        "telefoonnummer ouder verzorger",
        "mobiel ouder verzorger",
        "telefoon ouder",
        "guardian phone",
        "telefoon",
        "telefoonnummer",
        "mobiel",
        "mobiel nummer",
        "phone",
        "mobile",
    ),
    "language": ("taal", "language", "voorkeurstaal", "thuistaal", "preferred language"),
    "relation": ("relatie", "relation", "relatie tot leerling", "relationship"),
    "household": ("huishouden", "household", "gezin", "adres id"),
    "enrolled_on": (
        "inschrijfdatum",
        "datum inschrijving",
        "instroomdatum",
        "enrolment date",
        "enrollment date",
        "enrolled on",
        "start date",
    ),
}
ROSTER_REQUIRED = ("pupil_id", "first_name", "last_name", "group", "guardian_name")
_PHONE_KEY = "phone:"  # the import key of a guardian known by phone number alone


@dataclass(frozen=True)
class PupilRecord:
    external_id: str
    first_name: str
    name_prefix: str
    last_name: str
    group: Group
    enrolled_on: date | None = None  # newcomers are invited to the meetings for them

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.first_name, self.name_prefix, self.last_name) if p)


@dataclass(frozen=True)
class GuardianRecord:
    key: str
    name: str
    email: str
    phone: str
    language: str
    language_known: bool = True  # False: the roster named none (or one not shipped)


@dataclass(frozen=True)
class LinkRecord:
    pupil_id: str
    guardian_key: str
    relation: str
    household: str


@dataclass
class Roster:
    pupils: dict[str, PupilRecord] = field(default_factory=dict)
    guardians: dict[str, GuardianRecord] = field(default_factory=dict)
    links: dict[tuple[str, str], LinkRecord] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)
    has_enrolment_dates: bool = False  # the file has an enrolment-date column

    @property
    def groups(self) -> set[Group]:
        return {pupil.group for pupil in self.pupils.values()}


def guardian_key(guardian_id: str, email: str, phone: str) -> str | None:
    """The identity of a guardian across rows and imports, or None when there is none.
    A phone number counts in E.164, so "06-1234 5678" and "+31 (0)6 1234 5678" are one
    guardian; ValueError when it is not a phone number."""
    if guardian_id:
        return f"id:{guardian_id.strip()}"
    if email:
        return f"email:{email.strip().lower()}"
    return f"{_PHONE_KEY}{phone_key(phone)}" if phone.strip() else None


class Use(IntEnum):
    """How much a stored guardian record stands for a real parent: a duplicate that
    nobody uses may go, a record with a Telegram account or a history may not."""

    NONE = 0
    HISTORY = 1  # talks, answers, agreements… refer to it
    CONNECTED = 2  # a Telegram account is linked to it


@dataclass(frozen=True)
class StoredKeys:
    """Where this import's guardians are stored under another spelling of their number."""

    # The key in this import → the stored key that guardian is found under.
    renamed: dict[str, str] = field(default_factory=dict)
    # The key in this import → more stored records of the same number, each connected to
    # its own Telegram account: kept too, since deactivating one cuts a parent off.
    also: dict[str, list[str]] = field(default_factory=dict)


def spelled_twice(stored: Iterable[str], incoming: Iterable[str]) -> set[str]:
    """The stored keys of numbers stored under more than one spelling: for these, which
    record is in use decides which is the guardian (see `stored_phone_keys`)."""
    return {key for keys in _spellings(stored, incoming).values() if len(keys) > 1 for key in keys}


def stored_phone_keys(
    stored: Iterable[str], incoming: Iterable[str], in_use: Mapping[str, Use] | None = None
) -> StoredKeys:
    """The stored phone keys an earlier version wrote differently, by the key the same
    number has in this import: a re-import finds those guardians under their stored key
    instead of replacing them with new, unlinked ones.

    The earlier version wrote `phone:+310612345678` for "+31 (0)6 …", and kept a foreign
    number written without its country code as a Dutch one ("0470 12 34 56" became
    `phone:+31470123456`, "0151 23456789" `phone:015123456789`, no Dutch numbers at all):
    that one is the foreign number with the same digits in this import, if there is
    exactly one. Where a number is stored under several spellings (the earlier version
    made two guardians of rows that spelled it two ways), the record connected to
    Telegram, else one with a history, is the guardian — the current spelling when none
    is; the others are duplicates, except a second connected one (`in_use`: see `Use`)."""
    use = in_use or {}
    found = StoredKeys()
    for current, spellings in _spellings(stored, incoming).items():
        # sorted() is stable: on a tie the current spelling, listed first, is kept.
        kept, *others = sorted(spellings, key=lambda key: use.get(key, Use.NONE), reverse=True)
        if kept != current:
            found.renamed[current] = kept
        connected = [key for key in others if use.get(key) is Use.CONNECTED]
        if connected and use.get(kept) is Use.CONNECTED:
            found.also[current] = connected
    return found


def _spellings(stored: Iterable[str], incoming: Iterable[str]) -> dict[str, list[str]]:
    """The stored keys of each number whose key is spelled differently now, by its key
    now: the current spelling first where it is stored too."""
    keys = set(stored)
    abroad = _abroad_by_national_digits(incoming)
    spellings: dict[str, list[str]] = {}
    for key in sorted(keys):
        if not key.startswith(_PHONE_KEY):
            continue
        written = key.removeprefix(_PHONE_KEY)
        try:
            current = _PHONE_KEY + phone_key(written)
        except ValueError:
            current = abroad.get(_digits_after_trunk(written), key)
        if current != key:
            spellings.setdefault(current, [current] if current in keys else []).append(key)
    return spellings


def _digits_after_trunk(written: str) -> str:
    """What follows the `+31` or the national `0` of a stored number; '' for others."""
    if written.startswith(SCHOOL_COUNTRY_CODE):
        return written.removeprefix(SCHOOL_COUNTRY_CODE)
    if written.startswith("0") and not written.startswith("00"):
        return written.removeprefix("0")
    return ""


def _abroad_by_national_digits(keys: Iterable[str]) -> dict[str, str]:
    """The foreign phone keys by the digits after their country code, where no two share
    them."""
    found: dict[str, list[str]] = {}
    for key in keys:
        number = key.removeprefix(_PHONE_KEY)
        if key.startswith(_PHONE_KEY) and not number.startswith(SCHOOL_COUNTRY_CODE):
            found.setdefault(national_digits(number), []).append(key)
    return {digits: only for digits, (only, *others) in found.items() if not others}


def with_stored_keys(roster: Roster, stored: StoredKeys) -> Roster:
    """The roster with its guardians under the keys they are stored with, and a second
    connected record of one parent kept beside the first, with a warning (see
    `stored_phone_keys`)."""
    if not (stored.renamed.keys() | stored.also.keys()) & roster.guardians.keys():
        return roster

    def keys(k: str) -> list[str]:
        return [stored.renamed.get(k, k), *stored.also.get(k, [])]

    warnings = [
        Remark(
            0,
            f"guardian {guardian.name!r} ({guardian.phone}) is stored {len(keys(k))} times"
            " by an earlier version, each connected to a Telegram account of its own: all"
            " stay active and get the messages",
        )
        for k, guardian in roster.guardians.items()
        if k in stored.also
    ]
    return replace(
        roster,
        guardians={
            key: replace(g, key=key) for k, g in roster.guardians.items() for key in keys(k)
        },
        links={
            (pupil, key): replace(link, guardian_key=key)
            for (pupil, k), link in roster.links.items()
            for key in keys(k)
        },
        warnings=[*roster.warnings, *warnings],
    )


def parse_roster(table: Table, default_language: str) -> Roster:
    """Turn the rows of a roster export into records; FileRejected lists every problem."""
    roster = Roster(has_enrolment_dates="enrolled_on" in table.columns)
    problems: list[Problem] = []
    seen_on: dict[object, int] = {}
    for row in table.rows:
        problems.extend(_add_row(roster, row, default_language, seen_on))
    if problems:
        raise FileRejected(problems)
    linked = {pupil_id for pupil_id, _ in roster.links}
    roster.warnings.extend(
        Problem(seen_on[("PupilRecord", pid)], f"pupil {pid} ({pupil.full_name}) has no guardian")
        for pid, pupil in roster.pupils.items()
        if pid not in linked
    )
    return roster


def _add_row(
    roster: Roster, row: Row, default_language: str, seen_on: dict[object, int]
) -> list[Problem]:
    pupil_id = row.get("pupil_id")
    if not pupil_id:
        return [Problem(row.line, "empty pupil number")]
    try:
        group = parse_group(row.get("group"))
    except ValueError as error:
        return [Problem(row.line, str(error))]
    if not row.get("first_name") or not row.get("last_name"):
        return [Problem(row.line, f"pupil {pupil_id} has no first or last name")]
    try:
        enrolled_on = parse_enrolment_date(row.get("enrolled_on"))
    except ValueError as error:
        return [Problem(row.line, f"pupil {pupil_id}: {error}")]
    pupil = PupilRecord(
        pupil_id,
        row.get("first_name"),
        row.get("name_prefix"),
        row.get("last_name"),
        group,
        enrolled_on,
    )
    problems = _merge(roster.pupils, pupil_id, pupil, row.line, seen_on, f"pupil {pupil_id}")

    name, email, phone = (
        row.get("guardian_name"),
        row.get("guardian_email").lower(),
        row.get("guardian_phone"),
    )
    if not (name or email or phone or row.get("guardian_id")):
        return problems
    if not name:
        return [*problems, Problem(row.line, f"pupil {pupil_id}: guardian name is empty")]
    if phone and is_no_number(phone):
        roster.warnings.append(Problem(row.line, f"guardian {name!r}: {read_as_no_phone(phone)}"))
        phone = ""
    try:
        phone = phone_number(phone) if phone else ""
        key = guardian_key(row.get("guardian_id"), email, phone)
    except ValueError as error:
        return [*problems, Problem(row.line, f"guardian {name!r}: {error}")]
    if key in roster.guardians:
        phone = _as_first_written(roster.guardians[key].phone, phone)
    if key is None:
        reason = f"guardian {name!r} needs a guardian number, e-mail or phone to be told apart"
        return [*problems, Problem(row.line, reason)]
    language, language_problem = _language(row, default_language)
    if language_problem:
        roster.warnings.append(language_problem)
    guardian = GuardianRecord(
        key, name, email, phone, language, language_problem is None and bool(row.get("language"))
    )
    problems += _merge(roster.guardians, key, guardian, row.line, seen_on, f"guardian {name!r}")
    link = LinkRecord(pupil_id, key, row.get("relation"), row.get("household"))
    problems += _merge(
        roster.links, (pupil_id, key), link, row.line, seen_on, f"pupil {pupil_id} and {name!r}"
    )
    return problems


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DUTCH_DATE = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")


def parse_enrolment_date(written: str) -> date | None:
    """An enrolment date as administrations write it: ISO (2026-09-01) or Dutch day-month
    order (1-9-2026, 01-09-2026, 1/9/2026); None when left empty. A two-digit year or a
    month first is refused rather than guessed: a wrong date invites the wrong parents."""
    if not written:
        return None
    iso, dutch = _ISO_DATE.match(written), _DUTCH_DATE.match(written)
    try:
        if iso:
            return date.fromisoformat(written)
        if dutch:
            day, month, year = (int(part) for part in dutch.groups())
            return date(year, month, day)
    except ValueError:
        raise ValueError(f"enrolment date {written!r} is not a real date") from None
    raise ValueError(f"enrolment date {written!r} should look like 2026-09-01 or 1-9-2026")


def keep_stored_enrolment(
    incoming: Mapping[str, PupilRecord], current: Mapping[str, Known[PupilRecord]]
) -> dict[str, PupilRecord]:
    """A file without the enrolment-date column keeps the dates an earlier file gave:
    an export made without that column does not make every newcomer an old hand."""
    return {
        key: replace(record, enrolled_on=current[key].record.enrolled_on)
        if key in current
        else record
        for key, record in incoming.items()
    }


K = TypeVar("K")
R = TypeVar("R")


def _merge(
    records: dict[K, R], key: K, record: R, line: int, seen_on: dict[object, int], what: str
) -> list[Problem]:
    """Keep a record; the same key again must carry the same data."""
    tagged = (type(record).__name__, key)
    existing = records.get(key)
    if existing is None:
        records[key] = record
        seen_on[tagged] = line
        return []
    if existing == record:
        return []
    first = seen_on[tagged]
    return [Problem(line, f"{what} differs from line {first}: {_difference(existing, record)}")]


def _difference(old: object, new: object) -> str:
    fields = [
        f"{name} {getattr(old, name)!s} vs {getattr(new, name)!s}"
        for name in old.__dataclass_fields__  # type: ignore[attr-defined]
        if getattr(old, name) != getattr(new, name)
    ]
    return "; ".join(fields)


def _as_first_written(first: str, phone: str) -> str:
    """One guardian's number as the first row wrote it, when a later row writes the same
    number differently ("06-1234 5678", "+31 6 12345678"): that is no conflict."""
    same = first and phone and phone_key(first) == phone_key(phone)
    return first if same else phone


def _language(row: Row, default_language: str) -> tuple[str, Problem | None]:
    written = row.get("language")
    if not written:
        return default_language, None
    code = language_from_text(written)
    if code is None:
        reason = f"language {written!r} is not available yet; using {default_language!r}"
        return default_language, Problem(row.line, reason)
    return code, None
