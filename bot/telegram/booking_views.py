"""What a parent sees while booking: the invitation, days, times and the confirmation.

Views are plain functions of data and the reader, shared by direct answers and by the
outbox's renderers, so a talk reads the same wherever it appears.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from itertools import groupby
from typing import Protocol
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.calendar_file import (
    Entry,
    Organizer,
    cancelled_talk_calendar,
    talk_calendar,
    talk_uid,
)
from bot.config import Settings
from bot.domain.bookings import Booked, Child, Offer
from bot.domain.rounds import Round
from bot.formatting import format_date_range, format_day, format_day_and_time, format_list
from bot.i18n import isolate
from bot.services.booking import Invitation
from bot.telegram.callback_data import encode
from bot.telegram.deps import Reader
from bot.telegram.pupil_card_button import has_card, prepare_button
from bot.telegram.round_names import as_plain, round_title, sole_group
from bot.telegram.talk_texts import (
    child_joins,
    duration,
    form_and_place,
    purpose,
    safe,
    talk_details,
    talk_when,
    time_label,
)

TIMES_PER_PAGE = 12
Keyboard = list[list[InlineKeyboardButton]]


class CalendarEntry(Protocol):
    """A talk's calendar entry as the services read it (bot/storage/talk_calendar.py): the
    booking the talk began as names it; `sequence` is its newest version."""

    @property
    def first_booking_id(self) -> int: ...

    @property
    def sequence(self) -> int: ...


def button(text: str, action: str, *args: str | int) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=encode(action, *args))


def local_day(moment: datetime, tz: ZoneInfo) -> str:
    """The school-local date as yyyymmdd, the day's key in callback data."""
    return moment.astimezone(tz).strftime("%Y%m%d")


def invitation_text(
    invitation: Invitation,
    reader: Reader,
    settings: Settings,
    now: datetime,
    *,
    nudge: bool = False,
) -> str:
    tr, round_, tz = reader.tr, invitation.round, settings.timezone
    names = [safe(s.child.first_name, reader) for s in invitation.children]
    children = format_list(names, reader.language)
    if nudge:
        intro = tr.gettext("Reminder: please choose a time for the talk about {children}.").format(
            children=children
        )
    else:
        intro = tr.gettext("{school} invites you to a talk about {children}.").format(
            school=safe(settings.school_name, reader), children=children
        )
    group = sole_group(s.child.group for s in invitation.children)
    # Translators: the heading of an invitation; {title} is the round's name, e.g.
    # "Progress talks, December — group 4".
    heading = tr.gettext("Invitation: {title}").format(
        title=round_title(round_, reader, settings, group)
    )
    lines = [f"<b>{heading}</b>", intro, "", purpose(round_.kind, reader), ""]
    talks = invitation.children
    if round_.first_talk and round_.last_talk:
        dates = format_date_range(round_.first_talk, round_.last_talk, tz, reader.language)
        lines.append(
            tr.gettext("When: {dates}, {duration} per talk").format(
                dates=isolate(dates, reader.language), duration=duration(round_, reader)
            )
        )
    lines.append(
        tr.gettext("Where: {place}").format(
            place=form_and_place(round_, round_.place, group, reader)
        )
    )
    lines += [child_joins(round_, s.child, reader) for s in talks]
    lines.append("")
    lines += [_status_line(s.child, s.booking, tz, reader) for s in talks]
    if round_.is_open(now):
        deadline = format_day_and_time(round_.booking_closes_at, tz, reader.language)
        lines.append(
            # Translators: {deadline} is a day and time, e.g. "Friday 4 December, 17:00".
            tr.gettext("Please choose a time by {deadline}.").format(
                deadline=isolate(deadline, reader.language)
            )
        )
    return "\n".join(lines).strip()


def _status_line(child: Child, booked: Booked | None, tz: ZoneInfo, reader: Reader) -> str:
    name = safe(child.first_name, reader)
    if booked is None:
        return reader.tr.gettext("{child}: no time chosen yet").format(child=name)
    return reader.tr.gettext("{child}: {when} with {teacher}").format(
        child=name, when=talk_when(booked, tz, reader), teacher=safe(booked.offer.teacher, reader)
    )


