"""What the teacher reads: parents' answers, per pupil, and the evening-before digest.

The parents' words are shown exactly as written, escaped, so `<b>`, `&` or Markdown in an
answer arrive as literal text; written in another language than the teacher's, they are
labelled as the parent's own words, with the machine translation when one was made. A
pressed answer reads in the teacher's language. Answers about the home situation and a
wish for an interpreter are flagged. Only a teacher of the pupil ever gets them.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from typing import Any

import aiosqlite

from bot.config import Settings
from bot.domain.answers import Answer
from bot.domain.person_kind import PersonKind
from bot.domain.questions import questions_of, words_in
from bot.domain.rounds import Round
from bot.formatting import format_day, format_time
from bot.i18n import isolate
from bot.services import notice_reads as reads
from bot.services import parent_words, pupil_cards
from bot.services.parent_words import Written
from bot.telegram.agreements_view import agreement_line, status_label
from bot.telegram.answer_choices import pressed
from bot.telegram.deps import Reader
from bot.telegram.free_text import own_words
from bot.telegram.notifications import Outgoing, RenderContext
from bot.telegram.pupil_card_view import card_lines
from bot.telegram.talk_texts import safe, talk_when


def answers_lines(
    reader: Reader, round_: Round, answers: Mapping[str, Answer], written: Written | None = None
) -> tuple[list[str], list[tuple[str, str]]]:
    """One parent's answers: flags first, then each question and answer; and the voice
    answers as (file id, caption) to send after the text. `written`: the language the
    typed answers were written in, with their translations (None: shown as written)."""
    tr = reader.tr
    flags, body, voices = [], [], []
    for number, question in enumerate(questions_of(round_), start=1):
        answer = answers.get(question.key)
        asked = tr.gettext(question.text)
        label = pressed(question, answer, reader)
        if answer is None or answer.skipped:
            shown = brief = tr.gettext("(skipped)")
        elif answer.voice_file_id:
            shown = brief = tr.gettext("(voice message, sent below)")
            voices.append((answer.voice_file_id, f"{number}. {asked}"))
        elif question.interpreter and not answer.text:
            shown = brief = tr.gettext("No interpreter needed")
        elif label is not None:
            shown = brief = safe(label, reader)
        else:
            brief = safe(answer.text, reader)  # in the flag: the words alone
            shown = _words(answer.text, written, reader)
        given = answer is not None and not answer.skipped
        replied = answer is not None and bool(answer.text or answer.voice_file_id)
        if question.interpreter and given and replied:
            flags.append(tr.gettext("⚠ Interpreter wanted: {answer}").format(answer=brief))
        if question.sensitive and given and label is None:
            flags.append(
                tr.gettext("⚠ Something about the home situation (question {number})").format(
                    number=number
                )
            )
        body += ["", f"<b>{number}. {asked}</b>", shown]
    return [*flags, *body], voices


def _words(text: str, written: Written | None, reader: Reader) -> str:
    """A typed answer: as written in the teacher's own language, else labelled as the
    parent's own words with the machine translation (or a note that there is none)."""
    if written is None or written.source is None or written.source == reader.language:
        return safe(text, reader)
    label = reader.tr.gettext("In the parent's own words:")
    return own_words(reader, text, written.source, written.translated.get(text), label=label)


async def render_answers(ctx: RenderContext, params: Mapping[str, Any]) -> Outgoing | None:
    """A parent's sent answers, to a teacher of the pupil (never to anyone else)."""
    if ctx.recipient_kind != PersonKind.STAFF:
        return None
    notice = await reads.answers_notice(
        ctx.conn,
        ctx.recipient_id,
        int(params["round_id"]),
        int(params["pupil_id"]),
        int(params["guardian_id"]),
    )
    if notice is None:
        return None
    reader, tr, child = ctx.reader, ctx.reader.tr, notice.child
    heading = tr.gettext("Answers about {pupil} from {name}").format(
        pupil=safe(f"{child.full_name} ({child.group})", reader),
        name=safe(notice.guardian_name, reader),
    )
    lines = [f"<b>{heading}</b>"]
    if notice.booked is not None:
        when = talk_when(notice.booked, ctx.settings.timezone, reader)
        lines.append(tr.gettext("Talk: {when}").format(when=when))
    written = await parent_words.written(
        ctx.conn,
        int(params["guardian_id"]),
        words_in(notice.answers),
        reader.language,
        source=params.get("source"),
    )
    body, voices = answers_lines(reader, notice.round, notice.answers, written)
    if not notice.answers:  # the parent sent only the child's card
        body, voices = [], []
    guardian_id = int(params["guardian_id"])
    for card in await pupil_cards.sent_cards(
        ctx.conn, notice.round.id, child.pupil_id, reader.language, guardian_id
    ):
        card_body, card_voices = card_lines(reader, child.first_name, card)
        body += card_body
        voices += card_voices
    return Outgoing("\n".join([*lines, *body]), voices=tuple(voices))


async def render_digest(ctx: RenderContext, params: Mapping[str, Any]) -> Outgoing | None:
    """The evening before: the teacher's talks of the day with every parent's answers."""
    if ctx.recipient_kind != PersonKind.STAFF:
        return None
    day = date.fromisoformat(str(params["day"]))
    text, voices = await digest_text(ctx.conn, ctx.reader, ctx.settings, ctx.recipient_id, day)
    return Outgoing(text, voices=tuple(voices)) if text else None


async def digest_text(
    conn: aiosqlite.Connection, reader: Reader, settings: Settings, staff_id: int, day: date
) -> tuple[str, list[tuple[str, str]]]:
    tz, tr = settings.timezone, reader.tr
    start = datetime.combine(day, time(), tz)
    count, talks = await reads.digest(conn, staff_id, start, start + timedelta(days=1))
    if not count:
        return "", []
    heading = tr.ngettext(
        "Your {count} talk on {day}", "Your {count} talks on {day}", count
    ).format(count=count, day=isolate(format_day(start, tz, reader.language), reader.language))
    lines, voices = [f"<b>{heading}</b>"], []
    for described in talks:
        talk, round_, child = described.talk, described.round, described.child
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
        lines += _earlier_agreements(reader, described)
        if not described.parents:
            lines.append(tr.gettext("No answers to the questions yet."))
        for parent in described.parents:
            lines.append(tr.gettext("Answers from {name}:").format(name=safe(parent.name, reader)))
            written = await parent_words.written(
                conn, parent.guardian_id, words_in(parent.answers), reader.language
            )
            body, more_voices = answers_lines(reader, round_, parent.answers, written)
            lines += body
            voices += more_voices
        for card in await pupil_cards.sent_cards(conn, round_.id, child.pupil_id, reader.language):
            body, more_voices = card_lines(reader, child.first_name, card)
            lines += body
            voices += more_voices
    return "\n".join(lines), voices


def _earlier_agreements(reader: Reader, described: reads.DigestTalk) -> list[str]:
    """What was agreed at this family's last talk, and how the parents said it went."""
    record = described.earlier  # only a record with agreements
    if record is None:
        return []
    lines = [reader.tr.gettext("Agreements from the last talk:")]
    for agreement in record.agreements:
        said = [
            f"{safe(mark.guardian, reader)}: {status_label(mark.status, reader)}"
            for mark in described.marks
            if mark.agreement_id == agreement.id
        ]
        lines.append(
            f"• {agreement_line(agreement, reader, {})}" + (f" — {'; '.join(said)}" if said else "")
        )
    return lines
