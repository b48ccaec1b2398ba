"""`/language` and the picker's buttons: every linked person chooses how the bot writes."""

from __future__ import annotations

from telegram import Message, Update
from telegram.error import BadRequest

from bot.domain.person_kind import PersonKind
from bot.languages import native_name
from bot.services.people import set_language
from bot.telegram import sending
from bot.telegram.context import BotContext
from bot.telegram.deps import Deps, Reader, reader_for
from bot.telegram.fallbacks import answer_stale_button
from bot.telegram.language_picker import CURRENT_MARK, picker, read_choice
from bot.telegram.menus import show_reader_menu
from bot.telegram.onboarding import linked_reader, stranger_greeting, welcome


async def show_picker(update: Update, context: BotContext) -> None:
    """/language: the picker, for a linked person (a stranger has no record to keep it on)."""
    found = await linked_reader(update, context)
    if found is None:
        return
    message, reader = found
    await sending.reply(
        message,
        reader.tr.gettext("Which language shall I write to you in?"),
        keyboard=picker(reader.language),
    )


async def choose(update: Update, context: BotContext) -> None:
    """A language pressed: the confirmation (and a first welcome again), written in it.

    The choice is stored first and only then written, so the answer is already in it. A
    picker under a first welcome rewrites that welcome: a parent who could not read it gets
    it again in the language they just chose.
    """
    query, user = update.callback_query, update.effective_user
    if query is None or user is None:
        return
    reader = await reader_for(context, user)
    choice = read_choice(query.data)
    message = query.message
    # Only a button we could have sent, pressed in the presser's own chat, may change anything.
    if choice is None or not isinstance(message, Message) or message.chat.id != user.id:
        await answer_stale_button(query, reader)
        return
    if not await set_language(context.db, user.id, choice.language, clock=context.clock):
        await query.answer()
        await sending.reply(message, stranger_greeting(reader, context))
        return
    await query.answer()
    chosen = await reader_for(context, user)
    await show_reader_menu(context.bot, message.chat.id, chosen, context.translations)
    try:
        await sending.edit(message, _chosen(chosen, choice.welcome_kind, context))
    except BadRequest as error:
        # A double tap: the first press already turned the picker into this text.
        if "not modified" not in error.message.lower():
            raise


def _chosen(reader: Reader, welcome_kind: PersonKind | None, d: Deps) -> str:
    """The confirmation, under the first welcome again when the picker was under one."""
    text = confirmation(reader)
    welcomed = next((p for p in reader.people if p.kind == welcome_kind), None)
    if welcomed is not None:
        text = f"{welcome(welcomed, reader, d)}\n\n{text}"
    return text


def confirmation(reader: Reader) -> str:
    """The chosen language's own name, then a line in it: proof the choice took effect."""
    # Translators: shown under the name of the language just chosen, in that language.
    # Keep "/language" as it is: it is the command.
    sentence = reader.tr.gettext(
        "From now on I will write to you in this language. You can change it any time"
        " with /language."
    )
    return f"{CURRENT_MARK}{native_name(reader.language)}\n{sentence}"
