"""Text typed in reply to a question the bot asked; anything else gets the usual answer.

What the bot is waiting for lives in the database, so the question survives a restart.
Each question has a limit, checked here on what the person typed (counted as Telegram
counts characters) before any flow stores or quotes it: the bot's replies and the notices
that quote it keep room for their own words, and a text too long is answered with the
limit while the question stays open.
"""

from __future__ import annotations

import gettext
from collections.abc import Awaitable, Callable
from typing import Any, NamedTuple

from telegram import Update
from telegram.ext import CallbackQueryHandler

from bot.domain.conversations import MAX_TEXT
from bot.domain.phrasebook import MAX_NAME
from bot.domain.pupil_card import MAX_WORDS
from bot.domain.questions import MAX_ANSWER
from bot.services import agreement_words, waiting
from bot.services import agreements as agreements_service
from bot.services import conversations as conversations_service
from bot.services import meeting_organiser as meeting_organiser_service
from bot.services.other_time import TIME_REQUEST
from bot.services.pupil_cards import CARD_WORDS
from bot.services.questions import ANSWER
from bot.services.teacher_hours import ADD_HOURS, MAX_HOURS_TEXT, NEW_ROUND
from bot.telegram import (
    agreement_compose,
    agreements,
    conversations,
    fallbacks,
    meeting_organiser,
    other_time,
    pupil_card,
    questions,
    sending,
    teacher_hours,
)
from bot.telegram.callback_data import handles
from bot.telegram.context import BotContext
from bot.telegram.deps import reader_for
from bot.telegram.presses import read_press


class Receiver(NamedTuple):
    """The flow that reads a typed reply, and the most it may be (UTF-16 code units)."""

    handle: Callable[[Update, BotContext, dict[str, Any]], Awaitable[None]]
    limit: int


RECEIVERS = {
    ANSWER: Receiver(questions.receive, MAX_ANSWER),
    TIME_REQUEST: Receiver(other_time.receive, other_time.MAX_LENGTH),
    ADD_HOURS: Receiver(teacher_hours.receive, MAX_HOURS_TEXT),
    NEW_ROUND: Receiver(teacher_hours.receive_new_round, MAX_HOURS_TEXT),
    agreements_service.AGREEMENT: Receiver(
        agreement_compose.receive_agreement, agreements_service.MAX_TEXT
    ),
    agreement_words.AGREEMENT_NAME: Receiver(agreement_compose.receive_name, MAX_NAME),
    agreements_service.EVALUATION: Receiver(
        agreements.receive_evaluation, agreements_service.MAX_TEXT
    ),
    agreements_service.TALKING_POINTS: Receiver(
        agreements.receive_talking_points, agreements_service.MAX_TEXT
    ),
    agreements_service.QUESTION: Receiver(agreements.receive_question, agreements_service.MAX_TEXT),
    agreements_service.FOLLOW_UP_HOURS: Receiver(
        agreements.receive_follow_up_hours, MAX_HOURS_TEXT
    ),
    conversations_service.DRAFT: Receiver(conversations.receive_draft, MAX_TEXT),
    conversations_service.REPLY: Receiver(conversations.receive_answer, MAX_TEXT),
    CARD_WORDS: Receiver(pupil_card.receive, MAX_WORDS),
    meeting_organiser_service.SUMMARY: Receiver(
        meeting_organiser.receive_summary, meeting_organiser_service.MAX_SUMMARY
    ),
}
# The open questions a voice note may answer, too.
VOICE_RECEIVERS = {
    ANSWER: questions.receive,
    conversations_service.DRAFT: conversations.receive_draft,
    conversations_service.REPLY: conversations.receive_answer,
    CARD_WORDS: pupil_card.receive,
}


async def typed(update: Update, context: BotContext) -> None:
    """Typed text: for the question that waits for it (if short enough), else the usual reply."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    awaited = await waiting.awaited_input(context.db, user.id, context.clock.now())
    receiver = RECEIVERS.get(awaited[0]) if awaited else None
    if receiver is None or awaited is None:
        await fallbacks.text_message(update, context)
        return
    if sending.utf16_length(message.text or "") > receiver.limit:
        tr = (await reader_for(context, user)).tr
        await sending.reply(message, _too_long(awaited[0], receiver.limit, tr))
        return
    await receiver.handle(update, context, awaited[1])


def _too_long(purpose: str, limit: int, tr: gettext.NullTranslations) -> str:
    if purpose == ANSWER:
        return tr.ngettext(
            "This answer is too long. Please keep it under {count} character.",
            "This answer is too long. Please keep it under {count} characters.",
            limit,
        ).format(count=limit)
    return tr.ngettext(
        "Please keep it shorter: at most {count} character.",
        "Please keep it shorter: at most {count} characters.",
        limit,
    ).format(count=limit)


async def not_text(update: Update, context: BotContext) -> None:
    """A voice note, photo or sticker: a voice note for the open question that takes one (a
    pre-talk question, a message to the teacher, an answer in a conversation); a photo or
    sticker for an open pre-talk question (refused there); else the usual reply."""
    user = update.effective_user
    if user is None:
        return
    awaited = await waiting.awaited_input(context.db, user.id, context.clock.now())
    receive = VOICE_RECEIVERS.get(awaited[0]) if awaited else None
    message = update.effective_message
    if receive is not None and awaited is not None and message and message.voice is not None:
        await receive(update, context, awaited[1])
        return
    if awaited is not None and awaited[0] == ANSWER:
        await questions.receive(update, context, awaited[1])
        return
    if awaited is not None and message is not None:  # a question waits for text: it stays open
        reader = await reader_for(context, user)
        await sending.reply(message, reader.tr.gettext("Sorry, I can only read text messages."))
        return
    await fallbacks.not_text(update, context)


async def never_mind(update: Update, context: BotContext) -> None:
    """The 'Never mind' button under a question: stop waiting for the answer."""
    press = await read_press(update, context)
    user = update.effective_user
    if press is None or user is None:
        return
    await waiting.stop_waiting(context.db, user.id)
    await press.query.answer()
    text = press.reader.tr.gettext("All right, never mind.")
    await press.show(text, None, edit=True)


HANDLERS = [CallbackQueryHandler(never_mind, pattern=handles("nvm"))]
