"""/hours: a teacher adds talk times or blocks some, for rounds of their own groups."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler

from bot.config import Settings
from bot.domain.bookings import Actor
from bot.domain.person_kind import PersonKind
from bot.domain.rounds import TalkKind
from bot.domain.schedule import ScheduleRow
from bot.formatting import format_day_and_time, format_time
from bot.services import teacher_hours, teacher_view
from bot.services.teacher_hours import Added, BlockOutcome
from bot.services.teacher_view import TeacherRound
from bot.telegram import sending
from bot.telegram.booking_views import button
from bot.telegram.callback_data import as_id, handles
from bot.telegram.context import BotContext
from bot.telegram.deps import Reader, reader_for
from bot.telegram.passed_on import promise
from bot.telegram.presses import Press, read_press
from bot.telegram.round_names import as_plain, built_title, kind_name, round_title, teacher_group
from bot.telegram.talk_texts import safe
from bot.telegram.teacher import (
    day_rows,
    for_teacher,
    format_day_local,
    my_rounds,
    parse_day,
    staff_of,
    teacher_typed,
)

EXAMPLE = "2026-12-08 18:00-20:00"


async def hours(update: Update, context: BotContext) -> None:
    """A teacher sent /hours: for each round of their groups, a message to add or block hours."""
    found = await my_rounds(update, context)
    message = update.effective_message
    if found is None or message is None:
        return
    reader, rounds = found
    for item in rounds:
        text, keyboard = _round_hours(item, reader, context.settings)
        await sending.reply(message, text, keyboard=keyboard)


def _round_hours(
    item: TeacherRound, reader: Reader, settings: Settings
) -> tuple[str, InlineKeyboardMarkup]:
    """One round of the teacher's: a button to add hours and one per day of their times."""
    tr = reader.tr
    rows = [[button(tr.gettext("Add hours"), "hadd", item.round.id)]]
    rows += day_rows(item, "hbd", reader, settings.timezone)
    text = tr.gettext(
        "<b>{title}</b>\nAdd hours, or pick a day to block or free some of your times."
    ).format(title=round_title(item.round, reader, settings, teacher_group(reader)))
    return text, InlineKeyboardMarkup(rows)


async def ask(update: Update, context: BotContext) -> None:
    """The teacher pressed Add hours: they are asked to type the hours, with an example."""
    press = await read_press(update, context)
    user = update.effective_user
    if press is None or user is None:
        return
    staff, ids = staff_of(press.reader), press.ids(0)
    if (
        staff is None
        or ids is None
        or not await teacher_hours.ask_hours(
            context.db, staff, user.id, ids[0], context.clock.now()
        )
    ):
        await press.stale()
        return
    await press.query.answer()
    await ask_for_hours(press, _hours_prompt(press.reader))


async def receive(update: Update, context: BotContext, params: dict[str, Any]) -> None:
    """The hours a teacher typed after "Add hours": the talk times added, and what did not work."""
    typed_by = await teacher_typed(update, context)
    if typed_by is None:
        return
    (message, text, user_id, reader), staff = typed_by
    tz = context.settings.timezone
    added = await teacher_hours.add_hours(
        context.db, staff, user_id, int(params["round_id"]), text, tz, context.clock.now()
    )
    if added is None:
        await sending.reply(message, reader.tr.gettext("This round is not for your groups."))
        return
    await sending.reply(message, "\n".join(hours_report(added, reader, tz)))


def hours_report(added: Added, reader: Reader, tz: ZoneInfo) -> list[str]:
    """How many talk times the typed hours gave, and which lines or times did not work."""
    tr = reader.tr
    lines = [
        tr.ngettext("Added {count} talk time.", "Added {count} talk times.", added.talks).format(
            count=added.talks
        )
    ]
    lines += [
        tr.gettext("I could not read “{line}”. Please write it like {example}.").format(
            line=safe(line, reader), example=EXAMPLE
        )
        for line in added.unreadable
    ]
    if added.clashing:
        times = ", ".join(format_day_and_time(t, tz, reader.language) for t in added.clashing)
        lines.append(
            tr.gettext(
                "Not added, because they are past or overlap your other talks: {times}"
            ).format(times=times)
        )
    return lines


async def new_round(update: Update, context: BotContext) -> None:
    """/newround: a teacher opens a round of talks for one of their own groups."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    reader = await reader_for(context, user)
    teacher = next((p for p in reader.people if p.kind == PersonKind.STAFF and p.groups), None)
    tr = reader.tr
    if teacher is None:
        await sending.reply(message, tr.gettext("This command is for teachers."))
        return
    if len(teacher.groups) > 1:
        rows = [[button(group, "nrg", group)] for group in teacher.groups]
        text = tr.gettext("Which group is this round for?")
        await sending.reply(message, text, keyboard=InlineKeyboardMarkup(rows))
        return
    text, keyboard = _kinds(teacher.groups[0], reader)
    await sending.reply(message, text, keyboard=keyboard)


def _kinds(group: str, reader: Reader) -> tuple[str, InlineKeyboardMarkup]:
    text = reader.tr.gettext("Which talks do you want to open for group {group}?").format(
        group=safe(group, reader)
    )
    rows = [[button(kind_name(kind, reader.tr), "nrk", kind.value, group)] for kind in TalkKind]
    return text, InlineKeyboardMarkup(rows)


async def pick_group(update: Update, context: BotContext) -> None:
    """The teacher chose the group of a new round: the kinds of talk to choose from."""
    press = await read_press(update, context)
    if press is None or not press.args:
        return
    await press.query.answer()
    text, keyboard = _kinds(press.args[0], press.reader)
    await press.show(text, keyboard, edit=True)


async def pick_kind(update: Update, context: BotContext) -> None:
    """The teacher chose the kind of talk: they are asked to type the new round's hours."""
    press = await read_press(update, context)
    user = update.effective_user
    if press is None or user is None:
        return
    staff = staff_of(press.reader)
    kind = next((k for k in TalkKind if press.args[:1] == (k.value,)), None)
    group = press.args[1] if len(press.args) > 1 else ""
    if (
        staff is None
        or kind is None
        or not await teacher_hours.ask_new_round(
            context.db, staff, user.id, kind, group, context.clock.now()
        )
    ):
        await press.stale()
        return
    await press.query.answer()
    await ask_for_hours(press, _hours_prompt(press.reader))


