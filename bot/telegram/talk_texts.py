"""Sentences about a talk that many messages share: its purpose, form, place and time.

Kept in one place so an invitation, a confirmation and a reminder describe a talk with the
same words in every language.
"""

from __future__ import annotations

import html
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.domain.bookings import Booked, Child
from bot.domain.rounds import Round, TalkForm, TalkKind
from bot.formatting import format_day_and_time, format_duration, format_time
from bot.i18n import isolate
from bot.telegram.deps import Reader
from bot.telegram.round_names import place_name


def safe(text: str, reader: Reader) -> str:
    """Text from the roster or a person, escaped for HTML and isolated inside RTL text."""
    return isolate(html.escape(text), reader.language)


def purpose(kind: TalkKind, reader: Reader) -> str:
    tr = reader.tr
    texts = {
        TalkKind.START: tr.gettext(
            "To get to know each other: you tell the teacher about your child, and together"
            " we look ahead to the school year."
        ),
        TalkKind.PROGRESS: tr.gettext(
            "How is your child doing? We talk about learning, how your child gets on with"
            " others, motivation and attendance, and we make agreements together."
        ),
        TalkKind.DEVELOPMENT: tr.gettext(
            "An extra talk about how your child is developing, and what is needed now."
        ),
        TalkKind.ADVICE: tr.gettext(
            "The advice for secondary school. A second member of staff takes part."
        ),
    }
    return texts[kind]


def form_and_place(round_: Round, place: str, group: str | None, reader: Reader) -> str:
    """How and where the talk is held; `group` (the child's, if known) names a classroom."""
    tr = reader.tr
    if round_.form is TalkForm.VIDEO:
        return tr.gettext("By video call: {link}").format(link=safe(place, reader))
    if round_.form is TalkForm.PHONE:
        return tr.gettext("By phone: the teacher calls you.")
    if place:
        return tr.gettext("At school, {place}").format(place=place_name(place, group, reader))
    return tr.gettext("At school")


def child_joins(round_: Round, child: Child, reader: Reader) -> str:
    name = safe(child.first_name, reader)
    if round_.pupil_joins(child.grade_low):
        return reader.tr.gettext("{child} is expected to join the talk.").format(child=name)
    return reader.tr.gettext("This talk is for parents only; {child} does not come.").format(
        child=name
    )


def duration(round_: Round, reader: Reader) -> str:
    return format_duration(round_.slot_minutes, reader.language)


def talk_when(booked: Booked, tz: ZoneInfo, reader: Reader) -> str:
    """ "dinsdag 8 december, 14:30" in the reader's language, isolated for RTL."""
    return isolate(
        format_day_and_time(booked.offer.starts_at, tz, reader.language), reader.language
    )


def time_label(moment: datetime, teacher: str, tz: ZoneInfo, reader: Reader) -> str:
    """A button label: the time and the teacher (plain text, no HTML)."""
    return f"{format_time(moment, tz, reader.language)} · {teacher}"


def talk_details(round_: Round, booked: Booked, child: Child, tz: ZoneInfo, reader: Reader) -> str:
    """The lines every confirmation and reminder shows about a booked talk."""
    tr = reader.tr
    lines = [
        tr.gettext("When: {when} ({duration})").format(
            when=talk_when(booked, tz, reader), duration=duration(round_, reader)
        ),
        tr.gettext("With: {teacher}").format(teacher=safe(booked.offer.teacher, reader)),
        tr.gettext("Where: {place}").format(
            place=form_and_place(round_, booked.offer.place, child.group, reader)
        ),
        child_joins(round_, child, reader),
    ]
    return "\n".join(lines)
