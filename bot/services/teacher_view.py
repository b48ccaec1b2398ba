"""What a teacher sees: only their own talks and the pupils of their own groups."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.domain.rounds import Round
from bot.storage import schedule as store
from bot.storage.database import Database
from bot.storage.rounds import load_round
from bot.storage.schedule import ScheduleRow, Unbooked


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
