"""Parents and teachers reach each other: a parent's text or voice note outside any flow is
offered as a message to their child's teacher; the teacher answers with the Answer button
under it (or Telegram's reply to it), typed or spoken; the parent may reply in turn.

Every press and every answer is checked again by the service: a forged Answer for a
conversation that is not theirs changes nothing.
"""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.ext import CallbackQueryHandler

from bot.domain.bookings import Actor
from bot.domain.conversations import MAX_TEXT, Words, WorkingHours, parse_working_hours
from bot.domain.person_kind import PersonKind
from bot.services import conversations as service
from bot.services.conversations import Draft
from bot.telegram import sending
from bot.telegram.booking_views import button
from bot.telegram.callback_data import as_id, decode, handles
from bot.telegram.context import BotContext
from bot.telegram.conversation_views import delivered_text, draft_view
from bot.telegram.deps import Reader, reader_for
from bot.telegram.presses import parent_press, read_press
from bot.telegram.talk_texts import safe


def words_of(message: Message) -> Words | None:
    """A text or a voice note; None for anything else."""
    if message.voice is not None:
        return Words(voice_file_id=message.voice.file_id)
    if message.text:
        return Words(message.text)
    return None


def _person(reader: Reader, kind: PersonKind) -> Actor | None:
    found = next((p for p in reader.people if p.kind == kind), None)
    return Actor(found.kind, found.id) if found else None


async def _fits(message: Message, words: Words, reader: Reader) -> bool:
    """A typed message short enough to pass on; else the person is told the limit."""
    if sending.utf16_length(words.text) <= MAX_TEXT:
        return True
    tr = reader.tr
    text = tr.ngettext(
        "Please keep it shorter: at most {count} character.",
        "Please keep it shorter: at most {count} characters.",
        MAX_TEXT,
    ).format(count=MAX_TEXT)
    await sending.reply(message, text)
    return False


async def offer(update: Update, context: BotContext, reader: Reader) -> bool:
    """A parent's text or voice note outside any flow: offer to send it to the teacher.
    False when the person is no parent with a child that has a teacher."""
    message, user = update.effective_message, update.effective_user
    guardian = _person(reader, PersonKind.GUARDIAN)
    words = words_of(message) if message else None
    if message is None or user is None or guardian is None or words is None:
        return False
    if not await _fits(message, words, reader):
        return True
    now, tz = context.clock.now(), context.settings.timezone
    draft = await service.draft(context.db, guardian, user.id, words, now, _hours(context), tz)
    if draft is None:
        return False
    await _show_draft(message, draft, reader, context)
    return True


async def _show_draft(message: Message, draft: Draft, reader: Reader, context: BotContext) -> None:
    text, keyboard = draft_view(draft, reader, context)
    await sending.reply(message, text, keyboard)


def _hours(context: BotContext) -> WorkingHours | None:
    return parse_working_hours(context.settings.teacher_hours)


async def receive_draft(update: Update, context: BotContext, params: dict[str, Any]) -> None:
    """Typed again (or spoken) while the offer waits: the newest words are offered instead
    (a reply to a teacher's message answers it)."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None or await by_reply(update, context):
        return
    reader = await reader_for(context, user)
    if not await offer(update, context, reader):
        await sending.reply(message, what_to_do(reader))


async def pick_child(update: Update, context: BotContext) -> None:
    """Another child pressed: the offer is about that child, to all of its teachers."""
    await _choose(update, context, "pupil_id")


async def pick_teacher(update: Update, context: BotContext) -> None:
    """A teacher pressed, or all teachers of the child (0)."""
    await _choose(update, context, "staff_id")


async def _choose(update: Update, context: BotContext, what: str) -> None:
    pressed = await parent_press(update, context, 0)
    if pressed is None:
        return
    press, guardian, (chosen,) = pressed
    now, tz, user_id = context.clock.now(), context.settings.timezone, press.query.from_user.id
    choice = {what: chosen}
    draft = await service.choose(context.db, guardian, user_id, now, _hours(context), tz, **choice)
    if draft is None:
        await press.stale()
        return
    await press.query.answer()
    text, keyboard = draft_view(draft, press.reader, context)
    await press.show(text, keyboard, edit=True)


async def send(update: Update, context: BotContext) -> None:
    """Send (or Urgent) pressed: the message goes to the chosen teachers; the parent is told
    when they will see it."""
    pressed = await parent_press(update, context, 0)
    if pressed is None:
        return
    press, guardian, (urgent,) = pressed
    now, tz, user_id = context.clock.now(), context.settings.timezone, press.query.from_user.id
    delivered = await service.send(
        context.db, guardian, user_id, now, _hours(context), tz, urgent=urgent == 1
    )
    if delivered is None:
        await press.stale()
        return
    await press.query.answer()
    await press.show(delivered_text(context, press.reader, delivered), None, edit=True)


async def open_answer(update: Update, context: BotContext) -> None:
    """Answer (a teacher) or Reply (a parent) pressed: ask for the text or voice note."""
    press = await read_press(update, context)
    if press is None:
        return
    ids, user = press.ids(0), update.effective_user
    if ids is None or user is None:
        await press.stale()
        return
    addressee = None
    for actor in _roles(press.reader):
        now = context.clock.now()
        addressee = await service.open_answer(context.db, actor, user.id, ids[0], now)
        if addressee is not None:
            break
    if addressee is None:
        await press.stale()
        return
    await press.query.answer()
    tr = press.reader.tr
    text = tr.gettext("Type your answer to {name} about {child}, or send a voice message.").format(
        name=safe(addressee.name, press.reader), child=safe(addressee.child, press.reader)
    )
    keyboard = InlineKeyboardMarkup([[button(tr.gettext("Never mind"), "nvm")]])
    await press.show(text, keyboard, edit=False)


def _roles(reader: Reader) -> list[Actor]:
    """Whom someone may write as: a parent, then a teacher (someone can be both). The
    service decides which of them may write in the conversation: a teacher who began a
    conversation about their own child writes in it as that child's parent."""
    found = (_person(reader, kind) for kind in (PersonKind.GUARDIAN, PersonKind.STAFF))
    return [actor for actor in found if actor is not None]


