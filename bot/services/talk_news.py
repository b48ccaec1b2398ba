"""What the others hear when a talk is booked, moved or cancelled: how it changed since they
last heard, never a string of changes that are no longer true.

Each person has at most one notice about a child's talk in a round that has not reached
them yet. A new change withdraws it and queues one notice from what they last heard (where
the withdrawn notice started) to what is true now. Booked, moved and cancelled while they
slept is nothing at all; booked and moved is one booking at the new time; a talk they knew
of, moved and then cancelled, is one cancellation of the time they knew.

Why here, when the news is queued, rather than when it is sent: the change and its notices
are one transaction, so the outbox holds only what is true at every moment, whichever way
delivery runs (at the end of quiet hours, after a restart, right after linking), and one
rule covers every kind of booking news. The renderers still check the booking at send time.
"""

from __future__ import annotations

from datetime import datetime

import aiosqlite

from bot.storage import bookings as store
from bot.storage import outbox
from bot.storage.bookings import Booked

GUARDIAN_BOOKED = "booking_made"
GUARDIAN_CANCELLED = "booking_cancelled"
TEACHER = "teacher_booking"


async def announce(
    conn: aiosqlite.Connection,
    presser: tuple[str, int],
    before: Booked | None,
    after: Booked | None,
    now: datetime,
) -> None:
    """Queue the news of one change (`before` → `after`, either may be None) for the child's
    guardians and the teacher(s) of both times, inside the caller's transaction.

    The presser got a direct answer and sees the talk as it is: what waited for them about
    it is withdrawn.
    """
    talk = after or before
    if talk is None:
        return
    if before is not None:
        await outbox.withdraw(conn, f"remind:booking:{before.booking_id}:")
    about = f"talk:{talk.round_id}:{talk.pupil_id}:{talk.household}"
    guardians = await store.guardians_of(conn, talk.pupil_id, talk.household or None)
    teachers = sorted({b.offer.staff_id for b in (before, after) if b is not None})
    people = [("guardian", g) for g in guardians] + [("staff", t) for t in teachers]
    for kind, person in people:
        unsent = await outbox.take_unsent(conn, kind, person, about)
        if (kind, person) == presser:
            continue
        teacher = person if kind == "staff" else None
        was = unsent[0]["was"] if unsent else _followed(before, teacher)
        is_now = _followed(after, teacher)
        if was != is_now:
            await _queue(conn, kind, person, about, was, is_now, now)


def _followed(booked: Booked | None, teacher: int | None) -> int | None:
    """The booking as one person follows the talk: a teacher only at their own times."""
    if booked is None or (teacher is not None and booked.offer.staff_id != teacher):
        return None
    return booked.booking_id


async def _queue(
    conn: aiosqlite.Connection,
    kind: str,
    person: int,
    about: str,
    was: int | None,
    is_now: int | None,
    now: datetime,
) -> None:
    params: dict[str, object] = {"about": about, "was": was, "booking_id": is_now or was}
    if kind == "staff":
        notice = TEACHER
        params["event"] = "moved" if was and is_now else "booked" if is_now else "cancelled"
    else:
        notice = GUARDIAN_BOOKED if is_now else GUARDIAN_CANCELLED
    await outbox.enqueue(
        conn,
        recipient_kind=kind,
        recipient_id=person,
        kind=notice,
        params=params,
        not_before=now,
        dedup_key=f"news:{about}:{kind}:{person}:{was or 0}>{is_now or 0}",
        now=now,
    )
