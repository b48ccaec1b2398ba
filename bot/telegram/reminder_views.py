"""Reminders before a talk, and the notices teachers get from the outbox.

Each renderer reads the database as it is at send time and returns None when its reason
is gone (the talk was cancelled or moved, everyone booked meanwhile, the parent is
reachable again): the outbox then withdraws the row and nothing is sent.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.domain.bookings import Booked, Child
from bot.domain.people import GuardianContact
from bot.domain.person_kind import PersonKind
from bot.domain.rounds import Round, TalkKind
from bot.formatting import format_day, format_time
from bot.i18n import isolate
from bot.services import cant_come
from bot.services import notice_reads as reads
from bot.telegram.callback_data import encode
from bot.telegram.cant_come import cant_come_button
from bot.telegram.contact import contact_line
from bot.telegram.notifications import Outgoing, RenderContext
from bot.telegram.round_names import round_title, sole_group
from bot.telegram.talk_texts import form_and_place, purpose, safe, talk_details

# An escalation lists every pupil (a long list goes as several messages) and gives at most
# this many of them a button each (Telegram allows 100 buttons under one message).
MAX_BUTTONS = 60


def _name(ctx: RenderContext, text: str) -> str:
    return safe(text, ctx.reader)


def _change_buttons(ctx: RenderContext, booking_id: int) -> InlineKeyboardMarkup:
    _ = ctx.reader.tr.gettext
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    # Translators: button under a reminder: move the talk to another time.
                    _("Choose another time"),
                    callback_data=encode("rs", booking_id),
                ),
                InlineKeyboardButton(
                    # Translators: button under a reminder: cancel the talk.
                    _("Cancel the talk"),
                    callback_data=encode("cx", booking_id),
                ),
            ],
            [cant_come_button(ctx.reader, booking_id)],
        ]
    )


async def _appointment(
    ctx: RenderContext, params: Mapping[str, Any]
) -> tuple[Booked, Round, Child] | None:
    """(booking, round, child) when the reminder is still right for this reader, else None."""
    if ctx.recipient_kind != PersonKind.GUARDIAN:
        return None
    slot_id = int(params["slot_id"]) if "slot_id" in params else None
    return await reads.appointment(
        ctx.conn, ctx.recipient_id, int(params["booking_id"]), slot_id, ctx.now
    )


async def render_appointment_details(
    ctx: RenderContext, params: Mapping[str, Any]
) -> Outgoing | None:
    """A week before: time, duration, form, place and purpose, as the school's guide asks."""
    found = await _appointment(ctx, params)
    if found is None:
        return None
    booked, round_, child = found
    tr = ctx.reader.tr
    headline = tr.gettext("Reminder: your talk about {child}").format(
        child=_name(ctx, child.first_name)
    )
    lines = [
        f"<b>{headline}</b>",
        "",
        talk_details(round_, booked, child, ctx.settings.timezone, ctx.reader),
        "",
        purpose(round_.kind, ctx.reader),
    ]
    note, keyboard = await _cannot_come(ctx, round_, booked)
    return Outgoing("\n".join([*lines, "", note]), keyboard)


async def render_appointment_reminder(
    ctx: RenderContext, params: Mapping[str, Any]
) -> Outgoing | None:
    """The day before (or hours before): when and where, with "Can't make it?" buttons."""
    found = await _appointment(ctx, params)
    if found is None:
        return None
    booked, round_, child = found
    tr = ctx.reader.tr
    tz, language = ctx.settings.timezone, ctx.reader.language
    start = booked.offer.starts_at
    names = {
        "child": _name(ctx, child.first_name),
        "teacher": _name(ctx, booked.offer.teacher),
        "time": isolate(format_time(start, tz, language), language),
    }
    days_ahead = (start.astimezone(tz).date() - ctx.now.astimezone(tz).date()).days
    if days_ahead == 0:
        headline = tr.gettext("Today at {time} you have a talk about {child} with {teacher}.")
    elif days_ahead == 1:
        headline = tr.gettext("Tomorrow at {time} you have a talk about {child} with {teacher}.")
    else:
        headline = tr.gettext("On {day} at {time} you have a talk about {child} with {teacher}.")
        names["day"] = isolate(format_day(start, tz, language), language)
    place = form_and_place(round_, booked.offer.place, child.group, ctx.reader)
    note, keyboard = await _cannot_come(ctx, round_, booked)
    lines = [
        f"<b>{headline.format(**names)}</b>",
        tr.gettext("Where: {place}").format(place=place),
        "",
        note,
    ]
    return Outgoing("\n".join(lines), keyboard)


