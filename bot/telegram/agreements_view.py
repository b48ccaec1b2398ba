"""How agreements read: for the teacher's draft and preview, and for every parent.

Owner labels, dates, headings and phrasebook agreements are in the reader's language; the
teacher's own words are shown as written (escaped, isolated inside Arabic), marked as such
for a reader of another language, with a labelled machine translation when there is one.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from types import MappingProxyType
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_skeleton
from telegram import InlineKeyboardMarkup

from bot.domain.agreements import Agreement, Record
from bot.domain.bookings import Booked, Child
from bot.domain.machine_translation import Translated
from bot.domain.person_kind import PersonKind
from bot.formatting import format_day
from bot.i18n import isolate
from bot.services import conversations, parent_words
from bot.services import notice_reads as reads
from bot.services.agreements import OWNERS, STATUSES, free_times_left, translations_for
from bot.telegram.booking_views import button
from bot.telegram.contact import contact_line
from bot.telegram.conversation_views import answer_keyboard
from bot.telegram.deps import Reader
from bot.telegram.free_text import own_words
from bot.telegram.notifications import Outgoing, RenderContext
from bot.telegram.phrase_view import words_html
from bot.telegram.talk_texts import safe, talk_when


def _day(day: date, tz: ZoneInfo, reader: Reader) -> str:
    shown = format_day(datetime.combine(day, time(12), tz), tz, reader.language)
    return isolate(shown, reader.language)


def short_date(day: date, reader: Reader) -> str:
    """A date on a button: day and month, the reader's way ("15 jan.", "Jan 15")."""
    return format_skeleton("MMMd", day, locale=reader.language)


def owner_label(owner: str, reader: Reader, *, for_parent: bool) -> str:
    tr = reader.tr
    if for_parent:
        labels = {
            "pupil": tr.gettext("Your child will:"),
            "parents": tr.gettext("You as parents will:"),
            "school": tr.gettext("The teacher and the school will:"),
        }
    else:
        labels = {
            "pupil": tr.gettext("The pupil will:"),
            "parents": tr.gettext("The parents will:"),
            "school": tr.gettext("The teacher and the school will:"),
        }
    return labels[owner]


def teachers_words(reader: Reader) -> str:
    return reader.tr.gettext("In the teacher's own words:")


def agreement_line(
    agreement: Agreement, reader: Reader, translated: Mapping[str, Translated]
) -> str:
    return words_html(agreement.words, reader, translated, label=teachers_words(reader))


def agreements_text(
    record: Record,
    booked: Booked,
    child: Child,
    reader: Reader,
    tz: ZoneInfo,
    *,
    for_parent: bool,
    translated: Mapping[str, Translated] = MappingProxyType({}),
) -> str:
    tr = reader.tr
    heading = tr.gettext("Agreements from the talk about {child} on {when}").format(
        child=safe(child.first_name, reader), when=talk_when(booked, tz, reader)
    )
    lines = [f"<b>{heading}</b>"]
    for owner in OWNERS:
        items = [a for a in record.agreements if a.owner == owner]
        if not items:
            continue
        lines += ["", f"<b>{owner_label(owner, reader, for_parent=for_parent)}</b>"]
        for agreement in items:
            text = f"• {agreement_line(agreement, reader, translated)}"
            if agreement.due_on:
                text += " " + tr.gettext("(by {date})").format(
                    date=_day(agreement.due_on, tz, reader)
                )
            lines.append(text)
    if record.evaluate_on:
        lines += [
            "",
            tr.gettext("On {date} we look at how it went.").format(
                date=_day(record.evaluate_on, tz, reader)
            ),
        ]
    if record.talking_points:
        points = words_html(record.talking_points, reader, translated, label=teachers_words(reader))
        lines += ["", tr.gettext("Something to talk about at home: {points}").format(points=points)]
    if record.follow_up:
        lines += ["", tr.gettext("A follow-up talk is needed; the teacher will plan it with you.")]
    return "\n".join(lines)


async def _is_parent(ctx: RenderContext, booked: Booked) -> bool:
    return ctx.recipient_kind == PersonKind.GUARDIAN and await reads.is_parent(
        ctx.conn, ctx.recipient_id, booked
    )


