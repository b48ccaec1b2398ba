"""How messages between parents and teachers read: the parent's offer to send, the
teacher's notification, the parent's answer, and a pupil's conversations in /answers.

What people typed is shown as written; for a reader of another language it is labelled as
the writer's own words, with a labelled machine translation when the school runs an engine.
Voice notes follow their message as recordings.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, tzinfo
from typing import Any

import aiosqlite
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.domain.conversations import Message, Topic
from bot.domain.person_kind import PersonKind
from bot.formatting import format_day_and_time, format_list
from bot.i18n import isolate
from bot.services import conversations as service
from bot.services.conversations import Delivered, Draft, Thread
from bot.telegram.booking_views import button
from bot.telegram.deps import Deps, Reader
from bot.telegram.free_text import language_name, own_words
from bot.telegram.notifications import Outgoing, RenderContext
from bot.telegram.passed_on import promise
from bot.telegram.talk_texts import safe

_PICKED = "✓ "


def answer_keyboard(reader: Reader, conversation_id: int, label: str = "") -> InlineKeyboardMarkup:
    """One button: answer in this conversation (typed, or a voice note)."""
    text = label or reader.tr.gettext("Answer")
    return InlineKeyboardMarkup([[button(text, "cva", conversation_id)]])


def draft_view(draft: Draft, reader: Reader, d: Deps) -> tuple[str, InlineKeyboardMarkup]:
    """ "Send this to Karim Bouzid about Emma?", the words, the choices, Send, Never mind."""
    tr, child = reader.tr, draft.child
    teachers = _names([t.name for t in draft.addressed], reader)
    lines = [
        "<b>"
        + tr.gettext("Send this to {teachers} about {child}?").format(
            teachers=teachers, child=safe(child.first_name, reader)
        )
        + "</b>",
        _quoted(draft.words.text, reader) if draft.words.text else tr.gettext("(voice message)"),
    ]
    if draft.reaches_at is not None:
        when = _when(draft.reaches_at, reader, d)
        lines += [
            "",
            tr.gettext(
                "It is outside working hours. Your message will reach them at: {when}."
            ).format(when=when),
        ]
        if draft.talk_soon:
            lines.append(
                tr.gettext(
                    "Is it about the talk within a day? Then press “Urgent: about the talk”."
                )
            )
    rows: list[list[InlineKeyboardButton]] = []
    if len(draft.children) > 1:
        rows.append(
            [
                button(_ticked(c.first_name, c.pupil_id == draft.pupil_id), "cvc", c.pupil_id)
                for c in draft.children
            ]
        )
    if len(child.teachers) > 1:
        both = button(_ticked(tr.gettext("All teachers"), draft.staff_id == 0), "cvt", 0)
        rows.append(
            [
                both,
                *(
                    button(_ticked(t.name, draft.staff_id == t.id), "cvt", t.id)
                    for t in child.teachers
                ),
            ]
        )
    rows.append([button(tr.gettext("Send"), "cvs", 0)])
    if draft.reaches_at is not None and draft.talk_soon:
        rows.append([button(tr.gettext("Urgent: about the talk"), "cvs", 1)])
    rows.append([button(tr.gettext("Never mind"), "nvm")])
    return "\n".join(lines), InlineKeyboardMarkup(rows)


def delivered_text(d: Deps, reader: Reader, delivered: Delivered) -> str:
    """Sent: to whom, and when they will see it."""
    tr = reader.tr
    names = _names(list(delivered.names), reader)
    if delivered.reaches_at is not None:
        text = tr.gettext("Sent. Your message reaches {names} when working hours begin: {when}.")
        return text.format(names=names, when=_when(delivered.reaches_at, reader, d))
    return promise(
        d,
        reader,
        at_once=tr.gettext("Sent. Your message is with {names} now."),
        later=tr.gettext("Sent. Your message reaches {names} at {time}."),
        names=names,
    )


def _when(moment: datetime, reader: Reader, d: Deps) -> str:
    shown = format_day_and_time(moment, d.settings.timezone, reader.language)
    return isolate(shown, reader.language)


def _names(names: list[str], reader: Reader) -> str:
    return format_list([safe(name, reader) for name in names], reader.language)


def _ticked(label: str, picked: bool) -> str:
    return f"{_PICKED}{label}" if picked else label


def _quoted(text: str, reader: Reader) -> str:
    return f"<blockquote>{safe(text, reader)}</blockquote>"


async def words_html(
    ctx_conn: aiosqlite.Connection, reader: Reader, message: Message, label: str
) -> str:
    """A message's words under its label: as written in the reader's language, else marked
    as the writer's own with the machine translation (or a note that there is none)."""
    words = message.words
    if not words.text:
        sent_below = reader.tr.gettext("(voice message, sent below)")
        return f"<b>{label}</b>\n{sent_below}"
    if message.language == reader.language:
        return f"<b>{label}</b>\n{_quoted(words.text, reader)}"
    translated = await service.translation(ctx_conn, words.text, message.language, reader.language)
    return own_words(reader, words.text, message.language, translated, label=label)


