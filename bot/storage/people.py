"""Read models of people for lists and greetings: who they are and whom they belong to."""

from __future__ import annotations

import aiosqlite

from bot.domain.people import Person
from bot.domain.person_kind import PersonKind

# The table that holds each kind of person: one owner for the name that SQL is built with.
PERSON_TABLES = {PersonKind.GUARDIAN: "guardians", PersonKind.STAFF: "staff"}

_GUARDIANS = """
    SELECT g.id, g.name, g.language, g.telegram_user_id,
           group_concat(p.first_name || ' ' || trim(p.name_prefix || ' ' || p.last_name)
                        || ' (' || cg.name || ')', '|') AS children,
           group_concat(DISTINCT cg.name) AS groups,
           max(l.relation) AS relation
    FROM guardians g
    JOIN pupil_guardians l ON l.guardian_id = g.id AND l.active = 1
    JOIN pupils p ON p.id = l.pupil_id AND p.active = 1
    JOIN class_groups cg ON cg.id = p.group_id
    WHERE g.active = 1 {where}
    GROUP BY g.id
    ORDER BY min(cg.name), min(p.last_name), g.name
"""

_STAFF = """
    SELECT s.id, s.name, s.language, s.role, s.telegram_user_id,
           group_concat(cg.name) AS groups
    FROM staff s
    LEFT JOIN staff_groups sg ON sg.staff_id = s.id
    LEFT JOIN class_groups cg ON cg.id = sg.group_id
    WHERE s.active = 1 {where}
    GROUP BY s.id
    ORDER BY s.role != 'teacher', min(cg.name), s.name
"""


def _split(value: str | None, separator: str = ",") -> tuple[str, ...]:
    return tuple(sorted(set(value.split(separator)))) if value else ()


async def active_guardians(
    conn: aiosqlite.Connection,
    *,
    group: str | None = None,
    person_id: int | None = None,
) -> list[Person]:
    """Guardians with at least one active child."""
    where, params = _filter("g", group, person_id)
    rows = await conn.execute_fetchall(_GUARDIANS.format(where=where), params)
    return [_guardian(row) for row in rows]


def _guardian(row: aiosqlite.Row) -> Person:
    return Person(
        PersonKind.GUARDIAN,
        row["id"],
        row["name"],
        row["language"],
        row["relation"] or "",
        _split(row["children"], "|"),
        _split(row["groups"]),
        row["telegram_user_id"] is not None,
    )


async def active_staff(
    conn: aiosqlite.Connection,
    *,
    group: str | None = None,
    person_id: int | None = None,
) -> list[Person]:
    """Active staff members."""
    where, params = _filter("s", group, person_id)
    rows = await conn.execute_fetchall(_STAFF.format(where=where), params)
    return [_staff(row) for row in rows]


def _staff(row: aiosqlite.Row) -> Person:
    return Person(
        PersonKind.STAFF,
        row["id"],
        row["name"],
        row["language"],
        row["role"],
        (),
        _split(row["groups"]),
        row["telegram_user_id"] is not None,
    )


# Both kinds of person linked to one account in one statement (asked for every update):
# the guardian first, as a teacher may also be a parent.
_BY_ACCOUNT = f"""
    SELECT 0 AS kind_rank, id, name, language, telegram_user_id, children, groups, relation,
           NULL AS role
    FROM ({_GUARDIANS.format(where=" AND g.telegram_user_id = :account")})
    UNION ALL
    SELECT 1, id, name, language, telegram_user_id, NULL, groups, NULL, role
    FROM ({_STAFF.format(where=" AND s.telegram_user_id = :account")})
    ORDER BY kind_rank
"""


async def linked_to_account(conn: aiosqlite.Connection, account: int) -> list[Person]:
    """The active guardian and staff member linked to a Telegram account, in one statement
    (a read of its own, see `Database.read_statement`)."""
    rows = await conn.execute_fetchall(_BY_ACCOUNT, {"account": account})
    return [_staff(row) if row["kind_rank"] else _guardian(row) for row in rows]


# Filters select people, not rows, so a listing keeps all of a person's children/groups.
_IN_GROUP = {
    "g": "g.id IN (SELECT l2.guardian_id FROM pupil_guardians l2"
    " JOIN pupils p2 ON p2.id = l2.pupil_id AND p2.active = 1"
    " WHERE l2.active = 1 AND p2.group_id = (SELECT id FROM class_groups WHERE name = ?))",
    "s": "s.id IN (SELECT staff_id FROM staff_groups"
    " WHERE group_id = (SELECT id FROM class_groups WHERE name = ?))",
}


def _filter(
    alias: str, group: str | None, person_id: int | None
) -> tuple[str, tuple[str | int, ...]]:
    clauses: list[str] = []
    params: list[str | int] = []
    if group is not None:
        clauses.append(_IN_GROUP[alias])
        params.append(group)
    if person_id is not None:
        clauses.append(f"{alias}.id = ?")
        params.append(person_id)
    return "".join(f" AND {c}" for c in clauses), tuple(params)
