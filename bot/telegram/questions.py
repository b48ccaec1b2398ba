"""The parent's questionnaire in Telegram: one question at a time, Skip and Back, a summary
to check and change, then Send. Typed text and voice notes answer the current question;
where it has typical answers, a press on one does too."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.ext import CallbackQueryHandler

from bot.domain.answers import Answer
from bot.domain.bookings import Actor
from bot.domain.person_kind import PersonKind
from bot.domain.pupil_card import said_joining
from bot.domain.questions import JOINING, Question, typed
from bot.services import questions as service
from bot.services.questions import Questionnaire
from bot.telegram import sending
from bot.telegram.answer_choices import choice_label, pressed
from bot.telegram.booking_views import button
from bot.telegram.callback_data import handles
from bot.telegram.context import BotContext
from bot.telegram.deps import Deps, HandlerCallback, Reader, reader_for
from bot.telegram.passed_on import promise
from bot.telegram.presses import Press, read_press
from bot.telegram.pupil_card_button import has_card, prepare_button
from bot.telegram.talk_texts import safe


def question_view(q: Questionnaire, reader: Reader, d: Deps) -> tuple[str, InlineKeyboardMarkup]:
    """The current question, or the summary with Change and Send buttons."""
    tr, ids = reader.tr, (q.round.id, q.child.pupil_id)
    if q.current is None:
        return _summary(q, reader, d)
    progress = tr.gettext("Question {number} of {total} about {child}").format(
        number=q.number, total=len(q.questions), child=safe(q.child.first_name, reader)
    )
    lines = [progress, f"<b>{tr.gettext(q.current.text)}</b>"]
    given = service.has_answer(q, q.current)
    if given:
        lines.append(
            tr.gettext("Your answer so far: {answer}").format(
                answer=_shown(q.current, q.answers.get(q.current.key), reader)
            )
        )
    if q.current.choices:
        lines.append(tr.gettext("Press an answer, type your own, or send a voice message."))
    else:
        lines.append(tr.gettext("Type your answer, or send a voice message."))
    rows = _choice_rows(q.current, ids, reader)
    if q.current.interpreter:
        rows.append([button(tr.gettext("No interpreter needed"), "qno", *ids, q.current.key)])
    # Going on from a question with an answer keeps it, and the button says so.
    onward = tr.gettext("Skip")
    if given:
        # Translators: button under a question the parent already answered: go on, keep it.
        onward = tr.gettext("Keep my answer")
    rows.append([button(onward, "qskip", *ids), button(tr.gettext("Back"), "qback", *ids)])
    return "\n".join(lines), InlineKeyboardMarkup(rows)


def _choice_rows(
    question: Question, ids: tuple[int, int], reader: Reader
) -> list[list[InlineKeyboardButton]]:
    """A button per typical answer: languages three to a row, sentences one to a row."""
    buttons = [
        button(choice_label(question, choice, reader), "qpick", *ids, question.key, choice.key)
        for choice in question.choices
    ]
    width = 3 if question.interpreter else 1
    return [buttons[i : i + width] for i in range(0, len(buttons), width)]


def numbered_summary(heading: str, items: list[tuple[str, str]], sent: str | None) -> str:
    """What a parent checks before sending (the answers, the child's card): each item
    numbered with its answer, and when it was sent, what the teacher has (HTML)."""
    lines = [f"<b>{heading}</b>"]
    for number, (asked, answer) in enumerate(items, start=1):
        lines += ["", f"{number}. {asked}", answer]
    if sent:
        lines += ["", sent]
    return "\n".join(lines)


def send_and_change_rows(
    reader: Reader, actions: tuple[str, str], ids: tuple[int, int], count: int
) -> list[list[InlineKeyboardButton]]:
    """Under a summary the parent checks: Send to the teacher, and Change n for each item
    (the questions, the child's card); `actions`: the send and change button codes."""
    tr = reader.tr
    send, change = actions
    rows = [[button(tr.gettext("Send to the teacher"), send, *ids)]]
    changes = [
        button(tr.gettext("Change {number}").format(number=n), change, *ids, n)
        for n in range(1, count + 1)
    ]
    return rows + [changes[i : i + 4] for i in range(0, len(changes), 4)]


def _summary(q: Questionnaire, reader: Reader, d: Deps) -> tuple[str, InlineKeyboardMarkup]:
    tr, ids = reader.tr, (q.round.id, q.child.pupil_id)
    heading = tr.gettext("Your answers about {child}:").format(
        child=safe(q.child.first_name, reader)
    )
    items = [
        (tr.gettext(question.text), _shown(question, q.answers.get(question.key), reader))
        for question in q.questions
    ]
    sent = None
    if q.submitted_at:
        sent = promise(
            d,
            reader,
            at_once=tr.gettext(
                "The teacher has these answers. You can still change them and send them again."
            ),
            later=tr.gettext(
                "The teacher will get these answers at {time}. You can still change them and"
                " send them again."
            ),
            queued_at=q.submitted_at,
        )
    text = numbered_summary(heading, items, sent)
    rows = send_and_change_rows(reader, ("qsend", "qchg"), ids, len(q.questions))
    joins = q.round.pupil_joins(q.child.grade_low) or said_joining(q.answers.get(JOINING.key))
    if joins and has_card(q.round, q.child.grade_low):
        rows.append([prepare_button(reader, *ids)])
    return text, InlineKeyboardMarkup(rows)


def _shown(question: Question, answer: Answer | None, reader: Reader) -> str:
    tr = reader.tr
    if answer is None or answer.skipped:
        return tr.gettext("(skipped)")
    if answer.voice_file_id:
        return tr.gettext("(voice message)")
    if not answer.text:  # the one empty answer that is given: its button's
        return tr.gettext("No interpreter needed")
    label = pressed(question, answer, reader)
    return safe(label if label is not None else answer.text, reader)


def _guardian(reader: Reader) -> Actor | None:
    person = next((p for p in reader.people if p.kind == PersonKind.GUARDIAN), None)
    return Actor(PersonKind.GUARDIAN, person.id) if person else None


async def _show(press: Press, q: Questionnaire | None) -> None:
    if q is None:
        await press.stale()
        return
    await press.query.answer()
    text, keyboard = question_view(q, press.reader, press.context)
    await press.show(text, keyboard, edit=False)


@dataclass(frozen=True)
class _Step:
    """A press on a questionnaire button, by a guardian, about (round, pupil)."""

    press: Press
    guardian: Actor
    user_id: int
    round_id: int
    pupil_id: int


def on_questionnaire(
    handler: Callable[[_Step], Awaitable[None]],
) -> HandlerCallback:
    """Decode the press; anyone but a guardian, or a malformed press, gets the stale answer
    (whose child it is, the service checks again)."""

    async def run(update: Update, context: BotContext) -> None:
        press = await read_press(update, context)
        if press is None or update.effective_user is None:
            return
        guardian, ids = _guardian(press.reader), press.ids(0, 1)
        if guardian is None or ids is None:
            await press.stale()
            return
        await handler(_Step(press, guardian, update.effective_user.id, *ids))

    return run


@on_questionnaire
async def start(step: _Step) -> None:
    """A parent opened the questions before a talk: the first open question."""
    q = await service.open_questions(
        step.press.context.db,
        step.guardian,
        step.user_id,
        step.round_id,
        step.pupil_id,
        step.press.context.clock.now(),
    )
    await _show(step.press, q)


@on_questionnaire
async def skip(step: _Step) -> None:
    """A parent skipped a question: the next one."""
    await _answer_by_button(step, Answer("", None, skipped=True))


@on_questionnaire
async def no_interpreter(step: _Step) -> None:
    """A parent said no interpreter is needed: the next question."""
    # An empty, not skipped answer to the interpreter question: "no interpreter needed".
    # It counts only for the question it was under (an old button changes nothing).
    if len(step.press.args) != 3:
        await step.press.stale()
        return
    await _answer_by_button(step, Answer("", None, skipped=False), step.press.args[2])


@on_questionnaire
async def pick(step: _Step) -> None:
    """A parent pressed a typical answer: saved as its key, then the next question."""
    press = step.press
    if len(press.args) != 4:
        await press.stale()
        return
    q = await service.choose(
        press.context.db,
        step.guardian,
        step.user_id,
        step.round_id,
        step.pupil_id,
        press.args[2],
        press.args[3],
        press.context.clock.now(),
    )
    await _show(press, q)


async def _answer_by_button(step: _Step, answer: Answer, question_key: str | None = None) -> None:
    q = await service.give_answer(
        step.press.context.db,
        step.guardian,
        step.user_id,
        step.round_id,
        step.pupil_id,
        answer,
        step.press.context.clock.now(),
        question_key,
    )
    await _show(step.press, q)


@on_questionnaire
async def back(step: _Step) -> None:
    """A parent went back: the question before."""
    await _go(step, None)


@on_questionnaire
async def change(step: _Step) -> None:
    """A parent chose an answer to change: that question again."""
    number = step.press.ids(2)
    if number is None:
        await step.press.stale()
        return
    await _go(step, number[0])


async def _go(step: _Step, number: int | None) -> None:
    q = await service.go_to(
        step.press.context.db,
        step.guardian,
        step.user_id,
        step.round_id,
        step.pupil_id,
        number,
        step.press.context.clock.now(),
    )
    await _show(step.press, q)


@on_questionnaire
async def send(step: _Step) -> None:
    """A parent sent their answers: thanks, and when the teacher gets them."""
    press = step.press
    q = await service.submit(
        press.context.db,
        step.guardian,
        step.user_id,
        step.round_id,
        step.pupil_id,
        press.context.clock.now(),
    )
    if q is None:
        await press.stale()
        return
    await press.query.answer()
    tr = press.reader.tr
    text = promise(
        press.context,
        press.reader,
        at_once=tr.gettext(
            "Thank you! The teacher has your answers and will read them before the talk."
        ),
        later=tr.gettext(
            "Thank you! The teacher will get your answers at {time} and will read them before"
            " the talk."
        ),
    )
    await press.show(text, None, edit=True)


async def receive(update: Update, context: BotContext, params: dict[str, Any]) -> None:
    """Typed text or a voice note while a question is open: it answers that question."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    reader = await reader_for(context, user)
    guardian = _guardian(reader)
    if guardian is None:
        return
    answer = _answer_of(message)
    if answer is None:
        await sending.reply(
            message, reader.tr.gettext("Please answer with text or a voice message.")
        )
        return
    ids = (int(params["round_id"]), int(params["pupil_id"]))
    q = await service.give_answer(context.db, guardian, user.id, *ids, answer, context.clock.now())
    if q is None:
        return
    text, keyboard = question_view(q, reader, context)
    await sending.reply(message, text, keyboard=keyboard)


def _answer_of(message: Message) -> Answer | None:
    if message.voice is not None:
        return Answer("", message.voice.file_id, skipped=False)
    if message.text:
        return typed(message.text)
    return None


HANDLERS = [
    CallbackQueryHandler(start, pattern=handles("qs")),
    CallbackQueryHandler(skip, pattern=handles("qskip")),
    CallbackQueryHandler(no_interpreter, pattern=handles("qno")),
    CallbackQueryHandler(pick, pattern=handles("qpick")),
    CallbackQueryHandler(back, pattern=handles("qback")),
    CallbackQueryHandler(change, pattern=handles("qchg")),
    CallbackQueryHandler(send, pattern=handles("qsend")),
]
