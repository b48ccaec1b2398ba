"""The teacher adds an agreement in two or three taps: a topic, a sentence from the
phrasebook, a number where it matters — or types a word to find sentences, or keeps their
own words. Phrasebook sentences reach every parent in a checked translation; own words are
marked as such (and machine-translated when the school has an engine).
"""

from __future__ import annotations

import html
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler

from bot.domain.agreements import ChildGoal, Words
from bot.domain.bookings import Actor
from bot.domain.phrasebook import COUNT_CHOICES, Area, Owner, Phrase, search
from bot.domain.phrasebook_entries import PHRASES
from bot.services import agreement_words as words
from bot.services import agreements as service
from bot.services.agreements import OWNERS, Talk
from bot.telegram import sending
from bot.telegram.agreements import ask_to_type, draft_view
from bot.telegram.agreements_view import childs_words, goal_html, goal_label
from bot.telegram.booking_views import button
from bot.telegram.callback_data import handles
from bot.telegram.context import BotContext
from bot.telegram.deps import Reader
from bot.telegram.phrase_view import area_label, areas_for, phrases_in, shown_template
from bot.telegram.presses import Press
from bot.telegram.talk_texts import safe
from bot.telegram.teacher import for_teacher, teacher_press, teacher_typed

PER_ROW = 5


def _owner(value: str) -> Owner | None:
    return Owner(value) if value in OWNERS else None


def _numbered(phrases: list[Phrase], reader: Reader) -> str:
    return "\n".join(
        f"{number}. {html.escape(shown_template(p, reader))}"
        for number, p in enumerate(phrases, start=1)
    )


def _rows(buttons: list[InlineKeyboardButton]) -> list[list[InlineKeyboardButton]]:
    return [buttons[i : i + PER_ROW] for i in range(0, len(buttons), PER_ROW)]


def _phrase_buttons(phrases: list[Phrase], booking_id: int, owner: str) -> list[list[Any]]:
    return _rows(
        [
            button(str(number), "agw", booking_id, owner, phrase.key)
            for number, phrase in enumerate(phrases, start=1)
        ]
    )


async def add_agreement(update: Update, context: BotContext) -> None:
    """+ pupil / parents / school: the topics to choose from; typing searches or keeps
    the teacher's own words."""
    pressed = await teacher_press(update, context, 0)
    if pressed is None:
        return
    press, staff, (booking_id,) = pressed
    owner = _owner(press.args[1] if len(press.args) > 1 else "")
    user = press.query.from_user
    ok = owner is not None and await service.wait_for_agreement(
        context.db, staff, user.id, booking_id, owner, context.clock.now()
    )
    if not ok or owner is None:
        await press.stale()
        return
    reader = press.reader
    text = reader.tr.gettext(
        "Choose a topic. Or type a word to find a sentence, or type your own sentence."
        " Sentences from the list reach every parent well translated."
    )
    topics = [
        [button(area_label(area, reader), "agk", booking_id, owner, area)]
        for area in areas_for(owner)
    ]
    await ask_to_type(press, text, topics)


async def pick_area(update: Update, context: BotContext) -> None:
    """A topic: its sentences for this owner, numbered, one button each."""
    pressed = await teacher_press(update, context, 0)
    if pressed is None:
        return
    press, _, (booking_id,) = pressed
    owner = _owner(press.args[1] if len(press.args) > 1 else "")
    area_value = press.args[2] if len(press.args) > 2 else ""
    if owner is None or area_value not in Area.__members__.values():
        await press.stale()
        return
    reader = press.reader
    phrases = phrases_in(Area(area_value), owner)
    text = f"<b>{html.escape(area_label(Area(area_value), reader))}</b>\n\n" + _numbered(
        phrases, reader
    )
    rows = _phrase_buttons(phrases, booking_id, owner)
    rows.append([button(reader.tr.gettext("Other topics"), "aga", booking_id, owner)])
    await press.query.answer()
    await press.show(text, InlineKeyboardMarkup(rows), edit=True)


