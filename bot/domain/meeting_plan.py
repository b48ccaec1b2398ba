"""The year plan's `[[meetings]]`: information evenings for the parents of some groups and
the newcomers (seed 003).

Checked with the same readers as the rounds, so a title, a place or a time is written the
same way in both; what needs the school (its groups and staff) is checked on applying.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import combinations
from typing import Any
from zoneinfo import ZoneInfo

from bot.domain.meetings import MeetingTopic
from bot.domain.plan_fields import Fields, groups, local_time, place, titles
from bot.domain.rounds import PlaceKeyword, place_keyword
from bot.languages import any_language_from_text

DEFAULT_MINUTES = 60
DEFAULT_NEWCOMER_MONTHS = 6
INVITATIONS_BEFORE = timedelta(days=21)  # three weeks: time to arrange work and childminding
RSVP_CLOSES_BEFORE = timedelta(days=2)  # time to arrange chairs, childcare and interpreters

_SETTINGS = {
    "id",
    "topic",
    "title",
    "starts",
    "minutes",
    "place",
    "groups",
    "newcomers",
    "newcomer_months",
    "childcare",
    "interpreters",
    "invitations_from",
    "rsvp_closes",
    "organiser",
}


@dataclass(frozen=True)
class PlannedMeeting:
    key: str
    topic: MeetingTopic
    title: str  # the school's own title, read by readers of the school's language; "" built
    titles: tuple[tuple[str, str], ...]  # (language, title), sorted by language
    starts_at: datetime  # UTC
    minutes: int
    place: str  # a place keyword or a name kept as written
    groups: tuple[str, ...]  # group names, sorted
    newcomer_months: int | None  # None: newcomers are not invited as such
    childcare: bool
    interpreters: tuple[str, ...]  # language codes, in the plan's order
    invitations_from: datetime  # UTC
    rsvp_closes_at: datetime  # UTC
    organiser: str | None  # a staff e-mail, lower case

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.minutes)


def parse_meetings(
    entries: list[dict[str, Any]], tz: ZoneInfo, problems: list[str]
) -> list[PlannedMeeting]:
    """The plan's `[[meetings]]` tables; their problems are added to `problems`."""
    meetings = []
    for number, entry in enumerate(entries, start=1):
        planned = _meeting(Fields(entry, f"meeting {entry.get('id', number)!r}", problems), tz)
        if planned is not None:
            meetings.append(planned)
    keys = [m.key for m in meetings]
    problems += [
        f"meeting {k!r} appears more than once"
        for k in sorted(k for k in set(keys) if keys.count(k) > 1)
    ]
    problems += [
        f"meetings {a.key!r} and {b.key!r} are at the same place at the same time"
        for a, b in combinations(meetings, 2)
        if _same_room(a, b) and a.starts_at < b.ends_at and b.starts_at < a.ends_at
    ]
    return meetings


def _meeting(f: Fields, tz: ZoneInfo) -> PlannedMeeting | None:
    count = len(f.problems)
    f.unknown(_SETTINGS)
    key = f.key()
    topic = f.choice("topic", MeetingTopic)
    title, own_titles = titles(f)
    if topic is MeetingTopic.OWN and not (title or own_titles):
        f.problem('topic "own" needs a title')
    minutes = f.get("minutes", int, DEFAULT_MINUTES)
    if minutes is not None and not 15 <= minutes <= 240:
        f.problem("minutes must be between 15 and 240")
    starts = local_time(f, "starts", tz, with_time=True)
    opens, closes = _deadlines(f, starts, tz)
    invited_groups = tuple(sorted(set(groups(f))))
    newcomer_months = _newcomer_months(f)
    if not invited_groups and newcomer_months is None:
        f.problem("groups is empty and newcomers is not true: nobody would be invited")
    where = place(f)
    if not where:
        f.problem("place is missing: the invitation must say where to go")
    elif place_keyword(where) is PlaceKeyword.CLASSROOM and (
        len(invited_groups) != 1 or newcomer_months is not None
    ):
        f.problem('place "classroom" is only clear for one group without newcomers; name the room')
    organiser = f.get("organiser", str, None)
    planned = PlannedMeeting(
        key=key,
        topic=topic or MeetingTopic.OWN,
        title=title,
        titles=own_titles,
        starts_at=starts or datetime.min,
        minutes=minutes or DEFAULT_MINUTES,
        place=where,
        groups=invited_groups,
        newcomer_months=newcomer_months,
        childcare=f.get("childcare", bool, False) or False,
        interpreters=_interpreters(f),
        invitations_from=opens or datetime.min,
        rsvp_closes_at=closes or datetime.min,
        organiser=organiser.strip().lower() if organiser else None,
    )
    return planned if len(f.problems) == count else None


def _deadlines(
    f: Fields, starts: datetime | None, tz: ZoneInfo
) -> tuple[datetime | None, datetime | None]:
    """When invitations go out and answers close: by default three weeks and two days
    before, counted in school-local days so a clock change does not shift the hour."""
    opens = local_time(f, "invitations_from", tz, optional=True)
    closes = local_time(f, "rsvp_closes", tz, optional=True)
    if starts is None:
        return opens, closes
    local_start = starts.astimezone(tz)
    opens = opens or (local_start - INVITATIONS_BEFORE).astimezone(UTC)
    closes = closes or (local_start - RSVP_CLOSES_BEFORE).astimezone(UTC)
    if closes >= starts:
        f.problem("rsvp_closes is not before starts")
    if opens >= closes:
        f.problem("rsvp_closes is not after invitations_from")
    return opens, closes


def _newcomer_months(f: Fields) -> int | None:
    newcomers = f.get("newcomers", bool, False)
    months = f.get("newcomer_months", int, None)
    if months is not None and not newcomers:
        f.problem("newcomer_months is set but newcomers is not true")
    if months is not None and not 1 <= months <= 24:
        f.problem("newcomer_months must be between 1 and 24")
    return (months or DEFAULT_NEWCOMER_MONTHS) if newcomers else None


def _interpreters(f: Fields) -> tuple[str, ...]:
    """Language codes or names as a roster writes them ("tr", "Turks", "Arabic"), also of
    languages the bot does not ship ("Tigrinya", "so"): interpreters speak them."""
    codes: list[str] = []
    for written in f.get("interpreters", list, []) or []:
        code = any_language_from_text(str(written))
        if code is None:
            f.problem(f"interpreters: {written!r} is not a language CLDR knows")
        elif code not in codes:
            codes.append(code)
    return tuple(codes)


def _same_room(a: PlannedMeeting, b: PlannedMeeting) -> bool:
    """Two classrooms are one room only when they are of the same group."""
    if place_keyword(a.place) is PlaceKeyword.CLASSROOM:
        return a.place == b.place and a.groups == b.groups
    return a.place == b.place
