"""The organiser's side of an information meeting: the counts, who came, the summary.

The meeting's organiser, every director and every internal counsellor prepare all meetings;
a teacher sees the meetings that invite families of their own groups, counted for those
groups, with the families there the bot did not reach (to call them). Every press is checked
again here against the database as it is now: who presses, the meeting, the family, and
the time (attendance from the start until a week after; the summary once, after the start).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

import aiosqlite

from bot.domain import dedup_keys
from bot.domain.machine_translation import Translated
from bot.domain.meetings import Counts, Invitee, Meeting, Reply, count, families_of
from bot.domain.notification_kind import NotificationKind
from bot.domain.person_kind import PersonKind
from bot.services import machine_translation
from bot.services.unit_of_work import Database
from bot.storage.meeting_people import MeetingStaff, guardian_phones, meeting_staff
from bot.storage.meetings import (
    attendance,
    invitee,
    invitees,
    load_meeting,
    load_meetings,
    mark_summary_sent,
    record_presence,
    replies,
    save_summary,
)
from bot.storage.outbox import enqueue
from bot.storage.pending_inputs import expect_input, forget_input

log = logging.getLogger(__name__)

ORGANISER_ROLES = frozenset({"director", "counsellor"})
LISTED_AFTER = timedelta(days=14)  # a meeting held stays listed this long (attendance, summary)
ATTENDANCE_AFTER = timedelta(days=7)  # attendance may be registered until a week after the start
PAGE_SIZE = 20  # families per attendance page: one button each
SUMMARY = "meeting_summary"  # what the organiser types: their own words for the summary
MAX_SUMMARY = 1500  # UTF-16 code units: a few sentences (a longer summary is sent in parts)


class Unreached(StrEnum):
    """Why a teacher should call a family about the meeting."""

    NOT_LINKED = "not_linked"  # never opened their link
    UNREACHABLE = "unreachable"  # Telegram refuses them
    NO_ANSWER = "no_answer"  # invited, did not answer


@dataclass(frozen=True)
class Family:
    """An invited guardian with their answer (None: none yet) and whether they came."""

    invitee: Invitee
    reply: Reply | None
    present: bool

    @property
    def coming(self) -> bool:
        return self.reply is not None and self.reply.coming


@dataclass(frozen=True)
class NotReached:
    invitee: Invitee
    phone: str
    reason: Unreached


@dataclass(frozen=True)
class Overview:
    """One meeting as a staff member sees it."""

    meeting: Meeting
    organiser: bool  # sees every family, registers attendance and sends the summary
    counts: Counts  # every invited family, or those of a teacher's groups
    attended: int | None  # families marked present; None while no attendance is registered
    not_reached: tuple[NotReached, ...]  # a teacher's: the families of their groups to call


@dataclass(frozen=True)
class AttendancePage:
    meeting: Meeting
    families: tuple[Family, ...]  # this page's, those coming first
    page: int  # from 0
    pages: int
    present: int  # on every page
    invited: int


@dataclass(frozen=True)
class SummaryDraft:
    """The summary as the organiser prepares it, and whom Send would reach."""

    meeting: Meeting
    absent: int  # reachable families not marked present: they get the whole summary
    present: int  # reachable families marked present: the points for at home only


@dataclass(frozen=True)
class SummarySent:
    meeting: Meeting
    already: bool  # sent before: nothing was queued now
    absent: int = 0
    present: int = 0


@dataclass(frozen=True)
class SummaryRead:
    """What a guardian's summary shows, read when it is sent."""

    meeting: Meeting
    translated: Translated | None  # the organiser's words in the reader's language


@dataclass(frozen=True)
class _Scope:
    meeting: Meeting
    organiser: bool
    families: list[Family]
    registered: bool  # the organiser registered attendance


async def _scope(
    conn: aiosqlite.Connection, staff: MeetingStaff | None, meeting: Meeting
) -> _Scope | None:
    """The families of the meeting this staff member may see; None: none, or not staff."""
    if staff is None or meeting.cancelled:
        return None
    organiser = sees_all(staff, meeting)
    invited = visible(staff, meeting, await invitees(conn, meeting))
    if not invited:
        return None
    answers = {reply.guardian_id: reply for reply in await replies(conn, meeting.id)}
    came = await attendance(conn, meeting.id)
    families = [
        Family(i, answers.get(i.guardian_id), came.get(i.guardian_id, False)) for i in invited
    ]
    return _Scope(meeting, organiser, families, registered=bool(came))


async def _organiser_scope(
    conn: aiosqlite.Connection, staff_id: int, meeting_id: int
) -> _Scope | None:
    meeting = await load_meeting(conn, meeting_id)
    staff = await meeting_staff(conn, staff_id)
    scope = await _scope(conn, staff, meeting) if meeting else None
    return scope if scope is not None and scope.organiser else None


