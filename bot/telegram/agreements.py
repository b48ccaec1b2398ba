"""After the talk, in Telegram: the teacher records it; parents confirm, ask, and later say
how each agreement went."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler

from bot.config import Settings
from bot.domain.agreements import Record
from bot.domain.bookings import Actor, Booked, Child
from bot.domain.person_kind import PersonKind
from bot.domain.rounds import TalkKind
from bot.domain.schedule import BookedTalk
from bot.formatting import format_time
from bot.services import agreements as service
from bot.services.agreement_words import DEADLINE_WEEKS, deadline
from bot.services.agreements import OWNERS, Outcome, Talk
from bot.services.unit_of_work import Database
from bot.telegram import sending
from bot.telegram.agreements_view import agreements_text, goal_label, owner_label, short_date
from bot.telegram.booking_views import button
from bot.telegram.callback_data import handles
from bot.telegram.context import BotContext
from bot.telegram.deps import Deps, HandlerCallback, Reader, reader_for, typed_text
from bot.telegram.passed_on import promise
from bot.telegram.presses import Press, read_press
from bot.telegram.preview_readers import who_reads_what
from bot.telegram.round_names import as_plain, built_title
from bot.telegram.talk_texts import safe
from bot.telegram.teacher import for_teacher, staff_of, teacher_typed
from bot.telegram.teacher_hours import ask_for_hours, report_opened


async def record(update: Update, context: BotContext) -> None:
    """/record: the teacher's recent talks that still need their agreements recorded."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    reader = await reader_for(context, user)
    staff, tr = staff_of(reader), reader.tr
    if staff is None:
        await sending.reply(message, tr.gettext("This command is for teachers."))
        return
    talks = await service.talks_to_record(context.db, staff, context.clock.now())
    if not talks:
        await sending.reply(message, tr.gettext("There are no talks to record at the moment."))
        return
    children = await service.children_of(context.db, (t.pupil_id for t, _ in talks))
    text = tr.gettext("Which talk do you want to record?")
    keyboard = _talks_keyboard(talks, children, reader, context.settings.timezone)
    await sending.reply(message, text, keyboard=keyboard)


def _talks_keyboard(
    talks: list[tuple[BookedTalk, Record | None]],
    children: dict[int, Child | None],
    reader: Reader,
    tz: ZoneInfo,
) -> InlineKeyboardMarkup:
    """A button per talk to record, by time and child; ✓ marks one already sent."""
    rows = []
    for talk, recorded in talks:
        child = children[talk.pupil_id]
        if child is None:
            continue
        sent = "✓ " if recorded and recorded.version else ""  # sent: open to correct it
        when = format_time(talk.starts_at, tz, reader.language)
        rows.append([button(f"{sent}{when} {child.full_name}", "ag", talk.booking_id)])
    return InlineKeyboardMarkup(rows)


async def _draft(press: Press, talk: Talk | None, *, edit: bool = False) -> None:
    """The record as it stands, with the buttons to complete it."""
    if talk is None:
        await press.stale()
        return
    tr, booking_id = press.reader.tr, talk.booked.booking_id
    await press.query.answer()
    if talk.record is None:
        text = tr.gettext("Was the talk held?")
        rows = [
            [
                button(tr.gettext("Yes, it was held"), "agh", booking_id),
                button(tr.gettext("The parents did not come"), "agn", booking_id),
            ]
        ]
        await press.show(text, InlineKeyboardMarkup(rows), edit=edit)
        return
    if not talk.record.held:
        text = tr.gettext(
            "Recorded: the parents did not come. They can choose a new time, or you call"
            " them: /schedule lists the families to call."
        )
        await press.show(text, None, edit=edit)
        return
    await press.show(*await draft_view(press.context, press.reader, talk), edit=edit)


