"""'None of these times suits me': the parent presses the days and parts of the day that
would suit them (or writes it), and the teacher reads it in the teacher's own language.

The days come from the round, formatted per language; the parts of the day are translated;
a typed note is the parent's own words, labelled and machine-translated when the school
runs a translation engine.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time, tzinfo
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler

from bot.domain.person_kind import PersonKind
from bot.domain.time_wishes import PARTS_OF_DAY, TimeWish, wish_from
from bot.formatting import format_day, format_list
from bot.services import notice_reads as reads
from bot.services import other_time as service
from bot.services.other_time import Sent, WishForm
from bot.telegram import sending
from bot.telegram.booking_views import button
from bot.telegram.callback_data import handles
from bot.telegram.context import BotContext
from bot.telegram.deps import Deps, Reader, reader_for
from bot.telegram.free_text import own_words
from bot.telegram.notifications import Outgoing, RenderContext
from bot.telegram.passed_on import promise
from bot.telegram.presses import Press, parent_press, read_press
from bot.telegram.talk_texts import safe

MAX_LENGTH = 1000  # UTF-16 code units, checked by typed_input before this flow reads it
_PICKED = "✓ "  # before a day or part of the day the parent has pressed
_DAY_KEY = "%Y%m%d"


def wish_view(form: WishForm, reader: Reader, tz: tzinfo) -> tuple[str, InlineKeyboardMarkup]:
    """The question with a button per day and part of the day (ticked when picked), Send
    and Never mind."""
    tr = reader.tr
    text = tr.gettext(
        "Which days and times would suit you? Press the days and parts of the day, then"
        " “Tell the teacher”. You can also write a message, for example: “Tuesday after"
        " 17:00”. The teacher will read it."
    )
    days = [
        button(
            _ticked(_day(day, tz, reader), day in form.wish.days),
            "otd",
            form.round_id,
            day.strftime(_DAY_KEY),
        )
        for day in form.days
    ]
    rows: list[list[InlineKeyboardButton]] = [days[i : i + 2] for i in range(0, len(days), 2)]
    rows.append(
        [
            button(_ticked(tr.gettext(source), part in form.wish.parts), "otp", form.round_id, part)
            for part, source in PARTS_OF_DAY.items()
        ]
    )
    # Not "Send": the chat's own Send button is for the typed note.
    rows.append([button(tr.gettext("Tell the teacher"), "ots", form.round_id)])
    rows.append([button(tr.gettext("Never mind"), "nvm")])
    return text, InlineKeyboardMarkup(rows)


def _ticked(label: str, picked: bool) -> str:
    return f"{_PICKED}{label}" if picked else label


def _day(day: date, tz: tzinfo, reader: Reader) -> str:
    return format_day(datetime.combine(day, time(12), tz), tz, reader.language)


async def ask(update: Update, context: BotContext) -> None:
    """A parent pressed that no time suits them: the days and parts of the day to press."""
    pressed = await parent_press(update, context, 0, 1)
    if pressed is None:
        return
    press, actor, (round_id, pupil_id) = pressed
    tz, user_id = context.settings.timezone, press.query.from_user.id
    form = await service.ask_other_time(
        context.db, actor, user_id, round_id, pupil_id, context.clock.now(), tz
    )
    await _show(press, form, tz, edit=False)


async def pick_day(update: Update, context: BotContext) -> None:
    """A day pressed: picked, or unpicked."""
    press = await read_press(update, context)
    day = _day_arg(press.args[1]) if press and len(press.args) == 2 else None
    await _toggle(press, update, day=day)


async def pick_part(update: Update, context: BotContext) -> None:
    """A part of the day pressed: picked, or unpicked."""
    press = await read_press(update, context)
    part = press.args[1] if press and len(press.args) == 2 else None
    await _toggle(press, update, part=part)


def _day_arg(arg: str) -> date | None:
    try:
        return datetime.strptime(arg, _DAY_KEY).date()
    except ValueError:
        return None


async def _toggle(
    press: Press | None, update: Update, *, day: date | None = None, part: str | None = None
) -> None:
    if press is None:
        return
    ids, user = press.ids(0), update.effective_user
    if ids is None or user is None or (day is None and part is None):
        await press.stale()
        return
    d, tz = press.context, press.context.settings.timezone
    form = await service.toggle(d.db, user.id, ids[0], d.clock.now(), tz, day=day, part=part)
    await _show(press, form, tz, edit=True)


async def _show(press: Press, form: WishForm | None, tz: tzinfo, *, edit: bool) -> None:
    """The form as it stands now, or stale when the press no longer fits it."""
    if form is None:
        await press.stale()
        return
    await press.query.answer()
    text, keyboard = wish_view(form, press.reader, tz)
    await press.show(text, keyboard, edit=edit)


async def send(update: Update, context: BotContext) -> None:
    """Send pressed: what was picked goes to the teachers; the parent is thanked."""
    pressed = await parent_press(update, context, 0)
    if pressed is None:
        return
    press, guardian, (round_id,) = pressed
    sent = await _send(context, guardian.id, press.query.from_user.id, round_id, "")
    if sent is Sent.GONE:
        await press.stale()
        return
    if sent is Sent.NOTHING:
        await press.refuse(
            press.reader.tr.gettext("Please press a day or a part of the day, or write a message.")
        )
        return
    await press.query.answer()
    await press.show(_thanks(context, press.reader), None, edit=True)


async def receive(update: Update, context: BotContext, params: dict[str, Any]) -> None:
    """The parent's typed note: it goes to the child's teachers, word for word, with
    whatever days and parts of the day they pressed."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None or message.text is None:
        return
    reader = await reader_for(context, user)
    guardian = next((p for p in reader.people if p.kind == PersonKind.GUARDIAN), None)
    if guardian is None:
        return
    sent = await _send(context, guardian.id, user.id, int(params["round_id"]), message.text)
    if sent is Sent.SENT:
        await sending.reply(message, _thanks(context, reader))
    else:  # the children have a time by now, or the round is gone
        gone = reader.tr.gettext(
            "Your child has a time by now, or this round is over: nothing was sent."
            " Send /talks to see your talks as they are now."
        )
        await sending.reply(message, gone)


