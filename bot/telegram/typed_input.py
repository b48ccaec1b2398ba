"""Text typed in reply to a question the bot asked; anything else gets the usual answer.

What the bot is waiting for lives in the database, so the question survives a restart.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler, ContextTypes

from bot.services import agreements as agreements_service
from bot.services import waiting
from bot.services.booking import TIME_REQUEST
from bot.services.questions import ANSWER
from bot.services.teacher_hours import ADD_HOURS, NEW_ROUND
from bot.telegram import agreements, fallbacks, other_time, questions, teacher_hours
from bot.telegram.callback_data import handles
from bot.telegram.deps import deps
from bot.telegram.presses import read_press

RECEIVERS = {
    ANSWER: questions.receive,
    TIME_REQUEST: other_time.receive,
    ADD_HOURS: teacher_hours.receive,
    NEW_ROUND: teacher_hours.receive_new_round,
    agreements_service.AGREEMENT: agreements.receive_agreement,
    agreements_service.EVALUATION: agreements.receive_evaluation,
    agreements_service.TALKING_POINTS: agreements.receive_talking_points,
    agreements_service.QUESTION: agreements.receive_question,
    agreements_service.FOLLOW_UP_HOURS: agreements.receive_follow_up_hours,
}


async def typed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    user = update.effective_user
    if user is None:
        return
    d = deps(context)
    awaited = await waiting.awaited_input(d.db, user.id, d.clock.now())
    receiver = RECEIVERS.get(awaited[0]) if awaited else None
    if receiver is None or awaited is None:
        await fallbacks.text_message(update, context)
        return
    await receiver(update, context, awaited[1])


async def not_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A voice note, photo or sticker: an answer to an open question (voice), or the usual
    'text only' reply."""
    user = update.effective_user
    if user is None:
        return
    d = deps(context)
    awaited = await waiting.awaited_input(d.db, user.id, d.clock.now())
    if awaited is not None and awaited[0] == ANSWER:
        await questions.receive(update, context, awaited[1])
        return
    await fallbacks.not_text(update, context)


async def never_mind(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The 'Never mind' button under a question: stop waiting for the answer."""
    press = await read_press(update, context)
    user = update.effective_user
    if press is None or user is None:
        return
    await waiting.stop_waiting(press.d.db, user.id)
    await press.query.answer()
    text = press.reader.tr.gettext("All right, never mind.")
    await press.show(text, None, edit=True)


HANDLERS = [CallbackQueryHandler(never_mind, pattern=handles("nvm"))]
