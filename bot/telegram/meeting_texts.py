"""A meeting's title, time and place, written for one reader in their own language.

Every message about an information meeting (invitation, reminder, the organiser's view,
the summary) names it the same way, so a parent recognises it: the plan's title for the
reader's language, the school's own title for readers of the school's language, else the
topic's title in the reader's words (never a Dutch title for an Arabic reader).
"""

from __future__ import annotations

import html

from bot.config import Settings
from bot.domain.meeting_topics import topic_title
from bot.domain.meetings import Meeting
from bot.formatting import format_day_and_time, format_duration
from bot.i18n import isolate
from bot.telegram.deps import Reader
from bot.telegram.round_names import place_name


def meeting_title(meeting: Meeting, reader: Reader, settings: Settings) -> str:
    """The meeting's title for this reader, as HTML."""
    given = dict(meeting.titles).get(reader.language)
    if not given and meeting.title and reader.language == settings.default_language:
        given = meeting.title
    if given:
        return html.escape(given)
    return html.escape(reader.tr.gettext(topic_title(meeting.topic)))


def meeting_when_where(meeting: Meeting, reader: Reader, settings: Settings) -> str:
    """When (day, time, duration) and where the meeting is, as HTML lines."""
    tr = reader.tr
    when = isolate(
        format_day_and_time(meeting.starts_at, settings.timezone, reader.language),
        reader.language,
    )
    lines = [
        tr.gettext("When: {when} ({duration})").format(
            when=when, duration=format_duration(meeting.minutes, reader.language)
        )
    ]
    if meeting.place:
        lines.append(
            tr.gettext("Where: {place}").format(place=place_name(meeting.place, None, reader))
        )
    return "\n".join(lines)