def _hours_prompt(reader: Reader) -> str:
    return reader.tr.gettext(
        "Type the hours to add, one block per line, in this form:\n{example}\n"
        "I cut them into talks of the round's length."
    )


async def ask_for_hours(press: Press, prompt: str) -> None:
    """Wait for typed hours (the question is already stored); `prompt` shows {example}."""
    text = prompt.format(example=f"<code>{EXAMPLE}</code>")
    keyboard = InlineKeyboardMarkup([[button(press.reader.tr.gettext("Never mind"), "nvm")]])
    await press.show(text, keyboard, edit=False)


async def receive_new_round(update: Update, context: BotContext, params: dict[str, Any]) -> None:
    """The hours of a round the teacher opens: the round exists once it has talk times."""
    typed_by = await teacher_typed(update, context)
    kind = next((k for k in TalkKind if k.value == params.get("kind")), None)
    if typed_by is None or kind is None:
        return
    (_, text, user_id, reader), staff = typed_by
    group, tz = str(params.get("group", "")), context.settings.timezone
    added, round_id = await teacher_hours.open_round(
        context.db,
        staff,
        user_id,
        kind=kind,
        group=group,
        title="",  # each parent reads a title built in their own language
        text=text,
        tz=tz,
        now=context.clock.now(),
    )
    title = as_plain(built_title(kind, reader, group=group))
    await report_opened(update, context, reader, added, round_id, title)


async def report_opened(
    update: Update,
    context: BotContext,
    reader: Reader,
    added: Added,
    round_id: int | None,
    title: str,
) -> None:
    """Tell the teacher what their typed hours opened; the planner invites the parents."""
    message = update.effective_message
    if message is None:
        return
    lines = hours_report(added, reader, context.settings.timezone)
    if round_id is None:
        lines.append(
            reader.tr.gettext(
                "No round was opened: these hours gave no talk times. Please type them again."
            )
        )
    else:
        opened = promise(
            context,
            reader,
            at_once=reader.tr.gettext("Opened: {title}. The parents are invited now."),
            later=reader.tr.gettext("Opened: {title}. The parents will be invited at {time}."),
            title=safe(title, reader),
        )
        lines.insert(0, opened)
    await sending.reply(message, "\n".join(lines))


async def show_day(update: Update, context: BotContext) -> None:
    """The teacher picked a day: its times as buttons that block or free them."""
    press = await read_press(update, context)
    if press is None:
        return
    args = (*press.args, "", "")
    await _render_day(press, args[0], args[1], edit=False)


@for_teacher
async def toggle(press: Press, staff: Actor, slot_id: int) -> None:
    """The teacher pressed a time: it is blocked or freed, and the day is shown again."""
    outcome = await teacher_hours.toggle_blocked(press.context.db, staff, slot_id)
    tr = press.reader.tr
    if outcome is BlockOutcome.NOT_ALLOWED:
        await press.stale()
        return
    if outcome is BlockOutcome.BOOKED:
        await press.refuse(tr.gettext("A parent has booked this time, so it cannot be blocked."))
        return
    args = (*press.args, "", "", "")
    await _render_day(press, args[1], args[2], edit=True)


async def _render_day(press: Press, round_arg: str, day_arg: str, *, edit: bool) -> None:
    """The teacher's times on one day as buttons that block or free them."""
    staff, round_id, day = staff_of(press.reader), as_id(round_arg), parse_day(day_arg)
    if staff is None or round_id is None or day is None:
        await press.stale()
        return
    reader = press.reader
    found = await teacher_view.teacher_day(
        press.context.db, staff.id, round_id, day, press.context.settings.timezone
    )
    if found is None:
        await press.stale()
        return
    _, rows = found
    await press.query.answer(reader.tr.gettext("Saved.") if edit else None)
    keyboard = [
        [
            button(
                _label(row, reader, press.context.settings.timezone),
                "htg",
                row.slot_id,
                round_id,
                day_arg,
            )
            for row in rows[i : i + 3]
        ]
        for i in range(0, len(rows), 3)
    ]
    text = reader.tr.gettext(
        "{day}: tap a time to block it (⛔) or free it again (✓). Booked times (👤) stay."
    ).format(day=format_day_local(day, press.context.settings.timezone, reader))
    await press.show(text, InlineKeyboardMarkup(keyboard), edit=edit)


def _label(row: ScheduleRow, reader: Reader, tz: ZoneInfo) -> str:
    mark = "👤" if row.pupil else "⛔" if row.blocked else "✓"
    return f"{mark} {format_time(row.starts_at, tz, reader.language)}"


HANDLERS = [
    CallbackQueryHandler(ask, pattern=handles("hadd")),
    CallbackQueryHandler(pick_group, pattern=handles("nrg")),
    CallbackQueryHandler(pick_kind, pattern=handles("nrk")),
    CallbackQueryHandler(show_day, pattern=handles("hbd")),
    CallbackQueryHandler(toggle, pattern=handles("htg")),
]
