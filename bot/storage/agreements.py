"""Talk records and their agreements, the parents' replies and their follow-up marks."""

from __future__ import annotations

import json
from datetime import date, datetime

import aiosqlite

from bot.domain.agreements import Agreement, ChildGoal, Record, Words
from bot.domain.clock import to_db
from bot.storage.rows import first_row


def _words(text: str, language: str, phrase: str | None, params: str) -> Words:
    return Words(text, language, phrase, json.loads(params) if phrase else {})


def _child_goal(stored: str | None) -> ChildGoal | None:
    if stored is None:
        return None
    pictures = json.loads(stored)
    return ChildGoal(tuple(pictures.get("topics", ())), tuple(pictures.get("needs_from", ())))


async def record_of(conn: aiosqlite.Connection, booking_id: int) -> Record | None:
    sql = (
        "SELECT booking_id, staff_id, held, evaluate_on, talking_points, talking_phrase,"
        " talking_params, language, follow_up, version, follow_up_round_id"
        " FROM talk_records WHERE booking_id = ?"
    )
    row = await first_row(conn, sql, (booking_id,))
    if row is None:
        return None
    sql = (
        "SELECT id, owner, text, language, phrase, params, due_on, child_goal FROM agreements"
        " WHERE booking_id = ? ORDER BY id"
    )
    agreements = tuple(
        Agreement(
            a["id"],
            a["owner"],
            _words(a["text"], a["language"], a["phrase"], a["params"]),
            date.fromisoformat(a["due_on"]) if a["due_on"] else None,
            _child_goal(a["child_goal"]),
        )
        for a in await conn.execute_fetchall(sql, (booking_id,))
    )
    return Record(
        row["booking_id"],
        row["staff_id"],
        bool(row["held"]),
        date.fromisoformat(row["evaluate_on"]) if row["evaluate_on"] else None,
        _words(
            row["talking_points"], row["language"], row["talking_phrase"], row["talking_params"]
        ),
        bool(row["follow_up"]),
        row["version"],
        agreements,
        row["follow_up_round_id"],
    )


async def create_record(
    conn: aiosqlite.Connection, booking_id: int, staff_id: int, held: bool, now: datetime
) -> None:
    await conn.execute(
        "INSERT INTO talk_records (booking_id, staff_id, held, created_at) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (booking_id) DO NOTHING",
        (booking_id, staff_id, int(held), to_db(now)),
    )


async def add_agreement(
    conn: aiosqlite.Connection,
    booking_id: int,
    owner: str,
    words: Words,
    due_on: date | None,
    *,
    child_goal: ChildGoal | None = None,
) -> None:
    """One agreement; with `child_goal` it is the pupil's own goal (one per talk)."""
    goal = (
        json.dumps({"topics": list(child_goal.topics), "needs_from": list(child_goal.needs_from)})
        if child_goal is not None
        else None
    )
    await conn.execute(
        "INSERT INTO agreements (booking_id, owner, text, language, phrase, params, due_on,"
        " child_goal) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            booking_id,
            owner,
            words.text,
            words.language,
            words.phrase,
            json.dumps(dict(words.params), sort_keys=True),
            due_on.isoformat() if due_on else None,
            goal,
        ),
    )


async def set_talking_points(conn: aiosqlite.Connection, booking_id: int, words: Words) -> None:
    await conn.execute(
        "UPDATE talk_records SET talking_points = ?, language = ?, talking_phrase = ?,"
        " talking_params = ? WHERE booking_id = ?",
        (
            words.text,
            words.language,
            words.phrase,
            json.dumps(dict(words.params), sort_keys=True),
            booking_id,
        ),
    )


async def set_due(conn: aiosqlite.Connection, agreement_id: int, due_on: date) -> None:
    await conn.execute(
        "UPDATE agreements SET due_on = ? WHERE id = ?", (due_on.isoformat(), agreement_id)
    )


