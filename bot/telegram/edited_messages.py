"""A changed message is never new input: no flow reads it, the person learns what to do.

Telegram sends an edit as an `edited_message` update, and python-telegram-bot gives those
to message and command handlers alike, so an edit would otherwise be taken as an answer to
whatever question is open (or as a command run again). This handler runs before the flows
(an earlier handler group), answers in the person's language and ends the update there.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import ApplicationHandlerStop, MessageHandler, filters

from bot.services import waiting
from bot.services.questions import ANSWER
from bot.telegram.context import BotContext
from bot.telegram.deps import reader_for
from bot.telegram.sending import reply

# After the private-chats guard (-2), before every flow (0).
GROUP = -1


async def not_read(update: Update, context: BotContext) -> None:
    message, user = update.edited_message, update.effective_user
    if message is not None and user is not None:
        tr = (await reader_for(context, user)).tr
        awaited = await waiting.awaited_input(context.db, user.id, context.clock.now())
        if awaited is not None and awaited[0] == ANSWER:
            # The questions flow: Back steps to an earlier question, the summary at the end
            # has a Change button for each; typing there gives the new answer.
            text = tr.gettext(
                "I saw that you changed a message, but I do not read changes. To change an"
                " answer, go to its question with Back (or with Change in the summary at the"
                " end) and send the new answer as a new message."
            )
        else:
            text = tr.gettext(
                "I saw that you changed a message, but I do not read changes. If you want to"
                " change something, please send it again as a new message."
            )
        await reply(message, text, quote=True)
    raise ApplicationHandlerStop


HANDLER = MessageHandler(filters.UpdateType.EDITED_MESSAGE, not_read)
