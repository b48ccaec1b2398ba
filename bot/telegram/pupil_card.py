"""The child's card on the parent's phone: one item at a time, read aloud to the child.

A young child answers by pressing big pictures (no reading needed) and the parent may
record the child in a voice note; an older child may also have a few words typed. Items
of several pictures stay open until Next; Skip and Back work as in the parents' questions,
and the whole card is checked, changed and sent at the end.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler

from bot.domain.bookings import Actor
from bot.domain.person_kind import PersonKind
from bot.domain.pupil_card import CardAnswer, CardBand, CardItem, Picture, typing_allowed
from bot.services import pupil_cards as service
from bot.services.pupil_cards import Card
from bot.telegram import sending
from bot.telegram.booking_views import button
from bot.telegram.callback_data import handles
from bot.telegram.context import BotContext
from bot.telegram.deps import Deps, HandlerCallback, Reader, reader_for
from bot.telegram.passed_on import promise
from bot.telegram.presses import Press, parent_press
from bot.telegram.pupil_card_button import START
from bot.telegram.questions import numbered_summary, send_and_change_rows
from bot.telegram.talk_texts import safe


def picture_label(picture: Picture, reader: Reader) -> str:
    """A picture as a reader of any language reads it: the emoji and its word."""
    return f"{picture.emoji} {reader.tr.gettext(picture.word)}"


def pictures_text(item: CardItem, answer: CardAnswer, reader: Reader) -> str:
    """The pictures pressed, in the item's order, as the reader reads them ('' for none)."""
    return ", ".join(picture_label(p, reader) for p in item.pictures if p.key in answer.pictures)


def answer_text(item: CardItem, answer: CardAnswer | None, reader: Reader) -> str:
    """An item's answer in one line for the parent: the pictures, then the child's words."""
    tr = reader.tr
    if answer is None or not answer.given:
        return tr.gettext("(skipped)")
    pictures = pictures_text(item, answer, reader)
    shown = [pictures] if pictures else []
    if answer.text:
        shown.append(f"“{safe(answer.text, reader)}”")
    if answer.voice_file_id:
        shown.append(tr.gettext("(voice message)"))
    return "; ".join(shown)


def card_view(card: Card, reader: Reader, d: Deps) -> tuple[str, InlineKeyboardMarkup]:
    """The open item with its pictures, or the whole card with Change and Send."""
    if card.current is None:
        return _whole_card(card, reader, d)
    tr, item = reader.tr, card.current
    ids = (card.round.id, card.child.pupil_id)
    progress = tr.gettext("{child}'s card: {number} of {total}").format(
        child=safe(card.child.first_name, reader), number=card.number, total=len(card.items)
    )
    lines = [progress, f"<b>{tr.gettext(item.child)}</b>"]
    young = card.band is CardBand.YOUNG
    if young:  # the buttons are pictures alone: the parent reads what each one means
        lines.append(" · ".join(picture_label(p, reader) for p in item.pictures))
    if typing_allowed(card.band):
        lines.append(
            tr.gettext(
                "Read this to your child. They press a picture; you may also type a few of"
                " their words or send a voice message of them."
            )
        )
    else:
        lines.append(
            tr.gettext(
                "Read this to your child. They press a picture; you may also send a voice"
                " message of them."
            )
        )
    if item.several:
        lines.append(tr.gettext("More than one picture is fine. Then press Next."))
    answer = card.answers.get(item.key)
    if answer is not None and answer.given:
        shown = answer_text(item, answer, reader)
        lines.append(tr.gettext("So far: {answer}").format(answer=shown))
    rows = _picture_rows(item, answer, ids, reader, young=young)
    onward = tr.gettext("Next") if answer is not None and answer.given else tr.gettext("Skip")
    rows.append([button(onward, "pcn", *ids, item.key), button(tr.gettext("Back"), "pcb", *ids)])
    return "\n".join(lines), InlineKeyboardMarkup(rows)


def _picture_rows(
    item: CardItem,
    answer: CardAnswer | None,
    ids: tuple[int, int],
    reader: Reader,
    *,
    young: bool,
) -> list[list[InlineKeyboardButton]]:
    """Big buttons: pictures alone for young children, four to a row; else with their word,
    two to a row. A picture already pressed is ticked."""
    pressed = answer.pictures if answer else ()
    buttons = []
    for picture in item.pictures:
        label = picture.emoji if young else picture_label(picture, reader)
        if picture.key in pressed:
            label = f"✅ {label}"
        buttons.append(button(label, "pcp", *ids, item.key, picture.key))
    width = 4 if young else 2
    return [buttons[i : i + width] for i in range(0, len(buttons), width)]


def _whole_card(card: Card, reader: Reader, d: Deps) -> tuple[str, InlineKeyboardMarkup]:
    tr, ids = reader.tr, (card.round.id, card.child.pupil_id)
    heading = tr.gettext("{child}'s card").format(child=safe(card.child.first_name, reader))
    items = [
        (tr.gettext(item.child), answer_text(item, card.answers.get(item.key), reader))
        for item in card.items
    ]
    sent = None
    if card.submitted_at:
        sent = promise(
            d,
            reader,
            at_once=tr.gettext(
                "The teacher has this card. You can still change it and send it again."
            ),
            later=tr.gettext(
                "The teacher will get this card at {time}. You can still change it and send"
                " it again."
            ),
            queued_at=card.submitted_at,
        )
    rows = send_and_change_rows(reader, ("pcs", "pcg"), ids, len(card.items))
    return numbered_summary(heading, items, sent), InlineKeyboardMarkup(rows)


