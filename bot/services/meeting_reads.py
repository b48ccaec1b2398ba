"""What the meeting notices read at send time, inside the transaction that claims the row.

Like `notice_reads`, these take the renderer's connection and only read; each returns None
when the notice's reason is gone: the meeting was cancelled or has begun, the guardian is
no longer invited (their child left the group), or the teacher no longer teaches there.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from bot.domain.meetings import Invitee, Meeting, Reply
from bot.services.meeting_organiser import NotReached, not_reached, sees_all, visible
from bot.storage import meetings
from bot.storage.meeting_people import meeting_staff


@dataclass(frozen=True)
class Invited:
    """A guardian as a meeting invites them now, with their answer (None: none yet)."""

    meeting: Meeting
    invitee: Invitee
    reply: Reply | None


@dataclass(frozen=True)
class ToCall:
    """The families a member of staff should call about a meeting."""

    meeting: Meeting
    organiser: bool  # every invited family is listed, not only those of their groups
    families: tuple[NotReached, ...]


async def _ahead(conn: aiosqlite.Connection, meeting_id: int, now: datetime) -> Meeting | None:
    meeting = await meetings.load_meeting(conn, meeting_id)
    if meeting is None or meeting.cancelled or meeting.has_begun(now):
        return None
    return meeting


async def invited(
    conn: aiosqlite.Connection, meeting_id: int, guardian_id: int, now: datetime
) -> Invited | None:
    """The meeting ahead with the guardian invited to it; None when either is no longer so."""
    meeting = await _ahead(conn, meeting_id, now)
    return await _with_guardian(conn, meeting, guardian_id) if meeting else None


async def changed(
    conn: aiosqlite.Connection, meeting_id: int, guardian_id: int, now: datetime
) -> Invited | None:
    """The meeting a change notice is about, cancelled or not, with the guardian still
    invited; None once it has begun (the news is no use then) or they are not invited."""
    meeting = await meetings.load_meeting(conn, meeting_id)
    if meeting is None or meeting.has_begun(now):
        return None
    return await _with_guardian(conn, meeting, guardian_id)


async def _with_guardian(
    conn: aiosqlite.Connection, meeting: Meeting, guardian_id: int
) -> Invited | None:
    invitee = await meetings.invitee(conn, meeting, guardian_id)
    if invitee is None:
        return None
    found = await meetings.reply_of(conn, meeting.id, guardian_id)
    return Invited(meeting, invitee, found[0] if found else None)


async def families_to_call(
    conn: aiosqlite.Connection, meeting_id: int, staff_id: int, now: datetime
) -> ToCall | None:
    """The invited families the bot cannot reach or that did not answer: of the teacher's
    groups, or all of them for the organiser. None when the meeting is no longer ahead or
    the staff member no longer active."""
    meeting = await _ahead(conn, meeting_id, now)
    staff = await meeting_staff(conn, staff_id)
    if meeting is None or staff is None:
        return None
    invited = visible(staff, meeting, await meetings.invitees(conn, meeting))
    answered = {reply.guardian_id for reply in await meetings.replies(conn, meeting.id)}
    families = await not_reached(conn, meeting, invited, answered, now)
    return ToCall(meeting, sees_all(staff, meeting), families)
