"""The "I can't come" button under a reminder: the parent picks a reason, then another
time (the booking flow's own move) or a call from the teacher, who is told at once in
their own language.

Buttons: `cc:<booking>` asks the reason, `ccr:<booking>:<reason>` keeps it, `ccw:<booking>:
<wish>` tells the teacher. Each press is checked again by the service against the database
and the presser; a talk that began, was cancelled or moved is answered with how it stands.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler

from bot.domain.bookings import Actor
from bot.domain.person_kind import PersonKind
from bot.i18n import isolate
from bot.services import cant_come as service
from bot.services.cant_come import Checked, Reason, State, Talk, Wish
from bot.telegram.booking import show_days
from bot.telegram.booking_views import button
from bot.telegram.callback_data import handles
from bot.telegram.contact import contact_line
from bot.telegram.context import BotContext
from bot.telegram.deps import Reader
from bot.telegram.notifications import Outgoing, RenderContext
from bot.telegram.passed_on import promise
from bot.telegram.presses import Press, parent_press
from bot.telegram.talk_texts import safe, talk_when

_Choice = TypeVar("_Choice", Reason, Wish)


def cant_come_button(reader: Reader, booking_id: int) -> InlineKeyboardButton:
    """The button under a reminder."""
    # Translators: button under a reminder: the parent cannot come to the talk.
    return button(reader.tr.gettext("I can't come"), "cc", booking_id)


def _reasons(reader: Reader) -> dict[Reason, str]:
    tr = reader.tr
    return {
        # Translators: a reason why a parent cannot come to a talk (a button).
        Reason.ILL: tr.gettext("I am ill"),
        # Translators: a reason why a parent cannot come to a talk (a button).
        Reason.WORK: tr.gettext("I have to work"),
        # Translators: a reason why a parent cannot come to a talk (a button).
        Reason.OTHER: tr.gettext("Something else"),
    }


async def _pressed(update: Update, context: BotContext) -> tuple[Press, Actor, int] | None:
    """The press, the parent pressing, and the booking it names; stale otherwise."""
    pressed = await parent_press(update, context, 0)
    if pressed is None:
        return None
    press, actor, (booking_id,) = pressed
    return press, actor, booking_id


async def ask_reason(update: Update, context: BotContext) -> None:
    """The "I can't come" button pressed: why not? (a new message; the reminder stays as it was)."""
    pressed = await _pressed(update, context)
    if pressed is None:
        return
    press, actor, booking_id = pressed
    checked = await service.check(context.db, actor.id, booking_id, context.clock.now())
    if checked.state is not State.OPEN or checked.talk is None:
        await _as_it_is(press, checked)
        return
    reader, talk = press.reader, checked.talk
    text = reader.tr.gettext(
        "You can't come to the talk about {child} on {when}. What is the reason?"
    ).format(child=safe(talk.child.first_name, reader), when=_when(press, talk))
    rows = [
        [button(label, "ccr", booking_id, reason)] for reason, label in _reasons(reader).items()
    ]
    await press.query.answer()
    await press.show(text, InlineKeyboardMarkup(rows), edit=False)


async def give_reason(update: Update, context: BotContext) -> None:
    """A reason pressed: kept; then another time, or a call from the teacher."""
    pressed = await _pressed(update, context)
    if pressed is None:
        return
    press, actor, booking_id = pressed
    reason = _member(Reason, press.args[1:])
    if reason is None:
        await press.stale()
        return
    now = context.clock.now()
    checked = await service.give_reason(context.db, actor.id, booking_id, reason, now)
    if checked.state is not State.OPEN or checked.talk is None:
        await _as_it_is(press, checked)
        return
    await press.query.answer()
    await _offer_ways(press, checked.talk)


async def _offer_ways(press: Press, talk: Talk) -> None:
    """Another free time (when the booking flow would offer them) or a call."""
    tr, booking_id = press.reader.tr, talk.booked.booking_id
    teacher = safe(talk.booked.offer.teacher, press.reader)
    call = button(
        tr.gettext("Ask {teacher} to call me").format(teacher=talk.booked.offer.teacher),
        "ccw",
        booking_id,
        Wish.CALL,
    )
    if talk.may_move:
        text = tr.gettext(
            "Thank you. Would you like to choose another time, or shall {teacher} call you?"
        ).format(teacher=teacher)
        rows = [[button(tr.gettext("Choose another time"), "ccw", booking_id, Wish.MOVE)], [call]]
    elif talk.may_cancel:  # booking has closed, or no other time is free
        text = tr.gettext(
            "Thank you. There is no other free time to choose here. Shall {teacher} call you?"
        ).format(teacher=teacher)
        rows = [[call]]
    else:
        text = tr.gettext(
            "Thank you. The talk is soon, so only {teacher} can change it now. Shall {teacher}"
            " call you?"
        ).format(teacher=teacher)
        rows = [[call]]
    await press.show(text, InlineKeyboardMarkup(rows), edit=True)


async def choose(update: Update, context: BotContext) -> None:
    """Another time, or a call: the teacher is told; moving goes on in the booking flow's
    own day and time buttons, which move the talk and free the old time."""
    pressed = await _pressed(update, context)
    if pressed is None:
        return
    press, actor, booking_id = pressed
    wish = _member(Wish, press.args[1:])
    if wish is None:
        await press.stale()
        return
    checked = await service.choose(context.db, actor.id, booking_id, wish, context.clock.now())
    talk = checked.talk
    if checked.state is State.TOO_LATE and talk is not None:
        await press.query.answer()
        await _offer_ways(press, talk)  # the cut-off passed since the reason was pressed
        return
    if checked.state is not State.OPEN or talk is None:
        await _as_it_is(press, checked)
        return
    if wish is Wish.MOVE:
        await _move(press, actor, talk)
        return
    tr, teacher = press.reader.tr, talk.booked.offer.teacher
    await press.query.answer()
    told = promise(
        context,
        press.reader,
        at_once=tr.gettext("{teacher} has been told and will call you."),
        later=tr.gettext("{teacher} will be told at {time} and will call you."),
        teacher=safe(teacher, press.reader),
    )
    await _called(press, talk, told)


async def _move(press: Press, actor: Actor, talk: Talk) -> None:
    """The teacher is told (a pop-up); the message becomes the booking flow's days, whose
    buttons move this talk (`replacing` it) and so free its old time."""
    tr, booked = press.reader.tr, talk.booked
    # A pop-up is plain text: the name goes in unescaped.
    await press.query.answer(
        promise(
            press.context,
            press.reader,
            at_once=tr.gettext("{teacher} has been told. Choose a new time below."),
            later=tr.gettext("{teacher} will be told at {time}. Choose a new time below."),
            teacher=isolate(booked.offer.teacher, press.reader.language),
        )
    )
    await show_days(
        press, actor, booked.round_id, booked.pupil_id, booked.booking_id, edit=True, answered=True
    )


async def _called(press: Press, talk: Talk, told: str) -> None:
    """The teacher will call; the talk stays booked unless the parent cancels it too."""
    tr, reader = press.reader.tr, press.reader
    lines = [told]
    keyboard = None
    if talk.may_cancel:
        lines.append(
            tr.gettext(
                "Your talk stays booked. If you want to free the time now, press “Cancel the talk”."
            )
        )
        # The booking flow's own cancel: it asks once more, then frees the time.
        keyboard = InlineKeyboardMarkup(
            [[button(tr.gettext("Cancel the talk"), "cx", talk.booked.booking_id)]]
        )
    line = contact_line(reader, press.context.settings)
    if line:
        lines += ["", line]
    await press.show("\n".join(lines), keyboard, edit=True)


async def _as_it_is(press: Press, checked: Checked) -> None:
    """A press about a talk that began, was cancelled or moved, or is not the presser's."""
    reader, talk = press.reader, checked.talk
    tr = reader.tr
    if checked.state is State.STARTED and talk is not None:
        await press.refuse(tr.gettext("This talk has already begun."))
    elif checked.state is State.CANCELLED and checked.current is not None:
        when = talk_when(checked.current, press.context.settings.timezone, reader)
        await press.refuse(
            tr.gettext("This talk was moved. It is now on {when}.").format(when=when)
        )
    elif checked.state is State.CANCELLED:
        await press.refuse(tr.gettext("This talk was cancelled. Send /talks to choose a new time."))
    else:
        await press.stale()