async def render_agreements(ctx: RenderContext, params: Mapping[str, Any]) -> Outgoing | None:
    """To every parent of the pupil: the agreements, with Understood and a question."""
    talk = await reads.recorded_talk(ctx.conn, int(params["booking_id"]))
    if talk is None or not await _is_parent(ctx, talk[1]):
        return None
    record, booked, child = talk
    if record.version != int(params["version"]):
        return None  # a newer version replaced this one
    tr = ctx.reader.tr
    translated = await translations_for(ctx.conn, record, ctx.reader.language)
    text = agreements_text(
        record,
        booked,
        child,
        ctx.reader,
        ctx.settings.timezone,
        for_parent=True,
        translated=translated,
    )
    if record.version > 1:
        corrected = tr.gettext("Corrected version: this replaces the earlier message.")
        text = f"<i>{corrected}</i>\n\n{text}"
    keyboard = InlineKeyboardMarkup(
        [
            [
                button(tr.gettext("Understood"), "agu", booked.booking_id),
                button(tr.gettext("I have a question"), "agq", booked.booking_id),
            ]
        ]
    )
    return Outgoing(text, keyboard)


async def render_no_show(ctx: RenderContext, params: Mapping[str, Any]) -> Outgoing | None:
    talk = await reads.recorded_talk(ctx.conn, int(params["booking_id"]))
    if talk is None or not await _is_parent(ctx, talk[1]):
        return None
    _, booked, child = talk
    tr = ctx.reader.tr
    values = {
        "child": safe(child.first_name, ctx.reader),
        "when": talk_when(booked, ctx.settings.timezone, ctx.reader),
        "teacher": safe(booked.offer.teacher, ctx.reader),
    }
    gap = timedelta(minutes=ctx.settings.sibling_gap_minutes)
    if not await free_times_left(ctx.conn, booked, ctx.now, gap):
        text = tr.gettext(
            "We missed you at the talk about {child} on {when}. There are no free times"
            " left, so {teacher} will call you to plan a new talk."
        )
        return Outgoing(text.format(**values))
    text = tr.gettext(
        "We missed you at the talk about {child} on {when}. Please choose a new time, or"
        " contact the teacher."
    )
    label = tr.gettext("Choose a time for {child}").format(child=child.first_name)
    choose = button(label, "pick", "g", booked.round_id, booked.pupil_id, 0)
    contact = contact_line(ctx.reader, ctx.settings)
    shown = text.format(**values) + (f"\n{contact}" if contact else "")
    return Outgoing(shown, InlineKeyboardMarkup([[choose]]))


async def render_reply(ctx: RenderContext, params: Mapping[str, Any]) -> Outgoing | None:
    """To the teacher: a parent understood the agreements, or asked about them."""
    talk = await reads.recorded_talk(ctx.conn, int(params["booking_id"]))
    if talk is None or ctx.recipient_kind != PersonKind.STAFF:
        return None
    _, _, child = talk
    guardian_id = int(params["guardian_id"])
    reader, tr = ctx.reader, ctx.reader.tr
    values = {
        "name": safe(await reads.guardian_name(ctx.conn, guardian_id), reader),
        "child": safe(f"{child.full_name} ({child.group})", reader),
    }
    if params.get("what") == "look_back":
        answer = await reads.look_back(ctx.conn, int(params["booking_id"]), guardian_id)
        texts = {
            "good": tr.gettext("{name} about the talk on {child}: it was a good talk."),
            "better": tr.gettext("{name} about the talk on {child}: it could have been better."),
        }
        return Outgoing(texts[answer].format(**values)) if answer in texts else None
    if params.get("what") == "question":
        asked = await reads.question(ctx.conn, int(params["booking_id"]), guardian_id)
        text = tr.gettext("{name} has a question about the agreements for {child}:").format(
            **values
        )
        found = await parent_words.written(ctx.conn, guardian_id, [asked], reader.language)
        booking_id = int(params["booking_id"])
        conversation = await conversations.agreements_conversation(
            ctx.conn, booking_id, guardian_id
        )
        keyboard = answer_keyboard(reader, conversation) if conversation else None
        if found.source is None or found.source == reader.language:
            quoted = f"{text}\n\n<blockquote>{safe(asked, reader)}</blockquote>"
            return Outgoing(quoted, keyboard)
        shown = own_words(reader, asked, found.source, found.translated.get(asked), label=text)
        return Outgoing(shown, keyboard)
    return Outgoing(
        tr.gettext("{name} has read the agreements for {child} and understood them.").format(
            **values
        )
    )