def _voices(messages: tuple[Message, ...], caption: str) -> tuple[tuple[str, str], ...]:
    return tuple((m.words.voice_file_id, caption) for m in messages if m.words.voice_file_id)


async def thread_text(
    conn: aiosqlite.Connection, thread: Thread, reader: Reader, d_tz: tzinfo
) -> str:
    """A conversation's messages for a teacher: who wrote about whom, in which language,
    and each message with its time."""
    tr = reader.tr
    heading = tr.gettext("Message from {parent} ({language}) about {child}:").format(
        parent=safe(thread.parent_name, reader),
        language=language_name(thread.parent_language, reader),
        child=safe(f"{thread.child_name} ({thread.group})", reader),
    )
    parts = [f"<b>{heading}</b>"]
    for message in thread.messages:
        when = format_day_and_time(message.created_at, d_tz, reader.language)
        label = f"{message.author_name}, {when}"
        body = await words_html(conn, reader, message, safe(label, reader))
        if message.urgent:
            body += "\n" + tr.gettext("Marked urgent: about a talk within a day.")
        parts.append(body)
    return "\n\n".join(parts)


async def render_parent_message(ctx: RenderContext, params: Mapping[str, Any]) -> Outgoing | None:
    """To a teacher: a parent's message (or every message about a pupil that waited for
    the working day), with the child, the parent and their language, and Answer."""
    if ctx.recipient_kind != PersonKind.STAFF:
        return None
    threads = await service.for_teacher(ctx.conn, ctx.recipient_id, dict(params))
    if not threads:
        return None
    reader, tz = ctx.reader, ctx.settings.timezone
    texts = [await thread_text(ctx.conn, thread, reader, tz) for thread in threads]
    rows = [
        [
            button(
                reader.tr.gettext("Answer {name}").format(name=thread.parent_name),
                "cva",
                thread.conversation.id,
            )
        ]
        for thread in threads
    ]
    voices = tuple(
        voice
        for thread in threads
        for voice in _voices(thread.messages, safe(thread.parent_name, reader))
    )
    return Outgoing("\n\n".join(texts), InlineKeyboardMarkup(rows), voices=voices)


async def render_teacher_answer(ctx: RenderContext, params: Mapping[str, Any]) -> Outgoing | None:
    """To a parent: the teacher's answer about their child, with Reply for the parent who
    wrote (the other parents read answers about the talk or the agreements only)."""
    if ctx.recipient_kind != PersonKind.GUARDIAN:
        return None
    thread = await service.answer_for_parent(ctx.conn, ctx.recipient_id, int(params["message_id"]))
    if thread is None or not thread.messages:
        return None
    reader, tr, message = ctx.reader, ctx.reader.tr, thread.messages[0]
    values = {
        "teacher": safe(message.author_name, reader),
        "child": safe(thread.child_first_name, reader),
    }
    asker = ctx.recipient_id == thread.conversation.guardian_id
    if asker:
        label = tr.gettext("{teacher} answers your message about {child}:").format(**values)
    elif thread.conversation.topic == Topic.TALK:
        label = tr.gettext(
            "{teacher} answers a question from {parent} about the talk for {child}:"
        ).format(parent=safe(thread.parent_name, reader), **values)
    else:
        label = tr.gettext(
            "{teacher} answers a question from {parent} about the agreements for {child}:"
        ).format(parent=safe(thread.parent_name, reader), **values)
    text = await words_html(ctx.conn, reader, message, label)
    keyboard = (
        answer_keyboard(reader, thread.conversation.id, tr.gettext("Reply")) if asker else None
    )
    caption = safe(message.author_name, reader)
    return Outgoing(text, keyboard, voices=_voices(thread.messages, caption))
