"""What the teacher reads: parents' answers, per pupil, and the evening-before digest.

The parents' words are shown exactly as written, escaped, so `<b>`, `&` or Markdown in an
answer arrive as literal text. Answers about the home situation and a wish for an
interpreter are flagged. Only a teacher of the pupil ever gets them.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from typing import Any

import aiosqlite

from bot.config import Settings
from bot.domain.questions import questions_of
from bot.domain.rounds import Round
from bot.formatting import format_day, format_time
from bot.i18n import isolate
from bot.storage import agreements, bookings
from bot.storage import answers as store
from bot.storage.bookings import Child
from bot.storage.rounds import load_round
from bot.storage.schedule import booked_talks
from bot.telegram.agreements_view import status_label
from bot.telegram.deps import Reader
from bot.telegram.notifications import Outgoing, RenderContext
from bot.telegram.talk_texts import safe, talk_when


async def answers_lines(
    conn: aiosqlite.Connection, reader: Reader, round_: Round, child: Child, guardian_id: int
) -> tuple[list[str], list[tuple[str, str]]]:
    """One parent's answers: flags first, then each question and answer; and the voice
    answers as (file id, caption) to send after the text."""
    tr = reader.tr
    answers = await store.answers_of(conn, (round_.id, child.pupil_id, guardian_id))
    flags, body, voices = [], [], []
    for number, question in enumerate(questions_of(round_), start=1):
        answer = answers.get(question.key)
        asked = tr.gettext(question.text)
        if answer is None or answer.skipped:
            shown = tr.gettext("(skipped)")
        elif answer.voice_file_id:
            shown = tr.gettext("(voice message, sent below)")
            voices.append((answer.voice_file_id, f"{number}. {asked}"))
        elif question.interpreter and not answer.text:
            shown = tr.gettext("No interpreter needed")
        else:
            shown = safe(answer.text, reader)
        given = answer is not None and not answer.skipped
        replied = answer is not None and bool(answer.text or answer.voice_file_id)
        if question.interpreter and given and replied:
            flags.append(tr.gettext("⚠ Interpreter wanted: {answer}").format(answer=shown))
        if question.sensitive and given:
            flags.append(
                tr.gettext("⚠ Something about the home situation (question {number})").format(
                    number=number
                )
            )
        body += ["", f"<b>{number}. {asked}</b>", shown]
    return [*flags, *body], voices


async def render_answers(ctx: RenderContext, params: Mapping[str, Any]) -> Outgoing | None:
    """A parent's sent answers, to a teacher of the pupil (never to anyone else)."""
    round_id, pupil_id = int(params["round_id"]), int(params["pupil_id"])
    guardian_id = int(params["guardian_id"])
    if ctx.recipient_kind != "staff" or not await bookings.teaches_pupil(
        ctx.conn, ctx.recipient_id, pupil_id
    ):
        return None
    round_ = await load_round(ctx.conn, round_id)
    child = await bookings.pupil_as_child(ctx.conn, pupil_id)
    if round_ is None or child is None:
        return None
    reader, tr = ctx.reader, ctx.reader.tr
    heading = tr.gettext("Answers about {pupil} from {name}").format(
        pupil=safe(f"{child.full_name} ({child.group})", reader),
        name=safe(await store.guardian_name(ctx.conn, guardian_id), reader),
    )
    lines = [f"<b>{heading}</b>"]
    booked = await bookings.active_booking(ctx.conn, round_id, pupil_id, "")
    if booked is not None:
        when = talk_when(booked, ctx.settings.timezone, reader)
        lines.append(tr.gettext("Talk: {when}").format(when=when))
    body, voices = await answers_lines(ctx.conn, reader, round_, child, guardian_id)
    return Outgoing("\n".join([*lines, *body]), voices=tuple(voices))


async def render_digest(ctx: RenderContext, params: Mapping[str, Any]) -> Outgoing | None:
    """The evening before: the teacher's talks of the day with every parent's answers."""
    if ctx.recipient_kind != "staff":
        return None
    day = date.fromisoformat(str(params["day"]))
    text, voices = await digest_text(ctx.conn, ctx.reader, ctx.settings, ctx.recipient_id, day)
    return Outgoing(text, voices=tuple(voices)) if text else None


async def digest_text(
    conn: aiosqlite.Connection, reader: Reader, settings: Settings, staff_id: int, day: date
) -> tuple[str, list[tuple[str, str]]]:
    tz, tr = settings.timezone, reader.tr
    start = datetime.combine(day, time(), tz)
    talks = await booked_talks(conn, staff_id, start, start + timedelta(days=1))
    if not talks:
        return "", []
    heading = tr.ngettext(
        "Your {count} talk on {day}", "Your {count} talks on {day}", len(talks)
    ).format(count=len(talks), day=isolate(format_day(start, tz, reader.language), reader.language))
    lines, voices = [f"<b>{heading}</b>"], []
    for talk in talks:
        round_ = await load_round(conn, talk.round_id)
        child = await bookings.pupil_as_child(conn, talk.pupil_id)
        if round_ is None or child is None:
            continue
        joins = (
            tr.gettext("child joins")
            if round_.pupil_joins(child.grade_low)
            else tr.gettext("parents only")
        )
        lines += [
            "",
            "———",
            tr.gettext("{time} {pupil} ({group}), booked by {name}; {joins}").format(
                time=isolate(format_time(talk.starts_at, tz, reader.language), reader.language),
                pupil=safe(child.full_name, reader),
                group=safe(child.group, reader),
                name=safe(talk.booked_by, reader),
                joins=joins,
            ),
        ]
        lines += await _earlier_agreements(conn, reader, talk.pupil_id, talk.starts_at)
        answered = await store.submitted_guardians(conn, talk.round_id, talk.pupil_id)
        if not answered:
            lines.append(tr.gettext("No answers to the questions yet."))
        for guardian_id, name in answered:
            lines.append(tr.gettext("Answers from {name}:").format(name=safe(name, reader)))
            body, more_voices = await answers_lines(conn, reader, round_, child, guardian_id)
            lines += body
            voices += more_voices
    return "\n".join(lines), voices


async def _earlier_agreements(
    conn: aiosqlite.Connection, reader: Reader, pupil_id: int, before: datetime
) -> list[str]:
    """What was agreed at this family's last talk, and how the parents said it went."""
    booking_id = await agreements.earlier_record(conn, pupil_id, before)
    record = await agreements.record_of(conn, booking_id) if booking_id else None
    if record is None or not record.agreements:
        return []
    marks = await agreements.progress_marks(conn, record.booking_id)
    lines = [reader.tr.gettext("Agreements from the last talk:")]
    for agreement in record.agreements:
        said = [
            f"{safe(await store.guardian_name(conn, guardian_id), reader)}: "
            f"{status_label(status, reader)}"
            for (agreement_id, guardian_id), status in sorted(marks.items())
            if agreement_id == agreement.id
        ]
        lines.append(
            f"• {safe(agreement.text, reader)}" + (f" — {'; '.join(said)}" if said else "")
        )
    return lines
