"""The planned messages about an information meeting: invitation, nudge, reminder, and the
teachers' list of families to call.

Each renderer reads the database as it is at send time and returns None when its reason
is gone (the meeting was cancelled or has begun, the guardian is no longer invited, they
answered meanwhile, they are no longer coming, every family answered, the plan moved the
meeting or its answer deadline since the message was planned): the outbox then withdraws
the row and nothing is sent.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.domain.clock import from_db, to_db
from bot.domain.meeting_topics import content, purpose
from bot.domain.meetings import AGE_BANDS, Meeting, Reply, Rsvp
from bot.domain.person_kind import PersonKind
from bot.formatting import format_day_and_time, format_list
from bot.i18n import isolate
from bot.services import meeting_changes, meeting_reads
from bot.telegram.deps import Reader
from bot.telegram.free_text import language_name
from bot.telegram.meeting_buttons import rsvp_keyboard
from bot.telegram.meeting_organiser import not_reached_line
from bot.telegram.meeting_texts import meeting_title, meeting_when_where
from bot.telegram.notifications import Outgoing, RenderContext


async def _invited(ctx: RenderContext, params: Mapping[str, Any]) -> meeting_reads.Invited | None:
    if ctx.recipient_kind != PersonKind.GUARDIAN:
        return None
    return await meeting_reads.invited(
        ctx.conn, int(params["meeting_id"]), ctx.recipient_id, ctx.now
    )


def _deadline(meeting: Meeting, ctx: RenderContext) -> str:
    language = ctx.reader.language
    when = format_day_and_time(meeting.rsvp_closes_at, ctx.settings.timezone, language)
    return ctx.reader.tr.gettext("Please answer by {deadline}.").format(
        deadline=isolate(when, language)
    )


def _childcare(meeting: Meeting, reader: Reader) -> str:
    tr = reader.tr
    if not meeting.childcare:
        return tr.gettext("There is no childcare at this meeting.")
    youngest, oldest = AGE_BANDS[0].split("-")[0], AGE_BANDS[-1].split("-")[-1]
    return tr.gettext(
        "There is childcare for children from {youngest} to {oldest} years old during the meeting."
    ).format(youngest=youngest, oldest=oldest)


def _interpreters(meeting: Meeting, reader: Reader) -> list[str]:
    if not meeting.interpreters:
        return []
    names = [language_name(code, reader) for code in meeting.interpreters]
    return [
        reader.tr.gettext("Interpreters are there for: {languages}.").format(
            languages=format_list(names, reader.language)
        )
    ]


def _about(meeting: Meeting, reader: Reader) -> list[str]:
    """What the meeting is for and what is discussed: the topic's own texts."""
    tr = reader.tr
    lines = [tr.gettext(purpose(meeting.topic))]
    lines += [f"• {tr.gettext(line)}" for line in content(meeting.topic)]
    return lines


async def render_meeting_invitation(
    ctx: RenderContext, params: Mapping[str, Any]
) -> Outgoing | None:
    """One per guardian, whatever the number of their children: what, when, where, the
    help on offer, and the three answer buttons."""
    found = await _invited(ctx, params)
    if found is None or not found.meeting.answers_open(ctx.now):
        return None
    meeting, reader = found.meeting, ctx.reader
    tr = reader.tr
    lines = [
        f"<b>{meeting_title(meeting, reader, ctx.settings)}</b>",
        tr.gettext("The school invites you to a meeting for parents."),
        "",
        *_about(meeting, reader),
        "",
        meeting_when_where(meeting, reader, ctx.settings),
        "",
        tr.gettext("Children do not come to this meeting."),
        _childcare(meeting, reader),
        *_interpreters(meeting, reader),
        "",
        _deadline(meeting, ctx),
    ]
    return Outgoing("\n".join(lines), rsvp_keyboard(reader, meeting.id))


async def render_meeting_nudge(ctx: RenderContext, params: Mapping[str, Any]) -> Outgoing | None:
    """A short reminder to answer, for a guardian who has not answered yet."""
    found = await _invited(ctx, params)
    if found is None or found.reply is not None or not found.meeting.answers_open(ctx.now):
        return None
    if params["closes"] != to_db(found.meeting.rsvp_closes_at):
        return None  # planned for an answer deadline the plan has since moved
    meeting, reader = found.meeting, ctx.reader
    lines = [
        f"<b>{meeting_title(meeting, reader, ctx.settings)}</b>",
        reader.tr.gettext("You have not answered yet. Will you come to this meeting?"),
        "",
        meeting_when_where(meeting, reader, ctx.settings),
        "",
        _deadline(meeting, ctx),
    ]
    return Outgoing("\n".join(lines), rsvp_keyboard(reader, meeting.id))


def _how_soon(meeting: Meeting, ctx: RenderContext) -> str:
    tz, tr = ctx.settings.timezone, ctx.reader.tr
    days = (meeting.starts_at.astimezone(tz).date() - ctx.now.astimezone(tz).date()).days
    if days <= 0:
        return tr.gettext("Reminder: the meeting is today.")
    if days == 1:
        return tr.gettext("Reminder: the meeting is tomorrow.")
    return tr.ngettext(
        "Reminder: the meeting is in {count} day.",
        "Reminder: the meeting is in {count} days.",
        days,
    ).format(count=days)


