"""/answers: a teacher reads the answers of their own pupils' parents, or prints them.

Every press is checked again: only a teacher of the pupil's group gets their answers.
"""

from __future__ import annotations

from collections.abc import Mapping

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.ext import CallbackQueryHandler

from bot.domain.answers import Answer
from bot.domain.bookings import Actor, Child
from bot.domain.questions import Question, questions_of, words_in, words_of
from bot.domain.rounds import Round
from bot.services import conversations, pupil_cards, teacher_view
from bot.services.parent_words import Written, parents_written
from bot.services.pupil_cards import SentCard
from bot.services.teacher_view import ParentAnswers, TeacherRound
from bot.telegram import sending
from bot.telegram.answer_choices import pressed
from bot.telegram.answers_view import answers_lines
from bot.telegram.booking_views import button
from bot.telegram.callback_data import handles
from bot.telegram.context import BotContext
from bot.telegram.conversation_views import answer_keyboard, thread_text
from bot.telegram.deps import Reader, reader_for
from bot.telegram.free_text import language_name
from bot.telegram.presses import Press, read_press
from bot.telegram.pupil_card_view import card_lines, card_markdown
from bot.telegram.round_names import as_plain, round_title, teacher_group
from bot.telegram.talk_texts import safe
from bot.telegram.teacher import my_rounds, staff_of


async def answers(update: Update, context: BotContext) -> None:
    """/answers: per round, a button for each pupil with answers, and one to export all;
    then the pupils whose parents wrote to the teacher."""
    found = await my_rounds(update, context)
    message = update.effective_message
    if found is not None and message is not None:
        await _rounds_answers(message, context, *found)
    if message is not None and update.effective_user is not None:
        await _messages_section(message, context, await reader_for(context, update.effective_user))


async def _rounds_answers(
    message: Message, context: BotContext, reader: Reader, rounds: list[TeacherRound]
) -> None:
    staff = staff_of(reader)
    assert staff is not None  # my_rounds only returns for staff
    for item in rounds:
        pupils = await teacher_view.answered_pupils(context.db, staff.id, item.round.id)
        title = round_title(item.round, reader, context.settings, teacher_group(reader))
        text, keyboard = _answered(item.round, title, pupils, reader)
        await sending.reply(message, text, keyboard=keyboard)


def _answered(
    round_: Round, title: str, pupils: list[tuple[int, str, str]], reader: Reader
) -> tuple[str, InlineKeyboardMarkup | None]:
    """A round's title (HTML) with a button per pupil with answers, and one to export them
    all."""
    tr = reader.tr
    title = f"<b>{title}</b>"
    if not pupils:
        none_yet = tr.gettext("No answers to the questions yet.")
        return f"{title}\n{none_yet}", None
    rows = [[button(f"{name} ({group})", "ans", round_.id, pid)] for pid, name, group in pupils]
    rows.append([button(tr.gettext("Export all answers (to print)"), "anx", round_.id)])
    return title, InlineKeyboardMarkup(rows)


async def _allowed(press: Press, pupil_id: int | None) -> Actor | None:
    staff = staff_of(press.reader)
    if staff is None:
        return None
    if pupil_id is None:
        return staff
    return staff if await teacher_view.teaches_pupil(press.context.db, staff.id, pupil_id) else None


async def show_pupil(update: Update, context: BotContext) -> None:
    """A pupil pressed: each parent's answers about them, voice messages after the text."""
    press = await read_press(update, context)
    ids = press.ids(0, 1) if press else None
    staff = await _allowed(press, ids[1]) if press and ids else None
    if press is None or ids is None or staff is None:
        if press:
            await press.stale()
        return
    round_id, pupil_id = ids
    found = await teacher_view.pupil_answers(context.db, round_id, pupil_id)
    # The round or pupil may be gone since the button was sent: then nothing is shown.
    parts = []
    if found is not None:
        round_, child, parents = found
        typed = {parent.guardian_id: words_in(parent.answers) for parent in parents}
        written = await parents_written(context.db, typed, press.reader.language)
        parts = _pupil_answers_parts(round_, child, parents, written, press.reader)
        cards = await pupil_cards.cards_of_pupil(
            context.db, round_id, pupil_id, press.reader.language
        )
        parts += _card_parts(child, cards, press.reader)
    await press.query.answer()
    if press.query.message is not None:
        await sending.send_parts(press.query.get_bot(), press.query.message.chat.id, parts)


def _pupil_answers_parts(
    round_: Round,
    child: Child,
    parents: list[ParentAnswers],
    written: Mapping[int, Written],
    reader: Reader,
) -> list[sending.Part]:
    texts, voices = [], []
    for parent in parents:
        body, more = answers_lines(reader, round_, parent.answers, written.get(parent.guardian_id))
        heading = reader.tr.gettext("Answers about {pupil} from {name}").format(
            pupil=safe(f"{child.full_name} ({child.group})", reader),
            name=safe(parent.name, reader),
        )
        texts.append("\n".join([f"<b>{heading}</b>", *body]))
        voices += more
    parts = [part for text in texts for part in sending.text_parts(text)]
    for file_id, caption in voices:
        parts += sending.voice_parts(file_id, caption)
    return parts


def _card_parts(child: Child, cards: list[SentCard], reader: Reader) -> list[sending.Part]:
    """The child's own cards after the parents' answers, their voice notes after them."""
    parts: list[sending.Part] = []
    voices = []
    for card in cards:
        lines, more = card_lines(reader, child.first_name, card)
        parts += sending.text_parts("\n".join(lines).strip())
        voices += more
    for file_id, caption in voices:
        parts += sending.voice_parts(file_id, caption)
    return parts


