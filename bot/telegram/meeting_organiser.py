"""The organiser's side of a meeting: counts, who is coming, attendance on the day, the summary.

`/meetings` shows staff one message per meeting with its counts. The organiser (the plan's
organiser, directors, internal counsellors) gets buttons for who is coming, attendance
(from the start until a week after: a toggle per family, paged) and the summary (after the
start: a preview of what an absent family reads, the organiser's own words, Send). A
teacher sees the meetings of their groups, counted for their groups, with the families
there the bot did not reach. Every press is checked again by the service.
"""

from __future__ import annotations

import html
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.ext import BaseHandler, CallbackQueryHandler

from bot.domain.bookings import Actor
from bot.domain.meetings import Counts, Meeting, Rsvp
from bot.domain.people import Person
from bot.domain.person_kind import PersonKind
from bot.formatting import format_day, format_list
from bot.i18n import isolate
from bot.services import meeting_organiser as service
from bot.services.meeting_organiser import (
    AttendancePage,
    Family,
    NotReached,
    Overview,
    SummaryDraft,
    Unreached,
)
from bot.telegram import sending
from bot.telegram.agreements import ask_to_type
from bot.telegram.booking_views import button
from bot.telegram.callback_data import handles
from bot.telegram.context import BotContext
from bot.telegram.deps import Reader
from bot.telegram.free_text import language_name
from bot.telegram.meeting_summary_view import summary_text
from bot.telegram.meeting_texts import meeting_title, meeting_when_where
from bot.telegram.presses import Press, read_press
from bot.telegram.talk_texts import safe
from bot.telegram.teacher import staff_of, teacher_typed

PRESENT_MARK = "✅"


async def show(message: Message, reader: Reader, context: BotContext, staff: Person) -> None:
    """`/meetings` for a staff member: each meeting they see, with its counts."""
    now = context.clock.now()
    found = await service.overviews(context.db, staff.id, now)
    if not found:
        text = reader.tr.gettext("There are no information meetings for you at the moment.")
        await sending.reply(message, text)
        return
    for overview in found:
        await sending.reply(
            message,
            _overview_text(overview, reader, context),
            _overview_keyboard(overview, reader, context),
        )


def _overview_text(overview: Overview, reader: Reader, context: BotContext) -> str:
    tr = reader.tr
    meeting = overview.meeting
    lines = [
        f"<b>{meeting_title(meeting, reader, context.settings)}</b>",
        meeting_when_where(meeting, reader, context.settings),
    ]
    if not overview.organiser:
        staff = next((p for p in reader.people if p.kind == PersonKind.STAFF), None)
        groups = [html.escape(group) for group in sorted(staff.groups)] if staff else []
        if groups:
            lines.append(
                tr.gettext("Counted for your groups: {groups}").format(
                    groups=format_list(groups, reader.language)
                )
            )
    lines += ["", *_counts_lines(overview.counts, meeting, reader)]
    if overview.attended is not None:
        lines.append(
            tr.gettext("Present: {present} of {invited}").format(
                present=overview.attended, invited=overview.counts.invited
            )
        )
    if meeting.summary_sent_at is not None:
        day = format_day(meeting.summary_sent_at, context.settings.timezone, reader.language)
        lines.append(
            tr.gettext("The summary was sent on {day}.").format(day=isolate(day, reader.language))
        )
    if overview.not_reached:
        heading = tr.gettext("Not reached yet (please call them):")
        lines += ["", f"<b>{heading}</b>"]
        lines += [not_reached_line(item, reader) for item in overview.not_reached]
    return "\n".join(lines)


