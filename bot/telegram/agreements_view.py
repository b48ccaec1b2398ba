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
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.domain.agreements import (
    CHILD_ANSWER_BY_KEY,
    CHILD_ANSWERS,
    CHILD_QUESTIONS,
    PARENT_OWNER_HEADINGS,
    STAFF_OWNER_HEADINGS,
    STATUS_LABELS,
    Agreement,
    ChildGoal,
    Record,
    Words,
)
from bot.domain.bookings import Booked, Child
from bot.domain.machine_translation import Translated
from bot.domain.person_kind import PersonKind
from bot.domain.pupil_card import GOAL, NEEDS, CardBand, item_of, picture_of
from bot.formatting import format_day, format_list
from bot.i18n import isolate
from bot.services import conversations, parent_words
from bot.services import notice_reads as reads
from bot.services.agreements import (
    OWNERS,
    STATUSES,
    GoalAnswers,
    free_times_left,
    goal_answers,
    translations_for,
)
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
    headings = PARENT_OWNER_HEADINGS if for_parent else STAFF_OWNER_HEADINGS
    return reader.tr.gettext(headings[owner])


def teachers_words(reader: Reader) -> str:
    return reader.tr.gettext("In the teacher's own words:")


def agreement_line(
    agreement: Agreement, reader: Reader, translated: Mapping[str, Translated]
) -> str:
    """One agreement where it is listed without its child's name (the teacher's digest):
    the child's own goal says so, with the child's words labelled as theirs."""
    if agreement.child_goal is None:
        return words_html(agreement.words, reader, translated, label=teachers_words(reader))
    tr = reader.tr
    shown = goal_html(
        agreement.words,
        agreement.child_goal,
        reader,
        translated,
        own_label=tr.gettext("In the child's own words:"),
    )
    heading = tr.gettext("The child's own goal:")
    return f"<b>{heading}</b> {shown}"


def goal_label(child: str, reader: Reader) -> str:
    """The heading of the child's own goal; `child` is the name as it is to be shown."""
    return reader.tr.gettext("{child}'s own goal:").format(child=child)


def _pictures(item_key: str, keys: tuple[str, ...], reader: Reader) -> str:
    """The card's pictures (emoji and word, in the reader's language) for these keys; the
    goal and who can help are on every band's card."""
    item = item_of(CardBand.MIDDLE, item_key)
    found = [picture_of(item, key) for key in keys] if item else []
    shown = [f"{p.emoji} {reader.tr.gettext(p.word)}" for p in found if p is not None]
    return format_list(shown, reader.language) if shown else ""


def goal_html(
    words: Words,
    goal: ChildGoal,
    reader: Reader,
    translated: Mapping[str, Translated],
    *,
    own_label: str,
) -> str:
    """The child's goal (HTML): what it is about (the card's pictures), the child's own
    words — labelled as theirs for a reader of another language, machine-translated when
    there is a translation — and who can help."""
    tr = reader.tr
    parts = [_pictures(GOAL, goal.topics, reader)]
    if words:
        parts.append(words_html(words, reader, translated, label=own_label))
    helpers = _pictures(NEEDS, goal.needs_from, reader)
    if helpers:
        parts.append(tr.gettext("Who can help: {helpers}").format(helpers=helpers))
    return "\n".join(part for part in parts if part) or "…"


def _goal_of(
    agreement: Agreement, child: Child, reader: Reader, translated: Mapping[str, Translated]
) -> str:
    assert agreement.child_goal is not None
    return goal_html(
        agreement.words,
        agreement.child_goal,
        reader,
        translated,
        own_label=childs_words(safe(child.first_name, reader), reader),
    )


def childs_words(child: str, reader: Reader) -> str:
    """The label of the child's own words; `child` is the name as it is to be shown."""
    return reader.tr.gettext("In {child}'s own words:").format(child=child)


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
    goal = record.child_goal
    if goal is not None:  # the pupil at the centre: their own goal first
        lines += ["", f"<b>{goal_label(safe(child.first_name, reader), reader)}</b>"]
        lines.append(_with_due(f"• {_goal_of(goal, child, reader, translated)}", goal, tz, reader))
    for owner in OWNERS:
        items = [a for a in record.agreements if a.owner == owner and a.child_goal is None]
        if not items:
            continue
        lines += ["", f"<b>{owner_label(owner, reader, for_parent=for_parent)}</b>"]
        for agreement in items:
            line = f"• {agreement_line(agreement, reader, translated)}"
            lines.append(_with_due(line, agreement, tz, reader))
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