async def pick_phrase(update: Update, context: BotContext) -> None:
    """A sentence (and its number): stored, or the number or name it still needs."""
    pressed = await teacher_press(update, context, 0)
    if pressed is None:
        return
    press, staff, (booking_id,) = pressed
    args = press.args
    owner, key = (args[1], args[2]) if len(args) > 2 else ("", "")
    phrase = words.phrase_for(key, owner)
    count = press.ids(3)
    if phrase is None:
        await press.stale()
        return
    reader, user = press.reader, press.query.from_user
    if phrase.count is not None and count is None:
        text = html.escape(shown_template(phrase, reader)) + "\n\n"
        text += reader.tr.gettext("Choose the number:")
        choices = [
            button(str(n), "agw", booking_id, owner, key, n) for n in COUNT_CHOICES[phrase.count]
        ]
        await press.query.answer()
        await press.show(text, InlineKeyboardMarkup(_rows(choices)), edit=True)
        return
    pick = words.Pick(booking_id, owner, key, count[0] if count else None)
    if phrase.takes_name:
        ok = await words.wait_for_name(context.db, staff, user.id, pick, context.clock.now())
        prompt = reader.tr.gettext(
            "Type the name (of the book, club or person). It is kept as you write it."
        )
        if ok:
            await ask_to_type(press, prompt, [])
        else:
            await press.stale()
        return
    talk = await words.add_phrase(context.db, staff, user.id, pick, context.clock.now())
    await _show_draft(press, talk)


async def _show_draft(press: Press, talk: Talk | None) -> None:
    if talk is None or talk.record is None:
        await press.stale()
        return
    await press.query.answer()
    await press.show(*await draft_view(press.context, press.reader, talk), edit=True)


async def receive_agreement(update: Update, context: BotContext, params: dict[str, Any]) -> None:
    """Typed while adding an agreement: sentences from the book that hold the words, with
    the choice to keep the typed words; when none match, the typed words are stored."""
    typed_by = await teacher_typed(update, context)
    owner = _owner(str(params.get("owner", "")))
    if typed_by is None or owner is None:
        return
    (message, text, user_id, reader), staff = typed_by
    booking_id = int(params["booking_id"])
    shown = [(p, shown_template(p, reader)) for p in PHRASES if p.owner == owner]
    words_only, _ = service.due_date(text.strip(), reader.language)
    findable = [] if params.get(service.GOAL) else shown  # the child's goal: their own words
    found = search([(p, s) for p, s in findable if p.area is not Area.TALKING], words_only)
    if found and await words.hold_own_words(
        context.db,
        staff,
        user_id,
        booking_id,
        owner,
        text.strip(),
        reader.language,
        context.clock.now(),
    ):
        intro = reader.tr.gettext(
            "These sentences from the list reach every parent well translated."
            " Choose one, or keep your own words."
        )
        rows = _phrase_buttons(found, booking_id, owner)
        rows.append([button(reader.tr.gettext("Keep my own words"), "ago", booking_id)])
        body = f"{intro}\n\n{_numbered(found, reader)}"
        await sending.reply(message, body, keyboard=InlineKeyboardMarkup(rows))
        return
    result = await service.typed(
        context.db,
        staff,
        user_id,
        service.AGREEMENT,
        params,
        text,
        context.settings.timezone,
        context.clock.now(),
        language=reader.language,
    )
    if result is not None and result.talk is not None:
        draft, keyboard = await draft_view(context, reader, result.talk)
        await sending.reply(message, draft, keyboard=keyboard)


@for_teacher
async def add_goal(press: Press, staff: Actor, booking_id: int) -> None:
    """+ the child's own goal: the goal on the child's card, to take with one press, or
    typed by the teacher as the child said it."""
    d = press.context
    asked = await words.ask_goal(d.db, staff, press.query.from_user.id, booking_id, d.clock.now())
    if asked is None:
        await press.stale()
        return
    reader, tr = press.reader, press.reader.tr
    name = safe(asked.child.first_name, reader)
    prompt = tr.gettext("Type {child}'s goal as {child} said it in the talk.").format(child=name)
    if asked.card is None:
        await ask_to_type(press, prompt, [])
        return
    card = asked.card
    goal = ChildGoal(card.topics, card.needs_from)
    own = childs_words(name, reader)
    shown = goal_html(Words(card.text, card.language), goal, reader, {}, own_label=own)
    on_card = tr.gettext("On {child}'s card before the talk:").format(child=name)
    text = f"<b>{goal_label(name, reader)}</b>\n{on_card}\n{shown}\n\n{prompt}"
    take = [[button(tr.gettext("Take the goal from the card"), "aggc", booking_id)]]
    await ask_to_type(press, text, take)