def _counts_lines(counts: Counts, meeting: Meeting, reader: Reader) -> list[str]:
    tr = reader.tr
    lines = [
        tr.ngettext("Invited: {count} family", "Invited: {count} families", counts.invited).format(
            count=counts.invited
        ),
        # Translators: the answers to a meeting's invitation, counted for the organiser.
        tr.gettext(
            "Coming: {yes} · Maybe: {maybe} · Not coming: {no} · No answer yet: {none}"
        ).format(
            yes=counts.coming,
            maybe=counts.maybe,
            no=counts.not_coming,
            none=counts.unanswered,
        ),
        tr.gettext("Adults coming (or perhaps coming): {count}").format(count=counts.adults),
    ]
    if meeting.childcare:
        bands = [
            tr.gettext("age {ages}: {count}").format(
                ages=isolate(band, reader.language), count=number
            )
            for band, number in counts.childcare.items()
        ]
        shown = ", ".join(bands) if bands else "0"
        lines.append(tr.gettext("Childcare: {children}").format(children=shown))
    if meeting.interpreters:
        wanted = [
            f"{language_name(code, reader)}: {number}"
            for code, number in counts.interpreters.items()
        ]
        shown = ", ".join(wanted) if wanted else "0"
        lines.append(tr.gettext("Interpreters: {languages}").format(languages=shown))
    return lines


def _children(family_pupils: tuple[tuple[int, str, str], ...], reader: Reader) -> str:
    names = [
        reader.tr.gettext("{child} (group {group})").format(
            child=safe(first_name, reader), group=safe(group, reader)
        )
        for _, first_name, group in family_pupils
    ]
    return format_list(names, reader.language)


def not_reached_line(item: NotReached, reader: Reader) -> str:
    tr = reader.tr
    reasons = {
        # Translators: about a parent in a teacher's list: has not opened their link yet.
        Unreached.NOT_LINKED: tr.gettext("not yet in Telegram"),
        # Translators: about a parent in a teacher's list: blocked the bot or left the chat.
        Unreached.UNREACHABLE: tr.gettext("cannot be reached in Telegram"),
        # Translators: about a parent in a teacher's list: invited, but did not answer.
        Unreached.NO_ANSWER: tr.gettext("no answer yet"),
    }
    parts = [safe(item.invitee.name, reader), _children(item.invitee.pupils, reader)]
    parts.append(reasons[item.reason])
    if item.phone:
        parts.append(safe(item.phone, reader))
    return "• " + ", ".join(parts)


def _recipients(absent: int, present: int, reader: Reader) -> str:
    """Who gets the summary: the whole of it, or the points for at home."""
    tr = reader.tr
    return "\n".join(
        [
            tr.ngettext(
                "{count} family that could not come gets the whole summary.",
                "{count} families that could not come get the whole summary.",
                absent,
            ).format(count=absent),
            tr.ngettext(
                "{count} family that came gets only the points for at home.",
                "{count} families that came get only the points for at home.",
                present,
            ).format(count=present),
        ]
    )


def _overview_keyboard(
    overview: Overview, reader: Reader, context: BotContext
) -> InlineKeyboardMarkup:
    tr = reader.tr
    meeting_id = overview.meeting.id
    rows = [[button(tr.gettext("Who is coming"), "mtoc", meeting_id)]]
    now = context.clock.now()
    if overview.organiser and service.attendance_open(overview.meeting, now):
        rows.append([button(tr.gettext("Attendance"), "mtoa", meeting_id, 0)])
    if overview.organiser and overview.meeting.has_begun(now):
        rows.append([button(tr.gettext("Summary for the families"), "mtos", meeting_id)])
    return InlineKeyboardMarkup(rows)


async def _stale(press: Press) -> None:
    await press.refuse(
        press.reader.tr.gettext(
            "This button is no longer valid. Send /meetings to see the meetings as they are now."
        )
    )


async def _staff_press(
    update: Update, context: BotContext, *positions: int
) -> tuple[Press, Actor, list[int]] | None:
    """A staff member's press with the ids at these positions; anyone else is told the
    button is no longer valid (the service checks what they may do)."""
    press = await read_press(update, context)
    if press is None:
        return None
    staff, ids = staff_of(press.reader), press.ids(*positions)
    if staff is None or ids is None:
        await _stale(press)
        return None
    return press, staff, ids