def _with_due(line: str, agreement: Agreement, tz: ZoneInfo, reader: Reader) -> str:
    if agreement.due_on is None:
        return line
    due = reader.tr.gettext("(by {date})").format(date=_day(agreement.due_on, tz, reader))
    return f"{line} {due}"


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
                button(tr.gettext("Understood"), "agu", booked.booking_id, record.version),
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
    return reader.tr.gettext(STATUS_LABELS[status])


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
    marked = [a for a in record.agreements if a.child_goal is None]
    rows = [
        [
            button(f"{number}. {status_label(status, ctx.reader)}", "agp", agreement.id, status)
            for status in STATUSES
        ]
        for number, agreement in enumerate(marked, start=1)
    ]
    blocks = [f"<b>{intro}</b>"]
    if marked:
        numbered = "\n".join(
            f"{number}. {agreement_line(a, ctx.reader, translated)}"
            for number, a in enumerate(marked, 1)
        )
        ask = tr.gettext("How did each agreement go? Tap for each number.")
        blocks += [numbered, ask]
    goal = record.child_goal
    if goal is not None:
        blocks.append(_child_questions(goal, child, ctx.reader, translated))
        rows += _child_answer_rows(goal, ctx.reader)
    return Outgoing("\n\n".join(blocks), InlineKeyboardMarkup(rows))


def _child_questions(
    goal: Agreement, child: Child, reader: Reader, translated: Mapping[str, Translated]
) -> str:
    """For the parent to read with the child: the child's goal and Hattie's two questions
    about it (seed 002), which the child answers with the emoji buttons."""
    tr, name = reader.tr, safe(child.first_name, reader)
    heading = f"<b>{goal_label(name, reader)}</b>\n{_goal_of(goal, child, reader, translated)}"
    let = tr.gettext("Two questions for {child}. Let {child} tap the answers:").format(child=name)
    questions = [
        " ".join(a.emoji for a in CHILD_ANSWERS if a.question == question) + f" {tr.gettext(text)}"
        for question, text in CHILD_QUESTIONS.items()
    ]
    return "\n".join([heading, "", f"<i>{let}</i>", *questions])


def _child_answer_rows(goal: Agreement, reader: Reader) -> list[list[InlineKeyboardButton]]:
    """A row of emoji answers per question: big enough for a child's finger."""
    return [
        [
            button(f"{a.emoji} {reader.tr.gettext(a.words)}", "agc", goal.id, a.key)
            for a in CHILD_ANSWERS
            if a.question == question
        ]
        for question in CHILD_QUESTIONS
    ]


async def render_progress(ctx: RenderContext, params: Mapping[str, Any]) -> Outgoing | None:
    """To the teacher: how a parent says one agreement went."""
    agreement_id, guardian_id = int(params["agreement_id"]), int(params["guardian_id"])
    if ctx.recipient_kind != PersonKind.STAFF:
        return None
    answered = await goal_answers(ctx.conn, agreement_id, guardian_id)
    if answered is not None:
        return await _child_progress(ctx, answered, guardian_id)
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


async def _child_progress(ctx: RenderContext, answered: GoalAnswers, guardian_id: int) -> Outgoing:
    """To the teacher, in their language: the child's answers about their own goal."""
    reader, tr = ctx.reader, ctx.reader.tr
    child = safe(answered.child.first_name, reader)
    intro = tr.gettext("{child} about their own goal, on the phone of {name}:").format(
        child=child, name=safe(await reads.guardian_name(ctx.conn, guardian_id), reader)
    )
    goal = _goal_of(answered.goal, answered.child, reader, MappingProxyType({}))
    lines = [intro, goal, ""]
    for question, text in CHILD_QUESTIONS.items():
        key = answered.answers.get(question)
        answer = CHILD_ANSWER_BY_KEY.get(key) if key else None
        if answer is not None:
            lines.append(f"{tr.gettext(text)} {answer.emoji} {tr.gettext(answer.words)}")
    return Outgoing("\n".join(lines))


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
