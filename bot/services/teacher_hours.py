"""Teachers add talk hours or block times for their own groups' rounds, from Telegram.

Same rules as the year plan: hours are cut into talks of the round's length and buffer,
never overlap the teacher's other talks, and a booked time cannot be blocked.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import Enum
from zoneinfo import ZoneInfo

import aiosqlite

from bot.domain.bookings import Actor
from bot.domain.clock import to_db
from bot.domain.events import RoundOpened
from bot.domain.rounds import NewRound, RoundRules, TalkKind, cut_slots
from bot.domain.year_plan import PlannedRound, parse_hours
from bot.storage import rounds as store
from bot.storage.database import Database, raise_event
from bot.storage.pending_inputs import expect_input, forget_input
from bot.storage.round_pupils import limit_round
from bot.storage.schedule import teacher_round_ids

log = logging.getLogger(__name__)

ADD_HOURS = "add_hours"
NEW_ROUND = "new_round"
MAX_LINES = 20
# Typed hours, in UTF-16 code units as Telegram counts: the reply quotes lines it cannot read.
MAX_HOURS_TEXT = 1000


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
    async with db.transaction() as conn:
        round_ = await store.load_round(conn, round_id)
        if round_ is None or round_id not in await teacher_round_ids(conn, staff.id):
            return None
        place = await store.teacher_place(conn, staff.id, round_id) or round_.place
        talks, added = await _free_talks(conn, staff.id, round_, text, tz, now)
        for start, end in talks:
            await store.upsert_slot(conn, round_id, staff.id, start, end, place, source="teacher")
        await forget_input(conn, user_id)
    log.info(
        "teacher hours added staff_id=%d round_id=%d talks=%d", staff.id, round_id, added.talks
    )
    return added


async def _free_talks(
    conn: aiosqlite.Connection,
    staff_id: int,
    rules: RoundRules,
    text: str,
    tz: ZoneInfo,
    now: datetime,
) -> tuple[list[tuple[datetime, datetime]], Added]:
    """The typed hours cut into talks that are ahead and clash with none of the teacher's."""
    added = Added()
    talks: list[tuple[datetime, datetime]] = []
    for line in [line for line in text.splitlines() if line.strip()][:MAX_LINES]:
        try:
            start, end = parse_hours(line, tz)
        except ValueError:
            added.unreadable.append(line.strip())
            continue
        for talk in cut_slots(start, end, rules.slot_minutes, rules.buffer_minutes):
            clash = any(t[0] < talk[1] and talk[0] < t[1] for t in talks)
            if talk[0] <= now or clash or await store.overlapping_slot(conn, staff_id, *talk):
                added.clashing.append(talk[0])
                continue
            talks.append(talk)
    added.talks = len(talks)
    return talks, added


async def ask_new_round(
    db: Database, staff: Actor, user_id: int, kind: TalkKind, group: str, now: datetime
) -> bool:
    """Start waiting for the hours of a round the teacher opens for one of their groups."""
    async with db.transaction() as conn:
        if group not in await store.groups_taught(conn, staff.id):
            return False
        params = {"kind": kind.value, "group": group}
        await expect_input(conn, user_id, NEW_ROUND, params, now)
    return True


async def open_round(
    db: Database,
    staff: Actor,
    user_id: int,
    *,
    kind: TalkKind,
    group: str,
    title: str,
    text: str,
    tz: ZoneInfo,
    now: datetime,
) -> tuple[Added, int | None]:
    """Open a round for a teacher's own group with the typed hours. Nothing is created
    without a single talk."""
    async with db.transaction() as conn:
        group_ids = await store.groups_taught(conn, staff.id)
        if group not in group_ids:
            return Added(), None
        previous = await store.latest_round_of_group(conn, group_ids[group])
        opened = NewRound(kind, group_ids[group], title, previous)
        added, round_id = await open_round_in(conn, staff, user_id, opened, text, tz, now)
    log.info(
        "round opened by teacher staff_id=%d round_id=%s talks=%d", staff.id, round_id, added.talks
    )
    return added, round_id


async def open_round_in(
    conn: aiosqlite.Connection,
    staff: Actor,
    user_id: int,
    opened: NewRound,
    text: str,
    tz: ZoneInfo,
    now: datetime,
) -> tuple[Added, int | None]:
    """Booking opens at once and closes a cut-off before the last talk."""
    previous = opened.previous
    rules = opened.rules(now)
    talks, added = await _free_talks(conn, staff.id, rules, text, tz, now)
    if not talks:
        return added, None
    closes = max(
        max(t[0] for t in talks) - rules.change_cutoff,
        now + timedelta(hours=1),
    )
    planned = PlannedRound(
        **{**vars(rules), "booking_closes_at": closes},
        key=f"t{staff.id}-{now:%Y%m%d%H%M%S%f}",
        groups=(),
        teachers=(),
    )
    round_id = await store.save_round(conn, planned, [opened.group_id], to_db(now))
    await limit_round(conn, round_id, list(opened.pupils))
    place = rules.place
    if previous:
        place = await store.teacher_place(conn, staff.id, previous.id) or place
    for start, end in talks:
        await store.upsert_slot(conn, round_id, staff.id, start, end, place, source="teacher")
    await forget_input(conn, user_id)
    raise_event(RoundOpened(round_id))  # its invitations are planned
    return added, round_id


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