async def who_is_coming(update: Update, context: BotContext) -> None:
    pressed = await _staff_press(update, context, 0)
    if pressed is None:
        return
    press, staff, (meeting_id,) = pressed
    found = await service.who_is_coming(context.db, staff.id, meeting_id)
    if found is None:
        await _stale(press)
        return
    meeting, families = found
    reader = press.reader
    tr = reader.tr
    title = meeting_title(meeting, reader, context.settings)
    heading = tr.gettext("Who is coming to {title}").format(title=title)
    lines = [f"<b>{heading}</b>", *(_coming_line(family, reader) for family in families)]
    if not families:
        lines.append(tr.gettext("No one has said they are coming yet."))
    await press.query.answer()
    await press.show("\n".join(lines), None, edit=False)


def _coming_line(family: Family, reader: Reader) -> str:
    tr = reader.tr
    reply = family.reply
    assert reply is not None  # only families who answered are coming
    parts = [
        f"{safe(family.invitee.name, reader)} — {_children(family.invitee.pupils, reader)}",
        tr.ngettext("{count} adult", "{count} adults", reply.adults).format(count=reply.adults),
    ]
    if reply.answer == Rsvp.MAYBE:
        parts.insert(1, tr.gettext("maybe"))
    if reply.childcare:
        ages = ", ".join(isolate(band, reader.language) for band in reply.childcare)
        parts.append(tr.gettext("childcare: age {ages}").format(ages=ages))
    if reply.interpreter:
        parts.append(
            tr.gettext("interpreter: {language}").format(
                language=language_name(reply.interpreter, reader)
            )
        )
    return "• " + ", ".join(parts)


async def open_attendance(update: Update, context: BotContext) -> None:
    """Attendance from the meeting's message: the list as a new message."""
    await _attendance(update, context, edit=False)


async def turn_page(update: Update, context: BotContext) -> None:
    await _attendance(update, context, edit=True)


async def _attendance(update: Update, context: BotContext, *, edit: bool) -> None:
    pressed = await _staff_press(update, context, 0, 1)
    if pressed is None:
        return
    press, staff, (meeting_id, page) = pressed
    found = await service.attendance_page(
        context.db, staff.id, meeting_id, page, context.clock.now()
    )
    await _show_page(press, context, found, edit=edit)


async def toggle(update: Update, context: BotContext) -> None:
    """A family's button: present, or no longer present."""
    pressed = await _staff_press(update, context, 0, 1, 2)
    if pressed is None:
        return
    press, staff, (meeting_id, guardian_id, page) = pressed
    found = await service.toggle_presence(
        context.db, staff.id, meeting_id, guardian_id, page, context.clock.now()
    )
    await _show_page(press, context, found, edit=True)


async def _show_page(
    press: Press, context: BotContext, found: AttendancePage | None, *, edit: bool
) -> None:
    if found is None:
        await _stale(press)
        return
    reader = press.reader
    tr = reader.tr
    title = meeting_title(found.meeting, reader, context.settings)
    heading = tr.gettext("Attendance: {title}").format(title=title)
    lines = [
        f"<b>{heading}</b>",
        tr.gettext("Tap a family when they are there. {mark} = present.").format(mark=PRESENT_MARK),
        tr.gettext("Present: {present} of {invited}").format(
            present=found.present, invited=found.invited
        ),
    ]
    if found.pages > 1:
        lines.append(
            tr.gettext("Page {page} of {pages}").format(page=found.page + 1, pages=found.pages)
        )
    meeting_id = found.meeting.id
    rows = [
        [
            button(
                f"{PRESENT_MARK} {f.invitee.name}" if f.present else f.invitee.name,
                "mtop",
                meeting_id,
                f.invitee.guardian_id,
                found.page,
            )
        ]
        for f in found.families
    ]
    turn: list[InlineKeyboardButton] = []
    if found.page > 0:
        turn.append(button(tr.gettext("« Previous"), "mton", meeting_id, found.page - 1))
    if found.page + 1 < found.pages:
        turn.append(button(tr.gettext("Next »"), "mton", meeting_id, found.page + 1))
    if turn:
        rows.append(turn)
    await press.query.answer()
    await press.show("\n".join(lines), InlineKeyboardMarkup(rows), edit=edit)


