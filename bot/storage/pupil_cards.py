"""The child's card before the talk: where the parent and child are, and each item's answer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from bot.domain.clock import from_db, to_db
from bot.domain.pupil_card import JOINING_YES, CardAnswer, CardBand
from bot.domain.questions import JOINING, chosen
from bot.storage.rows import first_row

Key = tuple[int, int, int]  # (round, pupil, guardian)


@dataclass(frozen=True)
class StoredCard:
    guardian_id: int
    band: CardBand
    language: str
    current: str | None  # the item being answered; None: the end of the card
    submitted_at: datetime | None
    answers: dict[str, CardAnswer]


async def parents_said_joining(conn: aiosqlite.Connection, round_id: int, pupil_id: int) -> bool:
    """Whether a parent answered "yes, my child will join" in the round's questions."""
    sql = (
        "SELECT 1 FROM answers WHERE round_id = ? AND pupil_id = ? AND question = ?"
        " AND text = ? AND skipped = 0"
    )
    said = chosen(JOINING_YES)
    return await first_row(conn, sql, (round_id, pupil_id, JOINING.key, said.text)) is not None


async def _answers(conn: aiosqlite.Connection, key: Key) -> dict[str, CardAnswer]:
    sql = (
        "SELECT item, pictures, text, voice_file_id, skipped FROM pupil_card_items"
        " WHERE round_id = ? AND pupil_id = ? AND guardian_id = ?"
    )
    rows = await conn.execute_fetchall(sql, key)
    return {
        row["item"]: CardAnswer(
            tuple(p for p in row["pictures"].split(",") if p),
            row["text"],
            row["voice_file_id"],
            bool(row["skipped"]),
        )
        for row in rows
    }


def _card(row: aiosqlite.Row, answers: dict[str, CardAnswer]) -> StoredCard:
    submitted = row["submitted_at"]
    return StoredCard(
        row["guardian_id"],
        CardBand(row["band"]),
        row["language"],
        row["current"],
        from_db(submitted) if submitted else None,
        answers,
    )


_COLUMNS = "guardian_id, band, language, current, submitted_at"


async def card_of(conn: aiosqlite.Connection, key: Key) -> StoredCard | None:
    sql = (
        f"SELECT {_COLUMNS} FROM pupil_cards"
        " WHERE round_id = ? AND pupil_id = ? AND guardian_id = ?"
    )
    row = await first_row(conn, sql, key)
    return _card(row, await _answers(conn, key)) if row else None


async def cards_about(conn: aiosqlite.Connection, round_id: int, pupil_id: int) -> list[StoredCard]:
    """Every card about the pupil in the round (one per parent who helped), newest last."""
    sql = (
        f"SELECT {_COLUMNS} FROM pupil_cards WHERE round_id = ? AND pupil_id = ?"
        " ORDER BY updated_at, guardian_id"
    )
    rows = await conn.execute_fetchall(sql, (round_id, pupil_id))
    return [
        _card(row, await _answers(conn, (round_id, pupil_id, row["guardian_id"]))) for row in rows
    ]


async def start_card(
    conn: aiosqlite.Connection, key: Key, band: CardBand, language: str, now: datetime
) -> None:
    """Open the card (kept as it is when it exists: the band it was started with stays)."""
    await conn.execute(
        "INSERT INTO pupil_cards (round_id, pupil_id, guardian_id, band, language, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (round_id, pupil_id, guardian_id) DO NOTHING",
        (*key, band.value, language, to_db(now)),
    )


async def set_current(
    conn: aiosqlite.Connection, key: Key, current: str | None, now: datetime
) -> None:
    await conn.execute(
        "UPDATE pupil_cards SET current = ?, updated_at = ?"
        " WHERE round_id = ? AND pupil_id = ? AND guardian_id = ?",
        (current, to_db(now), *key),
    )


async def save_item(
    conn: aiosqlite.Connection,
    key: Key,
    item: str,
    answer: CardAnswer,
    language: str,
    now: datetime,
) -> None:
    """Keep one item's answer; the card remembers the language the words were written in."""
    await conn.execute(
        "INSERT INTO pupil_card_items (round_id, pupil_id, guardian_id, item, pictures, text,"
        " voice_file_id, skipped, answered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (round_id, pupil_id, guardian_id, item) DO UPDATE SET"
        " pictures = excluded.pictures, text = excluded.text,"
        " voice_file_id = excluded.voice_file_id, skipped = excluded.skipped,"
        " answered_at = excluded.answered_at",
        (
            *key,
            item,
            ",".join(answer.pictures),
            answer.text,
            answer.voice_file_id,
            int(answer.skipped),
            to_db(now),
        ),
    )
    await conn.execute(
        "UPDATE pupil_cards SET language = ?, updated_at = ?"
        " WHERE round_id = ? AND pupil_id = ? AND guardian_id = ?",
        (language, to_db(now), *key),
    )


async def mark_submitted(conn: aiosqlite.Connection, key: Key, now: datetime) -> None:
    await conn.execute(
        "UPDATE pupil_cards SET submitted_at = ?, current = NULL"
        " WHERE round_id = ? AND pupil_id = ? AND guardian_id = ?",
        (to_db(now), *key),
    )