def _counts(meeting: Meeting, families: list[Family]) -> Counts:
    replies = (f.reply for f in families if f.reply)
    return count((f.invitee for f in families), replies, childcare_offered=meeting.childcare)


def _attended(families: list[Family], registered: bool) -> int | None:
    return sum(f.present for f in families) if registered else None


async def overviews(db: Database, staff_id: int, now: datetime) -> list[Overview]:
    """The meetings still ahead or held in the last two weeks that this staff member sees."""
    async with db.read() as conn:
        found = []
        staff = await meeting_staff(conn, staff_id)
        for meeting in await load_meetings(conn, ending_after=now - LISTED_AFTER):
            scope = await _scope(conn, staff, meeting)
            if scope is None:
                continue
            to_call = (
                ()
                if scope.organiser
                else await not_reached(
                    conn,
                    meeting,
                    [f.invitee for f in scope.families],
                    {f.invitee.guardian_id for f in scope.families if f.reply},
                    now,
                )
            )
            found.append(
                Overview(
                    meeting,
                    scope.organiser,
                    _counts(meeting, scope.families),
                    _attended(scope.families, scope.registered),
                    to_call,
                )
            )
        return found


def sees_all(staff: MeetingStaff, meeting: Meeting) -> bool:
    """The organiser, directors and internal counsellors see every invited family."""
    return staff.role in ORGANISER_ROLES or meeting.organiser_staff_id == staff.id


def visible(staff: MeetingStaff, meeting: Meeting, invited: list[Invitee]) -> list[Invitee]:
    """The invited guardians this staff member sees: all, or those of their groups."""
    if sees_all(staff, meeting):
        return invited
    return [i for i in invited if any(group in staff.groups for *_, group in i.pupils)]


async def not_reached(
    conn: aiosqlite.Connection,
    meeting: Meeting,
    invited: list[Invitee],
    answered: set[int],
    now: datetime,
) -> tuple[NotReached, ...]:
    """The parents to call: not in Telegram, blocked, or (once invited) without an answer.
    A family where one parent answered is reached: the other parent is not listed."""
    reached = {
        i.guardian_id
        for family in families_of(invited)
        if any(member.guardian_id in answered for member in family)
        for i in family
    }
    asked = now >= meeting.invitations_from
    phones = await guardian_phones(conn, (i.guardian_id for i in invited))
    found = []
    for guardian in invited:
        if guardian.guardian_id in reached:
            continue
        if not guardian.linked:
            reason = Unreached.NOT_LINKED
        elif guardian.unreachable:
            reason = Unreached.UNREACHABLE
        elif asked:
            reason = Unreached.NO_ANSWER
        else:
            continue
        found.append(NotReached(guardian, phones.get(guardian.guardian_id, ""), reason))
    return tuple(found)


async def who_is_coming(
    db: Database, staff_id: int, meeting_id: int
) -> tuple[Meeting, list[Family]] | None:
    """The families coming or perhaps coming (those of a teacher's groups), by name."""
    async with db.read() as conn:
        meeting = await load_meeting(conn, meeting_id)
        staff = await meeting_staff(conn, staff_id)
        scope = await _scope(conn, staff, meeting) if meeting else None
        if scope is None:
            return None
        return scope.meeting, [f for f in scope.families if f.coming]


def attendance_open(meeting: Meeting, now: datetime) -> bool:
    """Attendance is registered from the start of the meeting until a week after."""
    return not meeting.cancelled and meeting.starts_at <= now < meeting.starts_at + ATTENDANCE_AFTER


