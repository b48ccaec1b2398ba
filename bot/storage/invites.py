"""Invitation code rows and the Telegram accounts they link."""

from __future__ import annotations

from dataclasses import dataclass

import aiosqlite

from bot.domain.person_kind import PersonKind
from bot.storage.people import PERSON_TABLES
from bot.storage.rows import first_row


@dataclass(frozen=True)
class CodeRow:
    id: int
    person_kind: PersonKind
    person_id: int
    generation: int
    redeemed_by_user_id: int | None


async def current_generations(
    conn: aiosqlite.Connection, person_kind: PersonKind
) -> dict[int, int]:
    """The live (unrevoked) code generation of each person of a kind."""
    sql = (
        "SELECT person_id, generation FROM invite_codes"
        " WHERE person_kind = ? AND revoked_at IS NULL"
    )
    rows = await conn.execute_fetchall(sql, (person_kind,))
    return {row["person_id"]: row["generation"] for row in rows}


async def last_generations(
    conn: aiosqlite.Connection, person_kind: PersonKind, person_id: int | None = None
) -> dict[int, int]:
    """The highest generation ever issued to each person of a kind (revoked ones count: a
    renewed code must never repeat an old one); one query for a whole school."""
    sql = "SELECT person_id, MAX(generation) AS last FROM invite_codes WHERE person_kind = ?"
    params: tuple[str | int, ...] = (person_kind,)
    if person_id is not None:
        sql += " AND person_id = ?"
        params += (person_id,)
    rows = await conn.execute_fetchall(sql + " GROUP BY person_id", params)
    return {row["person_id"]: row["last"] for row in rows}


@dataclass(frozen=True)
class NewCode:
    person_kind: PersonKind
    person_id: int
    generation: int
    code_hash: str


async def insert_codes(conn: aiosqlite.Connection, codes: list[NewCode], now: str) -> None:
    """Store many codes in one statement: issuing a school's first codes is one batch."""
    await conn.executemany(
        "INSERT INTO invite_codes (person_kind, person_id, generation, code_hash, created_at)"
        " VALUES (?, ?, ?, ?, ?)",
        [(c.person_kind, c.person_id, c.generation, c.code_hash, now) for c in codes],
    )


async def revoke_codes(
    conn: aiosqlite.Connection, person_kind: PersonKind, person_id: int, now: str
) -> None:
    await conn.execute(
        "UPDATE invite_codes SET revoked_at = ?"
        " WHERE person_kind = ? AND person_id = ? AND revoked_at IS NULL",
        (now, person_kind, person_id),
    )


async def find_live_code(conn: aiosqlite.Connection, code_hash: str) -> CodeRow | None:
    sql = (
        "SELECT id, person_kind, person_id, generation, redeemed_by_user_id FROM invite_codes"
        " WHERE code_hash = ? AND revoked_at IS NULL"
    )
    row = await first_row(conn, sql, (code_hash,))
    if row is None:
        return None
    return CodeRow(
        row["id"],
        PersonKind(row["person_kind"]),
        row["person_id"],
        row["generation"],
        row["redeemed_by_user_id"],
    )


async def mark_redeemed(conn: aiosqlite.Connection, code_id: int, user_id: int, now: str) -> None:
    await conn.execute(
        "UPDATE invite_codes SET redeemed_at = ?, redeemed_by_user_id = ? WHERE id = ?",
        (now, user_id, code_id),
    )


async def person_is_active(
    conn: aiosqlite.Connection, person_kind: PersonKind, person_id: int
) -> bool:
    table = PERSON_TABLES[person_kind]
    row = await first_row(conn, f"SELECT active FROM {table} WHERE id = ?", (person_id,))
    return bool(row and row["active"])


async def linked_person(
    conn: aiosqlite.Connection, person_kind: PersonKind, telegram_user_id: int
) -> int | None:
    """The active person of this kind that a Telegram account is linked to."""
    table = PERSON_TABLES[person_kind]
    sql = f"SELECT id FROM {table} WHERE telegram_user_id = ? AND active = 1"
    row = await first_row(conn, sql, (telegram_user_id,))
    return row["id"] if row else None


async def link_account(
    conn: aiosqlite.Connection,
    person_kind: PersonKind,
    person_id: int,
    telegram_user_id: int,
    chat_id: int,
    now: str,
) -> None:
    table = PERSON_TABLES[person_kind]
    # A deactivated record may still hold this account; release it first (UNIQUE column).
    await conn.execute(
        f"UPDATE {table} SET telegram_user_id = NULL, telegram_chat_id = NULL"
        " WHERE telegram_user_id = ? AND id != ?",
        (telegram_user_id, person_id),
    )
    await conn.execute(
        f"UPDATE {table} SET telegram_user_id = ?, telegram_chat_id = ?, linked_at = ?"
        " WHERE id = ?",
        (telegram_user_id, chat_id, now, person_id),
    )


async def set_account_language(
    conn: aiosqlite.Connection, telegram_user_id: int, language: str, now: str
) -> int:
    """Store a language the person chose on every active record the account is linked to.

    `language_chosen` is what keeps later roster imports from overwriting it. Returns how
    many records changed (0: the account is linked to nobody active).
    """
    changed = 0
    for table in PERSON_TABLES.values():
        sql = (
            f"UPDATE {table} SET language = ?, language_chosen = 1, language_chosen_at = ?,"
            " updated_at = ? WHERE telegram_user_id = ? AND active = 1"
        )
        cursor = await conn.execute(sql, (language, now, now, telegram_user_id))
        changed += cursor.rowcount
    return changed


async def preselect_language(
    conn: aiosqlite.Connection, person_kind: PersonKind, person_id: int, language: str
) -> None:
    """Take the language Telegram reports, unless the person chose one or the file named one."""
    table = PERSON_TABLES[person_kind]
    await conn.execute(
        f"UPDATE {table} SET language = ? WHERE id = ? AND language_chosen = 0"
        " AND language_known = 0",
        (language, person_id),
    )
