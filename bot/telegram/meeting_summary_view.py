"""After an information meeting: what the invited families read, in their own language.

Those who could not come read the topic's key points, the organiser's own words (labelled
as theirs, with a machine translation when the school has an engine) and what they can do
at home; those who came are thanked and get the points for at home only. The organiser's
preview shows the first, written the same way.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.config import Settings
from bot.domain.machine_translation import Translated
from bot.domain.meeting_topics import at_home, key_points
from bot.domain.meetings import Meeting
from bot.domain.person_kind import PersonKind
from bot.services.meeting_organiser import summary_read
from bot.telegram.deps import Reader
from bot.telegram.free_text import own_words
from bot.telegram.meeting_texts import meeting_title
from bot.telegram.notifications import Outgoing, RenderContext


def _points(msgids: tuple[str, ...], reader: Reader) -> list[str]:
    return [f"• {reader.tr.gettext(msgid)}" for msgid in msgids]


def summary_text(
    meeting: Meeting,
    reader: Reader,
    settings: Settings,
    *,
    absent: bool,
    translated: Translated | None,
) -> str:
    """HTML: the summary a family reads, the whole of it when they were absent."""
    tr = reader.tr
    title = meeting_title(meeting, reader, settings)
    if absent:
        parts = [tr.gettext("You could not come to {title}.").format(title=title)]
        points = _points(key_points(meeting.topic), reader)
        if points or meeting.summary:
            parts[0] += " " + tr.gettext("This is what we talked about:")
        if points:
            parts.append("\n".join(points))
        if meeting.summary:
            label = tr.gettext("In the organiser's own words:")
            source = meeting.summary_language or settings.default_language
            parts.append(own_words(reader, meeting.summary, source, translated, label=label))
    else:
        parts = [tr.gettext("Thank you for coming to {title}.").format(title=title)]
    home = _points(at_home(meeting.topic), reader)
    if home:
        heading = tr.gettext("What you can do at home:")
        parts.append("\n".join([f"<b>{heading}</b>", *home]))
    return "\n\n".join(parts)


async def render_meeting_summary(ctx: RenderContext, params: Mapping[str, Any]) -> Outgoing | None:
    """To an invited family after the meeting; None once the meeting no longer invites them."""
    if ctx.recipient_kind != PersonKind.GUARDIAN:
        return None
    found = await summary_read(
        ctx.conn, int(params["meeting_id"]), ctx.recipient_id, ctx.reader.language
    )
    if found is None:
        return None
    absent = bool(params["absent"])
    text = summary_text(
        found.meeting, ctx.reader, ctx.settings, absent=absent, translated=found.translated
    )
    return Outgoing(text)