async def draft_view(d: Deps, reader: Reader, talk: Talk) -> tuple[str, InlineKeyboardMarkup]:
    tr, booking_id = reader.tr, talk.booked.booking_id
    child = await service.child_of(d.db, talk.booked.pupil_id)
    assert child is not None
    assert talk.record is not None
    text = agreements_text(
        talk.record, talk.booked, child, reader, d.settings.timezone, for_parent=False
    )
    if not talk.record.agreements:
        text += "\n\n" + tr.gettext("No agreements yet: add them one by one.")
    staff = staff_of(reader)
    if talk.record.version and staff:
        readers = await service.read_by(d.db, staff, booking_id)
        text += "\n\n" + _confirmations(readers, reader)
    follow = (
        tr.gettext("Follow-up talk: yes")
        if talk.record.follow_up
        else tr.gettext("Follow-up talk: no")
    )
    rows = [
        [button("+ " + _short(owner_label(o, reader, for_parent=False)), "aga", booking_id, o)]
        for o in OWNERS
    ]
    if talk.record.child_goal is None:  # the child's own goal: from their card, or typed
        rows.insert(
            0, [button("+ " + _short(goal_label(child.first_name, reader)), "agg", booking_id)]
        )
    removals = [
        button(f"✕ {number}", "agr", agreement.id)
        for number, agreement in enumerate(talk.record.agreements, start=1)
    ]
    rows += [removals[i : i + 4] for i in range(0, len(removals), 4)]
    rows += _deadline_row(talk.record, reader, d)
    rows += [
        [
            button(tr.gettext("Evaluation date"), "age", booking_id),
            button(tr.gettext("Talking points for at home"), "agt", booking_id),
        ],
        [button(follow, "agf", booking_id)],
        [button(tr.gettext("Preview and send"), "ags", booking_id)],
    ]
    return text, InlineKeyboardMarkup(rows)


def _deadline_row(record: Record, reader: Reader, d: Deps) -> list[list[InlineKeyboardButton]]:
    """A deadline for the newest agreement, when it has none: a date some weeks ahead."""
    if not record.agreements or record.agreements[-1].due_on is not None:
        return []
    newest, number = record.agreements[-1], len(record.agreements)
    tz, now = d.settings.timezone, d.clock.now()
    label = reader.tr.gettext("{number}: by {date}")
    buttons = [
        button(
            label.format(number=number, date=short_date(deadline(weeks, tz, now), reader)),
            "agdl",
            newest.id,
            weeks,
        )
        for weeks in DEADLINE_WEEKS
    ]
    return [buttons[i : i + 2] for i in range(0, len(buttons), 2)]  # readable on a phone


def _confirmations(readers: list[tuple[str, bool]], reader: Reader) -> str:
    tr = reader.tr
    read = ", ".join(safe(name, reader) for name, understood in readers if understood)
    unread = ", ".join(safe(name, reader) for name, understood in readers if not understood)
    lines = [tr.gettext("Understood by: {names}").format(names=read or "—")]
    if unread:
        lines.append(tr.gettext("Not confirmed yet: {names}").format(names=unread))
    return "\n".join(lines)


def _short(label: str) -> str:
    return label.rstrip(":")


@for_teacher
async def open_record(press: Press, staff: Actor, booking_id: int) -> None:
    """The teacher pressed a talk's record: its draft of agreements, with the buttons to edit it."""
    await _draft(press, await service.talk_for_staff(press.context.db, staff, booking_id))


@for_teacher
async def held(press: Press, staff: Actor, booking_id: int) -> None:
    """The teacher marked the talk as held: the draft opens for agreements."""
    talk = await service.set_held(
        press.context.db, staff, booking_id, held=True, now=press.context.clock.now()
    )
    await _draft(press, talk, edit=True)


@for_teacher
async def no_show(press: Press, staff: Actor, booking_id: int) -> None:
    """The teacher said the parents did not come: asked to confirm first, since the parents
    are told at once and the time is freed."""
    talk = await service.talk_for_staff(press.context.db, staff, booking_id)
    if talk is None or talk.record is not None:
        await _draft(press, talk, edit=True)
        return
    tr = press.reader.tr
    text = tr.gettext(
        "The parents did not come? They get a message at once, their time is freed, and"
        " they can choose a new one. If no times are left, they read that you will call them."
    )
    rows = [
        [
            button(tr.gettext("Yes, they did not come"), "agnc", booking_id),
            button(tr.gettext("Back"), "ag", booking_id),
        ]
    ]
    await press.query.answer()
    await press.show(text, InlineKeyboardMarkup(rows), edit=True)


