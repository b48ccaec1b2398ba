"""`/meetings`: the information meetings, as a parent answers them and as staff prepare them.

One command for both sides, as for `/start`: a person who is staff and a parent (a teacher
with a child at the school) sees both.
"""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import BaseHandler, CommandHandler

from bot.domain.person_kind import PersonKind
from bot.telegram import meeting_organiser, meeting_rsvp
from bot.telegram.context import BotContext
from bot.telegram.deps import reader_for


async def meetings(update: Update, context: BotContext) -> None:
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    reader = await reader_for(context, user)
    staff = next((p for p in reader.people if p.kind == PersonKind.STAFF), None)
    if staff is not None:
        await meeting_organiser.show(message, reader, context, staff)
    if staff is None or any(p.kind == PersonKind.GUARDIAN for p in reader.people):
        await meeting_rsvp.show(message, reader, context)


HANDLERS: list[BaseHandler[Any, Any, Any]] = [
    CommandHandler("meetings", meetings),
    *meeting_rsvp.HANDLERS,
    *meeting_organiser.HANDLERS,
]
