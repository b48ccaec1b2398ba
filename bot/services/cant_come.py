"""A parent who can't come to a talk tells the teacher why, and either chooses another
time or asks the teacher to call them.

Nothing here frees the talk: moving it (the booking service's move) frees the old time by
itself, and cancelling is the parent's own separate press. Every press is checked again
against the database and the presser: only a parent of the child (of the talk's household)
may say it, and only about a talk that is still ahead and not cancelled; anything else is
answered with the talk's state as it is now and changes nothing.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from enum import Enum, StrEnum

import aiosqlite

from bot.domain import dedup_keys
from bot.domain.bookings import Actor, Booked, Child
from bot.domain.contact_details import TeacherContact
from bot.domain.notification_kind import NotificationKind
from bot.domain.person_kind import PersonKind
from bot.domain.rounds import Round
from bot.services import booking
from bot.storage import bookings as store
from bot.storage import cant_come as notes
from bot.storage.cant_come import CantCome
from bot.storage.database import Database
from bot.storage.outbox import enqueue
from bot.storage.rounds import load_round
from bot.storage.staff import staff_phone, teachers_of_guardian

log = logging.getLogger(__name__)


class Reason(StrEnum):
    """Why a parent cannot come: a fixed choice, so the teacher reads it in their own
    language and nothing about the family's health is typed or stored as free text."""

    ILL = "ill"
    WORK = "work"
    OTHER = "other"


class Wish(StrEnum):
    """What the parent wants instead of the talk at this time."""

    MOVE = "move"  # they choose another free time themselves
    CALL = "call"  # the teacher calls them


class State(Enum):
    """Where the talk stands for the presser."""

    OPEN = "open"  # ahead and active: the press counts
    TOO_LATE = "too_late"  # past the cut-off: only the teacher can move it now
    NO_REASON = "no_reason"  # a wish pressed before any reason: an old or forged button
    STARTED = "started"  # the talk has begun (or is over)
    CANCELLED = "cancelled"  # called off, or moved: `current` is the child's talk now, if any
    NOT_YOURS = "not_yours"  # no such talk, or not a talk of this parent's child


@dataclass(frozen=True)
class Talk:
    """The talk as the parent sees it, and what they may still do themselves: cancel it
    (until the cut-off), and move it (the booking flow would show them free times now)."""

    round: Round
    booked: Booked
    child: Child
    may_cancel: bool
    may_move: bool


@dataclass(frozen=True)
class Checked:
    state: State
    talk: Talk | None = None  # every state but NOT_YOURS
    current: Booked | None = None  # CANCELLED: the child's talk in the round now, if any


async def check(db: Database, guardian_id: int, booking_id: int, now: datetime) -> Checked:
    """The "I can't come" button pressed: whether the parent may say so about this talk now."""
    async with db.read() as conn:
        return await _check(db, conn, guardian_id, booking_id, now)


async def give_reason(
    db: Database, guardian_id: int, booking_id: int, reason: Reason, now: datetime
) -> Checked:
    """A reason pressed: kept with the talk (pressed again, it replaces the first)."""
    async with db.transaction() as conn:
        checked = await _check(db, conn, guardian_id, booking_id, now)
        if checked.state is State.OPEN:
            await notes.keep_reason(conn, booking_id, guardian_id, reason, now)
        return checked


async def choose(
    db: Database, guardian_id: int, booking_id: int, wish: Wish, now: datetime
) -> Checked:
    """Another time, or a call, pressed: the talk's teacher is told at once (quiet hours
    hold it until the morning). Moving needs the booking flow to take the move now."""
    async with db.transaction() as conn:
        checked = await _check(db, conn, guardian_id, booking_id, now)
        talk = checked.talk
        if checked.state is not State.OPEN or talk is None:
            return checked
        if wish is Wish.MOVE and not talk.may_move:
            return Checked(State.TOO_LATE, talk)
        notice_id = await notes.keep_wish(conn, booking_id, guardian_id, wish, now)
        if notice_id is None:
            return Checked(State.NO_REASON, talk)
        teacher = talk.booked.offer.staff_id
        await enqueue(
            conn,
            recipient_kind=PersonKind.STAFF,
            recipient_id=teacher,
            kind=NotificationKind.CANT_COME,
            params={"notice_id": notice_id, "wish": wish.value},
            not_before=now,
            dedup_key=dedup_keys.cant_come(notice_id, wish, teacher),
            now=now,
        )
    log.info("cant come notice_id=%d booking_id=%d wish=%s", notice_id, booking_id, wish)
    return checked


async def _check(
    db: Database, conn: aiosqlite.Connection, guardian_id: int, booking_id: int, now: datetime
) -> Checked:
    booked = await store.booking(conn, booking_id)
    if booked is None:
        return Checked(State.NOT_YOURS)
    if guardian_id not in await store.guardians_of(conn, booked.pupil_id, booked.household or None):
        return Checked(State.NOT_YOURS)
    children = await store.children_in_round(conn, guardian_id, booked.round_id)
    child = next((c for c in children if c.pupil_id == booked.pupil_id), None)
    round_ = await load_round(conn, booked.round_id)
    if child is None or round_ is None:
        return Checked(State.NOT_YOURS)
    may_cancel = round_.may_change(booked.offer.starts_at, now)
    talk = Talk(round_, booked, child, may_cancel, may_move=False)
    if booked.status != "active":
        current = await store.active_booking(
            conn, booked.round_id, booked.pupil_id, booked.household
        )
        return Checked(State.CANCELLED, talk, current)
    if booked.offer.starts_at <= now:
        return Checked(State.STARTED, talk)
    if not may_cancel:
        return Checked(State.OPEN, talk)
    # Exactly when the booking flow would offer free times for the move (it joins this
    # transaction), so "Choose another time" never leads to a refusal.
    actor = Actor(PersonKind.GUARDIAN, guardian_id)
    free = await booking.free_offers(
        db, actor, booked.round_id, booked.pupil_id, now, replacing=booking_id
    )
    may_move = free.outcome is booking.Outcome.FREE and bool(free.offers)
    return Checked(State.OPEN, Talk(round_, booked, child, may_cancel, may_move))


@dataclass(frozen=True)
class Notice:
    """What the teacher's notice says: who cannot come to which talk, why, what they want,
    and the parent's phone (from the roster) to call them on."""

    word: CantCome
    round: Round
    booked: Booked
    child: Child


async def notice(conn: aiosqlite.Connection, notice_id: int) -> Notice | None:
    """The notice as it stands at send time (the renderer's transaction); None when the
    parent's word is gone (erased)."""
    word = await notes.cant_come(conn, notice_id)
    if word is None:
        return None
    booked = await store.booking(conn, word.booking_id)
    if booked is None:
        return None
    round_ = await load_round(conn, booked.round_id)
    child = await store.pupil_as_child(conn, booked.pupil_id)
    return Notice(word, round_, booked, child) if round_ and child else None


async def teacher_phone(conn: aiosqlite.Connection, staff_id: int) -> str:
    """The phone of a talk's teacher ('' when the staff file gives none), read in a
    renderer's transaction."""
    return await staff_phone(conn, staff_id)


async def teachers(db: Database, guardian_id: int) -> list[TeacherContact]:
    """The teachers of a parent's children, with their phone where given (for /contact)."""
    async with db.read() as conn:
        return await teachers_of_guardian(conn, guardian_id)