@for_teacher
async def no_show_confirmed(press: Press, staff: Actor, booking_id: int) -> None:
    """Confirmed: it is recorded; the parents may rebook or are called."""
    talk = await service.set_held(
        press.context.db, staff, booking_id, held=False, now=press.context.clock.now()
    )
    await _draft(press, talk, edit=True)


async def _ask(press: Press, ok: bool, text: str) -> None:
    if not ok:
        await press.stale()
        return
    await ask_to_type(press, text, [])


async def ask_to_type(press: Press, text: str, choices: list[list[InlineKeyboardButton]]) -> None:
    """A question the teacher or parent answers by typing (or by one of the choices)."""
    await press.query.answer()
    never_mind = [button(press.reader.tr.gettext("Never mind"), "nvm")]
    await press.show(text, InlineKeyboardMarkup([*choices, never_mind]), edit=False)


def _waiting(purpose: str, prompt: Callable[[Reader], str]) -> HandlerCallback:
    async def run(update: Update, context: BotContext) -> None:
        press = await read_press(update, context)
        user = update.effective_user
        if press is None or user is None:
            return
        staff, ids = staff_of(press.reader), press.ids(0)
        ok = (
            staff is not None
            and ids is not None
            and await service.wait_for(
                context.db, staff, user.id, ids[0], purpose, context.clock.now()
            )
        )
        await _ask(press, ok, prompt(press.reader))

    return run


ask_evaluation = _waiting(
    service.EVALUATION,
    lambda r: r.tr.gettext("When do we look at how it went? Type the date, e.g. 2027-02-01."),
)


@for_teacher
async def remove(press: Press, staff: Actor, agreement_id: int) -> None:
    """✕ n: take agreement n out (a correction); send again to give parents the new list."""
    await _draft(
        press, await service.remove_agreement(press.context.db, staff, agreement_id), edit=True
    )


@for_teacher
async def follow_up(press: Press, staff: Actor, booking_id: int) -> None:
    """The teacher switched whether a follow-up talk is needed: the draft shows the choice."""
    talk = await service.toggle_follow_up(press.context.db, staff, booking_id)
    await _draft(press, talk, edit=True)


@for_teacher
async def preview(press: Press, staff: Actor, booking_id: int) -> None:
    """The teacher asked for a preview: the agreements as the parents will get them, with Send."""
    reader = press.reader
    talk = await service.talk_for_staff(press.context.db, staff, booking_id)
    if talk is None or talk.record is None:
        await press.stale()
        return
    d = press.context
    child = await service.child_of(d.db, talk.booked.pupil_id)
    assert child is not None
    readers = await service.readers(d.db, staff, booking_id)
    text, keyboard = _preview(talk.record, talk.booked, child, reader, d.settings, readers)
    await press.query.answer()
    await press.show(text, keyboard, edit=False)


def _preview(
    record: Record,
    booked: Booked,
    child: Child,
    reader: Reader,
    settings: Settings,
    readers: list[tuple[str, str]],
) -> tuple[str, InlineKeyboardMarkup]:
    """The agreements as the parents will get them, and in which language each parent
    reads them, to send or to go back and edit."""
    tr, booking_id = reader.tr, booked.booking_id
    shown = agreements_text(record, booked, child, reader, settings.timezone, for_parent=True)
    text = tr.gettext("This is what the parents will get:") + "\n\n" + shown
    text += "\n\n" + who_reads_what(record, reader, readers, settings.machine_translation)
    rows = [
        [
            button(tr.gettext("Send to the parents"), "agsend", booking_id),
            button(tr.gettext("Back to editing"), "ag", booking_id),
        ]
    ]
    return text, InlineKeyboardMarkup(rows)