def _when(press: Press, talk: Talk) -> str:
    return talk_when(talk.booked, press.context.settings.timezone, press.reader)


def _member(kind: type[_Choice], args: tuple[str, ...]) -> _Choice | None:
    """The enum member a button names, or None for anything else."""
    try:
        return kind(args[0]) if len(args) == 1 else None
    except ValueError:
        return None


async def render_cant_come(ctx: RenderContext, params: Mapping[str, Any]) -> Outgoing | None:
    """To the talk's teacher, in their language: who cannot come, why (as it stands now),
    and what they asked when the notice was queued (a call, then another time after all:
    two notices, each saying its own); for a call, the parent's phone from the roster and
    the buttons to move or cancel the talk on their behalf."""
    if ctx.recipient_kind != PersonKind.STAFF:
        return None
    found = await service.notice(ctx.conn, int(params["notice_id"]))
    if found is None:
        return None
    reader, word, booked = ctx.reader, found.word, found.booked
    tr = reader.tr
    reasons = {
        # Translators: why a parent cannot come, at the end of "… can't come to the talk …: ill."
        Reason.ILL: tr.gettext("ill"),
        # Translators: why a parent cannot come, at the end of "… can't come to the talk …: work."
        Reason.WORK: tr.gettext("work"),
        # Translators: why a parent cannot come, at the end of "… can't come …: another reason."
        Reason.OTHER: tr.gettext("another reason"),
    }
    headline = tr.gettext(
        "{parent} can't come to the talk about {child} on {when}: {reason}."
    ).format(
        parent=safe(word.guardian_name, reader),
        child=safe(f"{found.child.full_name} ({found.child.group})", reader),
        when=talk_when(booked, ctx.settings.timezone, reader),
        reason=reasons[Reason(word.reason)],
    )
    lines = [f"<b>{headline}</b>"]
    keyboard = None
    if params.get("wish") == Wish.MOVE:  # what they asked when it was queued
        lines.append(tr.gettext("They will choose another time."))
    else:
        lines.append(tr.gettext("They ask you to call them."))
        if word.guardian_phone:
            lines.append(
                tr.gettext("Phone: {phone}").format(phone=safe(word.guardian_phone, reader))
            )
        if booked.status == "active" and booked.offer.starts_at > ctx.now:
            keyboard = InlineKeyboardMarkup(
                [
                    [
                        button(tr.gettext("Choose another time"), "rs", booked.booking_id),
                        button(tr.gettext("Cancel the talk"), "cx", booked.booking_id),
                    ]
                ]
            )
    return Outgoing("\n".join(lines), keyboard)


HANDLERS = [
    CallbackQueryHandler(ask_reason, pattern=handles("cc")),
    CallbackQueryHandler(give_reason, pattern=handles("ccr")),
    CallbackQueryHandler(choose, pattern=handles("ccw")),
]
