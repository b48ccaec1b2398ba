"""A round's title and a talk's place, written for one reader in their own language.

The year plan is written once, in the school's language; a parent reads "Progress talks,
December — group 4" and "the classroom of group 4" in theirs. Titles are built from the
kind of talk, the month and the group through the catalogs, unless the plan gives one for
the reader's language; places are a keyword read as a phrase, or a name kept as written
(isolated in right-to-left text).
"""

from __future__ import annotations

import gettext
import html
from collections.abc import Iterable

from bot.config import Settings
from bot.domain.person_kind import PersonKind
from bot.domain.rounds import PlaceKeyword, Round, TalkKind, place_keyword
from bot.formatting import format_months
from bot.i18n import FIRST_STRONG_ISOLATE, POP_DIRECTIONAL_ISOLATE, isolate
from bot.telegram.deps import Reader


def kind_name(kind: TalkKind, tr: gettext.NullTranslations) -> str:
    """The kind of talk as a plural noun ("Progress talks"): a button, or a title's start."""
    names = {
        TalkKind.START: tr.gettext("Start talks"),
        TalkKind.PROGRESS: tr.gettext("Progress talks"),
        TalkKind.DEVELOPMENT: tr.gettext("Second development talks"),
        TalkKind.ADVICE: tr.gettext("Advice talks"),
    }
    return names[kind]


def round_title(round_: Round, reader: Reader, settings: Settings, group: str | None) -> str:
    """The round's title for this reader, as HTML: the plan's title in their language if it
    gives one, else one built in their language. `group` is the reader's group in the
    round where the view knows it (their child's, the teacher's own); None: no group."""
    given = round_.title_in(reader.language, settings.default_language)
    if given:
        return html.escape(given)
    months = None
    if round_.first_talk and round_.last_talk:
        months = format_months(
            round_.first_talk, round_.last_talk, settings.timezone, reader.language
        )
    return built_title(round_.kind, reader, group=group, months=months, follow_up=round_.follow_up)


def built_title(
    kind: TalkKind,
    reader: Reader,
    *,
    group: str | None,
    months: str | None = None,
    follow_up: bool = False,
) -> str:
    """A title in the reader's words, as HTML: the kind of talk, the month(s) of its talks
    and the group, each left out when not known."""
    tr = reader.tr
    name = tr.gettext("Follow-up talk") if follow_up else kind_name(kind, tr)
    if months:
        # Translators: a round's title, e.g. "Progress talks, December".
        name = tr.gettext("{kind}, {month}").format(kind=name, month=months)
    title = html.escape(name)
    if group:
        # Translators: a round's title with the reader's group, e.g.
        # "Progress talks, December — group 4".
        title = tr.gettext("{title} — group {group}").format(
            title=title, group=isolate(html.escape(group), reader.language)
        )
    return title


def place_name(place: str, group: str | None, reader: Reader) -> str:
    """Where a talk is, as HTML: a keyword in the reader's words, or a name as written.
    `group` is the child's group, for "the classroom of group 4"; None: not known here."""
    tr = reader.tr
    keyword = place_keyword(place)
    if keyword is None:
        return isolate(html.escape(place), reader.language)
    if keyword is PlaceKeyword.CLASSROOM:
        if not group:
            return tr.gettext("your child's classroom")
        return tr.gettext("the classroom of group {group}").format(
            group=isolate(html.escape(group), reader.language)
        )
    rooms = {
        PlaceKeyword.HALL: tr.gettext("the school hall"),
        PlaceKeyword.GYM: tr.gettext("the gym"),
        PlaceKeyword.STAFF_ROOM: tr.gettext("the staff room"),
        # Translators: the room of the school's pupil support coordinator (in Dutch
        # schools the "intern begeleider").
        PlaceKeyword.COUNSELLOR: tr.gettext("the room of the pupil support coordinator"),
        PlaceKeyword.OFFICE: tr.gettext("the school office"),
    }
    return rooms[keyword]


def sole_group(groups: Iterable[str]) -> str | None:
    """The one group these children (or pupils) share, or None when they differ."""
    found = set(groups)
    return found.pop() if len(found) == 1 else None


def teacher_group(reader: Reader) -> str | None:
    """A teacher's group when they teach just one: the group of each round they see."""
    staff = next((p for p in reader.people if p.kind == PersonKind.STAFF), None)
    return sole_group(staff.groups) if staff else None


def as_plain(text: str) -> str:
    """Text made for Telegram's HTML, as plain text for a calendar or a printed file."""
    return (
        html.unescape(text).replace(FIRST_STRONG_ISOLATE, "").replace(POP_DIRECTIONAL_ISOLATE, "")
    )