def _page(scope: _Scope, page: int) -> AttendancePage:
    ordered = sorted(
        scope.families,
        key=lambda f: (not f.coming, f.invitee.name.casefold(), f.invitee.guardian_id),
    )
    pages = max(1, -(-len(ordered) // PAGE_SIZE))
    page = min(max(page, 0), pages - 1)
    shown = ordered[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
    present = sum(f.present for f in ordered)
    return AttendancePage(scope.meeting, tuple(shown), page, pages, present, len(ordered))


async def attendance_page(
    db: Database, staff_id: int, meeting_id: int, page: int, now: datetime
) -> AttendancePage | None:
    """One page of the attendance list, for an organiser while attendance is open."""
    async with db.read() as conn:
        scope = await _organiser_scope(conn, staff_id, meeting_id)
        if scope is None or not attendance_open(scope.meeting, now):
            return None
        return _page(scope, page)


async def toggle_presence(
    db: Database, staff_id: int, meeting_id: int, guardian_id: int, page: int, now: datetime
) -> AttendancePage | None:
    """Mark an invited family present, or no longer present; the page as it is then.
    None when the presser may not, the family is not invited or attendance is closed."""
    async with db.transaction() as conn:
        scope = await _organiser_scope(conn, staff_id, meeting_id)
        if scope is None or not attendance_open(scope.meeting, now):
            return None
        family = next((f for f in scope.families if f.invitee.guardian_id == guardian_id), None)
        if family is None:
            return None
        await record_presence(
            conn, meeting_id, guardian_id, present=not family.present, staff_id=staff_id, now=now
        )
        scope = await _organiser_scope(conn, staff_id, meeting_id)
        assert scope is not None  # the same unit of work: nothing changed but the presence
        return _page(scope, page)


def _summary_open(scope: _Scope | None, now: datetime) -> bool:
    return scope is not None and scope.meeting.has_begun(now)


def _draft(scope: _Scope) -> SummaryDraft:
    reachable = [f for f in scope.families if f.invitee.reachable]
    present = sum(f.present for f in reachable)
    return SummaryDraft(scope.meeting, len(reachable) - present, present)


async def summary_draft(
    db: Database, staff_id: int, meeting_id: int, now: datetime
) -> SummaryDraft | None:
    """The summary so far, for an organiser once the meeting has begun."""
    async with db.read() as conn:
        scope = await _organiser_scope(conn, staff_id, meeting_id)
        return _draft(scope) if scope is not None and _summary_open(scope, now) else None


async def ask_summary(
    db: Database, staff_id: int, user_id: int, meeting_id: int, now: datetime
) -> bool:
    """The organiser will type their own words; not once the summary went out."""
    async with db.transaction() as conn:
        scope = await _organiser_scope(conn, staff_id, meeting_id)
        if scope is None or not _summary_open(scope, now) or scope.meeting.summary_sent_at:
            return False
        await expect_input(conn, user_id, SUMMARY, {"meeting_id": meeting_id}, now)
    return True


async def save_typed_summary(
    db: Database,
    staff_id: int,
    user_id: int,
    params: dict[str, Any],
    text: str,
    language: str,
    now: datetime,
) -> SummaryDraft | None:
    """Keep what the organiser typed, in the language they write; None when no longer
    allowed (the question is closed then too)."""
    meeting_id = int(params["meeting_id"])
    async with db.transaction() as conn:
        await forget_input(conn, user_id)
        scope = await _organiser_scope(conn, staff_id, meeting_id)
        if scope is None or not _summary_open(scope, now) or scope.meeting.summary_sent_at:
            return None
        await save_summary(conn, meeting_id, text.strip(), language, now)
        scope = await _organiser_scope(conn, staff_id, meeting_id)
        assert scope is not None  # the same unit of work: only the summary changed
        return _draft(scope)


async def send_summary(
    db: Database, staff_id: int, meeting_id: int, now: datetime
) -> SummarySent | None:
    """Queue the summary, once, to every invited family the bot reaches: the whole summary
    to those not marked present, the points for at home to those who came. The organiser's
    words wait for their machine translation when an engine runs."""
    async with db.transaction() as conn:
        scope = await _organiser_scope(conn, staff_id, meeting_id)
        if scope is None or not _summary_open(scope, now):
            return None
        if not await mark_summary_sent(conn, meeting_id, now):
            return SummarySent(scope.meeting, already=True)
        meeting = scope.meeting
        reachable = [f for f in scope.families if f.invitee.reachable]
        absent = [f for f in reachable if not f.present]
        held = bool(meeting.summary_language) and await machine_translation.want(
            conn,
            meeting.summary,
            meeting.summary_language or "",
            {f.invitee.language for f in absent},
        )
        for family in reachable:
            await enqueue(
                conn,
                recipient_kind=PersonKind.GUARDIAN,
                recipient_id=family.invitee.guardian_id,
                kind=NotificationKind.MEETING_SUMMARY,
                params={"meeting_id": meeting_id, "absent": not family.present},
                not_before=now,
                dedup_key=dedup_keys.meeting_summary(meeting_id, family.invitee.guardian_id),
                now=now,
                wait_for_translation=held
                and not family.present
                and family.invitee.language != meeting.summary_language,
            )
    log.info("meeting summary sent meeting_id=%d families=%d", meeting_id, len(reachable))
    return SummarySent(meeting, False, len(absent), len(reachable) - len(absent))


async def summary_read(
    conn: aiosqlite.Connection, meeting_id: int, guardian_id: int, language: str
) -> SummaryRead | None:
    """For the guardian's summary, read inside the delivering transaction: None once the
    meeting is cancelled or no longer invites them."""
    meeting = await load_meeting(conn, meeting_id)
    if meeting is None or meeting.cancelled or meeting.summary_sent_at is None:
        return None
    if await invitee(conn, meeting, guardian_id) is None:
        return None
    translated = None
    if meeting.summary and meeting.summary_language:
        translated = await machine_translation.lookup(
            conn, meeting.summary, meeting.summary_language, language
        )
    return SummaryRead(meeting, translated)