async def _messages_section(message: Message, context: BotContext, reader: Reader) -> None:
    """Messages from parents: a button per pupil of the teacher's groups they wrote about."""
    staff = staff_of(reader)
    if staff is None:
        return
    pupils = await conversations.pupils_with_messages(context.db, staff.id)
    title = "<b>" + reader.tr.gettext("Messages from parents") + "</b>"
    if not pupils:
        await sending.reply(message, title + "\n" + reader.tr.gettext("No messages yet."))
        return
    rows = [[button(f"{name} ({group})", "cvl", pid)] for pid, name, group in pupils]
    await sending.reply(message, title, keyboard=InlineKeyboardMarkup(rows))


async def show_messages(update: Update, context: BotContext) -> None:
    """A pupil pressed under "Messages from parents": every conversation about them, each
    with Answer, voice notes after their text. Only for a teacher of the pupil now."""
    press = await read_press(update, context)
    ids = press.ids(0) if press else None
    staff = staff_of(press.reader) if press else None
    threads = None
    if press is not None and ids is not None and staff is not None:
        threads = await conversations.threads_of_pupil(context.db, staff.id, ids[0])
    if press is None or threads is None:
        if press:
            await press.stale()
        return
    await press.query.answer()
    if press.query.message is None:
        return
    parts: list[sending.Part] = []
    tz = context.settings.timezone
    async with context.db.read() as conn:
        for thread in threads:
            text = await thread_text(conn, thread, press.reader, tz)
            keyboard = answer_keyboard(press.reader, thread.conversation.id)
            parts += sending.text_parts(text, keyboard)
            for voice in thread.messages:
                if voice.words.voice_file_id:
                    caption = safe(voice.author_name, press.reader)
                    parts += sending.voice_parts(voice.words.voice_file_id, caption)
    await sending.send_parts(press.query.get_bot(), press.query.message.chat.id, parts)


async def export(update: Update, context: BotContext) -> None:
    """All answers of the teacher's pupils in a round, as a Markdown file to print."""
    press = await read_press(update, context)
    ids = press.ids(0) if press else None
    staff = await _allowed(press, None) if press else None
    if press is None or ids is None or staff is None:
        if press:
            await press.stale()
        return
    found = await teacher_view.round_answers(context.db, staff.id, ids[0])
    if found is None:
        await press.stale()
        return
    round_, pupils = found
    await press.query.answer()
    if press.query.message is not None:
        reader = press.reader
        title = round_title(round_, reader, context.settings, teacher_group(reader))
        typed = {p.guardian_id: words_in(p.answers) for _, parents in pupils for p in parents}
        written = await parents_written(context.db, typed, reader.language)
        cards = {
            pid: await pupil_cards.cards_of_pupil(context.db, round_.id, pid, reader.language)
            for (pid, _, _), _ in pupils
        }
        content = _markdown(round_, as_plain(title), pupils, written, cards, reader)
        await sending.send_parts(
            press.query.get_bot(),
            press.query.message.chat.id,
            sending.document_parts(f"answers-{round_.plan_key}.md", content.encode("utf-8")),
        )


def _markdown(
    round_: Round,
    title: str,
    pupils: list[tuple[tuple[int, str, str], list[ParentAnswers]]],
    written: Mapping[int, Written],
    cards: Mapping[int, list[SentCard]],
    reader: Reader,
) -> str:
    """The round's answers per pupil and parent, question by question, as Markdown; typed
    words in another language with their machine translation beneath; then the child's
    own card."""
    tr = reader.tr
    lines = [f"# {title}", ""]
    for (pid, name, group), parents in pupils:
        lines += [f"## {name} ({group})", ""]
        for parent in parents:
            heading = tr.gettext("Answers from {name}:").format(name=parent.name)
            lines += [f"### {heading}", ""]
            for number, question in enumerate(questions_of(round_), start=1):
                answer = parent.answers.get(question.key)
                lines.append(f"{number}. **{tr.gettext(question.text)}**")
                lines += [f"   {_plain(question, answer, reader)}"]
                lines += [*_machine(answer, written.get(parent.guardian_id), reader), ""]
        for card in cards.get(pid, []):
            lines += card_markdown(reader, name, card)
    return "\n".join(lines)


def _plain(question: Question, answer: Answer | None, reader: Reader) -> str:
    tr = reader.tr
    if answer is None or answer.skipped:
        return tr.gettext("(skipped)")
    if answer.voice_file_id:
        return tr.gettext("(voice message)")
    label = pressed(question, answer, reader)
    if label is not None:
        return label
    return answer.text.replace("\n", "\n   ") or tr.gettext("No interpreter needed")


def _machine(answer: Answer | None, written: Written | None, reader: Reader) -> list[str]:
    """The machine translation of a typed answer, labelled, as Markdown lines (or none)."""
    text = words_of(answer)
    found = written.translated.get(text) if written and text else None
    if found is None:
        return []
    note = reader.tr.gettext("Machine translation from {language} (it may contain mistakes):")
    indented = found.text.replace("\n", "\n   ")
    return [f"   _{note.format(language=language_name(found.source, reader))}_", f"   {indented}"]


HANDLERS = [
    CallbackQueryHandler(show_pupil, pattern=handles("ans")),
    CallbackQueryHandler(export, pattern=handles("anx")),
    CallbackQueryHandler(show_messages, pattern=handles("cvl")),
]
