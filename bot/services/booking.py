"""Booking a talk: every press is re-checked here against the database and the presser.

Callback data from Telegram is never trusted: a guardian may only book for their own
child, in a round of that child's group, while booking is open, a free slot of one of the
child's own teachers. The unique indexes on `bookings` settle races between presses, and
the family's other talks are checked inside the same write transaction, so no two presses
(by either parent, or a teacher on their behalf) can give one family two talks at once.
`gap` is the walk between two teachers' places (the setting `sibling_gap_minutes`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

import aiosqlite

from bot.domain.bookings import Actor, Booked, Child, Offer
from bot.domain.events import TalksChanged
from bot.domain.family_time import DEFAULT_GAP, FamilyTalk, first_clash, fitting, nearest
from bot.domain.person_kind import PersonKind
from bot.domain.rounds import BookingScope, Round
from bot.domain.siblings import back_to_back
from bot.services.talk_news import announce
from bot.storage import bookings as store
from bot.storage import talk_calendar
from bot.storage.agreements import missed_talk
from bot.storage.bookings import SlotTaken
from bot.storage.database import Database, raise_event
from bot.storage.rounds import load_round
from bot.storage.talk_calendar import TalkCalendar

log = logging.getLogger(__name__)


class Outcome(Enum):
    FREE = "free"  # the actor may choose among the free times
    BOOKED = "booked"
    TAKEN = "taken"  # someone else was a moment faster
    CLOSED = "closed"  # the round is not open for booking (any more)
    NOT_ALLOWED = "not_allowed"  # not this person's child, or not this round's slot
    ALREADY_BOOKED = "already_booked"
    TOO_LATE = "too_late"  # past the cut-off for changing a talk
    GONE = "gone"  # the booking was already cancelled
    CANCELLED = "cancelled"
    FAMILY_BUSY = "family_busy"  # the family has another talk then, or too close to walk over


@dataclass(frozen=True)
class TalkInRound:
    """A talk just booked (or cancelled) with its round, child and calendar entry: what the
    reply and the calendar file show, read inside the change's own transaction so the reply
    needs no other. `calendar` None: no file is due to the presser."""

    round: Round
    booked: Booked
    child: Child
    calendar: TalkCalendar | None = None


@dataclass(frozen=True)
class Result:
    outcome: Outcome
    booking: Booked | None = None
    talks: tuple[TalkInRound, ...] = ()  # every talk one press booked (siblings: several)
    clash: FamilyTalk | None = None  # FAMILY_BUSY: the family's talk that is in the way
    fitting: tuple[Offer, ...] = ()  # FAMILY_BUSY: the nearest free times that do fit


@dataclass(frozen=True)
class FreeTimes:
    """The times a child's talk may be booked at, or (outcome) why the actor may not now:
    with ALREADY_BOOKED, GONE or TOO_LATE, `booking` is the child's talk as it is. When
    FREE, the round and the child come along, read in the same snapshot, to describe the
    times with."""

    outcome: Outcome
    offers: tuple[Offer, ...] = ()
    booking: Booked | None = None
    round: Round | None = None
    child: Child | None = None


@dataclass(frozen=True)
class ChildStatus:
    child: Child
    booking: Booked | None


@dataclass(frozen=True)
class Invitation:
    round: Round
    children: tuple[ChildStatus, ...]


async def invitations(db: Database, guardian_id: int, now: datetime) -> list[Invitation]:
    """The rounds a guardian is invited to that are open, or have a talk of theirs ahead."""
    async with db.read() as conn:
        found = []
        for round_id in await store.rounds_of_guardian(conn, guardian_id):
            invitation = await invitation_in(conn, guardian_id, round_id)
            if invitation and _still_relevant(invitation, now):
                found.append(invitation)
    return sorted(found, key=lambda inv: inv.round.booking_closes_at)


async def invitation(db: Database, guardian_id: int, round_id: int) -> Invitation | None:
    async with db.read() as conn:
        return await invitation_in(conn, guardian_id, round_id)


async def invitation_in(
    conn: aiosqlite.Connection, guardian_id: int, round_id: int
) -> Invitation | None:
    round_ = await load_round(conn, round_id)
    children = await store.children_in_round(conn, guardian_id, round_id)
    if round_ is None or not children:
        return None
    statuses = []
    for child in children:
        household = _household(round_, child.household)
        booked = await store.active_booking(conn, round_id, child.pupil_id, household)
        statuses.append(ChildStatus(child, booked))
    return Invitation(round_, tuple(statuses))


def _still_relevant(invitation: Invitation, now: datetime) -> bool:
    if invitation.round.is_open(now):
        return True
    return any(s.booking and s.booking.offer.ends_at > now for s in invitation.children)


def _household(round_: Round, household: str) -> str:
    return household if round_.booking_scope is BookingScope.HOUSEHOLD else ""


async def free_offers(
    db: Database,
    actor: Actor,
    round_id: int,
    pupil_id: int,
    now: datetime,
    *,
    replacing: int | None = None,
    gap: timedelta = DEFAULT_GAP,
) -> FreeTimes:
    """Free times for this child that leave the family's other talks room, or why the actor
    may not choose one now — checked at the first press, so a stale button is refused
    before any day or time is shown. `replacing`: the talk being moved."""
    async with db.read() as conn:
        allowed = await _permission(conn, actor, round_id, pupil_id, now, replacing)
        if isinstance(allowed, Outcome):
            return FreeTimes(allowed)
        round_, household = allowed
        refused, existing = await _own_talk(
            conn, actor, round_, pupil_id, household, replacing, now
        )
        if refused is not None:
            return FreeTimes(refused, booking=existing)
        others = [
            t
            for t in await store.family_talks(conn, pupil_id, _parent(actor))
            if existing is None or t.booked.booking_id != existing.booking_id
        ]
        child = await store.pupil_as_child(conn, pupil_id)
        if child is None:
            return FreeTimes(Outcome.NOT_ALLOWED)
        free = await store.free_offers(conn, round_id, pupil_id, now)
        offers = tuple(fitting(free, others, gap))
        return FreeTimes(Outcome.FREE, offers, round=round_, child=child)


async def _own_talk(
    conn: aiosqlite.Connection,
    actor: Actor,
    round_: Round,
    pupil_id: int,
    household: str,
    replacing: int | None,
    now: datetime,
) -> tuple[Outcome | None, Booked | None]:
    """The child's talk in the round, and why no (new) time may be chosen for it now: it
    has one already (unless that is the one being moved), the talk being moved is not this
    child's or was cancelled, or a parent is past the cut-off for changing it."""
    existing = await store.active_booking(conn, round_.id, pupil_id, household)
    if existing and existing.booking_id != replacing:
        return Outcome.ALREADY_BOOKED, existing
    if replacing is None:
        return None, existing
    moving = await store.booking(conn, replacing)
    if moving is None or (moving.round_id, moving.pupil_id) != (round_.id, pupil_id):
        return Outcome.NOT_ALLOWED, existing
    if existing is None:
        return Outcome.GONE, moving
    if actor.kind == PersonKind.GUARDIAN and not round_.may_change(existing.offer.starts_at, now):
        return Outcome.TOO_LATE, existing
    return None, existing


