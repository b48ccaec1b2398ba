"""Pupils, guardians and the links between them, read and written as roster records."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

import aiosqlite

from bot.domain.changes import Changes, Known
from bot.domain.groups import Group
from bot.domain.roster import GuardianRecord, LinkRecord, PupilRecord, Use

LinkKey = tuple[str, str]


async def load_pupils(conn: aiosqlite.Connection) -> dict[str, Known[PupilRecord]]:
    sql = """
        SELECT p.external_id, p.first_name, p.name_prefix, p.last_name, p.enrolled_on,
               p.active, g.name AS group_name, g.grade_low, g.grade_high
        FROM pupils p JOIN class_groups g ON g.id = p.group_id
    """
    rows = await conn.execute_fetchall(sql)
    return {
        row["external_id"]: Known(
            PupilRecord(
                row["external_id"],
                row["first_name"],
                row["name_prefix"],
                row["last_name"],
                Group(row["group_name"], row["grade_low"], row["grade_high"]),
                date.fromisoformat(row["enrolled_on"]) if row["enrolled_on"] else None,
            ),
            bool(row["active"]),
        )
        for row in rows
    }


async def load_guardians(
    conn: aiosqlite.Connection,
) -> tuple[dict[str, Known[GuardianRecord]], set[str]]:
    """Guardians by import key, and the keys of those who chose their own language."""
    sql = (
        "SELECT import_key, name, email, phone, language, language_chosen, language_known,"
        " active FROM guardians"
    )
    known: dict[str, Known[GuardianRecord]] = {}
    chosen: set[str] = set()
    rows = await conn.execute_fetchall(sql)
    for row in rows:
        record = GuardianRecord(
            row["import_key"],
            row["name"],
            row["email"],
            row["phone"],
            row["language"],
            bool(row["language_known"]),
        )
        known[row["import_key"]] = Known(record, bool(row["active"]))
        if row["language_chosen"]:
            chosen.add(row["import_key"])
    return known, chosen


async def load_links(conn: aiosqlite.Connection) -> dict[LinkKey, Known[LinkRecord]]:
    sql = """
        SELECT p.external_id, g.import_key, l.relation, l.household, l.active
        FROM pupil_guardians l
        JOIN pupils p ON p.id = l.pupil_id
        JOIN guardians g ON g.id = l.guardian_id
    """
    rows = await conn.execute_fetchall(sql)
    return {
        (row["external_id"], row["import_key"]): Known(
            LinkRecord(row["external_id"], row["import_key"], row["relation"], row["household"]),
            bool(row["active"]),
        )
        for row in rows
    }


async def apply_pupils(
    conn: aiosqlite.Connection,
    changes: Changes[str, PupilRecord],
    group_ids: dict[str, int],
    now: str,
) -> None:
    await conn.executemany(
        "INSERT INTO pupils (external_id, first_name, name_prefix, last_name, group_id,"
        " enrolled_on, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                p.external_id,
                p.first_name,
                p.name_prefix,
                p.last_name,
                group_ids[p.group.name],
                _iso(p.enrolled_on),
                now,
                now,
            )
            for p in changes.added.values()
        ],
    )
    await conn.executemany(
        "UPDATE pupils SET first_name = ?, name_prefix = ?, last_name = ?, group_id = ?,"
        " enrolled_on = ?, active = 1, deactivated_at = NULL, updated_at = ?"
        " WHERE external_id = ?",
        [
            (
                p.first_name,
                p.name_prefix,
                p.last_name,
                group_ids[p.group.name],
                _iso(p.enrolled_on),
                now,
                p.external_id,
            )
            for p in changes.updated.values()
        ],
    )
    await conn.executemany(
        "UPDATE pupils SET active = 0, deactivated_at = ?, updated_at = ? WHERE external_id = ?",
        [(now, now, key) for key in changes.deactivated],
    )


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


async def apply_guardians(
    conn: aiosqlite.Connection, changes: Changes[str, GuardianRecord], now: str
) -> None:
    await conn.executemany(
        "INSERT INTO guardians (import_key, name, email, phone, language, language_known,"
        " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (g.key, g.name, g.email, g.phone, g.language, g.language_known, now, now)
            for g in changes.added.values()
        ],
    )
    await conn.executemany(
        "UPDATE guardians SET name = ?, email = ?, phone = ?, language = ?, language_known = ?,"
        " active = 1,"
        " deactivated_at = NULL, updated_at = ? WHERE import_key = ?",
        [
            (g.name, g.email, g.phone, g.language, g.language_known, now, g.key)
            for g in changes.updated.values()
        ],
    )
    await conn.executemany(
        "UPDATE guardians SET active = 0, deactivated_at = ?, updated_at = ? WHERE import_key = ?",
        [(now, now, key) for key in changes.deactivated],
    )


async def apply_links(conn: aiosqlite.Connection, changes: Changes[LinkKey, LinkRecord]) -> None:
    pupil = "(SELECT id FROM pupils WHERE external_id = ?)"
    guardian = "(SELECT id FROM guardians WHERE import_key = ?)"
    await conn.executemany(
        f"INSERT INTO pupil_guardians (pupil_id, guardian_id, relation, household, active)"
        f" VALUES ({pupil}, {guardian}, ?, ?, 1)"
        " ON CONFLICT (pupil_id, guardian_id) DO UPDATE SET"
        " relation = excluded.relation, household = excluded.household, active = 1",
        [
            (link.pupil_id, link.guardian_key, link.relation, link.household)
            for link in (*changes.added.values(), *changes.updated.values())
        ],
    )
    await conn.executemany(
        f"UPDATE pupil_guardians SET active = 0 WHERE pupil_id = {pupil}"
        f" AND guardian_id = {guardian}",
        changes.deactivated,
    )


async def guardians_in_use(conn: aiosqlite.Connection, keys: Collection[str]) -> dict[str, Use]:
    """Of the guardians with these import keys, which are connected to Telegram and which
    have a history: a row of any table that refers to them besides their links."""
    if not keys:
        return {}
    sql = (
        'SELECT m.name AS tab, f."from" AS col FROM sqlite_master m'
        " JOIN pragma_foreign_key_list(m.name) f"
        " WHERE m.type = 'table' AND f.\"table\" = 'guardians' AND m.name <> 'pupil_guardians'"
    )
    rows = await conn.execute_fetchall(sql)
    refs = [(row["tab"], row["col"]) for row in rows]
    history = " OR ".join(f'EXISTS (SELECT 1 FROM "{t}" WHERE "{c}" = g.id)' for t, c in refs)
    marks = ", ".join("?" for _ in keys)
    sql = (
        f"SELECT import_key, telegram_user_id IS NOT NULL AS connected, {history or '0'}"
        f" AS history FROM guardians g WHERE import_key IN ({marks})"
    )
    rows = await conn.execute_fetchall(sql, list(keys))
    return {
        row["import_key"]: Use.CONNECTED
        if row["connected"]
        else Use.HISTORY
        if row["history"]
        else Use.NONE
        for row in rows
    }
