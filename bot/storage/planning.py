"""The planner's view of the school: rounds, who belongs to whom, bookings — plain facts."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import aiosqlite

from bot.domain.clock import from_db, to_db
from bot.domain.school_state import (
    BookingFacts,
    GuardianFacts,
    LinkFacts,
    PupilFacts,
    RecordFacts,
    RoundFacts,
    SchoolState,
    TeacherFacts,
)
from bot.domain.timing import Offset, parse_offsets
from bot.storage.agreements import sent_records
from bot.storage.round_pupils import round_pupils

# Rounds whose last talk ended longer ago than this need nothing any more.
_FINISHED = timedelta(days=1)


async def load_school_state(conn: aiosqlite.Connection, now: datetime) -> SchoolState:
    """What the planner needs, for rounds that are not long over."""
    horizon = to_db(now - _FINISHED)
    rounds = []
    follow_ups = await round_pupils(conn)
    sql = """
        SELECT r.id, r.kind, r.booking_opens_at, r.booking_closes_at, r.booking_scope,
               r.nudge_after, r.reminder_offsets, r.cancel_cutoff_hours,
               (SELECT max(s.ends_at) FROM slots s WHERE s.round_id = r.id AND s.active = 1)
                   AS talks_end,
               (SELECT group_concat(rg.group_id) FROM round_groups rg WHERE rg.round_id = r.id)
                   AS group_ids
        FROM rounds r
        ORDER BY r.id
    """
    async with conn.execute(sql) as cursor:
        async for row in cursor:
            talks_end = from_db(row["talks_end"]) if row["talks_end"] else None
            if max(row["booking_closes_at"], row["talks_end"] or "") < horizon:
                continue
            rounds.append(
                RoundFacts(
                    id=row["id"],
                    kind=row["kind"],
                    opens_at=from_db(row["booking_opens_at"]),
                    closes_at=from_db(row["booking_closes_at"]),
                    scope=row["booking_scope"],
                    group_ids=frozenset(int(g) for g in (row["group_ids"] or "").split(",") if g),
                    talks_end=talks_end,
                    nudge_after=_offsets(row["nudge_after"]),
                    reminder_offsets=_offsets(row["reminder_offsets"]),
                    change_cutoff=timedelta(hours=row["cancel_cutoff_hours"]),
                    only_pupils=follow_ups.get(row["id"], frozenset()),
                )
            )
    records = tuple(
        RecordFacts(booking_id, pupil_id, staff_id, date.fromisoformat(evaluate_on))
        for booking_id, pupil_id, staff_id, _, evaluate_on, _ in await sent_records(conn)
    )
    if not rounds:
        return SchoolState(records=records)
    round_ids = ",".join(str(r.id) for r in rounds)
    return SchoolState(
        records=records,
        rounds=tuple(rounds),
        pupils=tuple(
            PupilFacts(row["id"], row["group_id"])
            for row in await _rows(conn, "SELECT id, group_id FROM pupils WHERE active = 1")
        ),
        links=tuple(
            LinkFacts(row["pupil_id"], row["guardian_id"], row["household"])
            for row in await _rows(
                conn,
                "SELECT l.pupil_id, l.guardian_id, l.household FROM pupil_guardians l"
                " JOIN guardians g ON g.id = l.guardian_id AND g.active = 1"
                " WHERE l.active = 1",
            )
        ),
        guardians=tuple(
            GuardianFacts(
                row["id"],
                from_db(row["linked_at"] or row["created_at"])
                if row["telegram_chat_id"] is not None
                else None,
                row["unreachable_at"] is not None,
            )
            for row in await _rows(
                conn,
                "SELECT id, telegram_chat_id, linked_at, created_at, unreachable_at"
                " FROM guardians WHERE active = 1",
            )
        ),
        teachers=tuple(
            TeacherFacts(row["staff_id"], row["group_id"])
            for row in await _rows(
                conn,
                "SELECT sg.staff_id, sg.group_id FROM staff_groups sg"
                " JOIN staff s ON s.id = sg.staff_id AND s.active = 1 AND s.role = 'teacher'",
            )
        ),
        bookings=tuple(
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
            for row in await _rows(
                conn,
                "SELECT b.id, b.round_id, b.pupil_id, b.slot_id, b.household, b.created_at,"
                " s.starts_at, s.staff_id FROM bookings b JOIN slots s ON s.id = b.slot_id"
                f" WHERE b.status = 'active' AND b.round_id IN ({round_ids})"
                " AND s.starts_at > ?",
                (to_db(now),),
            )
        ),
    )


def _offsets(text: str | None) -> tuple[Offset, ...] | None:
    return parse_offsets(text) if text is not None else None


async def _rows(
    conn: aiosqlite.Connection, sql: str, params: tuple[object, ...] = ()
) -> list[aiosqlite.Row]:
    async with conn.execute(sql, params) as cursor:
        return list(await cursor.fetchall())