@for_teacher
async def take_card_goal(press: Press, staff: Actor, booking_id: int) -> None:
    """The teacher takes the child's goal from the card."""
    d = press.context
    talk = await words.take_card_goal(d.db, staff, press.query.from_user.id, booking_id)
    await _show_draft(press, talk)


@for_teacher
async def keep_own(press: Press, staff: Actor, booking_id: int) -> None:
    """The teacher keeps the words they typed."""
    d = press.context
    talk = await words.keep_own_words(
        d.db, staff, press.query.from_user.id, booking_id, press.reader.language, d.clock.now()
    )
    await _show_draft(press, talk)


async def receive_name(update: Update, context: BotContext, params: dict[str, Any]) -> None:
    """The name a sentence needs (a book, a club): the agreement is stored."""
    typed_by = await teacher_typed(update, context)
    if typed_by is None:
        return
    (message, text, user_id, reader), staff = typed_by
    count = params.get("count")
    pick = words.Pick(
        int(params["booking_id"]),
        str(params["owner"]),
        str(params["phrase"]),
        count if isinstance(count, int) else None,
        " ".join(text.split()),
    )
    talk = await words.add_phrase(context.db, staff, user_id, pick, context.clock.now())
    if talk is not None and talk.record is not None:
        draft, keyboard = await draft_view(context, reader, talk)
        await sending.reply(message, draft, keyboard=keyboard)


async def set_deadline(update: Update, context: BotContext) -> None:
    """A deadline for the newest agreement, some weeks ahead, in one press."""
    pressed = await teacher_press(update, context, 0, 1)
    if pressed is None:
        return
    press, staff, (agreement_id, weeks) = pressed
    d = press.context
    talk = await words.set_deadline(
        d.db, staff, agreement_id, weeks, d.settings.timezone, d.clock.now()
    )
    await _show_draft(press, talk)


async def talking_points(update: Update, context: BotContext) -> None:
    """Talking points for at home: a list to choose from, or the teacher's own words."""
    pressed = await teacher_press(update, context, 0)
    if pressed is None:
        return
    press, staff, (booking_id,) = pressed
    ok = await service.wait_for(
        context.db,
        staff,
        press.query.from_user.id,
        booking_id,
        service.TALKING_POINTS,
        context.clock.now(),
    )
    if not ok:
        await press.stale()
        return
    reader = press.reader
    points = [p for p in PHRASES if words.talking_phrase(p.key) is not None]
    text = (
        reader.tr.gettext("What can parent and child talk about at home? Choose, or type it.")
        + "\n\n"
        + _numbered(points, reader)
    )
    buttons = [button(str(number), "agtp", booking_id, p.key) for number, p in enumerate(points, 1)]
    await ask_to_type(press, text, _rows(buttons))


async def pick_talking_point(update: Update, context: BotContext) -> None:
    pressed = await teacher_press(update, context, 0)
    if pressed is None:
        return
    press, staff, (booking_id,) = pressed
    key = press.args[1] if len(press.args) > 1 else ""
    talk = await words.set_talking_phrase(
        context.db, staff, press.query.from_user.id, booking_id, key
    )
    await _show_draft(press, talk)


HANDLERS = [
    CallbackQueryHandler(add_agreement, pattern=handles("aga")),
    CallbackQueryHandler(pick_area, pattern=handles("agk")),
    CallbackQueryHandler(pick_phrase, pattern=handles("agw")),
    CallbackQueryHandler(keep_own, pattern=handles("ago")),
    CallbackQueryHandler(add_goal, pattern=handles("agg")),
    CallbackQueryHandler(take_card_goal, pattern=handles("aggc")),
    CallbackQueryHandler(set_deadline, pattern=handles("agdl")),
    CallbackQueryHandler(talking_points, pattern=handles("agt")),
    CallbackQueryHandler(pick_talking_point, pattern=handles("agtp")),
]
