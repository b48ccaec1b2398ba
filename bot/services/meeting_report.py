"""The school's figures on its information meetings (`parentbot meetings report`).

Per meeting: how many families were invited, answered, came. Per topic: whether the
meetings reach the families they are meant for most (seed 003) — those whose language is
not the school's, and the newcomers — as well as the others. A family is a guardian, as
invitations go; only meetings whose attendance was registered count in the topic figures,
so a meeting nobody ticked off does not read as one nobody came to.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo

from bot.domain.meeting_topics import topic_title
from bot.domain.meetings import Invitee, Meeting, MeetingTopic, count, families_of
from bot.i18n import load_catalog
from bot.services.unit_of_work import Database
from bot.storage.meetings import attendance, invitees, load_meetings, replies


@dataclass(frozen=True)
class MeetingFigures:
    key: str
    title: str  # in the school's language
    day: date  # in the school's time zone
    invited: int
    answered: int
    coming: int
    maybe: int
    not_coming: int
    adults: int
    childcare: dict[str, int]  # age band -> children
    interpreters: dict[str, int]  # language -> guardians
    attended: int | None  # families marked present; None: attendance not registered


@dataclass(frozen=True)
class Share:
    """Of the families invited to meetings whose attendance was registered, how many came."""

    invited: int = 0
    present: int = 0

    @property
    def rate(self) -> float | None:
        return self.present / self.invited if self.invited else None

    def plus(self, invited: int, present: int) -> Share:
        return Share(self.invited + invited, self.present + present)


@dataclass(frozen=True)
class TopicFigures:
    topic: MeetingTopic
    flagged: Share  # home language not the school's, or a newcomer
    others: Share


@dataclass(frozen=True)
class MeetingsReport:
    meetings: tuple[MeetingFigures, ...]
    topics: tuple[TopicFigures, ...]

    def csv_rows(self) -> list[list[str]]:
        """One row per meeting, then one per topic, under their own headers (one table for
        a spreadsheet: the first column says which kind of row it is)."""
        rows = [
            [
                "row",
                "meeting",
                "title",
                "date",
                "invited",
                "answered",
                "coming",
                "maybe",
                "not_coming",
                "adults",
                "childcare",
                "interpreters",
                "attended",
            ]
        ]
        for m in self.meetings:
            rows.append(
                [
                    "meeting",
                    m.key,
                    m.title,
                    m.day.isoformat(),
                    *(str(n) for n in (m.invited, m.answered, m.coming, m.maybe)),
                    *(str(n) for n in (m.not_coming, m.adults)),
                    _pairs(m.childcare),
                    _pairs(m.interpreters),
                    "" if m.attended is None else str(m.attended),
                ]
            )
        rows.append(
            [
                "row",
                "topic",
                "flagged_invited",
                "flagged_present",
                "flagged_rate",
                "others_invited",
                "others_present",
                "others_rate",
            ]
        )
        for t in self.topics:
            rows.append(
                [
                    "topic",
                    t.topic.value,
                    *_share_cells(t.flagged),
                    *_share_cells(t.others),
                ]
            )
        return rows

    def text_lines(self) -> list[str]:
        """The report for a terminal, in English like the other admin commands."""
        if not self.meetings:
            return ["No information meetings."]
        lines = ["Information meetings:"]
        for m in self.meetings:
            attended = "not registered" if m.attended is None else str(m.attended)
            lines += [
                f"  {m.day.isoformat()} {m.key}: {m.title}",
                f"    invited {m.invited}, answered {m.answered}: coming {m.coming},"
                f" maybe {m.maybe}, not coming {m.not_coming}",
                f"    adults {m.adults}, childcare {_pairs(m.childcare) or '-'},"
                f" interpreters {_pairs(m.interpreters) or '-'}, attended {attended}",
            ]
        lines.append(
            "Attendance per topic (meetings with attendance registered), families needing it"
            " most (home language not the school's, or newcomers) vs the others:"
        )
        if not self.topics:
            lines.append("  no attendance registered yet")
        for t in self.topics:
            lines.append(
                f"  {t.topic.value}: flagged {_share_text(t.flagged)};"
                f" others {_share_text(t.others)}"
            )
        return lines


def _pairs(values: dict[str, int]) -> str:
    return " ".join(f"{key}:{number}" for key, number in values.items())


def _rate(share: Share) -> str:
    return "" if share.rate is None else f"{share.rate:.2f}"


def _share_cells(share: Share) -> list[str]:
    return [str(share.invited), str(share.present), _rate(share)]


def _share_text(share: Share) -> str:
    if share.rate is None:
        return "none invited"
    return f"{share.present} of {share.invited} came ({share.rate:.0%})"


def flagged(family: list[Invitee], default_language: str) -> bool:
    """A family the meetings are meant for most: another home language than the school's,
    or new at school."""
    return any(i.language != default_language or i.newcomer for i in family)


def school_title(meeting: Meeting, default_language: str) -> str:
    """The meeting's title as the school reads it."""
    given = meeting.title or dict(meeting.titles).get(default_language)
    return given or load_catalog(default_language).gettext(topic_title(meeting.topic))


async def meetings_report(
    db: Database, now: datetime, default_language: str, *, tz: tzinfo = UTC
) -> MeetingsReport:
    """Every meeting that has begun or is planned (not cancelled), with the topic figures."""
    figures = []
    shares: dict[MeetingTopic, tuple[Share, Share]] = {}
    async with db.read() as conn:
        for meeting in await load_meetings(conn):
            if meeting.cancelled:
                continue
            invited = await invitees(conn, meeting)
            answers = await replies(conn, meeting.id)
            present = await attendance(conn, meeting.id)
            counts = count(invited, answers, childcare_offered=meeting.childcare)
            registered = bool(present) and meeting.has_begun(now)
            families = families_of(invited)
            came = [f for f in families if any(present.get(i.guardian_id) for i in f)]
            figures.append(
                MeetingFigures(
                    key=meeting.key,
                    title=school_title(meeting, default_language),
                    day=meeting.starts_at.astimezone(tz).date(),
                    invited=counts.invited,
                    answered=counts.invited - counts.unanswered,
                    coming=counts.coming,
                    maybe=counts.maybe,
                    not_coming=counts.not_coming,
                    adults=counts.adults,
                    childcare=counts.childcare,
                    interpreters=counts.interpreters,
                    attended=len(came) if registered else None,
                )
            )
            if not registered:
                continue
            most, others = shares.get(meeting.topic, (Share(), Share()))
            needy = [f for f in families if flagged(f, default_language)]
            needy_came = [f for f in came if flagged(f, default_language)]
            shares[meeting.topic] = (
                most.plus(len(needy), len(needy_came)),
                others.plus(len(families) - len(needy), len(came) - len(needy_came)),
            )
    topics = tuple(TopicFigures(topic, *shares[topic]) for topic in MeetingTopic if topic in shares)
    return MeetingsReport(tuple(figures), topics)