async def receive_answer(update: Update, context: BotContext, params: dict[str, Any]) -> None:
    """The typed or spoken answer after Answer / Reply was pressed (or Telegram's reply to
    another parent's message meanwhile, which answers that one)."""
    if not await by_reply(update, context):
        await _answer(update, context, int(params["conversation_id"]), by_reply=False)


def replied_conversation(message: Message) -> int | None:
    """The conversation of the bot's message this one replies to (Telegram's reply), read
    from that message's Answer button; None when it replies to none."""
    replied = message.reply_to_message
    markup = replied.reply_markup if replied is not None else None
    if markup is None:
        return None
    for row in markup.inline_keyboard:
        for pressed in row:
            decoded = (
                decode(pressed.callback_data) if isinstance(pressed.callback_data, str) else None
            )
            if decoded and decoded[0] == "cva" and decoded[1]:
                return as_id(decoded[1][0])
    return None


async def by_reply(update: Update, context: BotContext) -> bool:
    """A text or voice note sent as Telegram's reply to a message with Answer under it:
    the answer in that conversation. False when it is no such reply."""
    message = update.effective_message
    conversation_id = replied_conversation(message) if message else None
    if conversation_id is None:
        return False
    await _answer(update, context, conversation_id, by_reply=True)
    return True


async def _answer(
    update: Update, context: BotContext, conversation_id: int, *, by_reply: bool
) -> None:
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    reader = await reader_for(context, user)
    words = words_of(message)
    if words is None:
        await sending.reply(
            message, reader.tr.gettext("Please answer with text or a voice message.")
        )
        return
    if not await _fits(message, words, reader):
        return
    delivered = None
    now, tz, ended = context.clock.now(), context.settings.timezone, None if by_reply else user.id
    for actor in _roles(reader):
        delivered = await service.answer(
            context.db, actor, ended, conversation_id, words, now, _hours(context), tz
        )
        if delivered is not None:
            break
    if delivered is None:
        gone = reader.tr.gettext("This conversation is no longer open to you: nothing was sent.")
        await sending.reply(message, gone)
        return
    await sending.reply(message, delivered_text(context, reader, delivered))


def what_to_do(reader: Reader) -> str:
    """For someone whose words the bot cannot pass on: a teacher learns how to answer a
    parent; a parent without a child's teacher to write to learns where to turn."""
    if any(p.kind == PersonKind.STAFF for p in reader.people):
        return _staff_help(reader)
    return reader.tr.gettext(
        "I cannot pass this on: there is no teacher to send it to. Send /talks to see your"
        " talks, or contact the school."
    )


def _staff_help(reader: Reader) -> str:
    """What a teacher can do with free text: answer a parent, or use a command."""
    return reader.tr.gettext(
        "To answer a parent, press “Answer” under their message, or reply to it, and type or"
        " record your answer. /answers shows the parents' messages per pupil; the menu shows"
        " what else I can do."
    )


HANDLERS = [
    CallbackQueryHandler(pick_child, pattern=handles("cvc")),
    CallbackQueryHandler(pick_teacher, pattern=handles("cvt")),
    CallbackQueryHandler(send, pattern=handles("cvs")),
    CallbackQueryHandler(open_answer, pattern=handles("cva")),
]
