"""Parents book, move and cancel talks with buttons; teachers book on a parent's behalf.

Every press is decoded, then re-checked by the booking service against the database and
the presser: a stale or forged button changes nothing and gets a clear answer at its first
press, with what holds now (`booking_refusals`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from telegram import Update
from telegram.ext import CallbackQueryHandler

from bot.domain.bookings import Actor, Booked, Child, Offer
from bot.domain.family_time import FamilyTalk
from bot.domain.person_kind import PersonKind
from bot.domain.rounds import Round
from bot.services import booking
from bot.services.booking import Outcome, TalkInRound
from bot.telegram import sending
from bot.telegram.booking_refusals import (
    OUTDATED,
    busy_reason,
    fitting_view,
    show_as_it_is,
    walking_gap,
)
from bot.telegram.booking_views import (
    booked_view,
    calendar_file,
    calendar_hint,
    cancel_question,
    cancellation_file,
    days_view,
    invitation_keyboard,
    invitation_text,
    times_view,
)
from bot.telegram.callback_data import handles
from bot.telegram.context import BotContext
from bot.telegram.deps import Deps, HandlerCallback, Reader, reader_for
from bot.telegram.passed_on import promise
from bot.telegram.presses import Press, read_press, show, why_not
from bot.telegram.talk_texts import safe


async def talks(update: Update, context: BotContext) -> None:
    """/talks: the guardian's open invitations and booked talks, with their buttons."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    reader = await reader_for(context, user)
    guardian = next((p for p in reader.people if p.kind == PersonKind.GUARDIAN), None)
    if guardian is None:
        await sending.reply(message, reader.tr.gettext("Only parents can book talks here."))
        return
    now = context.clock.now()
    found = await booking.invitations(context.db, guardian.id, now)
    if not found:
        await sending.reply(message, reader.tr.gettext("There are no talks to plan at the moment."))
        return
    for invitation in found:
        await sending.reply(
            message,
            invitation_text(invitation, reader, context.settings, now),
            keyboard=invitation_keyboard(invitation, reader),
        )


async def pick_day(update: Update, context: BotContext) -> None:
    """`pick` opens a new day list under an invitation; `days` goes back within one."""
    press = await read_press(update, context)
    if press is None:
        return
    ids = press.ids(1, 2, 3)
    actor = press.actor(press.args[0]) if press.args else None
    if ids is None or actor is None:
        await press.stale()
        return
    round_id, pupil_id, replacing = ids
    edit = press.action == "days"
    await show_days(press, actor, round_id, pupil_id, replacing, edit=edit)


async def show_days(
    press: Press,
    actor: Actor,
    round_id: int,
    pupil_id: int,
    replacing: int,
    *,
    edit: bool,
    answered: bool = False,
) -> None:
    """The days with free times for a child; `answered` when the press got its answer."""
    found = await _choices(
        press, actor, round_id, pupil_id, replacing, edit=edit, answered=answered
    )
    if found is None:
        return
    offers, round_, child = found
    mode = actor.kind[0]  # the letter `Press.actor` reads back
    text, keyboard = days_view(
        round_,
        child,
        offers,
        press.reader,
        press.context.settings.timezone,
        mode=mode,
        replacing=replacing,
    )
    if not answered:
        await press.query.answer()
    await show(press, text, keyboard, edit=edit)


async def _choices(
    press: Press,
    actor: Actor,
    round_id: int,
    pupil_id: int,
    replacing: int,
    *,
    edit: bool,
    answered: bool = False,
) -> tuple[list[Offer], Round, Child] | None:
    """The free times for a child that fit the family's other talks, or None after telling
    the presser why not — a child who has a time by now, or a closed round, is answered
    with the state as it is (shown in place of the pressed message, unless `edit` is off
    for a teacher pressing in a list)."""
    d = press.context
    free = await booking.free_offers(
        d.db,
        actor,
        round_id,
        pupil_id,
        d.clock.now(),
        replacing=replacing or None,
        gap=walking_gap(d),
    )
    if free.outcome in OUTDATED:
        in_place = edit or actor.kind == PersonKind.GUARDIAN
        await show_as_it_is(
            press, actor, round_id, free.outcome, free.booking, edit=in_place, answered=answered
        )
        return None
    if free.outcome is not Outcome.FREE or free.round is None or free.child is None:
        refused = Outcome.NOT_ALLOWED if free.outcome is Outcome.FREE else free.outcome
        await press.refuse(why_not(press.reader, refused))
        return None
    return list(free.offers), free.round, free.child