async def update_record(conn: aiosqlite.Connection, booking_id: int, **fields: object) -> None:
    """Set some of evaluate_on, follow_up, follow_up_round_id (names are this module's own)."""
    allowed = {"evaluate_on", "follow_up", "follow_up_round_id"}
    names = [name for name in fields if name in allowed]
    assignments = ", ".join(f"{name} = ?" for name in names)
    values = [fields[name] for name in names]
    await conn.execute(
        f"UPDATE talk_records SET {assignments} WHERE booking_id = ?", (*values, booking_id)
    )


async def mark_sent(conn: aiosqlite.Connection, booking_id: int, now: datetime) -> int:
    await conn.execute(
        "UPDATE talk_records SET version = version + 1, sent_at = ? WHERE booking_id = ?",
        (to_db(now), booking_id),
    )
    record = await record_of(conn, booking_id)
    return record.version if record else 0


async def reply(
    conn: aiosqlite.Connection,
    booking_id: int,
    guardian_id: int,
    *,
    now: datetime,
    question: str | None = None,
) -> None:
    """A parent understood the agreements, or asked a question about them."""
    await conn.execute(
        "INSERT INTO agreement_replies (booking_id, guardian_id, understood_at, question)"
        " VALUES (?, ?, ?, ?) ON CONFLICT (booking_id, guardian_id) DO UPDATE SET"
        " understood_at = coalesce(excluded.understood_at, understood_at),"
        " question = CASE WHEN excluded.question != '' THEN excluded.question ELSE question END",
        (booking_id, guardian_id, None if question else to_db(now), question or ""),
    )


async def question_of(conn: aiosqlite.Connection, booking_id: int, guardian_id: int) -> str:
    sql = "SELECT question FROM agreement_replies WHERE booking_id = ? AND guardian_id = ?"
    row = await first_row(conn, sql, (booking_id, guardian_id))
    return row["question"] if row else ""


async def mark_progress(
    conn: aiosqlite.Connection, agreement_id: int, guardian_id: int, status: str, now: datetime
) -> None:
    await conn.execute(
        "INSERT INTO agreement_progress (agreement_id, guardian_id, status, created_at)"
        " VALUES (?, ?, ?, ?) ON CONFLICT (agreement_id, guardian_id) DO UPDATE SET"
        " status = excluded.status, created_at = excluded.created_at",
        (agreement_id, guardian_id, status, to_db(now)),
    )


async def answer_child_goal(
    conn: aiosqlite.Connection,
    agreement_id: int,
    guardian_id: int,
    question: str,
    answer: str,
    now: datetime,
) -> None:
    """The child's answer to one feedback question about their goal, pressed on this
    parent's phone; a new press replaces the earlier answer."""
    await conn.execute(
        "INSERT INTO child_goal_answers (agreement_id, guardian_id, question, answer,"
        " created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (agreement_id, guardian_id, question)"
        " DO UPDATE SET answer = excluded.answer, created_at = excluded.created_at",
        (agreement_id, guardian_id, question, answer, to_db(now)),
    )


async def child_goal_answers(
    conn: aiosqlite.Connection, agreement_id: int, guardian_id: int
) -> dict[str, str]:
    """question -> answer, as the child answered on this parent's phone."""
    sql = (
        "SELECT question, answer FROM child_goal_answers WHERE agreement_id = ? AND guardian_id = ?"
    )
    rows = await conn.execute_fetchall(sql, (agreement_id, guardian_id))
    return {row["question"]: row["answer"] for row in rows}


async def booking_of_agreement(conn: aiosqlite.Connection, agreement_id: int) -> int | None:
    row = await first_row(conn, "SELECT booking_id FROM agreements WHERE id = ?", (agreement_id,))
    return row["booking_id"] if row else None


async def progress_marks(conn: aiosqlite.Connection, booking_id: int) -> dict[tuple[int, int], str]:
    """(agreement id, guardian id) -> status, for one talk's agreements."""
    sql = """
        SELECT p.agreement_id, p.guardian_id, p.status FROM agreement_progress p
        JOIN agreements a ON a.id = p.agreement_id WHERE a.booking_id = ?
    """
    rows = await conn.execute_fetchall(sql, (booking_id,))
    return {(row[0], row[1]): row[2] for row in rows}


