"""Which calendar entry a booking belongs to, and which version of it was sent last.

A move books the new time as a new booking, so the entry is carried from booking to
booking: each remembers the booking its talk began as (`first_booking_id`), and the
versions (`calendar_sequence`) only ever rise across the talk. Written in the transaction
of the change itself (bot/services/talk_news.py), so no file can be sent in between.
"""

from __future__ import annotations

from dataclasses import dataclass

import aiosqlite

from bot.storage.rows import first_row


@dataclass(frozen=True)
class TalkCalendar:
    """A talk's calendar entry: the booking it began as names it, `sequence` is the newest
    version of it the talk has reached (a file sent now carries this one)."""

    first_booking_id: int
    sequence: int


async def of_booking(conn: aiosqlite.Connection, booking_id: int) -> TalkCalendar | None:
    """The entry of the talk a booking belongs to, at the talk's newest version — also for
    a booking long moved away from, whose cancellation must outrank every later file."""
    sql = """
        SELECT t.first, (SELECT max(o.calendar_sequence) FROM bookings o
                         WHERE o.id = t.first OR o.first_booking_id = t.first) AS sequence
        FROM (SELECT coalesce(first_booking_id, id) AS first FROM bookings WHERE id = ?) t
    """
    row = await first_row(conn, sql, (booking_id,))
    return TalkCalendar(row["first"], row["sequence"]) if row else None


async def carry_over(conn: aiosqlite.Connection, moved_from: int, moved_to: int) -> None:
    """A talk moved from one booking to another keeps its entry, one version up."""
    entry = await of_booking(conn, moved_from)
    if entry is None:
        return
    await conn.execute(
        "UPDATE bookings SET first_booking_id = ?, calendar_sequence = ? WHERE id = ?",
        (entry.first_booking_id, entry.sequence + 1, moved_to),
    )


async def cancel(conn: aiosqlite.Connection, booking_id: int) -> None:
    """A talk called off: its entry goes one version up, for the cancellation file."""
    entry = await of_booking(conn, booking_id)
    if entry is None:
        return
    await conn.execute(
        "UPDATE bookings SET calendar_sequence = ? WHERE id = ?",
        (entry.sequence + 1, booking_id),
    )


async def booked_by_staff(conn: aiosqlite.Connection, first_booking_id: int, staff_id: int) -> bool:
    """Whether the teacher booked (or moved) the talk themselves, on the parents' behalf:
    the answer to that press gave them the talk's calendar file."""
    sql = """
        SELECT 1 FROM bookings
        WHERE (id = ? OR first_booking_id = ?) AND booked_by_kind = 'staff' AND booked_by_id = ?
    """
    return await first_row(conn, sql, (first_booking_id, first_booking_id, staff_id)) is not None