def invitation_keyboard(invitation: Invitation, reader: Reader) -> InlineKeyboardMarkup:
    tr, round_id = reader.tr, invitation.round.id
    rows: Keyboard = []
    open_children = [s.child for s in invitation.children if s.booking is None]
    for status in invitation.children:
        name = status.child.first_name
        if status.booking is None:
            label = tr.gettext("Choose a time for {child}").format(child=name)
            rows.append([button(label, "pick", "g", round_id, status.child.pupil_id, 0)])
        else:
            label = tr.gettext("{child}: change or cancel").format(child=name)
            rows.append([button(label, "show", status.booking.booking_id)])
    if len(open_children) > 1:
        rows.append([button(tr.gettext("Back-to-back times for all"), "sib", round_id)])
    if open_children:
        label = tr.gettext("None of these times suits me")
        # Pupil 0: the times that would suit go to the teachers of every child still open.
        rows.append([button(label, "none", round_id, 0)])
    return InlineKeyboardMarkup(rows)


def days_view(
    round_: Round,
    child: Child,
    offers: Sequence[Offer],
    reader: Reader,
    tz: ZoneInfo,
    *,
    mode: str,
    replacing: int,
) -> tuple[str, InlineKeyboardMarkup]:
    tr = reader.tr
    name = safe(child.first_name, reader)
    if not offers:
        text = tr.gettext("There are no free times left for {child}.").format(child=name)
        rows = [
            [button(tr.gettext("None of these times suits me"), "none", round_.id, child.pupil_id)]
        ]
        return text, InlineKeyboardMarkup(rows if mode == "g" else [])
    text = tr.gettext("Choose a day for the talk about {child}:").format(child=name)
    rows = []
    for day, items in groupby(offers, key=lambda o: local_day(o.starts_at, tz)):
        count = len(list(items))
        first = next(o for o in offers if local_day(o.starts_at, tz) == day)
        label = tr.ngettext("{day} ({count} time)", "{day} ({count} times)", count).format(
            day=format_day(first.starts_at, tz, reader.language), count=count
        )
        rows.append([button(label, "day", mode, round_.id, child.pupil_id, day, 0, replacing)])
    if mode == "g":
        rows.append(
            [button(tr.gettext("None of these times suits me"), "none", round_.id, child.pupil_id)]
        )
    return text, InlineKeyboardMarkup(rows)


