"""What a teacher sees: only their own talks and the pupils of their own groups."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import aiosqlite

from bot.domain.answers import Answer
from bot.domain.bookings import Child
from bot.domain.rounds import Round
from bot.domain.schedule import ScheduleRow, Unbooked
from bot.storage import answers, bookings
from bot.storage import schedule as store
from bot.storage.database import Database
from bot.storage.rounds import load_round


@dataclass(frozen=True)
class TeacherRound:
    round: Round
    days: tuple[date, ...]  # school-local days with talks of this teacher
    unbooked: tuple[Unbooked, ...]


async def teacher_rounds(
    db: Database, staff_id: int, tz: ZoneInfo, now: datetime
) -> list[TeacherRound]:
    """Rounds of the teacher's groups that are not over yet."""
    async with db.read() as conn:
        found = []
        for round_id in await store.teacher_round_ids(conn, staff_id):
            round_ = await load_round(conn, round_id)
            if round_ is None or (round_.last_talk and round_.last_talk < now - timedelta(days=1)):
                continue
            starts = await store.teacher_days(conn, staff_id, round_id)
            days = tuple(sorted({s.astimezone(tz).date() for s in starts}))
            unbooked = tuple(await store.unbooked_pupils(conn, staff_id, round_id))
            found.append(TeacherRound(round_, days, unbooked))
    return found


async def teacher_day(
    db: Database, staff_id: int, round_id: int, day: date, tz: ZoneInfo
) -> tuple[Round, list[ScheduleRow]] | None:
    """The teacher's own talks on one school-local day, booked or free."""
    start = datetime.combine(day, time(), tz)
    end = datetime.combine(day + timedelta(days=1), time(), tz)
    async with db.read() as conn:
        if round_id not in await store.teacher_round_ids(conn, staff_id):
            return None
        round_ = await load_round(conn, round_id)
        rows = await store.teacher_slots(conn, staff_id, round_id, start, end)
    return (round_, rows) if round_ else None


async def unbooked(db: Database, staff_id: int, round_id: int) -> list[Unbooked] | None:
    async with db.read() as conn:
        if round_id not in await store.teacher_round_ids(conn, staff_id):
            return None
        return await store.unbooked_pupils(conn, staff_id, round_id)


@dataclass(frozen=True)
class ParentAnswers:
    """One parent's sent answers about a pupil, keyed by question."""

    guardian_id: int
    name: str
    answers: dict[str, Answer]


async def teaches_pupil(db: Database, staff_id: int, pupil_id: int) -> bool:
    """Only a teacher of the pupil's group may read what the parents answered."""
    async with db.read() as conn:
        return await bookings.teaches_pupil(conn, staff_id, pupil_id)


async def answered_pupils(db: Database, staff_id: int, round_id: int) -> list[tuple[int, str, str]]:
    """(pupil id, name, group) of the teacher's pupils with answers sent in a round."""
    async with db.read() as conn:
        return await answers.answered_pupils(conn, staff_id, round_id)


async def parents_answers(
    conn: aiosqlite.Connection, round_id: int, pupil_id: int
) -> list[ParentAnswers]:
    """Takes the connection so the evening digest can read inside its delivery transaction."""
    return [
        ParentAnswers(
            guardian_id, name, await answers.answers_of(conn, (round_id, pupil_id, guardian_id))
        )
        for guardian_id, name in await answers.submitted_guardians(conn, round_id, pupil_id)
    ]


async def pupil_answers(
    db: Database, round_id: int, pupil_id: int
) -> tuple[Round, Child, list[ParentAnswers]] | None:
    """Every parent's answers about one pupil; None when the round or pupil is gone since
    the button was sent."""
    async with db.read() as conn:
        round_ = await load_round(conn, round_id)
        child = await bookings.pupil_as_child(conn, pupil_id)
        if round_ is None or child is None:
            return None
        return round_, child, await parents_answers(conn, round_id, pupil_id)


async def round_answers(
    db: Database, staff_id: int, round_id: int
) -> tuple[Round, list[tuple[tuple[int, str, str], list[ParentAnswers]]]] | None:
    """Every answer about the teacher's pupils in a round, per pupil, to print; None when
    the round is gone."""
    async with db.read() as conn:
        round_ = await load_round(conn, round_id)
        pupils = await answers.answered_pupils(conn, staff_id, round_id)
        if round_ is None:
            return None
        return round_, [
            (pupil, await parents_answers(conn, round_id, pupil[0])) for pupil in pupils
        ]
