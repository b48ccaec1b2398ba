"""Answers for input the bot cannot use, and for failures: it explains, changes nothing
and never crashes."""

from __future__ import annotations

import contextlib
import gettext
import logging
import traceback
from contextvars import ContextVar
from pathlib import Path

from telegram import CallbackQuery, Update, User
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop

from bot.domain.person_kind import PersonKind
from bot.languages import telegram_language
from bot.services.writes import committed_so_far
from bot.telegram import conversations, sending
from bot.telegram.context import BotContext
from bot.telegram.deps import Reader, reader_for
from bot.telegram.onboarding import linked_reader

log = logging.getLogger(__name__)

# The handler group that runs before all others, to note where each update starts.
FIRST_GROUP = -3
# (update_id, write transactions committed in this task before the update's handlers ran).
_UPDATE_START: ContextVar[tuple[int, int] | None] = ContextVar(
    "parentbot_update_start", default=None
)
_OWN_FRAMES_LOGGED = 4  # of an error's traceback: file, line and function only
_ROOT = Path(__file__).resolve().parents[2]
_OWN_FOLDERS = (_ROOT / "bot", _ROOT / "scheduling")


async def text_message(update: Update, context: BotContext) -> None:
    """Free text nobody asked for: an answer to a parent (Telegram's reply to their
    message), a message for the child's teacher, or what the person can do instead."""
    found = await linked_reader(update, context)
    if found is None:
        return
    message, reader = found
    if await conversations.by_reply(update, context):
        return
    if await conversations.offer(update, context, reader):
        return
    await sending.reply(message, conversations.what_to_do(reader))


async def unknown_command(update: Update, context: BotContext) -> None:
    """A command the bot does not have: point to the menu."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    reader = await reader_for(context, user)
    await sending.reply(
        message,
        reader.tr.gettext("I do not know that command. Tap the menu button to see what I can do."),
    )


async def not_text(update: Update, context: BotContext) -> None:
    """Anything but text where no open question takes it: a voice note is offered to the
    teacher like text; a photo, file or sticker gets what the person can do instead."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    reader = await reader_for(context, user)
    if message.voice is not None and reader.people:
        if await conversations.by_reply(update, context):
            return
        if await conversations.offer(update, context, reader):
            return
    if not reader.people:
        await sending.reply(message, reader.tr.gettext("Sorry, I can only read text messages."))
        return
    if any(p.kind == PersonKind.GUARDIAN for p in reader.people):
        text = reader.tr.gettext(
            "I cannot pass on photos, files or stickers. To reach your child's teacher, type"
            " your message or send a voice message. Send /talks to see your talks."
        )
    else:
        text = conversations.what_to_do(reader)
    await sending.reply(message, text)


async def stale_button(update: Update, context: BotContext) -> None:
    """A press no handler claims: an old button, or data a client made up."""
    query, user = update.callback_query, update.effective_user
    if query is None or user is None:
        return
    await answer_stale_button(query, await reader_for(context, user))


async def answer_stale_button(query: CallbackQuery, reader: Reader) -> None:
    """Stop the button's spinner with an explanation; nothing has changed."""
    await query.answer(reader.tr.gettext("This button no longer works."), show_alert=True)


async def note_update_start(update: Update, context: BotContext) -> None:
    """Before any handler: remember how much this task had committed, so `on_error` knows
    whether the failed update changed anything."""
    _UPDATE_START.set((update.update_id, committed_so_far()))


async def on_error(update: object, context: BotContext) -> None:
    """Tell the person something went wrong (in a private chat, in their language) and log
    one line with the update id and where it failed, never personal data.

    The failed handler's database transaction has rolled back, so "nothing was changed" is
    said only when no earlier transaction of the same update was committed. The update goes
    no further: a guard that failed must not let it through to the flows.
    """
    error = context.error
    if not isinstance(update, Update):
        log.error("failed outside an update: %s", _where(error))
        return
    start = _UPDATE_START.get()
    changed = start is None or start[0] != update.update_id or committed_so_far() > start[1]
    log.error(
        "handler failed update_id=%d changes_kept=%s: %s",
        update.update_id,
        "yes" if changed else "no",
        _where(error),
        # The whole traceback (its message may quote what a person typed) only when
        # troubleshooting at DEBUG; it stays on the same line (see logging_setup).
        exc_info=error if log.isEnabledFor(logging.DEBUG) else None,
    )
    await _tell(update, context, changed=changed)
    raise ApplicationHandlerStop


async def _tell(update: Update, context: BotContext, *, changed: bool) -> None:
    """The short answer, in private chats only; a press also gets its spinner stopped.

    Sending it may fail too (the network that failed the handler): then there is nothing
    more to do, and the log line already says what happened.
    """
    chat, user = update.effective_chat, update.effective_user
    if chat is None or chat.type != ChatType.PRIVATE or user is None or user.is_bot:
        return
    tr = await _translations(context, user)
    if changed:
        text = tr.gettext(
            "Something went wrong, and part of what you did may have been saved. Please"
            " check before you try again."
        )
    else:
        text = tr.gettext("Something went wrong; nothing was changed. Please try again.")
    if update.callback_query is not None:
        with contextlib.suppress(TelegramError):  # already answered, or too old
            await update.callback_query.answer(text)
    with contextlib.suppress(TelegramError):
        await sending.send_parts(context.bot, chat.id, sending.text_parts(text))


async def _translations(context: BotContext, user: User) -> gettext.NullTranslations:
    """The person's own language; Telegram's when the database cannot say (it may be what
    failed)."""
    try:
        return (await reader_for(context, user)).tr
    except Exception:
        language = telegram_language(user.language_code, context.settings.default_language)
        return context.translations.for_language(language)


def _where(error: BaseException | None) -> str:
    """The error's type, where it was raised and the bot's own frames that led there:
    enough to find the line, and nothing anyone typed (no exception message)."""
    if error is None:
        return "unknown error"
    frames = traceback.extract_tb(error.__traceback__)
    if not frames:
        return type(error).__name__
    ours = [frame for frame in frames[:-1] if _is_ours(frame.filename)]
    shown = [frames[-1], *reversed(ours[-_OWN_FRAMES_LOGGED:])]
    path = " < ".join(f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in shown)
    return f"{type(error).__name__} at {path}"


def _is_ours(filename: str) -> bool:
    path = Path(filename)
    return any(path.is_relative_to(folder) for folder in _OWN_FOLDERS)