def times_view(
    round_: Round,
    child: Child,
    offers: Sequence[Offer],
    day: str,
    page: int,
    reader: Reader,
    tz: ZoneInfo,
    *,
    mode: str,
    replacing: int,
) -> tuple[str, InlineKeyboardMarkup]:
    tr = reader.tr
    of_day = [o for o in offers if local_day(o.starts_at, tz) == day]
    back = button(tr.gettext("Other day"), "days", mode, round_.id, child.pupil_id, replacing)
    if not of_day:
        text = tr.gettext("No free times are left on this day. Please choose another day.")
        return text, InlineKeyboardMarkup([[back]])
    pages = max(1, -(-len(of_day) // TIMES_PER_PAGE))
    page = min(max(page, 0), pages - 1)
    shown = of_day[page * TIMES_PER_PAGE : (page + 1) * TIMES_PER_PAGE]
    text = tr.gettext("Choose a time on {day} for {child}:").format(
        day=isolate(format_day(of_day[0].starts_at, tz, reader.language), reader.language),
        child=safe(child.first_name, reader),
    )
    buttons = [
        button(
            time_label(o.starts_at, o.teacher, tz, reader),
            "book",
            mode,
            round_.id,
            child.pupil_id,
            o.slot_id,
            replacing,
        )
        for o in shown
    ]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    nav = []
    if page > 0:
        nav.append(button("«", "day", mode, round_.id, child.pupil_id, day, page - 1, replacing))
    if page < pages - 1:
        nav.append(button("»", "day", mode, round_.id, child.pupil_id, day, page + 1, replacing))
    if nav:
        rows.append(nav)
    rows.append([back])
    return text, InlineKeyboardMarkup(rows)


def booked_view(
    round_: Round,
    booked: Booked,
    child: Child,
    reader: Reader,
    tz: ZoneInfo,
    *,
    heading: str,
    for_parent: bool = True,
) -> tuple[str, InlineKeyboardMarkup]:
    """A booked talk with Change and Cancel; a parent also gets the questions to answer."""
    tr = reader.tr
    text = f"<b>{heading}</b>\n{talk_details(round_, booked, child, tz, reader)}"
    rows = [
        [
            button(tr.gettext("Change the time"), "rs", booked.booking_id),
            button(tr.gettext("Cancel the talk"), "cx", booked.booking_id),
        ]
    ]
    if for_parent:
        label = tr.gettext("Answer the teacher's questions")
        rows.append([button(label, "qs", round_.id, child.pupil_id)])
        if round_.pupil_joins(child.grade_low) and has_card(round_, child.grade_low):
            rows.append([prepare_button(reader, round_.id, child.pupil_id)])
    return text, InlineKeyboardMarkup(rows)


def cancel_question(booked: Booked, reader: Reader) -> tuple[str, InlineKeyboardMarkup]:
    tr = reader.tr
    text = tr.gettext("Do you want to cancel this talk? The time becomes free for others.")
    keyboard = InlineKeyboardMarkup(
        [
            [
                button(tr.gettext("Yes, cancel the talk"), "cxy", booked.booking_id),
                button(tr.gettext("No, keep it"), "show", booked.booking_id),
            ]
        ]
    )
    return text, keyboard


def calendar_hint(reader: Reader, *, removes: bool) -> str:
    """The line beside a file that changes a calendar entry the reader already has: what
    tapping it does."""
    if removes:
        return reader.tr.gettext("Tap the file to remove the talk from your calendar.")
    return reader.tr.gettext("Tap the file to change the time in your calendar.")


def calendar_file(
    round_: Round,
    booked: Booked,
    child: Child,
    reader: Reader,
    settings: Settings,
    now: datetime,
    entry: CalendarEntry | None = None,
) -> tuple[str, bytes]:
    """The talk's calendar file as it holds now. `entry` names the talk's calendar entry at
    its newest version; without it, a talk just booked: its own booking, first version."""
    title = round_title(round_, reader, settings, child.group)
    first, sequence = (
        (entry.first_booking_id, entry.sequence) if entry is not None else (booked.booking_id, 0)
    )
    stated = _entry(round_, booked, child, reader, settings, now, first, sequence)
    data = talk_calendar(
        stated,
        description=f"{settings.school_name}: {as_plain(title)} — {booked.offer.teacher}",
        alarm_text=stated.summary,
    )
    return f"{_file_stem(booked, settings)}.ics", data


def cancellation_file(
    round_: Round,
    booked: Booked,
    child: Child,
    reader: Reader,
    settings: Settings,
    now: datetime,
    entry: CalendarEntry,
) -> tuple[str, bytes]:
    """The file that removes a cancelled talk (`booked`, the time the reader knew) from the
    calendar, and its alarm with it; `entry` at the talk's newest version outranks every
    file sent about it before."""
    stated = _entry(
        round_, booked, child, reader, settings, now, entry.first_booking_id, entry.sequence
    )
    data = cancelled_talk_calendar(stated)
    return f"{_file_stem(booked, settings)}-cancelled.ics", data


def _entry(
    round_: Round,
    booked: Booked,
    child: Child,
    reader: Reader,
    settings: Settings,
    now: datetime,
    first_booking_id: int,
    sequence: int,
) -> Entry:
    """The talk's calendar entry at a version, as this reader's calendar shows it; the
    school organizes it when it gave an e-mail address."""
    summary, location = _calendar_texts(round_, booked, child, reader)
    organizer = (
        Organizer(settings.school_name, settings.school_email) if settings.school_email else None
    )
    return Entry(
        uid=talk_uid(first_booking_id),
        sequence=sequence,
        starts_at=booked.offer.starts_at,
        ends_at=booked.offer.ends_at,
        tz=settings.timezone,
        summary=summary,
        location=location,
        stamp=now,
        organizer=organizer,
    )


def _calendar_texts(round_: Round, booked: Booked, child: Child, reader: Reader) -> tuple[str, str]:
    """The entry's title and place as the calendar shows them (plain text)."""
    summary = reader.tr.gettext("Parent-teacher talk about {child}").format(child=child.first_name)
    place = form_and_place(round_, booked.offer.place, child.group, reader)
    return summary, as_plain(place)


def _file_stem(booked: Booked, settings: Settings) -> str:
    return f"talk-{local_day(booked.offer.starts_at, settings.timezone)}-{booked.booking_id}"