async def sent_records(conn: aiosqlite.Connection) -> list[tuple[int, int, int, int, str, int]]:
    """(booking, pupil, staff, version, evaluate_on, round) of every sent, held talk."""
    sql = """
        SELECT r.booking_id, b.pupil_id, r.staff_id, r.version, r.evaluate_on, b.round_id
        FROM talk_records r JOIN bookings b ON b.id = r.booking_id
        WHERE r.version > 0 AND r.held = 1 AND r.evaluate_on IS NOT NULL
    """
    rows = await conn.execute_fetchall(sql)
    return [tuple(row) for row in rows]


async def remove_agreement(conn: aiosqlite.Connection, agreement_id: int) -> None:
    await conn.execute("DELETE FROM agreement_progress WHERE agreement_id = ?", (agreement_id,))
    await conn.execute("DELETE FROM child_goal_answers WHERE agreement_id = ?", (agreement_id,))
    await conn.execute("DELETE FROM agreements WHERE id = ?", (agreement_id,))


async def look_back(
    conn: aiosqlite.Connection, booking_id: int, guardian_id: int, answer: str, now: datetime
) -> None:
    await conn.execute(
        "INSERT INTO look_backs (booking_id, guardian_id, answer, created_at) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (booking_id, guardian_id) DO UPDATE SET answer = excluded.answer,"
        " created_at = excluded.created_at",
        (booking_id, guardian_id, answer, to_db(now)),
    )


async def look_back_of(conn: aiosqlite.Connection, booking_id: int, guardian_id: int) -> str:
    sql = "SELECT answer FROM look_backs WHERE booking_id = ? AND guardian_id = ?"
    row = await first_row(conn, sql, (booking_id, guardian_id))
    return row["answer"] if row else ""


async def earlier_record(conn: aiosqlite.Connection, pupil_id: int, before: datetime) -> int | None:
    """The booking of the pupil's latest sent, held talk before a moment, if any."""
    sql = """
        SELECT r.booking_id FROM talk_records r
        JOIN bookings b ON b.id = r.booking_id JOIN slots s ON s.id = b.slot_id
        WHERE b.pupil_id = ? AND r.version > 0 AND r.held = 1 AND s.starts_at < ?
        ORDER BY s.starts_at DESC LIMIT 1
    """
    row = await first_row(conn, sql, (pupil_id, to_db(before)))
    return row["booking_id"] if row else None


async def missed_talk(conn: aiosqlite.Connection, round_id: int, pupil_id: int) -> bool:
    """Whether the parents did not come to this pupil's talk in the round."""
    sql = """
        SELECT 1 FROM talk_records tr JOIN bookings b ON b.id = tr.booking_id
        WHERE tr.held = 0 AND b.round_id = ? AND b.pupil_id = ?
    """
    return await first_row(conn, sql, (round_id, pupil_id)) is not None


async def read_by(
    conn: aiosqlite.Connection, booking_id: int, guardian_ids: list[int]
) -> list[tuple[str, bool]]:
    """The pupil's parents by name, and whether each pressed Understood."""
    if not guardian_ids:
        return []
    marks = ",".join("?" * len(guardian_ids))
    sql = f"""
        SELECT g.name, r.understood_at IS NOT NULL AS understood FROM guardians g
        LEFT JOIN agreement_replies r ON r.guardian_id = g.id AND r.booking_id = ?
        WHERE g.id IN ({marks}) ORDER BY g.name
    """
    rows = await conn.execute_fetchall(sql, (booking_id, *guardian_ids))
    return [(row["name"], bool(row["understood"])) for row in rows]


async def readers(conn: aiosqlite.Connection, guardian_ids: list[int]) -> list[tuple[str, str]]:
    """The parents who get the agreements, by name, with the language each reads."""
    if not guardian_ids:
        return []
    marks = ",".join("?" * len(guardian_ids))
    sql = f"SELECT name, language FROM guardians WHERE id IN ({marks}) ORDER BY name"
    rows = await conn.execute_fetchall(sql, guardian_ids)
    return [(row["name"], row["language"]) for row in rows]
