"""The planner's view of the school: rounds, meetings, who belongs to whom, bookings — plain
facts."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date, datetime, timedelta

import aiosqlite

from bot.domain import dedup_keys
from bot.domain.clock import from_db, to_db
from bot.domain.meetings import Meeting
from bot.domain.rounds import Round
from bot.domain.school_state import (
    BookingFacts,
    GuardianFacts,
    LinkFacts,
    MeetingFacts,
    MeetingInviteeFacts,
    PupilFacts,
    RecordFacts,
    SchoolState,
    TeacherFacts,
)
from bot.storage import meetings, outbox
from bot.storage.agreements import sent_records
from bot.storage.rounds import load_rounds

# Rounds whose last talk ended longer ago than this need nothing any more.
_FINISHED = timedelta(days=1)


async def load_school_state(conn: aiosqlite.Connection, now: datetime) -> SchoolState:
    """What the planner needs, for rounds and meetings that are not long over."""
    rounds = [r for r in await load_rounds(conn) if not r.ended_before(now - _FINISHED)]
    records = tuple(
        RecordFacts(booking_id, pupil_id, staff_id, date.fromisoformat(evaluate_on))
        for booking_id, pupil_id, staff_id, _, evaluate_on, _ in await sent_records(conn)
    )
    planned = [m for m in await meetings.load_meetings(conn, ending_after=now) if not m.cancelled]
    if not rounds and not planned:
        return SchoolState(records=records)
    guardians = await _guardians(conn)
    return SchoolState(
        records=records,
        rounds=tuple(rounds),
        pupils=tuple(
            [
                PupilFacts(row["id"], row["group_id"])
                async for row in _each(conn, "SELECT id, group_id FROM pupils WHERE active = 1")
            ]
        ),
        links=tuple(
            [
                LinkFacts(row["pupil_id"], row["guardian_id"], row["household"])
                async for row in _each(
                    conn,
                    "SELECT l.pupil_id, l.guardian_id, l.household FROM pupil_guardians l"
                    " JOIN guardians g ON g.id = l.guardian_id AND g.active = 1"
                    " WHERE l.active = 1",
                )
            ]
        ),
        guardians=tuple(guardians.values()),
        teachers=tuple(
            TeacherFacts(row["staff_id"], row["group_id"])
            for row in await _rows(
                conn,
                "SELECT sg.staff_id, sg.group_id FROM staff_groups sg"
                " JOIN staff s ON s.id = sg.staff_id AND s.active = 1 AND s.role = 'teacher'",
            )
        ),
        bookings=await _bookings(conn, rounds, now) if rounds else (),
        meetings=await _meetings(conn, planned, guardians),
    )


async def _guardians(conn: aiosqlite.Connection) -> dict[int, GuardianFacts]:
    return {
        row["id"]: GuardianFacts(
            row["id"],
            from_db(row["linked_at"] or row["created_at"])
            if row["telegram_chat_id"] is not None
            else None,
            row["unreachable_at"] is not None,
        )
        async for row in _each(
            conn,
            "SELECT id, telegram_chat_id, linked_at, created_at, unreachable_at"
            " FROM guardians WHERE active = 1",
        )
    }


async def _bookings(
    conn: aiosqlite.Connection, rounds: list[Round], now: datetime
) -> tuple[BookingFacts, ...]:
    round_ids = ",".join(str(r.id) for r in rounds)
    return tuple(
        [
            BookingFacts(
                id=row["id"],
                round_id=row["round_id"],
                pupil_id=row["pupil_id"],
                slot_id=row["slot_id"],
                starts_at=from_db(row["starts_at"]),
                booked_at=from_db(row["created_at"]),
                household=row["household"],
                staff_id=row["staff_id"],
            )
            async for row in _each(
                conn,
                "SELECT b.id, b.round_id, b.pupil_id, b.slot_id, b.household, b.created_at,"
                " s.starts_at, s.staff_id FROM bookings b JOIN slots s ON s.id = b.slot_id"
                f" WHERE b.status = 'active' AND b.round_id IN ({round_ids})"
                " AND s.starts_at > ?",
                (to_db(now),),
            )
        ]
    )


async def _meetings(
    conn: aiosqlite.Connection, planned: list[Meeting], guardians: dict[int, GuardianFacts]
) -> tuple[MeetingFacts, ...]:
    """Each meeting with its invitees as the roster makes them now, when each one's
    invitation was sent, and its answers."""
    group_ids = {
        row["name"]: row["id"] for row in await _rows(conn, "SELECT id, name FROM class_groups")
    }
    found = []
    for meeting in planned:
        people = await meetings.invitees(conn, meeting)
        keys = {
            i.guardian_id: dedup_keys.meeting_invitation(meeting.id, i.guardian_id) for i in people
        }
        sent = await _sent_at(conn, list(keys.values()))
        invited = []
        for invitee in people:
            guardian = guardians.get(invitee.guardian_id)
            invited.append(
                MeetingInviteeFacts(
                    guardian_id=invitee.guardian_id,
                    group_ids=tuple(sorted({group_ids[group] for _, _, group in invitee.pupils})),
                    linked_at=guardian.linked_at if guardian else None,
                    unreachable=invitee.unreachable,
                    invited_at=sent.get(keys[invitee.guardian_id]),
                )
            )
        replies = await meetings.replies(conn, meeting.id)
        found.append(MeetingFacts(meeting, tuple(invited), tuple(replies)))
    return tuple(found)


async def _sent_at(conn: aiosqlite.Connection, keys: list[str]) -> dict[str, datetime]:
    """When each of these notifications was sent, by key (found by the key's unique index);
    one not sent (yet) is absent."""
    found: dict[str, datetime] = {}
    for start in range(0, len(keys), outbox.KEYS_PER_QUERY):
        chunk = keys[start : start + outbox.KEYS_PER_QUERY]
        marks = ",".join("?" * len(chunk))
        for row in await _rows(
            conn,
            f"SELECT dedup_key, sent_at FROM outbox WHERE dedup_key IN ({marks})"
            " AND status = 'sent' AND sent_at IS NOT NULL",
            tuple(chunk),
        ):
            found[row["dedup_key"]] = from_db(row["sent_at"])
    return found


async def _each(
    conn: aiosqlite.Connection, sql: str, params: tuple[object, ...] = ()
) -> AsyncIterator[aiosqlite.Row]:
    """The rows a chunk at a time: a school's thousands of rows are turned into facts between
    other tasks' turns instead of in one long stretch of the event loop."""
    async with conn.execute(sql, params) as cursor:
        async for row in cursor:
            yield row


async def _rows(
    conn: aiosqlite.Connection, sql: str, params: tuple[object, ...] = ()
) -> list[aiosqlite.Row]:
    async with conn.execute(sql, params) as cursor:
        return list(await cursor.fetchall())
