"""Telling invited parents that an announced meeting moved, was cancelled or was put back.

A family that arranged a babysitter or a day off for the evening must hear of a change
from the bot that invited them, not find a closed door. Only what makes them come at
another moment or to another room is news; the rest (childcare, interpreters offered) is
read afresh in every later message. Parents not in Telegram yet are not queued: when they
link, their invitation already shows the meeting as it is, and the teachers' list names
them to call.

Each notice is queued when a plan application changes the meeting (re-applying the same
plan changes nothing, so tells nothing), keyed by the moment it was applied: news that is
true again later (cancelled a second time, moved back) is news again. A newer notice
withdraws the one still waiting for the same parent, so they read only the latest.
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
from bot.storage.outbox import enqueue, withdraw

MOVED, CANCELLED, REINSTATED = "moved", "cancelled", "reinstated"


def moved(before: Meeting, after: Meeting) -> bool:
    """Whether invited families must come at another time or to another place."""
    return (before.starts_at, before.minutes, before.place) != (
        after.starts_at,
        after.minutes,
        after.place,
    )


def version(meeting: Meeting) -> str:
    """Where and when a meeting is, as a moved or reinstated notice remembers it: a notice
    about an older version is stale once the meeting moved again."""
    return f"{to_db(meeting.starts_at)}/{meeting.minutes}/{meeting.place}"


async def tell_moved(
    conn: aiosqlite.Connection, before: Meeting, after: Meeting, now: datetime
) -> int:
    """Queue the news to every invited family in Telegram; returns how many."""
    params = {"was": to_db(before.starts_at), "version": version(after)}
    return await _tell(conn, after, MOVED, params, now, everyone=True)


async def tell_cancelled(conn: aiosqlite.Connection, meeting: Meeting, now: datetime) -> int:
    """Queue the news to every invited family in Telegram that had not said no."""
    return await _tell(conn, meeting, CANCELLED, {}, now, everyone=False)


async def tell_reinstated(conn: aiosqlite.Connection, meeting: Meeting, now: datetime) -> int:
    """A cancelled meeting put back in the plan: queue the news, with when and where it is
    now, to every invited family in Telegram that had not said no; returns how many."""
    return await _tell(
        conn, meeting, REINSTATED, {"version": version(meeting)}, now, everyone=False
    )


async def _tell(
    conn: aiosqlite.Connection,
    meeting: Meeting,
    change: str,
    details: dict[str, str],
    now: datetime,
    *,
    everyone: bool,
) -> int:
    params = {"meeting_id": meeting.id, "change": change, **details}
    said_no = {
        r.guardian_id for r in await meetings.replies(conn, meeting.id) if r.answer is Rsvp.NO
    }
    told = 0
    for invitee in await meetings.invitees(conn, meeting):
        if not invitee.reachable or (not everyone and invitee.guardian_id in said_no):
            continue
        await withdraw(conn, dedup_keys.meeting_changed_prefix(meeting.id, invitee.guardian_id))
        told += await enqueue(
            conn,
            recipient_kind=PersonKind.GUARDIAN,
            recipient_id=invitee.guardian_id,
            kind=NotificationKind.MEETING_CHANGED,
            params=params,
            not_before=now,
            expires_at=meeting.starts_at,
            dedup_key=dedup_keys.meeting_changed(meeting.id, change, now, invitee.guardian_id),
            now=now,
        )
    return told
