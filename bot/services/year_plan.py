"""`parentbot plan apply`: put the year plan's rounds, the teachers' hours and the
information meetings in place.

Checked against the school first (groups, teachers, their groups, talks already booked,
organisers), then applied in one transaction; a bad plan changes nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import aiosqlite

from bot.domain.clock import Clock, to_db
from bot.domain.meeting_plan import PlannedMeeting
from bot.domain.meetings import Meeting
from bot.domain.year_plan import PlannedRound, PlanRejected, read_plan
from bot.services import meeting_changes
from bot.storage import meeting_plan as meeting_store
from bot.storage import rounds as store
from bot.storage.database import Database
from bot.storage.groups import group_ids
from bot.storage.meetings import load_meeting, load_meetings
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
class MeetingChange:
    key: str
    status: str  # added, updated, unchanged, reinstated (was cancelled), cancelled or removed
    starts_at: datetime  # UTC
    parents_invited: bool = False  # the invitations had gone out before this change
    parents_told: int | None = None  # moved or cancelled: the invited parents told of it


@dataclass
class PlanReport:
    rounds: list[RoundChange] = field(default_factory=list)
    meetings: list[MeetingChange] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    dry_run: bool = False


async def apply_plan(
    db: Database, text: str, *, clock: Clock, tz: ZoneInfo, dry_run: bool = False
) -> PlanReport:
    """Apply (or with `dry_run` only check) a plan; PlanRejected lists every problem."""
    plan = read_plan(text, tz)
    moment = clock.now()
    now = to_db(moment)
    report = PlanReport(dry_run=dry_run)
    async with db.transaction(commit=not dry_run) as conn:
        staff = await active_staff_groups(conn)
        known_groups = await group_ids(conn)
        problems = _check_people(plan.rounds, staff, known_groups)
        problems += _check_meetings(plan.meetings, staff, known_groups)
        if problems:
            raise PlanRejected(problems)
        existing_ids = await store.round_ids_by_key(conn)
        for planned in plan.rounds:
            change, round_problems = await _apply_round(
                conn, planned, existing_ids.get(planned.key), staff, known_groups, now
            )
            problems += round_problems
            report.rounds.append(change)
            report.warnings += _timing_warnings(planned)
        if problems:
            raise PlanRejected(problems)
        report.meetings = await _apply_meetings(conn, plan.meetings, staff, known_groups, moment)
        report.warnings += _meeting_warnings(plan.meetings, report.meetings, moment)
    if not dry_run:
        log.info("plan applied rounds=%d meetings=%d", len(report.rounds), len(report.meetings))
    return report


def _check_people(
    planned_rounds: Iterable[PlannedRound],
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


def _check_meetings(
    meetings: Iterable[PlannedMeeting],
    staff: dict[str, tuple[int, set[str]]],
    known_groups: dict[str, int],
) -> list[str]:
    problems = []
    for planned in meetings:
        where = f"meeting {planned.key!r}"
        problems += [
            f"{where}: unknown group {group!r} (import the roster first)"
            for group in planned.groups
            if group not in known_groups
        ]
        if planned.organiser is not None and planned.organiser not in staff:
            problems.append(f"{where}: organiser {planned.organiser} is not on the staff list")
    return problems


async def _apply_meetings(
    conn: aiosqlite.Connection,
    meetings: tuple[PlannedMeeting, ...],
    staff: dict[str, tuple[int, set[str]]],
    known_groups: dict[str, int],
    moment: datetime,
) -> list[MeetingChange]:
    """Meetings in the plan are added or updated. A plan with meetings lists them all: one
    left out is cancelled once parents were invited (their answers are kept), deleted before
    that, and left alone once begun (next year's plan does not erase this year's evenings;
    changing one that began is refused). A plan without meetings (a file with one extra
    round) leaves the meetings as they are."""
    if not meetings:
        return []
    now = to_db(moment)
    stored = {m.key: m for m in await load_meetings(conn)}
    changes = []
    problems = _held_or_sent(meetings, stored, staff, moment)
    if problems:
        raise PlanRejected(problems)
    for planned in meetings:
        before = stored.pop(planned.key, None)
        organiser = staff[planned.organiser][0] if planned.organiser else None
        if before is not None:
            planned = _kept_invitations(before, planned, moment)
        if before is not None and _as_planned(before, planned, organiser) == before:
            changes.append(MeetingChange(planned.key, "unchanged", planned.starts_at))
            continue
        group_ids = [known_groups[g] for g in planned.groups]
        meeting_id = await meeting_store.save_meeting(conn, planned, group_ids, organiser, now)
        change = MeetingChange(
            planned.key, "added" if before is None else "updated", planned.starts_at
        )
        if before is not None and before.cancelled:
            change.status = "reinstated"
            after = await load_meeting(conn, meeting_id)
            if after is not None and _invited(after, moment):
                change.parents_invited = True
                change.parents_told = await meeting_changes.tell_reinstated(conn, after, moment)
        elif before is not None and _invited(before, moment):
            change.parents_invited = True
            after = await load_meeting(conn, meeting_id)
            if after is not None and meeting_changes.moved(before, after):
                change.parents_told = await meeting_changes.tell_moved(conn, before, after, moment)
        changes.append(change)
    for left_out in stored.values():
        if left_out.cancelled or left_out.has_begun(moment):
            continue
        if _invited(left_out, moment):
            told = await meeting_changes.tell_cancelled(conn, left_out, moment)
            await meeting_store.cancel_meeting(conn, left_out.id, now)
            changes.append(MeetingChange(left_out.key, "cancelled", left_out.starts_at, True, told))
        else:
            await meeting_store.delete_meeting(conn, left_out.id)
            changes.append(MeetingChange(left_out.key, "removed", left_out.starts_at))
    return changes


def _held_or_sent(
    meetings: tuple[PlannedMeeting, ...],
    stored: dict[str, Meeting],
    staff: dict[str, tuple[int, set[str]]],
    moment: datetime,
) -> list[str]:
    """A meeting that was held keeps its answers, attendance and summary: a plan may not
    turn it into another evening (next year's meeting needs its own id). One whose
    invitations went out cannot close its answers before them."""
    problems = []
    for planned in meetings:
        before = stored.get(planned.key)
        if before is None:
            continue
        where = f"meeting {planned.key!r}"
        organiser = staff[planned.organiser][0] if planned.organiser else None
        as_planned = _as_planned(before, _kept_invitations(before, planned, moment), organiser)
        if before.has_begun(moment) and as_planned != before:
            held = f"{before.starts_at:%Y-%m-%d}"
            problems.append(
                f"{where} was held on {held} (UTC) and cannot change; give another meeting"
                " its own id"
            )
        elif _invited(before, moment) and planned.rsvp_closes_at <= before.invitations_from:
            problems.append(
                f"{where}: rsvp_closes is before the invitations that went out on"
                f" {before.invitations_from:%Y-%m-%d %H:%M} (UTC)"
            )
    return problems


def _kept_invitations(before: Meeting, planned: PlannedMeeting, moment: datetime) -> PlannedMeeting:
    """Once the invitations are out, another date for them in the plan cannot take them back
    (nor hide the meeting from parents who answered): the date they went out stays."""
    if not _invited(before, moment):
        return planned
    return replace(planned, invitations_from=before.invitations_from)


def _invited(meeting: Meeting, moment: datetime) -> bool:
    return not meeting.cancelled and moment >= meeting.invitations_from


def _as_planned(stored: Meeting, planned: PlannedMeeting, organiser: int | None) -> Meeting:
    """The stored meeting as the plan would leave it, to tell whether anything changes."""
    return replace(
        stored,
        topic=planned.topic,
        title=planned.title,
        titles=planned.titles,
        starts_at=planned.starts_at,
        minutes=planned.minutes,
        place=planned.place,
        groups=planned.groups,
        newcomer_months=planned.newcomer_months,
        childcare=planned.childcare,
        interpreters=planned.interpreters,
        invitations_from=planned.invitations_from,
        rsvp_closes_at=planned.rsvp_closes_at,
        organiser_staff_id=organiser,
        cancelled=False,
    )


def _meeting_warnings(
    meetings: Iterable[PlannedMeeting], changes: list[MeetingChange], moment: datetime
) -> list[str]:
    """What the school should know: a meeting put in the past or too late for answers, and
    invited parents the bot does not tell about a change or a cancellation."""
    status = {c.key: c for c in changes}
    warnings = []
    for planned in meetings:
        change, where = status[planned.key], f"meeting {planned.key!r}"
        if change.status == "unchanged":
            continue
        if planned.starts_at <= moment:
            warnings.append(f"{where} is in the past")
        elif planned.rsvp_closes_at <= moment:
            warnings.append(f"{where}: answers are closed already (rsvp_closes has passed)")
        if change.parents_told is not None:
            news = "is back in the plan" if change.status == "reinstated" else "moved"
            warnings.append(
                f"{where} {news} after the invitations went out; invited parents in Telegram"
                f" told: {change.parents_told}; please call those who are not in Telegram"
            )
        elif change.parents_invited:
            warnings.append(
                f"{where} changed after the invitations went out; its time and place did not,"
                " and later messages show the change: tell parents yourself if it matters"
            )
    warnings += [
        f"meeting {c.key!r} is no longer in the plan and was cancelled; invited parents in"
        f" Telegram told: {c.parents_told}; please call those who are not in Telegram"
        for c in changes
        if c.status == "cancelled"
    ]
    return warnings
