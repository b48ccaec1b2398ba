"""The school's records back out of the bot: the agreements of each pupil's talks for the
pupil file (ParnasSys/Esis), and the booked talks for the school's own calendar.

Only what the parents were sent counts as agreed: a draft the teacher never sent, or a
talk the parents did not come to, has no agreements. A parent's Understood counts for the
version last sent only, because a correction may have changed what they confirm.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from bot.domain.agreements import ChildGoal, Words
from bot.domain.rounds import Round
from bot.storage import agreements as store
from bot.storage import records
from bot.storage.database import Database
from bot.storage.records import ScheduledTalk
from bot.storage.rounds import load_rounds

__all__ = [
    "AgreementEntry",
    "Confirmation",
    "Mark",
    "PupilFile",
    "Schedule",
    "ScheduledTalk",
    "TalkEntry",
    "UnknownRound",
    "agreement_records",
    "school_schedule",
]


@dataclass(frozen=True)
class Mark:
    """How an agreement went, marked by one parent on the evaluation date."""

    parent: str
    status: str  # done, going_well or attention
    at: datetime


@dataclass(frozen=True)
class AgreementEntry:
    owner: str  # pupil, parents or school
    words: Words
    due_on: date | None
    child_goal: ChildGoal | None  # set: the child's own goal (owner pupil), its pictures
    marks: tuple[Mark, ...]
    child_answers: tuple[tuple[str, str], ...]  # (question, answer key), for the child's goal


@dataclass(frozen=True)
class Confirmation:
    """A parent who got the agreements; `at`: when they pressed Understood on the version
    last sent (None: not yet)."""

    parent: str
    at: datetime | None


@dataclass(frozen=True)
class TalkEntry:
    starts_at: datetime
    round: Round
    teacher: str
    evaluate_on: date | None
    agreements: tuple[AgreementEntry, ...]
    confirmations: tuple[Confirmation, ...]
    follow_up: bool  # the teacher asked for a follow-up talk
    follow_up_at: datetime | None  # when it is booked, if it is


@dataclass(frozen=True)
class PupilFile:
    """One pupil's talks with agreements, in time order."""

    number: str  # the roster's leerlingnummer
    name: str
    group: str
    talks: tuple[TalkEntry, ...]


async def agreement_records(
    db: Database, *, group: str | None, since: date | None, tz: ZoneInfo
) -> list[PupilFile]:
    """Per pupil (by pupil number), the held talks whose agreements were sent; `group` (a
    canonical group name) and `since` (a school-local day: talks on or after it) choose
    the pupils and talks."""
    first = datetime.combine(since, time(), tz) if since is not None else None
    async with db.read() as conn:
        rounds = {round_.id: round_ for round_ in await load_rounds(conn)}
        files: dict[str, PupilFile] = {}
        for sent in await records.sent_talks(conn, group=group, since=first):
            record = await store.record_of(conn, sent.booking_id)
            if record is None:
                continue
            marks = await records.parent_marks(conn, sent.booking_id)
            entries = []
            for agreement in record.agreements:
                answers = (
                    await records.child_answers(conn, agreement.id)
                    if agreement.child_goal is not None
                    else {}
                )
                entries.append(
                    AgreementEntry(
                        agreement.owner,
                        agreement.words,
                        agreement.due_on,
                        agreement.child_goal,
                        tuple(
                            Mark(m.parent, m.status, m.at)
                            for m in marks
                            if m.agreement_id == agreement.id
                        ),
                        tuple(sorted(answers.items())),
                    )
                )
            readings = await records.readings(conn, sent.booking_id, sent.pupil_id, sent.household)
            follow_up_at = (
                await records.follow_up_talk(conn, record.follow_up_round_id, sent.pupil_id)
                if record.follow_up_round_id is not None
                else None
            )
            talk = TalkEntry(
                sent.starts_at,
                rounds[sent.round_id],
                sent.teacher,
                record.evaluate_on,
                tuple(entries),
                tuple(
                    Confirmation(r.parent, _on_last_version(r.understood_at, sent.sent_at))
                    for r in readings
                ),
                record.follow_up,
                follow_up_at,
            )
            known = files.get(sent.pupil_number)
            talks = (*known.talks, talk) if known else (talk,)
            files[sent.pupil_number] = PupilFile(
                sent.pupil_number, sent.pupil_name, sent.group, talks
            )
    return list(files.values())


def _on_last_version(understood_at: datetime | None, sent_at: datetime) -> datetime | None:
    """An Understood pressed before the last sending confirmed an earlier version."""
    return understood_at if understood_at is not None and understood_at >= sent_at else None


class UnknownRound(Exception):
    """No round has this id; `known` lists the ids there are."""

    def __init__(self, key: str, known: list[str]) -> None:
        super().__init__(key)
        self.key = key
        self.known = known


@dataclass(frozen=True)
class Schedule:
    """The booked talks in time order, with the rounds they belong to. `withdrawn`: per
    teacher, the talks they had and have no longer (cancelled, or moved to another
    teacher), for their calendar to drop."""

    talks: tuple[ScheduledTalk, ...]
    rounds: dict[int, Round]
    withdrawn: tuple[ScheduledTalk, ...]


async def school_schedule(db: Database, *, round_key: str | None) -> Schedule:
    """Every booked talk of the school, or of the round with this plan id, and the talks
    withdrawn from a teacher there."""
    async with db.read() as conn:
        rounds = {round_.id: round_ for round_ in await load_rounds(conn)}
        chosen = None
        if round_key is not None:
            by_key = {round_.plan_key: round_.id for round_ in rounds.values()}
            if round_key not in by_key:
                raise UnknownRound(round_key, sorted(by_key))
            chosen = by_key[round_key]
        talks = await records.scheduled_talks(conn, chosen)
        withdrawn = await records.withdrawn_talks(conn, chosen)
    return Schedule(tuple(talks), rounds, tuple(withdrawn))
