"""Machine translations of free text: one row per text, source and target language.

A text is found by the SHA-256 of its words, so the same agreement sent to ten Arabic
parents is translated once; the original is stored with it, for the translator to read
and for anyone checking what the engine was given.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass

import aiosqlite

from bot.domain.machine_translation import Translated
from bot.storage.rows import first_row


def text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Wanted:
    """A translation still to make: what the translator reads before calling the engine."""

    id: int
    original: str
    source: str
    target: str
    protected: tuple[str, ...]


async def engine(conn: aiosqlite.Connection) -> str | None:
    """The engine this bot runs with (None: machine translation is off)."""
    row = await first_row(conn, "SELECT name FROM machine_translation_engine")
    return str(row["name"]) if row else None


async def set_engine(conn: aiosqlite.Connection, name: str | None) -> None:
    await conn.execute("DELETE FROM machine_translation_engine")
    if name is not None:
        await conn.execute(
            "INSERT INTO machine_translation_engine (id, name) VALUES (1, ?)", (name,)
        )


async def record_wanted(
    conn: aiosqlite.Connection,
    text: str,
    source: str,
    targets: Iterable[str],
    protected: Iterable[str],
) -> int:
    """Ask for the text in each target; a failed attempt is asked for again. Returns how
    many rows became pending (new or asked again)."""
    key = text_key(text)
    names = json.dumps(sorted(set(protected)), ensure_ascii=False)
    added = 0
    for target in targets:
        cursor = await conn.execute(
            "INSERT INTO machine_translations (text_sha256, source, target, original, protected)"
            " VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (text_sha256, source, target) DO UPDATE"
            " SET status = 'pending', protected = excluded.protected, engine = NULL"
            " WHERE status = 'failed'",
            (key, source, target, text, names),
        )
        added += cursor.rowcount
    return added


async def any_pending(
    conn: aiosqlite.Connection, text: str, source: str, targets: Iterable[str]
) -> bool:
    wanted = list(targets)
    if not wanted:
        return False
    marks = ", ".join("?" for _ in wanted)
    sql = (
        "SELECT 1 FROM machine_translations WHERE text_sha256 = ? AND source = ?"
        f" AND target IN ({marks}) AND status = 'pending' LIMIT 1"
    )
    return await first_row(conn, sql, (text_key(text), source, *wanted)) is not None


async def still_pending(conn: aiosqlite.Connection) -> bool:
    """Whether any translation waits, of any text."""
    sql = "SELECT 1 FROM machine_translations WHERE status = 'pending' LIMIT 1"
    return await first_row(conn, sql) is not None


async def done(
    conn: aiosqlite.Connection, text: str, source: str, target: str
) -> Translated | None:
    """The finished translation, if there is one."""
    sql = (
        "SELECT translation, engine FROM machine_translations"
        " WHERE text_sha256 = ? AND source = ? AND target = ? AND status = 'done'"
    )
    row = await first_row(conn, sql, (text_key(text), source, target))
    if row is None:
        return None
    return Translated(text=row["translation"], source=source, engine=row["engine"])


async def pending(conn: aiosqlite.Connection, limit: int = 50) -> list[Wanted]:
    """Translations to make, oldest first."""
    sql = (
        "SELECT id, original, source, target, protected FROM machine_translations"
        " WHERE status = 'pending' ORDER BY id LIMIT ?"
    )
    rows = await conn.execute_fetchall(sql, (limit,))
    return [
        Wanted(
            id=row["id"],
            original=row["original"],
            source=row["source"],
            target=row["target"],
            protected=tuple(json.loads(row["protected"])),
        )
        for row in rows
    ]


async def store(
    conn: aiosqlite.Connection, row_id: int, engine_name: str, translation: str | None
) -> None:
    """The engine's answer: the translation (done), or None (failed: shown untranslated)."""
    # The names kept out of the engine are needed no more: they are not kept either.
    await conn.execute(
        "UPDATE machine_translations SET status = ?, translation = ?, engine = ?,"
        " protected = '[]' WHERE id = ? AND status = 'pending'",
        ("failed" if translation is None else "done", translation, engine_name, row_id),
    )
