"""Information meetings: who is invited, their answers and who came.

Who is invited is not stored but asked of the roster each time: a family that joins the
school (or a group) before the meeting is invited too, and one that left is not counted.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import datetime

import aiosqlite

from bot.domain.clock import from_db, to_db
from bot.domain.meetings import Invitee, Meeting, MeetingTopic, Reply, Rsvp
from bot.storage.rows import first_row

_COLUMNS = """
    m.id, m.plan_key, m.topic, m.title, m.titles, m.starts_at, m.minutes, m.place,
    m.newcomer_months, m.childcare, m.interpreters, m.invitations_from, m.rsvp_closes_at,
    m.organiser_staff_id, m.summary, m.summary_language, m.summary_sent_at, m.cancelled_at,
    (SELECT group_concat(g.name, '|') FROM meeting_groups mg
        JOIN class_groups g ON g.id = mg.group_id WHERE mg.meeting_id = m.id) AS group_names
"""


def _meeting(row: aiosqlite.Row) -> Meeting:
    return Meeting(
        id=row["id"],
        key=row["plan_key"],
        topic=MeetingTopic(row["topic"]),
        title=row["title"],
        titles=tuple(sorted(json.loads(row["titles"]).items())),
        starts_at=from_db(row["starts_at"]),
        minutes=row["minutes"],
        place=row["place"],
        groups=tuple(sorted(row["group_names"].split("|"))) if row["group_names"] else (),
        newcomer_months=row["newcomer_months"],
        childcare=bool(row["childcare"]),
        interpreters=tuple(code for code in row["interpreters"].split(",") if code),
        invitations_from=from_db(row["invitations_from"]),
        rsvp_closes_at=from_db(row["rsvp_closes_at"]),
        organiser_staff_id=row["organiser_staff_id"],
        summary=row["summary"],
        summary_language=row["summary_language"],
        summary_sent_at=from_db(row["summary_sent_at"]) if row["summary_sent_at"] else None,
        cancelled=row["cancelled_at"] is not None,
    )


async def load_meeting(conn: aiosqlite.Connection, meeting_id: int) -> Meeting | None:
    row = await first_row(conn, f"SELECT {_COLUMNS} FROM meetings m WHERE m.id = ?", (meeting_id,))
    return _meeting(row) if row else None


async def load_meetings(
    conn: aiosqlite.Connection, *, ending_after: datetime | None = None
) -> list[Meeting]:
    """Every meeting in date order; with `ending_after`, only those not over by then."""
    sql = f"SELECT {_COLUMNS} FROM meetings m"
    params: tuple[str, ...] = ()
    if ending_after is not None:
        sql += " WHERE datetime(m.starts_at, '+' || m.minutes || ' minutes') > datetime(?)"
        params = (to_db(ending_after),)
    rows = await conn.execute_fetchall(sql + " ORDER BY m.starts_at, m.id", params)
    return [_meeting(row) for row in rows]


_INVITEES = """
    SELECT g.id AS guardian_id, g.name, g.language, g.telegram_chat_id, g.unreachable_at,
           p.id AS pupil_id, p.first_name, cg.name AS group_name, l.household,
           (p.enrolled_on IS NOT NULL AND p.enrolled_on >= :new_since) AS newcomer
    FROM pupils p
    JOIN class_groups cg ON cg.id = p.group_id
    JOIN pupil_guardians l ON l.pupil_id = p.id AND l.active = 1
    JOIN guardians g ON g.id = l.guardian_id AND g.active = 1
    WHERE p.active = 1 AND (:guardian IS NULL OR g.id = :guardian) AND (
        p.group_id IN (SELECT group_id FROM meeting_groups WHERE meeting_id = :meeting)
        OR (p.enrolled_on IS NOT NULL AND :since IS NOT NULL AND p.enrolled_on >= :since)
    )
    ORDER BY g.name, g.id, cg.name, p.first_name