async def _permission(
    conn: aiosqlite.Connection,
    actor: Actor,
    round_id: int,
    pupil_id: int,
    now: datetime,
    replacing: int | None = None,
) -> tuple[Round, str] | Outcome:
    """(round, household) when the actor may book for the pupil now; else why not. A talk
    being moved (`replacing`) may move after booking closed: until the cut-off, which
    `_own_talk` checks."""
    round_ = await load_round(conn, round_id)
    if round_ is None:
        return Outcome.NOT_ALLOWED
    if actor.kind == PersonKind.GUARDIAN:
        child = next(
            (
                c
                for c in await store.children_in_round(conn, actor.id, round_id)
                if c.pupil_id == pupil_id
            ),
            None,
        )
        if child is None:
            return Outcome.NOT_ALLOWED
        # After a missed talk the parents may choose a new time, also after booking closed;
        # a booked talk may be moved until the cut-off.
        if (
            not round_.is_open(now)
            and replacing is None
            and not await missed_talk(conn, round_id, pupil_id)
        ):
            return Outcome.CLOSED
        return round_, _household(round_, child.household)
    if not await store.teaches_pupil(conn, actor.id, pupil_id):
        return Outcome.NOT_ALLOWED
    if not await store.takes_part(conn, round_id, pupil_id):
        return Outcome.NOT_ALLOWED
    # A teacher books on a parent's behalf also after booking closed (the escalation).
    return round_, ""


async def book(
    db: Database,
    actor: Actor,
    *,
    round_id: int,
    pupil_id: int,
    slot_id: int,
    now: datetime,
    replacing: int | None = None,
    gap: timedelta = DEFAULT_GAP,
) -> Result:
    """Book a slot for a child (or move booking `replacing` there), checked in one go."""
    return await book_together(
        db,
        actor,
        round_id=round_id,
        choices=[(pupil_id, slot_id)],
        now=now,
        replacing=replacing,
        gap=gap,
    )