async def pick_time(update: Update, context: BotContext) -> None:
    """A day pressed: its free times, a page at a time."""
    press = await read_press(update, context)
    if press is None:
        return
    ids = press.ids(1, 2, 4, 5)
    actor = press.actor(press.args[0]) if press.args else None
    day = press.args[3] if len(press.args) > 3 else ""
    if ids is None or actor is None or not (day.isdigit() and len(day) == 8):
        await press.stale()
        return
    round_id, pupil_id, page, replacing = ids
    found = await _choices(press, actor, round_id, pupil_id, replacing, edit=True)
    if found is None:
        return
    offers, round_, child = found
    text, keyboard = times_view(
        round_,
        child,
        offers,
        day,
        page,
        press.reader,
        context.settings.timezone,
        mode=press.args[0],
        replacing=replacing,
    )
    await press.query.answer()
    await show(press, text, keyboard, edit=True)


async def book_time(update: Update, context: BotContext) -> None:
    """A time pressed: book it (or move the talk there), then confirm or say why not."""
    press = await read_press(update, context)
    if press is None:
        return
    ids = press.ids(1, 2, 3, 4)
    actor = press.actor(press.args[0]) if press.args else None
    if ids is None or actor is None:
        await press.stale()
        return
    round_id, pupil_id, slot_id, replacing = ids
    result = await booking.book(
        context.db,
        actor,
        round_id=round_id,
        pupil_id=pupil_id,
        slot_id=slot_id,
        now=context.clock.now(),
        replacing=replacing or None,
        gap=walking_gap(context),
    )
    if result.outcome is not Outcome.BOOKED or not result.talks:
        await _not_booked(press, actor, result, round_id, pupil_id, replacing)
        return
    await press.query.answer(press.reader.tr.gettext("Booked."))
    await confirm(
        press,
        result.talks[0],
        heading=_booked_heading(context, press.reader, actor),
        for_parent=actor.kind == PersonKind.GUARDIAN,
    )


async def _not_booked(
    press: Press,
    actor: Actor,
    result: booking.Result,
    round_id: int,
    pupil_id: int,
    replacing: int,
) -> None:
    """Why a press booked nothing; after a lost race, the times that are free now; for a
    time too close to another talk of the family, that talk and the nearest times that fit;
    for an out-of-date screen, the state as it is."""
    outcome = result.outcome
    if result.clash is not None:  # FAMILY_BUSY
        await _family_busy(press, actor, result.clash, result.fitting, pupil_id, replacing)
        return
    if outcome in OUTDATED:
        await show_as_it_is(press, actor, round_id, outcome, result.booking, edit=True)
        return
    if outcome is not Outcome.TAKEN:
        await press.refuse(why_not(press.reader, outcome))
        return
    await press.refuse(
        press.reader.tr.gettext(
            "Sorry, someone else just chose this time. Here are the free times now."
        )
    )
    await show_days(press, actor, round_id, pupil_id, replacing, edit=True, answered=True)


async def _family_busy(
    press: Press,
    actor: Actor,
    clash: FamilyTalk,
    fitting: tuple[Offer, ...],
    pupil_id: int,
    replacing: int,
) -> None:
    """The family has another talk then: say which, and offer the nearest times that fit
    (or, when none is left, the days — with none, the parent's way to ask for another)."""
    tz, round_id = press.context.settings.timezone, clash.booked.round_id
    await press.refuse(busy_reason(clash, press.reader, tz, html=False))
    if not fitting:
        await show_days(press, actor, round_id, pupil_id, replacing, edit=True, answered=True)
        return
    text, keyboard = fitting_view(
        clash,
        fitting,
        press.reader,
        tz,
        mode=actor.kind[0],
        round_id=round_id,
        pupil_id=pupil_id,
        replacing=replacing,
    )
    await show(press, text, keyboard, edit=True)


def _booked_heading(d: Deps, reader: Reader, actor: Actor) -> str:
    if actor.kind == PersonKind.STAFF:
        return promise(
            d,
            reader,
            at_once=reader.tr.gettext("Booked on behalf of the parents. They have been told."),
            later=reader.tr.gettext(
                "Booked on behalf of the parents. They will be told at {time}."
            ),
        )
    return reader.tr.gettext("Your talk is booked.")


async def confirm(
    press: Press, talk: TalkInRound, *, heading: str, edit: bool = True, for_parent: bool = True
) -> None:
    """The booked talk with its buttons, then its calendar file: rendered from what the
    booking's transaction returned, without reading again."""
    await _show_talk(press, talk, heading=heading, edit=edit, for_parent=for_parent)
    reader, settings = press.reader, press.context.settings
    name, data = calendar_file(
        talk.round,
        talk.booked,
        talk.child,
        reader,
        settings,
        press.context.clock.now(),
        talk.calendar,
    )
    await _send_file(press, name, data, reader.tr.gettext("Add the talk to your calendar."))


async def _send_file(press: Press, name: str, data: bytes, caption: str) -> None:
    """A calendar file to the presser's chat, under the reply."""
    if press.query.message is not None:
        await sending.send_parts(
            press.query.get_bot(),
            press.query.message.chat.id,
            sending.document_parts(name, data, caption),
        )


