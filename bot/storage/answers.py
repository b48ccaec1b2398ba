"""Answers to the pre-talk questions and where each parent is in their questionnaire."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from bot.domain.answers import Answer
from bot.domain.clock import from_db, to_db
from bot.storage.rows import first_row

Key = tuple[int, int, int]  # (round, pupil, guardian)


@dataclass(frozen=True)
class Progress:
    current: str | None  # the question being answered; None: the summary
    reviewing: bool  # answering one changed question, then back to the summary
    submitted_at: datetime | None  # when the answers were last sent to the teacher


async def answers_of(conn: aiosqlite.Connection, key: Key) -> dict[str, Answer]:
    sql = (
        "SELECT question, text, voice_file_id, skipped FROM answers"
        " WHERE round_id = ? AND pupil_id = ? AND guardian_id = ?"
    )
    rows = await conn.execute_fetchall(sql, key)
    return {
        row["question"]: Answer(row["text"], row["voice_file_id"], bool(row["skipped"]))
        for row in rows
    }


async def save_answer(
    conn: aiosqlite.Connection, key: Key, question: str, answer: Answer, now: datetime
) -> None:
    await conn.execute(
        "INSERT INTO answers (round_id, pupil_id, guardian_id, question, text, voice_file_id,"
        " skipped, answered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (round_id, pupil_id, guardian_id, question) DO UPDATE SET"
        " text = excluded.text, voice_file_id = excluded.voice_file_id,"
        " skipped = excluded.skipped, answered_at = excluded.answered_at",
        (*key, question, answer.text, answer.voice_file_id, int(answer.skipped), to_db(now)),
    )


async def progress_of(conn: aiosqlite.Connection, key: Key) -> Progress | None:
    sql = (
        "SELECT current, reviewing, submitted_at FROM questionnaires"
        " WHERE round_id = ? AND pupil_id = ? AND guardian_id = ?"
    )
    row = await first_row(conn, sql, key)
    if row is None:
        return None
    submitted = row["submitted_at"]
    return Progress(
        row["current"], bool(row["reviewing"]), from_db(submitted) if submitted else None
    )


async def set_progress(
    conn: aiosqlite.Connection, key: Key, current: str | None, *, reviewing: bool
) -> None:
    await conn.execute(
        "INSERT INTO questionnaires (round_id, pupil_id, guardian_id, current, reviewing)"
        " VALUES (?, ?, ?, ?, ?) ON CONFLICT (round_id, pupil_id, guardian_id) DO UPDATE SET"
        " current = excluded.current, reviewing = excluded.reviewing",
        (*key, current, int(reviewing)),
    )


async def mark_submitted(conn: aiosqlite.Connection, key: Key, now: datetime) -> None:
    await conn.execute(
        "UPDATE questionnaires SET submitted_at = ?, current = NULL, reviewing = 0"
        " WHERE round_id = ? AND pupil_id = ? AND guardian_id = ?",
        (to_db(now), *key),
    )


async def submitted_guardians(
    conn: aiosqlite.Connection, round_id: int, pupil_id: int
) -> list[tuple[int, str]]:
    """(id, name) of the guardians who sent their answers about this pupil in this round."""
    sql = """
        SELECT g.id, g.name FROM questionnaires q JOIN guardians g ON g.id = q.guardian_id
        WHERE q.round_id = ? AND q.pupil_id = ? AND q.submitted_at IS NOT NULL
        ORDER BY q.submitted_at
    """
    rows = await conn.execute_fetchall(sql, (round_id, pupil_id))
    return [(row["id"], row["name"]) for row in rows]


async def guardian_name(conn: aiosqlite.Connection, guardian_id: int) -> str:
    row = await first_row(conn, "SELECT name FROM guardians WHERE id = ?", (guardian_id,))
    return row["name"] if row else ""


async def answered_pupils(
    conn: aiosqlite.Connection, staff_id: int, round_id: int
) -> list[tuple[int, str, str]]:
    """(pupil id, name, group) of the teacher's pupils with answers, or a child's card, sent
    in a round."""
    sql = """
        WITH sent AS (
            SELECT pupil_id FROM questionnaires WHERE round_id = :round AND submitted_at IS NOT NULL
            UNION
            SELECT pupil_id FROM pupil_cards WHERE round_id = :round AND submitted_at IS NOT NULL
        )
        SELECT DISTINCT p.id, p.first_name || ' ' || trim(p.name_prefix || ' ' || p.last_name),
               g.name
        FROM sent
        JOIN pupils p ON p.id = sent.pupil_id
        JOIN class_groups g ON g.id = p.group_id
        JOIN staff_groups sg ON sg.group_id = p.group_id AND sg.staff_id = :staff
        ORDER BY g.name, p.last_name, p.first_name
    """
    rows = await conn.execute_fetchall(sql, {"staff": staff_id, "round": round_id})
    return [(row[0], row[1], row[2]) for row in rows]