async def _cannot_come(
    ctx: RenderContext, round_: Round, booked: Booked
) -> tuple[str, InlineKeyboardMarkup]:
    """Change buttons while the parent may still change the talk; after the cut-off (the
    school's rule: then the teacher arranges it) "I can't come" tells the teacher, and a
    line says how to reach the teacher or the school."""
    tr = ctx.reader.tr
    if round_.may_change(booked.offer.starts_at, ctx.now):
        text = tr.gettext("Can't make it? Choose another time or cancel below.")
        return text, _change_buttons(ctx, booked.booking_id)
    text = tr.gettext("Can't make it? Press “I can't come” and {teacher} is told.").format(
        teacher=_name(ctx, booked.offer.teacher)
    )
    phone = await cant_come.teacher_phone(ctx.conn, booked.offer.staff_id)
    line = contact_line(ctx.reader, ctx.settings, teacher=booked.offer.teacher, phone=phone)
    if line:
        text = f"{text}\n{line}"
    return text, InlineKeyboardMarkup([[cant_come_button(ctx.reader, booked.booking_id)]])


def _guardian_note(ctx: RenderContext, guardian: GuardianContact) -> str:
    _ = ctx.reader.tr.gettext
    parts = [_name(ctx, guardian.name)]
    if not guardian.linked:
        # Translators: about a parent in a teacher's list: has not opened their link yet.
        parts.append(_("not yet in Telegram"))
    elif guardian.unreachable:
        # Translators: about a parent in a teacher's list: blocked the bot or left the chat.
        parts.append(_("cannot be reached in Telegram"))
    if guardian.phone:
        parts.append(_name(ctx, guardian.phone))
    return ", ".join(parts)


async def render_escalation(ctx: RenderContext, params: Mapping[str, Any]) -> Outgoing | None:
    """Booking has closed: the teacher's pupils still without a talk, to call or book for."""
    if ctx.recipient_kind != PersonKind.STAFF:
        return None
    round_id = int(params["round_id"])
    found = await reads.unbooked_pupils(ctx.conn, round_id, ctx.recipient_id)
    if found is None:
        return None
    round_, pupils = found
    if not pupils:
        return None  # booked meanwhile: nothing to escalate
    tr = ctx.reader.tr
    title = round_title(round_, ctx.reader, ctx.settings, sole_group(p.group for p in pupils))
    lines = [
        "<b>" + tr.gettext("Booking has closed for {title}.").format(title=title) + "</b>",
        tr.ngettext(
            "{count} pupil has no talk booked yet:",
            "{count} pupils have no talk booked yet:",
            len(pupils),
        ).format(count=len(pupils)),
        "",
    ]
    for pupil in pupils:
        guardians = "; ".join(_guardian_note(ctx, g) for g in pupil.guardians) or tr.gettext(
            # Translators: a pupil in a teacher's list has no parent in the roster.
            "no parent known"
        )
        lines.append(f"• {_name(ctx, pupil.full_name)} ({_name(ctx, pupil.group)}): {guardians}")
    lines.append("")
    if round_.kind in (TalkKind.START, TalkKind.PROGRESS):
        lines.append(
            tr.gettext(
                "The school's guide asks you to call these parents and plan a time with them."
            )
        )
    lines.append(tr.gettext("You can book a time on their behalf with the buttons below."))
    buttons = [
        [
            InlineKeyboardButton(
                # Translators: button for a teacher: book a talk for this pupil's parents.
                tr.gettext("Book for {name}").format(name=pupil.first_name),
                callback_data=encode("obo", round_id, pupil.id),
            )
        ]
        for pupil in pupils[:MAX_BUTTONS]
    ]
    return Outgoing("\n".join(lines), InlineKeyboardMarkup(buttons))


async def render_unreachable_guardian(
    ctx: RenderContext, params: Mapping[str, Any]
) -> Outgoing | None:
    """Telegram refuses a parent: their child's teacher must reach them another way."""
    if ctx.recipient_kind != PersonKind.STAFF:
        return None
    found = await reads.unreachable_guardian(ctx.conn, int(params["guardian_id"]), ctx.recipient_id)
    if found is None or not found.contact.unreachable:
        return None  # back in Telegram meanwhile, or no longer this teacher's pupil's parent
    _ = ctx.reader.tr.gettext
    contact = found.contact
    children = ", ".join(_name(ctx, child) for child in found.children)
    lines = [
        "<b>"
        + _("{parent} cannot be reached in Telegram").format(parent=_name(ctx, contact.name))
        + "</b>",
        _(
            "Messages from the school to {parent} (parent of {children}) can no longer be"
            " delivered: they blocked the bot or deleted the chat. Please contact them"
            " another way."
        ).format(parent=_name(ctx, contact.name), children=children),
    ]
    if contact.phone:
        lines.append(_("Phone: {phone}").format(phone=_name(ctx, contact.phone)))
    if contact.email:
        lines.append(_("E-mail: {email}").format(email=_name(ctx, contact.email)))
    return Outgoing("\n".join(lines))