@for_teacher
async def send(press: Press, staff: Actor, booking_id: int) -> None:
    """The teacher sent the agreements: how many parents get them, and when; then, if a
    follow-up talk is needed, a request to type its times."""
    tr = press.reader.tr
    result = await service.send(
        press.context.db,
        staff,
        booking_id,
        press.context.clock.now(),
        look_back=press.context.settings.look_back,
    )
    if result is None:
        await press.stale()
        return
    if result.outcome is Outcome.NO_AGREEMENTS:
        await press.refuse(tr.gettext("Please add at least one agreement first."))
        return
    if result.outcome is Outcome.NO_EVALUATION:
        await press.refuse(tr.gettext("Please set the evaluation date first."))
        return
    await press.query.answer()
    await press.show(_sent(press.context, press.reader, result.parents), None, edit=True)
    user = press.query.from_user
    if await service.ask_follow_up_hours(
        press.context.db, staff, user.id, booking_id, press.context.clock.now()
    ):
        prompt = tr.gettext(
            "A follow-up talk is needed. Type the times you can do it, one block per line,"
            " in this form:\n{example}\nThe parents are then invited to choose one."
        )
        await ask_for_hours(press, prompt)


def _sent(d: Deps, reader: Reader, parents: int) -> str:
    """How many parents get the agreements, and when, if quiet hours hold them back."""
    tr = reader.tr
    return promise(
        d,
        reader,
        at_once=tr.ngettext(
            "Sent to {count} parent, each in their own language.",
            "Sent to {count} parents, each in their own language.",
            parents,
        ),
        later=tr.ngettext(
            "{count} parent will get it at {time}, in their own language.",
            "{count} parents will get it at {time}, each in their own language.",
            parents,
        ),
        count=parents,
    )


async def receive_follow_up_hours(
    update: Update, context: BotContext, params: dict[str, Any]
) -> None:
    """The teacher's times for a follow-up talk: a round for this pupil alone."""
    typed_by = await teacher_typed(update, context)
    if typed_by is None:
        return
    (_, text, user_id, reader), staff = typed_by
    talk = await service.talk_for_staff(context.db, staff, int(params["booking_id"]))
    if talk is None:
        return
    child = await service.child_of(context.db, talk.booked.pupil_id)
    # No title of its own: every parent reads one built in their language.
    added, round_id = await service.open_follow_up(
        context.db,
        staff,
        user_id,
        talk.booked.booking_id,
        "",
        text,
        context.settings.timezone,
        context.clock.now(),
    )
    # A follow-up's title names no kind of talk, only that it follows up.
    built = built_title(
        TalkKind.PROGRESS, reader, group=child.group if child else None, follow_up=True
    )
    await report_opened(update, context, reader, added, round_id, as_plain(built))


def _receiver(
    purpose: str,
) -> Callable[[Update, BotContext, dict[str, Any]], Awaitable[None]]:
    async def receive(update: Update, context: BotContext, params: dict[str, Any]) -> None:
        await _receive_teacher(update, context, params, purpose)

    return receive


async def _receive_teacher(
    update: Update, context: BotContext, params: dict[str, Any], purpose: str
) -> None:
    """An agreement, the evaluation date or talking points, typed by the teacher."""
    typed_by = await teacher_typed(update, context)
    if typed_by is None:
        return
    (message, text, user_id, reader), staff = typed_by
    result = await service.typed(
        context.db,
        staff,
        user_id,
        purpose,
        params,
        text,
        context.settings.timezone,
        context.clock.now(),
        language=reader.language,
    )
    tr = reader.tr
    problems = {
        Outcome.NOT_A_DATE: tr.gettext("Please type the date like 2027-02-01."),
        Outcome.NOT_AHEAD: tr.gettext("Please choose a date after today."),
    }
    if result is not None and result.outcome in problems:
        await sending.reply(message, problems[result.outcome])
        return
    if result is None or result.talk is None or result.talk.record is None:
        return
    text, keyboard = await draft_view(context, reader, result.talk)
    await sending.reply(message, text, keyboard=keyboard)


receive_evaluation = _receiver(service.EVALUATION)
receive_talking_points = _receiver(service.TALKING_POINTS)


def _guardian(reader: Reader) -> Actor | None:
    person = next((p for p in reader.people if p.kind == PersonKind.GUARDIAN), None)
    return Actor(PersonKind.GUARDIAN, person.id) if person else None


