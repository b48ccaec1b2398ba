"""What the others hear when a talk is booked, moved or cancelled: how it changed since they
last heard, never a string of changes that are no longer true.

Each person has at most one notice about a talk that has not reached them yet. A new
change withdraws it and queues one notice from what they last heard (where the withdrawn
notice started) to what is true now. Booked, moved and cancelled while they slept is
nothing at all; booked and moved is one booking at the new time; a talk they knew of and
moved is one move from the time they knew; moved and then cancelled, one cancellation of
the time they knew.

A talk is one calendar entry (bot/storage/talk_calendar.py), carried here from booking to
booking in the same transaction, and named by every file sent about it. A talk called off
and booked anew is a new entry with news of its own, so the calendars that hold the old
one still get its cancellation.

Why here, when the news is queued, rather than when it is sent: the change and its notices
are one transaction, so the outbox holds only what is true at every moment, whichever way
delivery runs (at the end of quiet hours, after a restart, right after linking), and one
rule covers every kind of booking news. The renderers still check the booking at send time.
"""

from __future__ import annotations

from datetime import datetime

import aiosqlite

from bot.domain import dedup_keys
from bot.domain.bookings import Booked
from bot.domain.notification_kind import NotificationKind
from bot.domain.person_kind import PersonKind
from bot.storage import bookings as store
from bot.storage import outbox, talk_calendar


async def announce(
    conn: aiosqlite.Connection,
    presser: tuple[PersonKind, int],
    before: Booked | None,
    after: Booked | None,
    now: datetime,
) -> None:
    """Queue the news of one change (`before` → `after`, either may be None) for the child's
    guardians and the teacher(s) of both times, inside the caller's transaction, after
    carrying the talk's calendar entry along.

    The presser got a direct answer and sees the talk as it is: what waited for them about
    it is withdrawn.
    """
    talk = after or before
    if talk is None:
        return
    if before is not None:
        await outbox.withdraw(conn, dedup_keys.reminder_prefix(before.booking_id))
    await _follow_calendar(conn, before, after)
    entry = await talk_calendar.of_booking(conn, talk.booking_id)
    assert entry is not None  # the booking is the caller's, in this transaction
    about = dedup_keys.talk_entry_news_about(
        talk.round_id, talk.pupil_id, talk.household, entry.first_booking_id
    )
    guardians = await store.guardians_of(conn, talk.pupil_id, talk.household or None)
    teachers = sorted({b.offer.staff_id for b in (before, after) if b is not None})
    people = [(PersonKind.GUARDIAN, g) for g in guardians]
    people += [(PersonKind.STAFF, t) for t in teachers]
    for kind, person in people:
        unsent = await outbox.take_unsent(conn, kind, person, about)
        if (kind, person) == presser:
            continue
        teacher = person if kind == PersonKind.STAFF else None
        was = unsent[0]["was"] if unsent else _followed(before, teacher)
        is_now = _followed(after, teacher)
        if was != is_now:
            change = (before.booking_id if before else None, after.booking_id if after else None)
            await _queue(conn, kind, person, about, (was, is_now), change, now)


async def _follow_calendar(
    conn: aiosqlite.Connection, before: Booked | None, after: Booked | None
) -> None:
    """A move keeps the talk's entry, one version up; a cancellation takes it one version
    up too, for the file that removes it. A new talk starts its own entry as it is."""
    if before is not None and after is not None:
        await talk_calendar.carry_over(conn, before.booking_id, after.booking_id)
    elif before is not None:
        await talk_calendar.cancel(conn, before.booking_id)


def _followed(booked: Booked | None, teacher: int | None) -> int | None:
    """The booking as one person follows the talk: a teacher only at their own times."""
    if booked is None or (teacher is not None and booked.offer.staff_id != teacher):
        return None
    return booked.booking_id


async def _queue(
    conn: aiosqlite.Connection,
    kind: PersonKind,
    person: int,
    about: str,
    heard: tuple[int | None, int | None],
    change: tuple[int | None, int | None],
    now: datetime,
) -> None:
    """One notice from the booking the person heard of to the one that holds for them now
    (`heard`), queued by the change (the booking called off, the booking made)."""
    was, is_now = heard
    params: dict[str, object] = {"about": about, "was": was, "booking_id": is_now or was}
    if kind == PersonKind.STAFF:
        notice = NotificationKind.TEACHER_BOOKING
        params["event"] = "moved" if was and is_now else "booked" if is_now else "cancelled"
    else:
        notice = NotificationKind.BOOKING_MADE if is_now else NotificationKind.BOOKING_CANCELLED
    await outbox.enqueue(
        conn,
        recipient_kind=kind,
        recipient_id=person,
        kind=notice,
        params=params,
        not_before=now,
        dedup_key=dedup_keys.talk_news_of_change(about, kind, person, was, is_now, change),
        now=now,
    )
