"""Conversations between parents and teachers, as rows: they survive a restart."""

from __future__ import annotations

from datetime import datetime

import aiosqlite

from bot.domain.clock import from_db, to_db
from bot.domain.conversations import Conversation, Message, Topic, Words
from bot.domain.person_kind import PersonKind
from bot.storage.rows import first_row

_PUPIL_NAME = "p.first_name || ' ' || trim(p.name_prefix || ' ' || p.last_name)"


async def create(
    conn: aiosqlite.Connection,
    pupil_id: int,
    guardian_id: int,
    topic: Topic,
    staff_ids: tuple[int, ...],
    now: datetime,
    booking_id: int | None = None,
) -> int:
    cursor = await conn.execute(
        "INSERT INTO conversations (pupil_id, guardian_id, topic, booking_id, created_at)"
        " VALUES (?, ?, ?, ?, ?)",
        (pupil_id, guardian_id, topic, booking_id, to_db(now)),
    )
    conversation_id = cursor.lastrowid
    assert conversation_id is not None
    await conn.executemany(
        "INSERT INTO conversation_staff (conversation_id, staff_id) VALUES (?, ?)",
        [(conversation_id, staff_id) for staff_id in staff_ids],
    )
    return conversation_id


async def join(conn: aiosqlite.Connection, conversation_id: int, staff_id: int) -> None:
    """A teacher who answers takes part from then on: the parent's replies reach them."""
    await conn.execute(
        "INSERT INTO conversation_staff (conversation_id, staff_id) VALUES (?, ?)"
        " ON CONFLICT DO NOTHING",
        (conversation_id, staff_id),
    )


async def add_message(
    conn: aiosqlite.Connection,
    conversation_id: int,
    author: tuple[PersonKind, int],
    words: Words,
    language: str,
    *,
    reaches_at: datetime,
    now: datetime,
    urgent: bool = False,
) -> int:
    cursor = await conn.execute(
        "INSERT INTO conversation_messages (conversation_id, author_kind, author_id, text,"
        " voice_file_id, language, urgent, reaches_at, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            conversation_id,
            author[0],
            author[1],
            words.text,
            words.voice_file_id,
            language,
            int(urgent),
            to_db(reaches_at),
            to_db(now),
        ),
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


async def conversation(conn: aiosqlite.Connection, conversation_id: int) -> Conversation | None:
    sql = "SELECT id, pupil_id, guardian_id, topic, booking_id FROM conversations WHERE id = ?"
    row = await first_row(conn, sql, (conversation_id,))
    if row is None:
        return None
    sql = "SELECT staff_id FROM conversation_staff WHERE conversation_id = ? ORDER BY staff_id"
    staff_ids = tuple(r["staff_id"] for r in await conn.execute_fetchall(sql, (conversation_id,)))
    return Conversation(
        row["id"], row["pupil_id"], row["guardian_id"], Topic(row["topic"]), row["booking_id"],
        staff_ids,
    )  # fmt: skip


_MESSAGES = """
    SELECT m.id, m.conversation_id, m.author_kind, m.author_id, m.text, m.voice_file_id,
           m.language, m.urgent, m.reaches_at, m.created_at,
           coalesce(g.name, s.name, '') AS author_name
    FROM conversation_messages m
    JOIN conversations c ON c.id = m.conversation_id
    LEFT JOIN guardians g ON m.author_kind = 'guardian' AND g.id = m.author_id
    LEFT JOIN staff s ON m.author_kind = 'staff' AND s.id = m.author_id
"""


def _message(row: aiosqlite.Row) -> Message:
    return Message(
        row["id"],
        row["conversation_id"],
        PersonKind(row["author_kind"]),
        row["author_id"],
        row["author_name"],
        Words(row["text"], row["voice_file_id"]),
        row["language"],
        bool(row["urgent"]),
        from_db(row["reaches_at"]),
        from_db(row["created_at"]),
    )


async def _messages(
    conn: aiosqlite.Connection, where: str, params: tuple[object, ...]
) -> list[Message]:
    rows = await conn.execute_fetchall(f"{_MESSAGES} WHERE {where} ORDER BY m.id", params)
    return [_message(row) for row in rows]


async def messages(conn: aiosqlite.Connection, conversation_id: int) -> list[Message]:
    """Every message of a conversation, oldest first."""
    return await _messages(conn, "m.conversation_id = ?", (conversation_id,))


