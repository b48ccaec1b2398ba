"""Answers for input the bot cannot use: it explains, changes nothing and never crashes."""

from __future__ import annotations

import logging

from telegram import CallbackQuery, Update
from telegram.ext import ContextTypes

from bot.telegram.deps import Reader, deps, reader_for
from bot.telegram.onboarding import linked_reader

log = logging.getLogger(__name__)


async def text_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    found = await linked_reader(update, context)
    if found is None:
        return
    message, _, reader = found
    await message.reply_text(
        reader.tr.gettext(
            "I cannot read free text here. I will send you a message as soon as there is"
            " something to plan or answer."
        )
    )


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    reader = await reader_for(deps(context), user)
    await message.reply_text(
        reader.tr.gettext("I do not know that command. Tap the menu button to see what I can do.")
    )


async def not_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    reader = await reader_for(deps(context), user)
    await message.reply_text(reader.tr.gettext("Sorry, I can only read text messages."))


async def stale_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A press no handler claims: an old button, or data a client made up."""
    query, user = update.callback_query, update.effective_user
    if query is None or user is None:
        return
    await answer_stale_button(query, await reader_for(deps(context), user))


async def answer_stale_button(query: CallbackQuery, reader: Reader) -> None:
    """Stop the button's spinner with an explanation; nothing has changed."""
    await query.answer(reader.tr.gettext("This button no longer works."), show_alert=True)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log without personal data; the user's chat stays usable."""
    update_id = update.update_id if isinstance(update, Update) else None
    log.error("handler failed update_id=%s", update_id, exc_info=context.error)
