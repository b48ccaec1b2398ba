"""`parentbot plan apply`: put the year plan's rounds and the teachers' hours in place.

Checked against the school first (groups, teachers, their groups, talks already booked),
then applied in one transaction; a bad plan changes nothing.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import timedelta
from zoneinfo import ZoneInfo

import aiosqlite

from bot.domain.clock import Clock, to_db
from bot.domain.year_plan import PlannedRound, PlanRejected, parse_plan
from bot.storage import rounds as store
from bot.storage.database import Database
from bot.storage.groups import group_ids
from bot.storage.staff import active_staff_groups

log = logging.getLogger(__name__)

INVITE_NOTICE = timedelta(days=7)


@dataclass
class RoundChange:
    key: str
    status: str  # added, updated or unchanged
    slots_added: int
    slots_removed: int


@dataclass
class PlanReport:
    rounds: list[RoundChange] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    dry_run: bool = False


async def apply_plan(
    db: Database, text: str, *, clock: Clock, tz: ZoneInfo, dry_run: bool = False
) -> PlanReport:
    """Apply (or with `dry_run` only check) a plan; PlanRejected lists every problem."""
    planned_rounds = parse_plan(text, tz)
    now = to_db(clock.now())
    report = PlanReport(dry_run=dry_run)
    async with db.transaction(commit=not dry_run) as conn:
        staff = await active_staff_groups(conn)
        known_groups = await group_ids(conn)
        problems = _check_people(planned_rounds, staff, known_groups)
        if problems:
            raise PlanRejected(problems)
        existing_ids = await store.round_ids_by_key(conn)
        for planned in planned_rounds:
            change, round_problems = await _apply_round(
                conn, planned, existing_ids.get(planned.key), staff, known_groups, now
            )
            problems += round_problems
            report.rounds.append(change)
            report.warnings += _timing_warnings(planned)
        if problems:
            raise PlanRejected(problems)
    if not dry_run:
        log.info("plan applied rounds=%d", len(report.rounds))
    return report


def _check_people(
    planned_rounds: list[PlannedRound],
    staff: dict[str, tuple[int, set[str]]],
    known_groups: dict[str, int],
) -> list[str]:
    problems = []
    for planned in planned_rounds:
        where = f"round {planned.key!r}"
        problems += [
            f"{where}: unknown group {group!r} (import the roster first)"
            for group in planned.groups
            if group not in known_groups
        ]
        for teacher in planned.teachers:
            if teacher.email not in staff:
                problems.append(f"{where}: {teacher.email} is not on the staff list")
            elif not staff[teacher.email][1] & set(planned.groups):
                problems.append(f"{where}: {teacher.email} teaches none of the round's groups")
    return problems


async def _apply_round(
    conn: aiosqlite.Connection,
    planned: PlannedRound,
    round_id: int | None,
    staff: dict[str, tuple[int, set[str]]],
    known_groups: dict[str, int],
    now: str,
) -> tuple[RoundChange, list[str]]:
    before = await store.load_round(conn, round_id) if round_id else None
    old_slots = await store.plan_slots(conn, round_id) if round_id else []
    new_round_id = await store.save_round(
        conn, planned, [known_groups[g] for g in planned.groups], now
    )
    wanted = {
        (staff[email][0], start): (end, place) for email, start, end, place in planned.slots()
    }
    problems = []
    booked = await store.booked_slot_ids(conn, new_round_id)
    removed = [s for s in old_slots if (s.staff_id, s.starts_at) not in wanted]
    for slot in removed:
        if slot.id in booked:
            problems.append(
                f"round {planned.key!r}: the talk at {slot.starts_at:%Y-%m-%d %H:%M} UTC"
                " is booked; keep those hours or cancel the booking first"
            )
    await store.deactivate_slots(conn, [s.id for s in removed])
    old = {(s.staff_id, s.starts_at): (s.ends_at, s.place) for s in old_slots}
    added = 0
    for (staff_id, start), (end, place) in wanted.items():
        clash = await store.staff_slot_at(conn, staff_id, start)
        if clash and clash[1] != new_round_id and clash[2]:
            problems.append(
                f"round {planned.key!r}: a teacher already has a talk at"
                f" {start:%Y-%m-%d %H:%M} UTC in another round"
            )
            continue
        if old.get((staff_id, start)) != (end, place):
            await store.upsert_slot(conn, new_round_id, staff_id, start, end, place)
            added += (staff_id, start) not in old
    after = await store.load_round(conn, new_round_id)
    changed = before is None or _without_id(before) != _without_id(after) or added or removed
    status = "added" if before is None else "updated" if changed else "unchanged"
    return RoundChange(planned.key, status, added, len(removed)), problems


def _without_id(round_: object) -> tuple[object, ...]:
    return tuple(v for k, v in vars(round_).items() if k != "id")


def _timing_warnings(planned: PlannedRound) -> list[str]:
    slots = planned.slots()
    if not slots:
        return [f"round {planned.key!r}: the hours are too short for a single talk"]
    first_talk = min(start for _, start, _, _ in slots)
    warnings = []
    if planned.booking_opens_at > first_talk - INVITE_NOTICE:
        warnings.append(
            f"round {planned.key!r}: invitations go out less than a week before the first"
            " talk (the school's guide asks for at least a week)"
        )
    if planned.booking_closes_at > first_talk:
        warnings.append(f"round {planned.key!r}: booking closes after the first talk")
    return warnings