def status_label(status: str, reader: Reader) -> str:
    tr = reader.tr
    labels = {
        "done": tr.gettext("Done"),
        "going_well": tr.gettext("Going well"),
        "attention": tr.gettext("Needs attention"),
    }
    return labels[status]


async def render_evaluation(ctx: RenderContext, params: Mapping[str, Any]) -> Outgoing | None:
    """On the evaluation date: the agreements again; parents mark how each one went."""
    talk = await reads.recorded_talk(ctx.conn, int(params["booking_id"]))
    if talk is None:
        return None
    record, booked, child = talk
    if record.evaluate_on is None or params.get("evaluate_on") != record.evaluate_on.isoformat():
        return None  # planned for a date the record no longer has: the new date has its own
    for_parent = ctx.recipient_kind == PersonKind.GUARDIAN
    if for_parent and not await _is_parent(ctx, booked):
        return None
    if not for_parent and ctx.recipient_id != record.staff_id:
        return None
    tr = ctx.reader.tr
    intro = tr.gettext("Today we look at how the agreements about {child} went.").format(
        child=safe(child.first_name, ctx.reader)
    )
    translated = await translations_for(ctx.conn, record, ctx.reader.language)
    text = agreements_text(
        record,
        booked,
        child,
        ctx.reader,
        ctx.settings.timezone,
        for_parent=for_parent,
        translated=translated,
    )
    if not for_parent:
        return Outgoing(f"<b>{intro}</b>\n\n{text}")
    ask = tr.gettext("How did each agreement go? Tap for each number.")
    rows = [
        [
            button(f"{number}. {status_label(status, ctx.reader)}", "agp", agreement.id, status)
            for status in STATUSES
        ]
        for number, agreement in enumerate(record.agreements, start=1)
    ]
    numbered = "\n".join(
        f"{number}. {agreement_line(a, ctx.reader, translated)}"
        for number, a in enumerate(record.agreements, 1)
    )
    return Outgoing(f"<b>{intro}</b>\n\n{numbered}\n\n{ask}", InlineKeyboardMarkup(rows))


async def render_progress(ctx: RenderContext, params: Mapping[str, Any]) -> Outgoing | None:
    """To the teacher: how a parent says one agreement went."""
    agreement_id, guardian_id = int(params["agreement_id"]), int(params["guardian_id"])
    if ctx.recipient_kind != PersonKind.STAFF:
        return None
    found = await reads.progress_mark(ctx.conn, agreement_id, guardian_id)
    if found is None:
        return None
    record, child, status = found
    agreement = next((a for a in record.agreements if a.id == agreement_id), None)
    if agreement is None:
        return None
    reader = ctx.reader
    text = reader.tr.gettext("{name} about {child}: “{agreement}” — {status}").format(
        name=safe(await reads.guardian_name(ctx.conn, guardian_id), reader),
        child=safe(child.first_name, reader),
        agreement=agreement_line(agreement, reader, MappingProxyType({})),
        status=status_label(status, reader),
    )
    return Outgoing(text)


async def render_look_back(ctx: RenderContext, params: Mapping[str, Any]) -> Outgoing | None:
    """An hour after the agreements: was it a good talk, and are questions left?"""
    talk = await reads.recorded_talk(ctx.conn, int(params["booking_id"]))
    if talk is None or not await _is_parent(ctx, talk[1]):
        return None
    _, booked, child = talk
    tr = ctx.reader.tr
    text = tr.gettext(
        "How was the talk about {child}? Was it a good talk, and do you still have questions?"
    ).format(child=safe(child.first_name, ctx.reader))
    keyboard = InlineKeyboardMarkup(
        [
            [
                button(tr.gettext("A good talk"), "agl", booked.booking_id, "good"),
                button(tr.gettext("It could have been better"), "agl", booked.booking_id, "better"),
            ],
            [button(tr.gettext("I have a question"), "agq", booked.booking_id)],
        ]
    )
    return Outgoing(text, keyboard)
