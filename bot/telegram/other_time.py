"""'None of these times suits me': the parent writes when they could, the teacher reads it."""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler

from bot.domain.person_kind import PersonKind
from bot.services import booking
from bot.telegram import sending
from bot.telegram.booking_views import button
from bot.telegram.callback_data import handles
from bot.telegram.context import BotContext
from bot.telegram.deps import reader_for
from bot.telegram.passed_on import promise
from bot.telegram.presses import read_press

MAX_LENGTH = 1000  # UTF-16 code units, checked by typed_input before this flow reads it


async def ask(update: Update, context: BotContext) -> None:
    """A parent pressed that no time suits them: they are asked to type times that would."""
    press = await read_press(update, context)
    if press is None:
        return
    ids, actor = press.ids(0, 1), press.actor("g")
    user = update.effective_user
    if ids is None or actor is None or user is None:
        await press.stale()
        return
    round_id, pupil_id = ids
    tr = press.reader.tr
    if not await booking.ask_other_time(
        context.db, actor, user.id, round_id, pupil_id, context.clock.now()
    ):
        await press.stale()
        return
    await press.query.answer()
    text = tr.gettext(
        "Which days and times would suit you? Please write it in one message, for example:"
        " “Tuesday after 17:00 or Thursday morning”. The teacher will read it."
    )
    keyboard = InlineKeyboardMarkup([[button(tr.gettext("Never mind"), "nvm")]])
    await press.show(text, keyboard, edit=False)


async def receive(update: Update, context: BotContext, params: dict[str, Any]) -> None:
    """The parent's typed answer: it goes to the child's teachers, word for word."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None or message.text is None:
        return
    reader = await reader_for(context, user)
    guardian = next((p for p in reader.people if p.kind == PersonKind.GUARDIAN), None)
    if guardian is None:
        return
    sent = await booking.request_other_time(
        context.db,
        guardian.id,
        user.id,
        int(params["round_id"]),
        [int(pupil_id) for pupil_id in params.get("pupil_ids", ())],
        message.text,
        context.clock.now(),
    )
    if sent:
        thanks = promise(
            context,
            reader,
            at_once=reader.tr.gettext(
                "Thank you. The teacher has your message and will contact you to plan a time."
            ),
            later=reader.tr.gettext(
                "Thank you. The teacher will get your message at {time} and will contact you to"
                " plan a time."
            ),
        )
        await sending.reply(message, thanks)


HANDLERS = [CallbackQueryHandler(ask, pattern=handles("none"))]