async def message(conn: aiosqlite.Connection, message_id: int) -> Message | None:
    found = await _messages(conn, "m.id = ?", (message_id,))
    return found[0] if found else None


async def waiting_for(
    conn: aiosqlite.Connection, staff_id: int, pupil_id: int, reaches_at: datetime
) -> list[Message]:
    """Parents' messages about a pupil, sent to this teacher, that reach them together at
    `reaches_at` (the start of a working period)."""
    where = (
        "c.pupil_id = ? AND m.author_kind = 'guardian' AND m.reaches_at = ?"
        " AND EXISTS (SELECT 1 FROM conversation_staff cs"
        " WHERE cs.conversation_id = c.id AND cs.staff_id = ?)"
    )
    return await _messages(conn, where, (pupil_id, to_db(reaches_at), staff_id))


async def of_pupil(conn: aiosqlite.Connection, pupil_id: int) -> list[int]:
    """The conversations about a pupil, oldest first."""
    sql = "SELECT id FROM conversations WHERE pupil_id = ? ORDER BY id"
    rows = await conn.execute_fetchall(sql, (pupil_id,))
    return [row["id"] for row in rows]


async def about_agreements(
    conn: aiosqlite.Connection, booking_id: int, guardian_id: int
) -> int | None:
    """The newest conversation a parent's question about a talk's agreements began."""
    sql = (
        "SELECT max(id) AS id FROM conversations"
        " WHERE booking_id = ? AND guardian_id = ? AND topic = 'agreements'"
    )
    row = await first_row(conn, sql, (booking_id, guardian_id))
    return row["id"] if row else None


async def pupils_with_messages(
    conn: aiosqlite.Connection, staff_id: int
) -> list[tuple[int, str, str]]:
    """(pupil id, name, group) of the teacher's own pupils that parents wrote about."""
    sql = f"""
        SELECT DISTINCT p.id, {_PUPIL_NAME} AS name, cg.name AS group_name
        FROM conversations c
        JOIN pupils p ON p.id = c.pupil_id AND p.active = 1
        JOIN class_groups cg ON cg.id = p.group_id
        JOIN staff_groups sg ON sg.group_id = p.group_id AND sg.staff_id = ?
        ORDER BY cg.name, p.last_name, p.first_name
    """
    rows = await conn.execute_fetchall(sql, (staff_id,))
    return [(row["id"], row["name"], row["group_name"]) for row in rows]


async def children_of(conn: aiosqlite.Connection, guardian_id: int) -> list[tuple[int, str, str]]:
    """(pupil id, first name, full name) of a parent's active children, by group."""
    sql = f"""
        SELECT p.id, p.first_name, {_PUPIL_NAME} AS full_name
        FROM pupil_guardians l JOIN pupils p ON p.id = l.pupil_id AND p.active = 1
        JOIN class_groups cg ON cg.id = p.group_id
        WHERE l.guardian_id = ? AND l.active = 1
        ORDER BY cg.name, p.first_name
    """
    rows = await conn.execute_fetchall(sql, (guardian_id,))
    return [(row["id"], row["first_name"], row["full_name"]) for row in rows]


async def teachers_named(conn: aiosqlite.Connection, pupil_id: int) -> list[tuple[int, str]]:
    """(staff id, name) of the active teachers of a pupil's group."""
    sql = """
        SELECT s.id, s.name FROM staff s JOIN staff_groups sg ON sg.staff_id = s.id
        JOIN pupils p ON p.group_id = sg.group_id
        WHERE p.id = ? AND s.active = 1 AND s.role = 'teacher'
        ORDER BY s.name
    """
    rows = await conn.execute_fetchall(sql, (pupil_id,))
    return [(row["id"], row["name"]) for row in rows]


async def talk_soon(
    conn: aiosqlite.Connection, pupil_id: int, now: datetime, until: datetime
) -> int | None:
    """The booking of a pupil's talk that begins between now and `until`, if any."""
    sql = """
        SELECT b.id FROM bookings b JOIN slots s ON s.id = b.slot_id
        WHERE b.pupil_id = ? AND b.status = 'active' AND s.starts_at > ? AND s.starts_at <= ?
        ORDER BY s.starts_at LIMIT 1
    """
    row = await first_row(conn, sql, (pupil_id, to_db(now), to_db(until)))
    return row["id"] if row else None