"""


async def invitees(
    conn: aiosqlite.Connection, meeting: Meeting, *, guardian_id: int | None = None
) -> list[Invitee]:
    """Every guardian the meeting invites (or only this one), once, however many of their
    children it concerns."""
    since = meeting.newcomer_since()
    params = {
        "meeting": meeting.id,
        "since": since.isoformat() if since else None,
        "new_since": meeting.new_at_school_since().isoformat(),
        "guardian": guardian_id,
    }
    rows: dict[int, list[aiosqlite.Row]] = defaultdict(list)
    for row in await conn.execute_fetchall(_INVITEES, params):
        rows[row["guardian_id"]].append(row)
    return [
        Invitee(
            guardian_id=invited_id,
            name=found[0]["name"],
            language=found[0]["language"],
            pupils=tuple((r["pupil_id"], r["first_name"], r["group_name"]) for r in found),
            linked=found[0]["telegram_chat_id"] is not None,
            unreachable=found[0]["unreachable_at"] is not None,
            newcomer=any(r["newcomer"] for r in found),
            households=frozenset((r["pupil_id"], r["household"]) for r in found),
        )
        for invited_id, found in rows.items()
    ]


async def invitee(conn: aiosqlite.Connection, meeting: Meeting, guardian_id: int) -> Invitee | None:
    """The guardian as the meeting invites them, or None when it does not invite them: read
    for that guardian alone (every press and every notice asks it)."""
    found = await invitees(conn, meeting, guardian_id=guardian_id)
    return found[0] if found else None


def _reply(row: aiosqlite.Row) -> Reply:
    return Reply(
        guardian_id=row["guardian_id"],
        answer=Rsvp(row["answer"]),
        adults=row["adults"],
        childcare=tuple(band for band in row["childcare"].split(",") if band),
        interpreter=row["interpreter"],
        answered_at=from_db(row["answered_at"]),
    )


_REPLY = "SELECT guardian_id, answer, adults, childcare, interpreter, answered_at, step"


async def replies(conn: aiosqlite.Connection, meeting_id: int) -> list[Reply]:
    sql = f"{_REPLY} FROM meeting_replies WHERE meeting_id = ? ORDER BY guardian_id"
    rows = await conn.execute_fetchall(sql, (meeting_id,))
    return [_reply(row) for row in rows]


async def reply_of(
    conn: aiosqlite.Connection, meeting_id: int, guardian_id: int
) -> tuple[Reply, str | None] | None:
    """The guardian's answer and the question they are at (None: done), if they answered."""
    sql = f"{_REPLY} FROM meeting_replies WHERE meeting_id = ? AND guardian_id = ?"
    row = await first_row(conn, sql, (meeting_id, guardian_id))
    return (_reply(row), row["step"]) if row else None


async def save_reply(
    conn: aiosqlite.Connection, meeting_id: int, reply: Reply, step: str | None, now: datetime
) -> None:
    """Insert or replace the guardian's answer; `step` is the question they go on with."""
    await conn.execute(
        "INSERT INTO meeting_replies (meeting_id, guardian_id, answer, adults, childcare,"
        " interpreter, step, answered_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (meeting_id, guardian_id) DO UPDATE SET answer = excluded.answer,"
        " adults = excluded.adults, childcare = excluded.childcare,"
        " interpreter = excluded.interpreter, step = excluded.step,"
        " updated_at = excluded.updated_at",
        (
            meeting_id,
            reply.guardian_id,
            reply.answer.value,
            reply.adults,
            ",".join(reply.childcare),
            reply.interpreter,
            step,
            to_db(reply.answered_at or now),
            to_db(now),
        ),
    )


async def attendance(conn: aiosqlite.Connection, meeting_id: int) -> dict[int, bool]:
    """guardian id -> present, for every guardian the organiser registered."""
    sql = "SELECT guardian_id, present FROM meeting_attendance WHERE meeting_id = ?"
    rows = await conn.execute_fetchall(sql, (meeting_id,))
    return {row["guardian_id"]: bool(row["present"]) for row in rows}


async def record_presence(
    conn: aiosqlite.Connection,
    meeting_id: int,
    guardian_id: int,
    *,
    present: bool,
    staff_id: int,
    now: datetime,
) -> None:
    await conn.execute(
        "INSERT INTO meeting_attendance (meeting_id, guardian_id, present, recorded_by,"
        " recorded_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (meeting_id, guardian_id)"
        " DO UPDATE SET present = excluded.present, recorded_by = excluded.recorded_by,"
        " recorded_at = excluded.recorded_at",
        (meeting_id, guardian_id, int(present), staff_id, to_db(now)),
    )


async def save_summary(
    conn: aiosqlite.Connection, meeting_id: int, text: str, language: str, now: datetime
) -> None:
    """The organiser's own words for those who were absent (sent later, once)."""
    await conn.execute(
        "UPDATE meetings SET summary = ?, summary_language = ?, updated_at = ? WHERE id = ?",
        (text, language, to_db(now), meeting_id),
    )


async def mark_summary_sent(conn: aiosqlite.Connection, meeting_id: int, now: datetime) -> bool:
    """Claim the sending of the summary; False when it was sent already."""
    cursor = await conn.execute(
        "UPDATE meetings SET summary_sent_at = ?, updated_at = ?"
        " WHERE id = ? AND summary_sent_at IS NULL",
        (to_db(now), to_db(now), meeting_id),
    )
    return cursor.rowcount == 1