async def summary(update: Update, context: BotContext) -> None:
    """Summary: the preview of what an absent family will read, with Send."""
    pressed = await _staff_press(update, context, 0)
    if pressed is None:
        return
    press, staff, (meeting_id,) = pressed
    draft = await service.summary_draft(context.db, staff.id, meeting_id, context.clock.now())
    if draft is None:
        await _stale(press)
        return
    if draft.meeting.summary_sent_at is not None:
        await press.refuse(press.reader.tr.gettext("The summary was already sent."))
        return
    await press.query.answer()
    await press.show(*_preview(draft, press.reader, context), edit=False)


def _preview(
    draft: SummaryDraft, reader: Reader, context: BotContext
) -> tuple[str, InlineKeyboardMarkup]:
    tr = reader.tr
    meeting = draft.meeting
    shown = summary_text(meeting, reader, context.settings, absent=True, translated=None)
    intro = tr.gettext("This is what a family that could not come will read:")
    recipients = _recipients(draft.absent, draft.present, reader)
    text = "\n\n".join([f"<i>{intro}</i>", shown, recipients])
    words = tr.gettext("Change my own words") if meeting.summary else tr.gettext("Add my own words")
    keyboard = InlineKeyboardMarkup(
        [
            [button(words, "mtow", meeting.id)],
            [button(tr.gettext("Send to the families"), "mtox", meeting.id)],
        ]
    )
    return text, keyboard


async def write_summary(update: Update, context: BotContext) -> None:
    """Add (or change) the organiser's own words: the bot waits for them."""
    pressed = await _staff_press(update, context, 0)
    if pressed is None:
        return
    press, staff, (meeting_id,) = pressed
    user = press.query.from_user
    if not await service.ask_summary(
        context.db, staff.id, user.id, meeting_id, context.clock.now()
    ):
        await _stale(press)
        return
    text = press.reader.tr.gettext(
        "Type in a few short sentences what the families who could not come should know."
        " It is shown as your own words."
    )
    await ask_to_type(press, text, [])


async def receive_summary(update: Update, context: BotContext, params: dict[str, Any]) -> None:
    """The organiser's own words: kept, and the preview shown again."""
    typed_by = await teacher_typed(update, context)
    if typed_by is None:
        return
    (message, text, user_id, reader), staff = typed_by
    draft = await service.save_typed_summary(
        context.db, staff.id, user_id, params, text, reader.language, context.clock.now()
    )
    if draft is None:
        await sending.reply(message, reader.tr.gettext("The summary can no longer be changed."))
        return
    await sending.reply(message, *_preview(draft, reader, context))


async def send(update: Update, context: BotContext) -> None:
    """Send: the summary goes to every invited family the bot reaches, once."""
    pressed = await _staff_press(update, context, 0)
    if pressed is None:
        return
    press, staff, (meeting_id,) = pressed
    sent = await service.send_summary(context.db, staff.id, meeting_id, context.clock.now())
    if sent is None:
        await _stale(press)
        return
    tr = press.reader.tr
    if sent.already:
        await press.refuse(tr.gettext("The summary was already sent."))
        return
    text = "\n".join([tr.gettext("Sent."), _recipients(sent.absent, sent.present, press.reader)])
    await press.query.answer()
    await press.show(text, None, edit=True)


HANDLERS: list[BaseHandler[Any, Any, Any]] = [
    CallbackQueryHandler(who_is_coming, pattern=handles("mtoc")),
    CallbackQueryHandler(open_attendance, pattern=handles("mtoa")),
    CallbackQueryHandler(turn_page, pattern=handles("mton")),
    CallbackQueryHandler(toggle, pattern=handles("mtop")),
    CallbackQueryHandler(summary, pattern=handles("mtos")),
    CallbackQueryHandler(write_summary, pattern=handles("mtow")),
    CallbackQueryHandler(send, pattern=handles("mtox")),
]