async def book_together(
    db: Database,
    actor: Actor,
    *,
    round_id: int,
    choices: list[tuple[int, int]],
    now: datetime,
    replacing: int | None = None,
    gap: timedelta = DEFAULT_GAP,
) -> Result:
    """Book (pupil, slot) pairs all at once — siblings back to back — or none of them.

    The result carries the first booking, and every talk with what its reply shows; a lost
    race, or a time too close to another talk of the family, rolls everything back.
    """
    try:
        async with db.transaction() as conn:
            made = []
            for pupil_id, slot_id in choices:
                result = await _book_one(
                    conn, actor, round_id, pupil_id, slot_id, now, replacing, gap
                )
                if result.outcome is not Outcome.BOOKED:
                    raise _Refused(result)
                made.append(result)
    except _Refused as refused:
        return refused.result
    for result in made:
        assert result.booking is not None
        log.info(
            "booking made booking_id=%d round_id=%d by=%s:%d",
            result.booking.booking_id,
            round_id,
            actor.kind,
            actor.id,
        )
    return Result(Outcome.BOOKED, made[0].booking, tuple(t for r in made for t in r.talks))


class _Refused(Exception):
    """Carries a refusal out of the transaction, which rolls back on the way."""

    def __init__(self, result: Result) -> None:
        super().__init__(result.outcome.value)
        self.result = result


async def _book_one(
    conn: aiosqlite.Connection,
    actor: Actor,
    round_id: int,
    pupil_id: int,
    slot_id: int,
    now: datetime,
    replacing: int | None,
    gap: timedelta,
) -> Result:
    allowed = await _permission(conn, actor, round_id, pupil_id, now, replacing)
    if isinstance(allowed, Outcome):
        return Result(allowed)
    round_, household = allowed
    found = await store.offer_for_slot(conn, slot_id)
    if found is None or found[0] != round_id or found[1].starts_at <= now:
        return Result(Outcome.NOT_ALLOWED)
    offer = found[1]
    if not await store.teaches_pupil(conn, offer.staff_id, pupil_id):
        return Result(Outcome.NOT_ALLOWED)
    refused, existing = await _own_talk(conn, actor, round_, pupil_id, household, replacing, now)
    if refused is not None:
        return Result(refused, existing if refused is not Outcome.NOT_ALLOWED else None)
    if existing is not None:  # the talk being moved: its time no longer counts for the family
        await store.cancel_booking(conn, existing.booking_id, now)
    busy = await _family_busy(conn, actor, round_id, pupil_id, offer, existing, now, gap)
    if busy is not None:
        return busy
    try:
        booking_id = await store.insert_booking(
            conn,
            round_id=round_id,
            slot_id=slot_id,
            pupil_id=pupil_id,
            household=household,
            booked_by=(actor.kind, actor.id),
            now=now,
        )
    except SlotTaken:
        return Result(Outcome.TAKEN)
    booked = await store.booking(conn, booking_id)
    child = await store.pupil_as_child(conn, pupil_id)
    assert booked is not None  # just inserted, in this transaction
    assert child is not None  # its pupil was checked above
    await announce(conn, (actor.kind, actor.id), existing, booked, now)
    raise_event(TalksChanged(round_id))
    entry = await talk_calendar.of_booking(conn, booking_id)
    return Result(Outcome.BOOKED, booked, (TalkInRound(round_, booked, child, entry),))


def _parent(actor: Actor) -> int | None:
    """The parent whose family a booking must fit (None: a teacher books on behalf)."""
    return actor.id if actor.kind == PersonKind.GUARDIAN else None


async def _family_busy(
    conn: aiosqlite.Connection,
    actor: Actor,
    round_id: int,
    pupil_id: int,
    offer: Offer,
    moving: Booked | None,
    now: datetime,
    gap: timedelta,
) -> Result | None:
    """The refusal when the family has another talk then (or too close to walk over), with
    the nearest free times that do fit; None when the time fits. Decided in the booking's
    own transaction, where presses for one family are serialised."""
    family = await store.family_talks(conn, pupil_id, _parent(actor))
    clash = first_clash(offer, family, gap)
    if clash is None:
        return None
    log.info("booking refused: family busy round_id=%d slot_id=%d", round_id, offer.slot_id)
    free = [
        o
        for o in await store.free_offers(conn, round_id, pupil_id, now)
        if moving is None or o.slot_id != moving.offer.slot_id
    ]
    near = nearest(fitting(free, family, gap), offer.starts_at)
    return Result(Outcome.FAMILY_BUSY, clash=clash, fitting=tuple(near))


