"""The bot works in private chats only, and only for people.

In a group, supergroup or channel everyone reads along, so there the bot links no code,
moves no chat, shows no personal data, records no answer and offers no buttons. Rather
than every flow remembering that, this guard runs before all of them (an earlier handler
group) and ends such updates there:

- a command or reply meant for the bot, or a button press, in a group gets one generic
  line in the sender's language (a press: as the press's answer), and the bot leaves;
- being added to a group gets the same line once, then the bot leaves; a channel gets no
  line (it would be posted to every subscriber), the bot just leaves;
- anything else from such chats (channel posts, other messages) is not answered, but the
  bot still leaves, also from groups it was added to before this guard existed;
- updates sent by a bot are ignored entirely: a bot must never redeem a parent's code;
- Telegram Business updates are ignored: those chats belong to someone else's account.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable

from telegram import Chat, Message, Update
from telegram.constants import ChatMemberStatus, ChatType, MessageEntityType
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop, TypeHandler

from bot.languages import telegram_language
from bot.telegram.context import BotContext
from bot.telegram.sending import send_parts, text_parts

log = logging.getLogger(__name__)

# Handler groups run in order; the guard's comes before every flow's (group 0).
GROUP = -2
_GONE = frozenset({ChatMemberStatus.LEFT, ChatMemberStatus.BANNED})


async def guard(update: Update, context: BotContext) -> None:
    """Let updates from people in private chats through; end every other update here."""
    reason = _refusal(update)
    if reason is None:
        return
    log.info("update not handled update_id=%d reason=%s", update.update_id, reason)
    if reason in ("group", "inline"):  # bots and business chats get nothing at all
        try:
            await _answer_and_leave(update, context, update.effective_chat)
        except Exception:  # the guard holds even when answering fails
            log.warning("could not answer or leave update_id=%d", update.update_id)
    raise ApplicationHandlerStop


def _refusal(update: Update) -> str | None:
    """Why this update is not for the flows, or None when it is."""
    user = update.effective_user
    if user is not None and user.is_bot:
        return "bot"
    if (
        update.business_connection
        or update.business_message
        or update.edited_business_message
        or update.deleted_business_messages
    ):
        return "business"
    if update.callback_query is not None and update.callback_query.message is None:
        return "inline"  # a press on an inline message: never in a private chat of ours
    chat = update.effective_chat
    if chat is not None and chat.type != ChatType.PRIVATE:
        return "group"
    return None


async def _answer_and_leave(update: Update, context: BotContext, chat: Chat | None) -> None:
    line = _line(update, context)
    query, membership = update.callback_query, update.my_chat_member
    if query is not None:
        await _quietly(query.answer(line, show_alert=True))
    elif membership is not None:
        if membership.new_chat_member.status in _GONE:
            return  # left or removed: nothing to say, nowhere to leave
        if chat is not None and chat.type != ChatType.CHANNEL:
            await _quietly(send_parts(context.bot, chat.id, text_parts(line)))
    elif update.message is not None and _meant_for_bot(update.message, context):
        await _quietly(send_parts(context.bot, update.message.chat_id, text_parts(line)))
    if chat is not None:
        await _quietly(context.bot.leave_chat(chat.id))


def _line(update: Update, context: BotContext) -> str:
    """The one generic line, in the language the sender's Telegram app uses (never looked
    up in the database: in a group that would tell others who is linked)."""
    user = update.effective_user
    code = user.language_code if user else None
    language = telegram_language(code, context.settings.default_language)
    tr = context.translations.for_language(language)
    return tr.gettext("I only work in a private chat. Open a chat with me to continue.")


def _meant_for_bot(message: Message, context: BotContext) -> bool:
    """A command, a reply to the bot, or a mention of it: someone expects an answer."""
    if message.reply_to_message is not None:
        author = message.reply_to_message.from_user
        if author is not None and author.id == context.bot.id:
            return True
    if any(entity.type == MessageEntityType.BOT_COMMAND for entity in message.entities):
        return True
    text = (message.text or message.caption or "").lower()
    return f"@{context.bot.username}".lower() in text


async def _quietly(call: Awaitable[object]) -> None:
    """Make a Bot API call whose refusal changes nothing (the bot may already be out)."""
    try:
        await call
    except TelegramError as error:
        log.info("guard call refused: %s", type(error).__name__)


HANDLER = TypeHandler(Update, guard)
