"""/answers: a teacher reads the answers of their own pupils' parents, or prints them.

Every press is checked again: only a teacher of the pupil's group gets their answers.
"""

from __future__ import annotations

import gettext

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, ContextTypes

from bot.domain.questions import questions_of
from bot.services.booking import Actor
from bot.storage import answers as store
from bot.storage import bookings
from bot.storage.rounds import load_round
from bot.telegram import sending
from bot.telegram.answers_view import answers_lines
from bot.telegram.booking_views import button
from bot.telegram.callback_data import handles
from bot.telegram.presses import Press, read_press
from bot.telegram.talk_texts import safe
from bot.telegram.teacher import my_rounds, staff_of


async def answers(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/answers: per round, a button for each pupil with answers, and one to export all."""
    found = await my_rounds(update, context)
    message = update.effective_message
    if found is None or message is None:
        return
    d, reader, rounds = found
    staff = staff_of(reader)
    assert staff is not None  # my_rounds only returns for staff
    tr = reader.tr
    for item in rounds:
        async with d.db.read() as conn:
            pupils = await store.answered_pupils(conn, staff.id, item.round.id)
        title = f"<b>{safe(item.round.title, reader)}</b>"
        if not pupils:
            await sending.reply(
                message, f"{title}\n{tr.gettext('No answers to the questions yet.')}"
            )
            continue
        rows = [
            [button(f"{name} ({group})", "ans", item.round.id, pid)] for pid, name, group in pupils
        ]
        rows.append([button(tr.gettext("Export all answers (to print)"), "anx", item.round.id)])
        await sending.reply(message, title, keyboard=InlineKeyboardMarkup(rows))


async def _allowed(press: Press, pupil_id: int | None) -> Actor | None:
    staff = staff_of(press.reader)
    if staff is None:
        return None
    if pupil_id is None:
        return staff
    async with press.d.db.read() as conn:
        return staff if await bookings.teaches_pupil(conn, staff.id, pupil_id) else None


async def show_pupil(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    press = await read_press(update, context)
    ids = press.ids(0, 1) if press else None
    staff = await _allowed(press, ids[1]) if press and ids else None
    if press is None or ids is None or staff is None:
        if press:
            await press.stale()
        return
    round_id, pupil_id = ids
    d, reader = press.d, press.reader
    async with d.db.read() as conn:
        round_ = await load_round(conn, round_id)
        child = await bookings.pupil_as_child(conn, pupil_id)
        guardians = await store.submitted_guardians(conn, round_id, pupil_id)
        texts, voices = [], []
        if round_ and child:  # either may be gone since the button was sent
            for guardian_id, name in guardians:
                body, more = await answers_lines(conn, reader, round_, child, guardian_id)
                heading = reader.tr.gettext("Answers about {pupil} from {name}").format(
                    pupil=safe(f"{child.full_name} ({child.group})", reader),
                    name=safe(name, reader),
                )
                texts.append("\n".join([f"<b>{heading}</b>", *body]))
                voices += more
    await press.query.answer()
    chat_id = press.query.message.chat.id if press.query.message else None
    if chat_id is None:
        return
    parts = [part for text in texts for part in sending.text_parts(text)]
    for file_id, caption in voices:
        parts += sending.voice_parts(file_id, caption)
    await sending.send_parts(press.query.get_bot(), chat_id, parts)


async def export(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """All answers of the teacher's pupils in a round, as a Markdown file to print."""
    press = await read_press(update, context)
    ids = press.ids(0) if press else None
    staff = await _allowed(press, None) if press else None
    if press is None or ids is None or staff is None:
        if press:
            await press.stale()
        return
    d, tr = press.d, press.reader.tr
    async with d.db.read() as conn:
        round_ = await load_round(conn, ids[0])
        pupils = await store.answered_pupils(conn, staff.id, ids[0])
        if round_ is None:
            await press.stale()
            return
        lines = [f"# {round_.title}", ""]
        for pupil_id, name, group in pupils:
            lines += [f"## {name} ({group})", ""]
            for guardian_id, guardian in await store.submitted_guardians(conn, round_.id, pupil_id):
                lines += [f"### {tr.gettext('Answers from {name}:').format(name=guardian)}", ""]
                given = await store.answers_of(conn, (round_.id, pupil_id, guardian_id))
                for number, question in enumerate(questions_of(round_), start=1):
                    answer = given.get(question.key)
                    lines.append(f"{number}. **{tr.gettext(question.text)}**")
                    lines += [f"   {_plain(answer, tr)}", ""]
    await press.query.answer()
    if press.query.message is not None:
        content = "\n".join(lines).encode("utf-8")
        await sending.send_parts(
            press.query.get_bot(),
            press.query.message.chat.id,
            sending.document_parts(f"answers-{round_.plan_key}.md", content),
        )


def _plain(answer: store.Answer | None, tr: gettext.NullTranslations) -> str:
    if answer is None or answer.skipped:
        return tr.gettext("(skipped)")
    if answer.voice_file_id:
        return tr.gettext("(voice message)")
    return answer.text.replace("\n", "\n   ") or tr.gettext("No interpreter needed")


HANDLERS = [
    CallbackQueryHandler(show_pupil, pattern=handles("ans")),
    CallbackQueryHandler(export, pattern=handles("anx")),
]
