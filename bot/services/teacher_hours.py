"""Teachers add talk hours or block times for their own groups' rounds, from Telegram.

Same rules as the year plan: hours are cut into talks of the round's length and buffer,
never overlap the teacher's other talks, and a booked time cannot be blocked.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from zoneinfo import ZoneInfo

from bot.domain.rounds import cut_slots
from bot.domain.year_plan import parse_hours
from bot.services.booking import Actor
from bot.storage import rounds as store
from bot.storage.database import Database
from bot.storage.pending_inputs import expect_input, forget_input
from bot.storage.schedule import teacher_round_ids

log = logging.getLogger(__name__)

ADD_HOURS = "add_hours"
MAX_LINES = 20


@dataclass
class Added:
    talks: int = 0
    unreadable: list[str] = field(default_factory=list)  # lines as typed
    clashing: list[datetime] = field(default_factory=list)  # starts that overlap or are past


class BlockOutcome(Enum):
    BLOCKED = "blocked"
    FREED = "freed"
    BOOKED = "booked"  # a parent has this time: it cannot be blocked
    NOT_ALLOWED = "not_allowed"


async def ask_hours(db: Database, staff: Actor, user_id: int, round_id: int, now: datetime) -> bool:
    """Start waiting for the hours the teacher will type for this round."""
    async with db.transaction() as conn:
        if round_id not in await teacher_round_ids(conn, staff.id):
            return False
        await expect_input(conn, user_id, ADD_HOURS, {"round_id": round_id}, now)
    return True


async def add_hours(
    db: Database, staff: Actor, user_id: int, round_id: int, text: str, tz: ZoneInfo, now: datetime
) -> Added | None:
    """Add the typed hours (one block a line); None when the round is not the teacher's."""
    added = Added()
    async with db.transaction() as conn:
        round_ = await store.load_round(conn, round_id)
        if round_ is None or round_id not in await teacher_round_ids(conn, staff.id):
            return None
        place = await store.teacher_place(conn, staff.id, round_id) or round_.place
        for line in [line for line in text.splitlines() if line.strip()][:MAX_LINES]:
            try:
                start, end = parse_hours(line, tz)
            except ValueError:
                added.unreadable.append(line.strip())
                continue
            for talk_start, talk_end in cut_slots(
                start, end, round_.slot_minutes, round_.buffer_minutes
            ):
                if talk_start <= now or await store.overlapping_slot(
                    conn, staff.id, talk_start, talk_end
                ):
                    added.clashing.append(talk_start)
                    continue
                await store.add_teacher_slot(conn, round_id, staff.id, talk_start, talk_end, place)
                added.talks += 1
        await forget_input(conn, user_id)
    log.info(
        "teacher hours added staff_id=%d round_id=%d talks=%d", staff.id, round_id, added.talks
    )
    return added


async def toggle_blocked(db: Database, staff: Actor, slot_id: int) -> BlockOutcome:
    """Block a free time of the teacher's own, or free a blocked one."""
    async with db.transaction() as conn:
        state = await store.slot_state(conn, slot_id, staff.id)
        if state is None:
            return BlockOutcome.NOT_ALLOWED
        blocked, booked = state
        if booked:
            return BlockOutcome.BOOKED
        await store.set_blocked(conn, slot_id, not blocked)
    return BlockOutcome.FREED if blocked else BlockOutcome.BLOCKED
