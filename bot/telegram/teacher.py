"""The teacher's side: their schedule per day, who has not booked, booking on behalf."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler

from bot.domain.bookings import Actor
from bot.domain.person_kind import PersonKind
from bot.domain.rounds import Round
from bot.domain.schedule import ScheduleRow, Unbooked
from bot.formatting import format_day, format_time
from bot.services import teacher_view
from bot.services.teacher_view import TeacherRound
from bot.telegram import sending
from bot.telegram.booking import show_days
from bot.telegram.booking_views import button
from bot.telegram.callback_data import as_id, handles
from bot.telegram.context import BotContext
from bot.telegram.deps import HandlerCallback, Reader, Typed, reader_for, typed_text
from bot.telegram.presses import Press, read_press
from bot.telegram.round_names import round_title, teacher_group
from bot.telegram.talk_texts import safe

MAX_LISTED = 40


def staff_of(reader: Reader) -> Actor | None:
    person = next((p for p in reader.people if p.kind == PersonKind.STAFF), None)
    return Actor(PersonKind.STAFF, person.id) if person else None


Step = Callable[[Press, Actor, int], Awaitable[None]]


async def teacher_press(
    update: Update, context: BotContext, *positions: int
) -> tuple[Press, Actor, list[int]] | None:
    """A teacher's press with the ids at these positions; anyone else, or a malformed
    press, is told it is stale (None)."""
    press = await read_press(update, context)
    if press is None:
        return None
    staff, ids = staff_of(press.reader), press.ids(*positions)
    if staff is None or ids is None:
        await press.stale()
        return None
    return press, staff, ids


async def teacher_typed(update: Update, context: BotContext) -> tuple[Typed, Actor] | None:
    """Text a teacher typed in reply to the bot; None for anyone who is not staff."""
    typed = await typed_text(update, context)
    staff = staff_of(typed.reader) if typed else None
    return (typed, staff) if typed and staff else None


def for_teacher(handler: Step) -> HandlerCallback:
    """A teacher's press about one thing (a talk, a time); anyone else, or a malformed
    press, is stale."""

    async def run(update: Update, context: BotContext) -> None:
        pressed = await teacher_press(update, context, 0)
        if pressed is not None:
            press, staff, ids = pressed
            await handler(press, staff, ids[0])

    return run


async def my_rounds(
    update: Update, context: BotContext
) -> tuple[Reader, list[TeacherRound]] | None:
    """The rounds of a teacher's own groups, or None after saying why there are none."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return None
    reader = await reader_for(context, user)
    staff = staff_of(reader)
    tr = reader.tr
    if staff is None:
        await sending.reply(message, tr.gettext("This command is for teachers."))
        return None
    rounds = await teacher_view.teacher_rounds(
        context.db, staff.id, context.settings.timezone, context.clock.now()
    )
    if not rounds:
        await sending.reply(
            message, tr.gettext("There are no talk rounds for your groups at the moment.")
        )
        return None
    return reader, rounds


async def schedule(update: Update, context: BotContext) -> None:
    """/schedule: per round, a button for each day with talks and for who has not booked."""
    found = await my_rounds(update, context)
    message = update.effective_message
    if found is None or message is None:
        return
    reader, rounds = found
    for item in rounds:
        keyboard = _schedule_keyboard(item, reader, context.settings.timezone)
        title = round_title(item.round, reader, context.settings, teacher_group(reader))
        await sending.reply(message, f"<b>{title}</b>", keyboard=keyboard)


def _schedule_keyboard(item: TeacherRound, reader: Reader, tz: ZoneInfo) -> InlineKeyboardMarkup:
    """A button per day with talks, and one for the pupils without a talk if there are any."""
    rows = day_rows(item, "tday", reader, tz)
    if item.unbooked:
        label = reader.tr.ngettext(
            "{count} pupil without a talk", "{count} pupils without a talk", len(item.unbooked)
        ).format(count=len(item.unbooked))
        rows.append([button(label, "tun", item.round.id)])
    return InlineKeyboardMarkup(rows)


def day_rows(
    item: TeacherRound, action: str, reader: Reader, tz: ZoneInfo
) -> list[list[InlineKeyboardButton]]:
    """A button per day of the round with the teacher's times; `action` says what a press does
    (the schedule shows the day, /hours lets the teacher block times)."""
    return [
        [button(format_day_local(day, tz, reader), action, item.round.id, f"{day:%Y%m%d}")]
        for day in item.days
    ]


