"""Parents answer a meeting's invitation: coming, how many, childcare, interpreter.

The first press (Coming / Maybe / Not coming, under the invitation or in `/meetings`)
answers in a new message, so the invitation keeps its text; the questions that follow
replace that message one by one, ending in the answer in full with "Change my answer".
Every press is checked again by `bot/services/meeting_replies.py`; here it is also checked
that it comes from the presser's own chat, so another account never changes what a parent
sees.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest
from telegram.ext import BaseHandler, CallbackQueryHandler

from bot.config import Settings
from bot.domain.meetings import Meeting, Reply, Rsvp
from bot.domain.person_kind import PersonKind
from bot.formatting import format_day, format_day_and_time, format_list
from bot.i18n import isolate
from bot.services import meeting_replies as service
from bot.services.meeting_replies import Answer, At, State, Step
from bot.telegram import sending
from bot.telegram.callback_data import as_id, decode
from bot.telegram.context import BotContext
from bot.telegram.deps import Reader
from bot.telegram.free_text import language_name
from bot.telegram.meeting_buttons import (
    ADULTS,
    AGE,
    ANSWER,
    ANSWER_HERE,
    CHANGE,
    CHILDCARE,
    INTERPRETER,
    NO_INTERPRETER,
    adults_keyboard,
    age_keyboard,
    answer_label,
    band_label,
    change_keyboard,
    childcare_keyboard,
    interpreter_keyboard,
    language_label,
    rsvp_keyboard,
)
from bot.telegram.meeting_texts import meeting_title, meeting_when_where
from bot.telegram.onboarding import stranger_greeting
from bot.telegram.presses import Press, read_press

# A press's arguments after the meeting id -> the service's answer; None: not a value
# any button of ours carries.
_Give = Callable[[BotContext, int, int, tuple[str, ...], datetime], Awaitable[Answer | None]]


async def show(message: Message, reader: Reader, context: BotContext) -> None:
    """`/meetings` for a parent: each meeting they are invited to that is not over, with
    their answer as it stands and the buttons to give or change it (until the deadline)."""
    guardian = next((p for p in reader.people if p.kind == PersonKind.GUARDIAN), None)
    if guardian is None:
        await sending.reply(message, stranger_greeting(reader, context))
        return
    found = await service.upcoming(context.db, guardian.id, context.clock.now())
    if not found:
        await sending.reply(message, reader.tr.gettext("No meetings planned."))
        return
    for answer in found:
        text, keyboard = view(answer, reader, context.settings)
        await sending.reply(message, text, keyboard)


def view(
    found: Answer, reader: Reader, settings: Settings, *, thanks: bool = False
) -> tuple[str, InlineKeyboardMarkup | None]:
    """A meeting with the guardian's answer: the question they are at, or the answer in
    full with "Change my answer"; `thanks` right after they gave it."""
    meeting, reply, tr = found.meeting, found.reply, reader.tr
    assert meeting is not None  # every state but STALE names the meeting
    lines = [f"<b>{meeting_title(meeting, reader, settings)}</b>"]
    lines += [meeting_when_where(meeting, reader, settings), ""]
    keyboard = None
    if reply is None:
        lines.append(tr.gettext("You have not answered yet."))
        keyboard = rsvp_keyboard(reader, meeting.id)
    elif found.at is not None and found.state is State.OPEN:
        lines.append(_your_answer(reply, reader))
        question, keyboard = _question(meeting, reply, found.at, reader)
        lines += ["", f"<b>{question}</b>"]
    else:
        if thanks:
            lines.append(tr.gettext("Thank you for your answer."))
        lines += _answer_in_full(meeting, reply, reader)
    if found.state is State.CLOSED:
        lines += ["", _closed(meeting, reader, settings)]
        keyboard = None
    elif reply is not None and found.at is None:
        deadline = format_day_and_time(meeting.rsvp_closes_at, settings.timezone, reader.language)
        lines += [
            "",
            tr.gettext("You can change your answer until {deadline}.").format(
                deadline=isolate(deadline, reader.language)
            ),
        ]
        keyboard = change_keyboard(reader, meeting.id)
    return "\n".join(lines), keyboard


def _your_answer(reply: Reply, reader: Reader) -> str:
    return reader.tr.gettext("Your answer: {answer}").format(
        answer=answer_label(reader, reply.answer)
    )


def _answer_in_full(meeting: Meeting, reply: Reply, reader: Reader) -> list[str]:
    """What the school counts on: who comes, childcare and interpreter where offered."""
    tr = reader.tr
    lines = [_your_answer(reply, reader)]
    if not reply.coming:
        return lines
    lines.append(tr.gettext("Adults: {number}").format(number=reply.adults))
    if meeting.childcare and reply.childcare:
        ages = format_list([band_label(reader, band) for band in reply.childcare], reader.language)
        lines.append(
            tr.ngettext(
                "Childcare for {count} child: {ages}",
                "Childcare for {count} children: {ages}",
                len(reply.childcare),
            ).format(count=len(reply.childcare), ages=ages)
        )
    elif meeting.childcare:
        lines.append(tr.gettext("No childcare needed"))
    if meeting.interpreters and reply.interpreter:
        language = language_label(reply.interpreter, reader)
        lines.append(tr.gettext("Interpreter: {language}").format(language=language))
    elif meeting.interpreters:
        lines.append(tr.gettext("No interpreter needed"))
    return lines


def _question(
    meeting: Meeting, reply: Reply, at: At, reader: Reader
) -> tuple[str, InlineKeyboardMarkup]:
    tr = reader.tr
    if at.step is Step.ADULTS:
        return tr.gettext("How many adults will come, including you?"), adults_keyboard(meeting.id)
    if at.step is Step.CHILDCARE:
        question = tr.gettext(
            "There is childcare during the meeting. For how many children do you need it?"
        )
        return question, childcare_keyboard(reader, meeting.id)
    if at.step is Step.AGES:
        child = len(reply.childcare)
        if at.children == 1:
            question = tr.gettext("How old is the child who needs childcare?")
        else:
            question = tr.gettext("How old is child {number} of {total}?").format(
                number=child + 1, total=at.children
            )
        return question, age_keyboard(reader, meeting.id, child)
    if reader.language in meeting.interpreters:
        question = tr.gettext("Would you like an interpreter in {language} at the meeting?").format(
            language=language_name(reader.language, reader)
        )
    else:
        question = tr.gettext(
            "Would you like an interpreter at the meeting? If so, choose the language."
        )
    return question, interpreter_keyboard(reader, meeting)


def _closed(meeting: Meeting, reader: Reader, settings: Settings) -> str:
    day = format_day(meeting.rsvp_closes_at, settings.timezone, reader.language)
    return reader.tr.gettext(
        "Answers for this meeting closed on {date}. Please contact the school."
    ).format(date=isolate(day, reader.language))


async def pressed(update: Update, context: BotContext) -> None:
    """Any button of the answering flow: checked, stored, and the answer as it is now."""
    press = await read_press(update, context)
    if press is None:
        return
    guardian = press.actor("g")
    ids = press.ids(0)
    message = press.query.message
    give = _GIVE.get(press.action)
    # Only a parent, pressing in their own chat, on a button of ours, may change anything.
    if (
        guardian is None
        or ids is None
        or give is None
        or message is None
        or message.chat.id != press.query.from_user.id
    ):
        await _stale(press)
        return
    (meeting_id,) = ids
    found = await give(context, guardian.id, meeting_id, press.args[1:], context.clock.now())
    if found is None or found.state is State.STALE or found.meeting is None:
        await _stale(press)
    elif found.state is State.CANCELLED:
        await press.refuse(press.reader.tr.gettext("This meeting was cancelled."))
    elif found.state is State.CLOSED:
        await press.refuse(_closed(found.meeting, press.reader, context.settings))
    elif found.state is State.OUT_OF_STEP:
        await press.query.answer(
            press.reader.tr.gettext(
                "This button is from an earlier question. Here is your answer as it is now."
            )
        )
        await _edit(press, *view(found, press.reader, context.settings))
    elif press.action == CHANGE:
        await press.query.answer()
        await _edit(press, *_change(found, press.reader, context.settings))
    else:
        await press.query.answer()
        text, keyboard = view(found, press.reader, context.settings, thanks=True)
        if press.action == ANSWER:
            await press.show(text, keyboard, edit=False)
        else:
            await _edit(press, text, keyboard)


def _change(
    found: Answer, reader: Reader, settings: Settings
) -> tuple[str, InlineKeyboardMarkup | None]:
    """The answer as it stands, and the first question again, in this message."""
    meeting = found.meeting
    assert meeting is not None
    lines = [
        f"<b>{meeting_title(meeting, reader, settings)}</b>",
        meeting_when_where(meeting, reader, settings),
        "",
    ]
    if found.reply is not None:
        lines.append(_your_answer(found.reply, reader))
    # Translators: above Coming / Maybe / Not coming, after "Change my answer" was pressed.
    question = reader.tr.gettext("What is your new answer?")
    lines += ["", f"<b>{question}</b>"]
    return "\n".join(lines), rsvp_keyboard(reader, meeting.id, in_place=True)


async def _edit(press: Press, text: str, keyboard: InlineKeyboardMarkup | None) -> None:
    try:
        await press.show(text, keyboard, edit=True)
    except BadRequest as error:
        # A double tap: the first press already turned the message into this text.
        if "not modified" not in error.message.lower():
            raise


async def _stale(press: Press) -> None:
    await press.refuse(
        press.reader.tr.gettext(
            "This button is no longer valid. Send /meetings to see your meetings as they are now."
        )
    )


def _one(args: tuple[str, ...]) -> str | None:
    return args[0] if len(args) == 1 else None


async def _answer(
    context: BotContext, guardian_id: int, meeting_id: int, args: tuple[str, ...], now: datetime
) -> Answer | None:
    value = _one(args)
    if value not in {rsvp.value for rsvp in Rsvp}:
        return None
    return await service.answer(context.db, guardian_id, meeting_id, Rsvp(value), now)


async def _adults(
    context: BotContext, guardian_id: int, meeting_id: int, args: tuple[str, ...], now: datetime
) -> Answer | None:
    number = as_id(_one(args) or "")
    if number is None:
        return None
    return await service.adults(context.db, guardian_id, meeting_id, number, now)


async def _childcare(
    context: BotContext, guardian_id: int, meeting_id: int, args: tuple[str, ...], now: datetime
) -> Answer | None:
    number = as_id(_one(args) or "")
    if number is None:
        return None
    return await service.childcare(context.db, guardian_id, meeting_id, number, now)


async def _age(
    context: BotContext, guardian_id: int, meeting_id: int, args: tuple[str, ...], now: datetime
) -> Answer | None:
    child = as_id(args[0]) if len(args) == 2 else None
    if child is None:
        return None
    return await service.age_band(context.db, guardian_id, meeting_id, child, args[1], now)


async def _interpreter(
    context: BotContext, guardian_id: int, meeting_id: int, args: tuple[str, ...], now: datetime
) -> Answer | None:
    value = _one(args)
    if value is None:
        return None
    language = None if value == NO_INTERPRETER else value
    return await service.interpreter(context.db, guardian_id, meeting_id, language, now)


async def _current(
    context: BotContext, guardian_id: int, meeting_id: int, args: tuple[str, ...], now: datetime
) -> Answer | None:
    return None if args else await service.current(context.db, guardian_id, meeting_id, now)


_GIVE: dict[str, _Give] = {
    ANSWER: _answer,
    ANSWER_HERE: _answer,
    ADULTS: _adults,
    CHILDCARE: _childcare,
    AGE: _age,
    INTERPRETER: _interpreter,
    CHANGE: _current,
}


def _ours(data: object) -> bool:
    decoded = decode(data)
    return decoded is not None and decoded[0] in _GIVE


HANDLERS: list[BaseHandler[Any, Any, Any]] = [CallbackQueryHandler(pressed, pattern=_ours)]