async def cancel(db: Database, actor: Actor, booking_id: int, now: datetime) -> Result:
    """Cancel a talk: the slot is free at once, the other parent and the teacher are told."""
    async with db.transaction() as conn:
        booked = await store.booking(conn, booking_id)
        if booked is None:
            return Result(Outcome.NOT_ALLOWED)
        allowed = await _may_touch(conn, actor, booked)
        if not allowed:
            return Result(Outcome.NOT_ALLOWED)
        if booked.status != "active":
            return Result(Outcome.GONE, booked)
        round_ = await load_round(conn, booked.round_id)
        assert round_ is not None
        if actor.kind == PersonKind.GUARDIAN and not round_.may_change(booked.offer.starts_at, now):
            return Result(Outcome.TOO_LATE, booked)
        await store.cancel_booking(conn, booking_id, now)
        await announce(conn, (actor.kind, actor.id), booked, None, now)
        raise_event(TalksChanged(booked.round_id))
        removal = await _calendar_removal(conn, actor, round_, booked)
    log.info("booking cancelled booking_id=%d by=%s:%d", booking_id, actor.kind, actor.id)
    return Result(Outcome.CANCELLED, booked, removal)


async def _calendar_removal(
    conn: aiosqlite.Connection, actor: Actor, round_: Round, booked: Booked
) -> tuple[TalkInRound, ...]:
    """The cancelled talk with its entry at the new version, when the canceller holds its
    calendar file (a parent; a teacher who booked or moved it on the parents' behalf), so
    the reply can take it out of their calendar; else nothing."""
    entry = await talk_calendar.of_booking(conn, booked.booking_id)
    child = await store.pupil_as_child(conn, booked.pupil_id)
    if entry is None or child is None:
        return ()
    if actor.kind == PersonKind.STAFF and not await talk_calendar.booked_by_staff(
        conn, entry.first_booking_id, actor.id
    ):
        return ()
    return (TalkInRound(round_, booked, child, entry),)


async def booking_for(db: Database, actor: Actor, booking_id: int) -> Booked | None:
    """A booking the actor may see (their child's, or a pupil they teach)."""
    async with db.read() as conn:
        booked = await store.booking(conn, booking_id)
        if booked is None or not await _may_touch(conn, actor, booked):
            return None
        return booked


async def _may_touch(conn: aiosqlite.Connection, actor: Actor, booked: Booked) -> bool:
    if actor.kind == PersonKind.STAFF:
        return await store.teaches_pupil(conn, actor.id, booked.pupil_id)
    household = booked.household or None
    return actor.id in await store.guardians_of(conn, booked.pupil_id, household)


@dataclass(frozen=True)
class BackToBack:
    """A guardian's children still without a talk in a round, and chains of back-to-back
    times for them (one (pupil id, offer) per child), best first."""

    children: tuple[Child, ...]
    chains: tuple[tuple[tuple[int, Offer], ...], ...]


async def sibling_chains(
    db: Database, actor: Actor, round_id: int, now: datetime, *, gap: timedelta = DEFAULT_GAP
) -> BackToBack:
    """Back-to-back times for a guardian's children still without a talk in this round,
    across all its days and blocks; each time leaves the family's other talks room. No
    children while the round is closed or not theirs."""
    async with db.read() as conn:
        invited = await invitation_in(conn, actor.id, round_id)
        if invited is None or not invited.round.is_open(now):
            return BackToBack((), ())
        children = tuple(s.child for s in invited.children if s.booking is None)
        offers = []
        for child in children:
            family = await store.family_talks(conn, child.pupil_id, actor.id)
            free = await store.free_offers(conn, round_id, child.pupil_id, now)
            offers.append((child.pupil_id, fitting(free, family, gap)))
    chains = back_to_back(offers, gap=gap) if len(offers) > 1 else []
    return BackToBack(children, tuple(chains))


async def round_and_child(db: Database, round_id: int, pupil_id: int) -> tuple[Round, Child] | None:
    """A round and a pupil, for describing their talk (callers have checked access)."""
    async with db.read() as conn:
        round_ = await load_round(conn, round_id)
        child = await store.pupil_as_child(conn, pupil_id)
    return (round_, child) if round_ and child else None
