"""'None of these times suits me': the parent picks days and parts of the day, adds a note
if they like, and each child's teachers get it.

What the parent has picked so far is kept with the pending input (the bot waits for an
optional typed note meanwhile), so presses and a restart lose nothing. Every press is
checked against that pending input: a button of another round or an old message does
nothing.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from enum import Enum
from typing import Any

import aiosqlite

from bot.domain import dedup_keys
from bot.domain.bookings import Actor
from bot.domain.notification_kind import NotificationKind
from bot.domain.person_kind import PersonKind
from bot.domain.time_wishes import PARTS_OF_DAY, TimeWish, only_offered, round_days, wish_from
from bot.services.booking import invitation_in
from bot.services.parent_words import want_for_staff, writer
from bot.storage import bookings as store
from bot.storage.database import Database
from bot.storage.outbox import enqueue
from bot.storage.pending_inputs import expect_input, forget_input, pending_input
from bot.storage.rounds import load_round

log = logging.getLogger(__name__)

TIME_REQUEST = "time_request"


class Sent(Enum):
    """What became of a Send: the parent is thanked, asked to press something, or told the
    button is no longer valid."""

    SENT = "sent"
    NOTHING = "nothing"  # nothing pressed and no note: there is nothing to tell
    GONE = "gone"  # no such form (any more): sent already, stopped, or not theirs


@dataclass(frozen=True)
class WishForm:
    """The buttons a parent presses: the round's days, and what they picked so far."""

    round_id: int
    pupil_ids: tuple[int, ...]
    days: tuple[date, ...]
    wish: TimeWish


async def ask_other_time(
    db: Database,
    actor: Actor,
    user_id: int,
    round_id: int,
    pupil_id: int,
    now: datetime,
    tz: tzinfo,
) -> WishForm | None:
    """Start the form for one child, or (pupil 0, from the invitation) for each of the
    parent's children without a time; None when the press is not theirs to make."""
    if actor.kind != PersonKind.GUARDIAN:
        return None
    async with db.transaction() as conn:
        invited = await invitation_in(conn, actor.id, round_id)
        if invited is None:
            return None
        unbooked = [s.child.pupil_id for s in invited.children if s.booking is None]
        pupil_ids = unbooked if pupil_id == 0 else [pupil_id]
        if not pupil_ids or not set(pupil_ids) <= {s.child.pupil_id for s in invited.children}:
            return None
        form = WishForm(
            round_id, tuple(pupil_ids), await _days(conn, round_id, tz, now), TimeWish()
        )
        await _keep(conn, user_id, form, now)
        return form


async def toggle(
    db: Database,
    user_id: int,
    round_id: int,
    now: datetime,
    tz: tzinfo,
    *,
    day: date | None = None,
    part: str | None = None,
) -> WishForm | None:
    """A day or part of the day pressed: picked, or unpicked if it was; None when the
    parent is no longer filling in this round's form, or the press names no offered one."""
    async with db.transaction() as conn:
        form = await _form(conn, user_id, round_id, now, tz)
        if form is None:
            return None
        if day is not None and day in form.days:
            wish = form.wish.toggled_day(day)
        elif part is not None and part in PARTS_OF_DAY:
            wish = form.wish.toggled_part(part)
        else:
            return None
        form = WishForm(form.round_id, form.pupil_ids, form.days, wish)
        await _keep(conn, user_id, form, now)
        return form


async def send_wish(
    db: Database,
    guardian_id: int,
    user_id: int,
    round_id: int,
    note: str,
    now: datetime,
    tz: tzinfo,
) -> Sent:
    """Send what was picked, with the typed note if any ('' from the Send button): each
    child's teachers get it."""
    async with db.transaction() as conn:
        form = await _form(conn, user_id, round_id, now, tz)
        if form is None:
            return Sent.GONE
        if form.wish.empty and not note.strip():
            return Sent.NOTHING
        sent = await _request(conn, guardian_id, user_id, form, note, now)
        return Sent.SENT if sent else Sent.GONE


async def _request(
    conn: aiosqlite.Connection,
    guardian_id: int,
    user_id: int,
    form: WishForm,
    note: str,
    now: datetime,
) -> bool:
    invited = await invitation_in(conn, guardian_id, form.round_id)
    # A child booked meanwhile (by the other parent, by the teacher) needs no other time.
    children = {
        s.child.pupil_id: s.child for s in (invited.children if invited else ()) if not s.booking
    }
    pupil_ids = [p for p in form.pupil_ids if p in children]
    parent = await writer(conn, guardian_id)
    if parent is None or not pupil_ids:
        return False
    # The language it was written in travels with the notice: the translation is kept
    # under it, whatever language the parent picks later.
    params: dict[str, Any] = {"source": parent.language, **form.wish.as_params()}
    for pupil_id in pupil_ids:
        request_id = await store.insert_time_request(
            conn, form.round_id, pupil_id, guardian_id, note, now
        )
        teachers = await store.teachers_of_pupil(conn, pupil_id)
        child = children[pupil_id]
        names = (child.first_name, child.last_name, child.full_name, parent.name)
        held = await want_for_staff(conn, [note], parent.language, teachers, names)
        for staff_id in teachers:
            await enqueue(
                conn,
                recipient_kind=PersonKind.STAFF,
                recipient_id=staff_id,
                kind=NotificationKind.TIME_REQUEST,
                params={**params, "request_id": request_id},
                not_before=now,
                dedup_key=dedup_keys.time_request(request_id, staff_id),
                now=now,
                wait_for_translation=held,
            )
        log.info("time request request_id=%d round_id=%d", request_id, form.round_id)
    await forget_input(conn, user_id)
    return True


async def _days(
    conn: aiosqlite.Connection, round_id: int, tz: tzinfo, now: datetime
) -> tuple[date, ...]:
    round_ = await load_round(conn, round_id)
    today = now.astimezone(tz).date()
    return round_days(round_.first_talk, round_.last_talk, tz, today) if round_ else ()


async def _form(
    conn: aiosqlite.Connection, user_id: int, round_id: int, now: datetime, tz: tzinfo
) -> WishForm | None:
    """The form this parent is filling in for this round, as kept; None if not so."""
    awaited = await pending_input(conn, user_id, now)
    if awaited is None or awaited[0] != TIME_REQUEST:
        return None
    params = awaited[1]
    if params.get("round_id") != round_id:
        return None
    days = await _days(conn, round_id, tz, now)
    pupil_ids = tuple(int(p) for p in params.get("pupil_ids", ()))
    return WishForm(round_id, pupil_ids, days, only_offered(wish_from(params), days))


async def _keep(conn: aiosqlite.Connection, user_id: int, form: WishForm, now: datetime) -> None:
    params = {"round_id": form.round_id, "pupil_ids": list(form.pupil_ids)}
    await expect_input(conn, user_id, TIME_REQUEST, params | form.wish.as_params(), now)