async def _send(
    context: BotContext, guardian_id: int, user_id: int, round_id: int, note: str
) -> Sent:
    return await service.send_wish(
        context.db,
        guardian_id,
        user_id,
        round_id,
        note,
        context.clock.now(),
        context.settings.timezone,
    )


def _thanks(d: Deps, reader: Reader) -> str:
    return promise(
        d,
        reader,
        at_once=reader.tr.gettext(
            "Thank you. The teacher has your message and will contact you to plan a time."
        ),
        later=reader.tr.gettext(
            "Thank you. The teacher will get your message at {time} and will contact you to"
            " plan a time."
        ),
    )


async def render_time_request(ctx: RenderContext, params: Mapping[str, Any]) -> Outgoing | None:
    """To the teacher: no time suits a parent; the days and parts of the day they pressed
    and their note, in the teacher's language, and a way to book for them."""
    found = await reads.time_request(ctx.conn, int(params["request_id"]))
    if found is None:
        return None
    request, child = found
    reader, tr = ctx.reader, ctx.reader.tr
    lines = [
        tr.gettext(
            "{name} cannot come at any of the free times for the talk about {child}."
        ).format(
            name=safe(request.guardian_name, reader),
            child=safe(f"{child.full_name} ({child.group})", reader),
        )
    ]
    lines += _wish_lines(wish_from(dict(params)), reader, ctx.settings.timezone)
    if request.message:
        lines += ["", await _note(ctx, request.message, params.get("source"))]
    label = tr.gettext("Book a time for {child}").format(child=child.first_name)
    keyboard = InlineKeyboardMarkup([[button(label, "obo", request.round_id, request.pupil_id)]])
    return Outgoing("\n".join(lines), keyboard)


def _wish_lines(wish: TimeWish, reader: Reader, tz: tzinfo) -> list[str]:
    tr, language = reader.tr, reader.language
    lines = []
    if wish.days:
        days = format_list([_day(day, tz, reader) for day in wish.days], language)
        lines.append(tr.gettext("Days that would suit them: {days}").format(days=days))
    if wish.parts:
        parts = format_list([tr.gettext(PARTS_OF_DAY[p]) for p in wish.parts], language)
        lines.append(tr.gettext("Parts of the day: {parts}").format(parts=parts))
    return lines


async def _note(ctx: RenderContext, note: str, source: object) -> str:
    """The parent's note: as written when in the teacher's language (or of unknown
    language), else labelled as their own words with the machine translation."""
    reader, label = ctx.reader, ctx.reader.tr.gettext("The parent's message:")
    if not isinstance(source, str) or source == reader.language:
        return f"{label}\n<blockquote>{safe(note, reader)}</blockquote>"
    translated = await reads.translation(ctx.conn, note, source, reader.language)
    return own_words(reader, note, source, translated, label=label)


HANDLERS = [
    CallbackQueryHandler(ask, pattern=handles("none")),
    CallbackQueryHandler(pick_day, pattern=handles("otd")),
    CallbackQueryHandler(pick_part, pattern=handles("otp")),
    CallbackQueryHandler(send, pattern=handles("ots")),
]