def format_day_local(day: date, tz: ZoneInfo, reader: Reader) -> str:
    """A school-local calendar day, written as the reader's language writes days."""
    return format_day(datetime.combine(day, time(12), tz), tz, reader.language)


async def show_day(update: Update, context: BotContext) -> None:
    """A day pressed: the teacher's times that day, free, blocked or booked and by whom."""
    press = await read_press(update, context)
    if press is None:
        return
    staff = staff_of(press.reader)
    round_id = as_id(press.args[0]) if press.args else None
    day = parse_day(press.args[1] if len(press.args) > 1 else "")
    if staff is None or round_id is None or day is None:
        await press.stale()
        return
    tz = context.settings.timezone
    found = await teacher_view.teacher_day(context.db, staff.id, round_id, day, tz)
    if found is None:
        await press.stale()
        return
    await press.query.answer()
    await press.show(_day_text(*found, day, tz, press.reader), None, edit=False)


def _day_text(
    round_: Round, rows: list[ScheduleRow], day: date, tz: ZoneInfo, reader: Reader
) -> str:
    tr = reader.tr
    lines = [f"<b>{format_day_local(day, tz, reader)}</b>"]
    for row in rows:
        time_text = format_time(row.starts_at, tz, reader.language)
        if not row.pupil:
            free = tr.gettext("{time} blocked") if row.blocked else tr.gettext("{time} free")
            lines.append(free.format(time=time_text))
            continue
        joins = (
            tr.gettext("child joins")
            if round_.pupil_joins(row.grade_low)
            else tr.gettext("parents only")
        )
        lines.append(
            tr.gettext("{time} {pupil} ({group}), booked by {name}; {joins}").format(
                time=time_text,
                pupil=safe(row.pupil, reader),
                group=safe(row.group, reader),
                name=safe(row.booked_by, reader),
                joins=joins,
            )
        )
    return "\n".join(lines)


def parse_day(text: str) -> date | None:
    if len(text) != 8 or not text.isdigit():
        return None
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return None


async def show_unbooked(update: Update, context: BotContext) -> None:
    """The teacher asked who has no talk yet: the pupils, each with a button to book."""
    press = await read_press(update, context)
    if press is None:
        return
    staff = staff_of(press.reader)
    ids = press.ids(0)
    if staff is None or ids is None:
        await press.stale()
        return
    pupils = await teacher_view.unbooked(context.db, staff.id, ids[0])
    if pupils is None:
        await press.stale()
        return
    await press.query.answer()
    text, keyboard = _unbooked(pupils, ids[0], press.reader)
    await press.show(text, keyboard, edit=False)


def _unbooked(
    pupils: list[Unbooked], round_id: int, reader: Reader
) -> tuple[str, InlineKeyboardMarkup | None]:
    """The pupils without a talk (the first MAX_LISTED), each with a button to book for them."""
    tr = reader.tr
    if not pupils:
        return tr.gettext("Every pupil has a talk."), None
    lines = [tr.gettext("No talk booked yet:")] + [
        _unbooked_line(p, reader) for p in pupils[:MAX_LISTED]
    ]
    rows = [
        [button(tr.gettext("Book for {child}").format(child=p.name), "obo", round_id, p.pupil_id)]
        for p in pupils[:MAX_LISTED]
    ]
    return "\n".join(lines), InlineKeyboardMarkup(rows)


def _unbooked_line(pupil: Unbooked, reader: Reader) -> str:
    tr = reader.tr
    name = safe(f"{pupil.name} ({pupil.group})", reader)
    if pupil.missed:
        return tr.gettext("{pupil}: the parents did not come to the talk, please call them").format(
            pupil=name
        )
    if pupil.guardians_in_telegram == 0:
        return tr.gettext("{pupil}: parents not yet in Telegram, please call them").format(
            pupil=name
        )
    return tr.gettext("{pupil}: no answer yet").format(pupil=name)


async def book_on_behalf(update: Update, context: BotContext) -> None:
    """The teacher pressed to book for a pupil: the days with free times to choose."""
    pressed = await teacher_press(update, context, 0, 1)
    if pressed is None:
        return
    press, staff, (round_id, pupil_id) = pressed
    await show_days(press, staff, round_id, pupil_id, 0, edit=False)


HANDLERS = [
    CallbackQueryHandler(show_day, pattern=handles("tday")),
    CallbackQueryHandler(show_unbooked, pattern=handles("tun")),
    CallbackQueryHandler(book_on_behalf, pattern=handles("obo")),
]
