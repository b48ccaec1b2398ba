"""Telling invited parents that an announced meeting moved or was cancelled.

A family that arranged a babysitter or a day off for the evening must hear of a change
from the bot that invited them, not find a closed door. Only what makes them come at
another moment or to another room is news; the rest (childcare, interpreters offered) is
read afresh in every later message. Parents not in Telegram yet are not queued: when they
link, their invitation already shows the meeting as it is, and the teachers' list names
them to call.
"""

from __future__ import annotations

from datetime import datetime

import aiosqlite

from bot.domain import dedup_keys
from bot.domain.clock import to_db
from bot.domain.meetings import Meeting, Rsvp
from bot.domain.notification_kind import NotificationKind
from bot.domain.person_kind import PersonKind
from bot.storage import meetings
from bot.storage.outbox import enqueue

MOVED, CANCELLED = "moved", "cancelled"


def moved(before: Meeting, after: Meeting) -> bool:
    """Whether invited families must come at another time or to another place."""
    return (before.starts_at, before.minutes, before.place) != (
        after.starts_at,
        after.minutes,
        after.place,
    )


def version(meeting: Meeting) -> str:
    """Where and when a meeting is, as a moved notice remembers it: a notice about an
    older version is stale once the meeting moved again."""
    return f"{to_db(meeting.starts_at)}/{meeting.minutes}/{meeting.place}"


async def tell_moved(
    conn: aiosqlite.Connection, before: Meeting, after: Meeting, now: datetime
) -> int:
    """Queue the news to every invited family in Telegram; returns how many."""
    params = {"meeting_id": after.id, "change": MOVED, "was": to_db(before.starts_at)}
    params["version"] = version(after)
    return await _tell(conn, after, f"{MOVED}-{version(after)}", params, now, everyone=True)


async def tell_cancelled(conn: aiosqlite.Connection, meeting: Meeting, now: datetime) -> int:
    """Queue the news to every invited family in Telegram that had not said no."""
    params = {"meeting_id": meeting.id, "change": CANCELLED}
    return await _tell(conn, meeting, CANCELLED, params, now, everyone=False)


async def _tell(
    conn: aiosqlite.Connection,
    meeting: Meeting,
    change: str,
    params: dict[str, object],
    now: datetime,
    *,
    everyone: bool,
) -> int:
    said_no = {
        r.guardian_id for r in await meetings.replies(conn, meeting.id) if r.answer is Rsvp.NO
    }
    told = 0
    for invitee in await meetings.invitees(conn, meeting):
        if not invitee.reachable or (not everyone and invitee.guardian_id in said_no):
            continue
        told += await enqueue(
            conn,
            recipient_kind=PersonKind.GUARDIAN,
            recipient_id=invitee.guardian_id,
            kind=NotificationKind.MEETING_CHANGED,
            params=params,
            not_before=now,
            expires_at=meeting.starts_at,
            dedup_key=dedup_keys.meeting_changed(meeting.id, change, invitee.guardian_id),
            now=now,
        )
    return told