async def understood(update: Update, context: BotContext) -> None:
    """A parent confirmed reading the agreements: thanks, and the teacher is told."""
    press = await read_press(update, context)
    if press is None:
        return
    guardian, ids = _guardian(press.reader), press.ids(0)
    if not (guardian and ids):
        await press.stale()
        return
    shown = press.ids(1)  # the version the message showed (none on buttons sent before)
    tr = press.reader.tr
    try:
        confirmed = await service.understood(
            context.db,
            guardian,
            ids[0],
            context.clock.now(),
            version=shown[0] if shown else None,
        )
    except service.OutdatedVersion:
        await press.refuse(
            tr.gettext(
                "There is a newer version of these agreements. Please read it and press"
                " Understood under it."
            )
        )
        return
    if not confirmed:
        await press.stale()
        return
    await press.query.answer(
        promise(
            context,
            press.reader,
            at_once=tr.gettext("Thank you. The teacher knows you have read it."),
            later=tr.gettext("Thank you. The teacher will hear at {time} that you have read it."),
        )
    )


async def ask_question(update: Update, context: BotContext) -> None:
    """A parent pressed to ask about the agreements: they are asked to type the question."""
    press = await read_press(update, context)
    user = update.effective_user
    if press is None or user is None:
        return
    guardian, ids = _guardian(press.reader), press.ids(0)
    ok = (
        guardian is not None
        and ids is not None
        and await service.ask_question(context.db, guardian, user.id, ids[0], context.clock.now())
    )
    await _ask(
        press, ok, press.reader.tr.gettext("Type your question for the teacher in one message.")
    )


async def receive_question(update: Update, context: BotContext, params: dict[str, Any]) -> None:
    """A parent typed their question: thanks, and it goes to the teacher."""
    typed = await typed_text(update, context)
    if typed is None:
        return
    message, text, user_id, reader = typed
    guardian = _guardian(reader)
    if guardian is None:
        return
    result = await service.question(
        context.db, guardian, user_id, int(params["booking_id"]), text, context.clock.now()
    )
    if result is True:
        thanks = promise(
            context,
            reader,
            at_once=reader.tr.gettext("Thank you. The teacher has your question."),
            later=reader.tr.gettext("Thank you. The teacher will get your question at {time}."),
        )
        await sending.reply(message, thanks)


def _guardian_reply(
    act: Callable[[Database, Actor, int, str, datetime], Awaitable[bool]],
) -> HandlerCallback:
    """A parent's press answering about a talk or an agreement (id, answer): it reaches
    the teacher."""

    async def run(update: Update, context: BotContext) -> None:
        press = await read_press(update, context)
        if press is None:
            return
        guardian, ids = _guardian(press.reader), press.ids(0)
        answer = press.args[1] if len(press.args) > 1 else ""
        if not (guardian and ids) or not await act(
            context.db, guardian, ids[0], answer, context.clock.now()
        ):
            await press.stale()
            return
        tr = press.reader.tr
        await press.query.answer(
            promise(
                context,
                press.reader,
                at_once=tr.gettext("Thank you. The teacher will see it."),
                later=tr.gettext("Thank you. The teacher will see it at {time}."),
            )
        )

    return run


look_back = _guardian_reply(service.look_back)
mark = _guardian_reply(service.mark)
answer_for_child = _guardian_reply(service.answer_for_child)


HANDLERS = [
    CallbackQueryHandler(open_record, pattern=handles("ag")),
    CallbackQueryHandler(held, pattern=handles("agh")),
    CallbackQueryHandler(no_show, pattern=handles("agn")),
    CallbackQueryHandler(no_show_confirmed, pattern=handles("agnc")),
    CallbackQueryHandler(ask_evaluation, pattern=handles("age")),
    CallbackQueryHandler(follow_up, pattern=handles("agf")),
    CallbackQueryHandler(remove, pattern=handles("agr")),
    CallbackQueryHandler(look_back, pattern=handles("agl")),
    CallbackQueryHandler(preview, pattern=handles("ags")),
    CallbackQueryHandler(send, pattern=handles("agsend")),
    CallbackQueryHandler(understood, pattern=handles("agu")),
    CallbackQueryHandler(ask_question, pattern=handles("agq")),
    CallbackQueryHandler(mark, pattern=handles("agp")),
    CallbackQueryHandler(answer_for_child, pattern=handles("agc")),
]