def _asked_for(meeting: Meeting, reply: Reply, reader: Reader) -> list[str]:
    """What the guardian answered that the school prepares for: their chairs, childcare,
    an interpreter."""
    tr = reader.tr
    lines = []
    if reply.answer is Rsvp.MAYBE:
        lines.append(tr.gettext("You answered that you may come."))
    lines.append(
        tr.ngettext(
            "We expect {count} adult from your family.",
            "We expect {count} adults from your family.",
            reply.adults,
        ).format(count=reply.adults)
    )
    if meeting.childcare and reply.childcare:
        children = len(reply.childcare)
        lines.append(
            tr.ngettext(
                "Childcare is arranged for {count} child.",
                "Childcare is arranged for {count} children.",
                children,
            ).format(count=children)
        )
    if reply.interpreter and reply.interpreter in meeting.interpreters:
        lines.append(
            tr.gettext("An interpreter for {language} will be there.").format(
                language=language_name(reply.interpreter, reader)
            )
        )
    return lines


async def render_meeting_reminder(ctx: RenderContext, params: Mapping[str, Any]) -> Outgoing | None:
    """A week and a day before, to those coming or perhaps coming: when, where, and what
    they asked for; while answers are open, the buttons to change their answer."""
    found = await _invited(ctx, params)
    if found is None or found.reply is None or not found.reply.coming:
        return None
    if params["starts"] != to_db(found.meeting.starts_at):
        return None  # planned for a date the plan has since moved the meeting from
    meeting, reader, reply = found.meeting, ctx.reader, found.reply
    tr = reader.tr
    lines = [
        f"<b>{meeting_title(meeting, reader, ctx.settings)}</b>",
        _how_soon(meeting, ctx),
        "",
        meeting_when_where(meeting, reader, ctx.settings),
        "",
        *_asked_for(meeting, reply, reader),
    ]
    if not meeting.answers_open(ctx.now):
        lines += ["", tr.gettext("Can't come after all? Please let the school know.")]
        return Outgoing("\n".join(lines))
    lines += ["", tr.gettext("Can't come? Change your answer below.")]
    return Outgoing("\n".join(lines), rsvp_keyboard(reader, meeting.id))


async def render_meeting_not_reached(
    ctx: RenderContext, params: Mapping[str, Any]
) -> Outgoing | None:
    """To a teacher: the families of their groups the bot cannot reach or that did not
    answer, with their phone, to call; to the organiser: every such family."""
    if ctx.recipient_kind != PersonKind.STAFF:
        return None
    found = await meeting_reads.families_to_call(
        ctx.conn, int(params["meeting_id"]), ctx.recipient_id, ctx.now
    )
    if found is None or not found.families:
        return None
    meeting, reader = found.meeting, ctx.reader
    tr = reader.tr
    count = len(found.families)
    lines = [
        f"<b>{meeting_title(meeting, reader, ctx.settings)}</b>",
        meeting_when_where(meeting, reader, ctx.settings),
        "",
        tr.ngettext(
            "{count} invited family has not answered or cannot be reached in Telegram:",
            "{count} invited families have not answered or cannot be reached in Telegram:",
            count,
        ).format(count=count),
        *(not_reached_line(item, reader) for item in found.families),
        "",
        tr.gettext("Please call them, tell them about the meeting and ask if they will come."),
    ]
    return Outgoing("\n".join(lines))


async def render_meeting_changed(ctx: RenderContext, params: Mapping[str, Any]) -> Outgoing | None:
    """An announced meeting moved (when and where it is now, and when it was), was
    cancelled, or was put back after all; a notice the plan has since overtaken (moved
    again, cancelled again, put back) says nothing."""
    if ctx.recipient_kind != PersonKind.GUARDIAN:
        return None
    found = await meeting_reads.changed(
        ctx.conn, int(params["meeting_id"]), ctx.recipient_id, ctx.now
    )
    if found is None:
        return None
    meeting, reader = found.meeting, ctx.reader
    tr, tz, language = reader.tr, ctx.settings.timezone, reader.language
    title = f"<b>{meeting_title(meeting, reader, ctx.settings)}</b>"
    if params["change"] == meeting_changes.CANCELLED:
        if not meeting.cancelled:
            return None
        when = format_day_and_time(meeting.starts_at, tz, language)
        cancelled = tr.gettext("The meeting on {when} is cancelled. We are sorry.")
        return Outgoing("\n".join([title, cancelled.format(when=isolate(when, language))]))
    if meeting.cancelled or params["version"] != meeting_changes.version(meeting):
        return None
    if params["change"] == meeting_changes.REINSTATED:
        lines = [
            title,
            # Translators: a meeting the parents were told was cancelled is on again.
            tr.gettext("This meeting takes place after all:"),
            "",
            meeting_when_where(meeting, reader, ctx.settings),
        ]
    else:
        was = format_day_and_time(from_db(str(params["was"])), tz, language)
        lines = [
            title,
            tr.gettext("This meeting has changed. Please note the new time and place:"),
            "",
            meeting_when_where(meeting, reader, ctx.settings),
            "",
            tr.gettext("It was planned for {when}.").format(when=isolate(was, language)),
        ]
    if not meeting.answers_open(ctx.now):
        return Outgoing("\n".join(lines))
    if found.reply is None:
        lines += ["", _deadline(meeting, ctx)]
    elif found.reply.coming:
        lines += ["", tr.gettext("Can you still come? If not, please change your answer.")]
    else:
        lines += ["", tr.gettext("Can you come now? You can change your answer.")]
    return Outgoing("\n".join(lines), rsvp_keyboard(reader, meeting.id))