async def _show(press: Press, card: Card | None, *, edit: bool = False) -> None:
    if card is None:
        await press.stale()
        return
    await press.query.answer()
    text, keyboard = card_view(card, press.reader, press.context)
    await press.show(text, keyboard, edit=edit)


Step = Callable[[Press, Actor, tuple[int, int]], Awaitable[None]]


def on_card(handler: Step) -> HandlerCallback:
    """A parent's press about (round, pupil); anyone else, or a malformed press, is told
    it is stale (whose child it is, the service checks again)."""

    async def run(update: Update, context: BotContext) -> None:
        found = await parent_press(update, context, 0, 1)
        if found is not None:
            press, guardian, (round_id, pupil_id) = found
            await handler(press, guardian, (round_id, pupil_id))

    return run


@on_card
async def start(press: Press, guardian: Actor, ids: tuple[int, int]) -> None:
    """ "Prepare with your child": the card at its first item without an answer."""
    user_id, now = press.query.from_user.id, press.context.clock.now()
    await _show(press, await service.open_card(press.context.db, guardian, user_id, *ids, now))


@on_card
async def pick(press: Press, guardian: Actor, ids: tuple[int, int]) -> None:
    """A picture pressed: ticked (an item of several stays, edited in place) or the answer."""
    if len(press.args) != 4:
        await press.stale()
        return
    item_key, picture_key = press.args[2], press.args[3]
    user_id, now = press.query.from_user.id, press.context.clock.now()
    card = await service.press_picture(
        press.context.db, guardian, user_id, ids, item_key, picture_key, now
    )
    stays = card is not None and card.current is not None and card.current.key == item_key
    await _show(press, card, edit=stays)


@on_card
async def next_item(press: Press, guardian: Actor, ids: tuple[int, int]) -> None:
    """Next or Skip: the item keeps what it has, and the next one comes."""
    if len(press.args) != 3:
        await press.stale()
        return
    user_id, now, db = press.query.from_user.id, press.context.clock.now(), press.context.db
    await _show(press, await service.go_on(db, guardian, user_id, ids, press.args[2], now))


@on_card
async def back(press: Press, guardian: Actor, ids: tuple[int, int]) -> None:
    """Back: the item before."""
    await _go(press, guardian, ids, None)


@on_card
async def change(press: Press, guardian: Actor, ids: tuple[int, int]) -> None:
    """Change n, from the whole card: that item again."""
    number = press.ids(2)
    if number is None:
        await press.stale()
        return
    await _go(press, guardian, ids, number[0])


async def _go(press: Press, guardian: Actor, ids: tuple[int, int], number: int | None) -> None:
    user_id, now = press.query.from_user.id, press.context.clock.now()
    await _show(press, await service.go_to(press.context.db, guardian, user_id, ids, number, now))


@on_card
async def send(press: Press, guardian: Actor, ids: tuple[int, int]) -> None:
    """The card sent: thanks, and when the teacher gets it."""
    user_id, now = press.query.from_user.id, press.context.clock.now()
    card = await service.submit(press.context.db, guardian, user_id, ids, now)
    if card is None:
        await press.stale()
        return
    await press.query.answer()
    tr = press.reader.tr
    text = promise(
        press.context,
        press.reader,
        at_once=tr.gettext(
            "Thank you! The teacher has {child}'s card and will read it before the talk."
        ),
        later=tr.gettext(
            "Thank you! The teacher will get {child}'s card at {time} and will read it before"
            " the talk."
        ),
        child=safe(card.child.first_name, press.reader),
    )
    await press.show(text, None, edit=True)


async def receive(update: Update, context: BotContext, params: dict[str, Any]) -> None:
    """Typed words or a voice note while a card item is open: the child's own words for it.
    A young child's card takes pictures and voice only: typed words get how to answer."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    reader = await reader_for(context, user)
    person = next((p for p in reader.people if p.kind == PersonKind.GUARDIAN), None)
    voice = message.voice.file_id if message.voice is not None else None
    if person is None or (voice is None and not message.text):
        return  # a photo or sticker: typed_input says it reads text
    ids = (int(params["round_id"]), int(params["pupil_id"]))
    guardian, now = Actor(PersonKind.GUARDIAN, person.id), context.clock.now()
    text = message.text or ""
    card = await service.give_words(context.db, guardian, user.id, ids, text, voice, now)
    if card is None:
        return
    if voice is None and not typing_allowed(card.band):
        hint = reader.tr.gettext("Please press a picture, or send a voice message of your child.")
        await sending.reply(message, hint)
        return
    view, keyboard = card_view(card, reader, context)
    await sending.reply(message, view, keyboard=keyboard)


HANDLERS = [
    CallbackQueryHandler(start, pattern=handles(START)),
    CallbackQueryHandler(pick, pattern=handles("pcp")),
    CallbackQueryHandler(next_item, pattern=handles("pcn")),
    CallbackQueryHandler(back, pattern=handles("pcb")),
    CallbackQueryHandler(change, pattern=handles("pcg")),
    CallbackQueryHandler(send, pattern=handles("pcs")),
]