async def _show_talk(
    press: Press, talk: TalkInRound, *, heading: str, edit: bool, for_parent: bool
) -> None:
    text, keyboard = booked_view(
        talk.round,
        talk.booked,
        talk.child,
        press.reader,
        press.context.settings.timezone,
        heading=heading,
        for_parent=for_parent,
    )
    await show(press, text, keyboard, edit=edit)


def on_own_booking(
    *, active_only: bool = True
) -> Callable[[Callable[[Press, Actor, Booked], Awaitable[None]]], HandlerCallback]:
    """A button about one booking: it must be the presser's (their child's, or a pupil they
    teach); with `active_only`, a cancelled booking is refused as gone."""

    def wrap(
        handler: Callable[[Press, Actor, Booked], Awaitable[None]],
    ) -> HandlerCallback:
        async def run(update: Update, context: BotContext) -> None:
            press = await read_press(update, context)
            found = await _own_booking(press) if press else None
            if press is None or found is None:
                return
            actor, booked = found
            if active_only and booked.status != "active":
                await press.refuse(why_not(press.reader, Outcome.GONE))
                return
            await handler(press, actor, booked)

        return run

    return wrap


@on_own_booking(active_only=False)
async def show_booking(press: Press, actor: Actor, booked: Booked) -> None:
    """A booked talk, shown again with its buttons."""
    await press.query.answer()
    reader = press.reader
    round_child = await booking.round_and_child(press.context.db, booked.round_id, booked.pupil_id)
    if round_child is None:
        return
    round_, child = round_child
    heading = reader.tr.gettext("The talk about {child}").format(
        child=safe(child.first_name, reader)
    )
    talk = TalkInRound(round_, booked, child)
    await _show_talk(
        press, talk, heading=heading, edit=False, for_parent=actor.kind == PersonKind.GUARDIAN
    )


@on_own_booking()
async def reschedule(press: Press, actor: Actor, booked: Booked) -> None:
    """Change the time: the days with free times, to move the talk to."""
    await show_days(press, actor, booked.round_id, booked.pupil_id, booked.booking_id, edit=False)


@on_own_booking()
async def ask_cancel(press: Press, actor: Actor, booked: Booked) -> None:
    """Cancel pressed: ask first."""
    await press.query.answer()
    text, keyboard = cancel_question(booked, press.reader)
    await show(press, text, keyboard, edit=False)


@on_own_booking(active_only=False)
async def cancel(press: Press, actor: Actor, booked: Booked) -> None:
    """Cancel confirmed: the talk is cancelled and the others are told."""
    reader = press.reader
    result = await booking.cancel(
        press.context.db, actor, booked.booking_id, press.context.clock.now()
    )
    if result.outcome is not Outcome.CANCELLED:
        await press.refuse(why_not(reader, result.outcome))
        return
    await press.query.answer()
    tr = reader.tr
    if actor.kind == PersonKind.STAFF:  # a teacher cancelled on the parents' behalf
        at_once = tr.gettext("The talk is cancelled. The parents have been told.")
        later = tr.gettext("The talk is cancelled. The parents will be told at {time}.")
    else:
        at_once = tr.gettext(
            "The talk is cancelled. The teacher has been told. Send /talks to choose a new time."
        )
        later = tr.gettext(
            "The talk is cancelled. The teacher will be told at {time}. Send /talks to choose a"
            " new time."
        )
    await show(press, promise(press.context, reader, at_once=at_once, later=later), None, edit=True)
    for talk in result.talks:  # the canceller's calendar entry, taken out
        assert talk.calendar is not None  # the service names the entry it removes
        name, data = cancellation_file(
            talk.round,
            talk.booked,
            talk.child,
            reader,
            press.context.settings,
            press.context.clock.now(),
            talk.calendar,
        )
        await _send_file(press, name, data, calendar_hint(reader, removes=True))


async def _own_booking(press: Press) -> tuple[Actor, Booked] | None:
    """The booking and the role in which the presser may touch it: as a parent of the
    child, or else as one of the child's teachers (a teacher may be a parent too)."""
    ids = press.ids(0)
    for actor in (press.actor("g"), press.actor("s")):
        booked = (
            await booking.booking_for(press.context.db, actor, ids[0]) if ids and actor else None
        )
        if actor and booked:
            return actor, booked
    await press.stale()
    return None


HANDLERS = [
    CallbackQueryHandler(pick_day, pattern=handles("pick")),
    CallbackQueryHandler(pick_day, pattern=handles("days")),
    CallbackQueryHandler(pick_time, pattern=handles("day")),
    CallbackQueryHandler(book_time, pattern=handles("book")),
    CallbackQueryHandler(show_booking, pattern=handles("show")),
    CallbackQueryHandler(reschedule, pattern=handles("rs")),
    CallbackQueryHandler(ask_cancel, pattern=handles("cx")),
    CallbackQueryHandler(cancel, pattern=handles("cxy")),
]
