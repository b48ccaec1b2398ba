"""A guardian answers a meeting's invitation: coming or not, then a question at a time.

The first press (coming, maybe, not coming) is stored at once, so the school counts it
even when the parent stops there; each later press adds one detail and moves the stored
step on, so the questions survive a restart and an old button can be told from a current
one. Every press is checked again against the database: the guardian must be invited, the
meeting open for answers, the value one the question offers and the step the one the
parent is at; anything else stores nothing and says why.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import datetime
from enum import Enum, StrEnum

import aiosqlite

from bot.domain.meetings import AGE_BANDS, MAX_ADULTS, MAX_CHILDCARE, Meeting, Reply, Rsvp
from bot.storage import meetings as store
from bot.storage.database import Database

log = logging.getLogger(__name__)


class Step(StrEnum):
    """The question a guardian who is coming is at."""

    ADULTS = "adults"
    CHILDCARE = "childcare"
    AGES = "ages"  # one question per child in childcare
    INTERPRETER = "interpreter"


@dataclass(frozen=True)
class At:
    """Where the guardian's answer stands: the next question; for AGES, how many
    children need childcare in all (the age bands given so far are in the reply)."""

    step: Step
    children: int = 0

    def to_db(self) -> str:
        return f"{self.step}:{self.children}" if self.step is Step.AGES else self.step.value

    @classmethod
    def from_db(cls, text: str | None) -> At | None:
        """None when the answer is complete (or the stored step is not one we know)."""
        name, _, children = (text or "").partition(":")
        try:
            return cls(Step(name), int(children or 0))
        except ValueError:
            return None


class State(Enum):
    OPEN = "open"  # the press counted, or there is nothing to refuse
    OUT_OF_STEP = "out_of_step"  # a button of another question: nothing stored
    CLOSED = "closed"  # the answer deadline has passed
    CANCELLED = "cancelled"
    STALE = "stale"  # no such meeting, not invited, not announced yet, or a forged value


@dataclass(frozen=True)
class Answer:
    """A meeting as one guardian sees it: their reply (None: not answered) and the question
    they are at (None: none open)."""

    state: State
    meeting: Meeting | None = None
    reply: Reply | None = None
    at: At | None = None


async def current(db: Database, guardian_id: int, meeting_id: int, now: datetime) -> Answer:
    """The guardian's answer as it stands (the "Change my answer" button re-checks here)."""
    async with db.read() as conn:
        return await _check(conn, guardian_id, meeting_id, now)


async def answer(
    db: Database, guardian_id: int, meeting_id: int, rsvp: Rsvp, now: datetime
) -> Answer:
    """Coming, maybe or not coming: stored at once. Not coming ends the answer; coming asks
    how many adults (earlier details stay until the parent replaces them)."""
    async with db.transaction() as conn:
        found = await _check(conn, guardian_id, meeting_id, now)
        if found.state is not State.OPEN or found.meeting is None:
            return found
        if rsvp is Rsvp.NO:
            given = found.reply.answered_at if found.reply else None
            reply = Reply(guardian_id, Rsvp.NO, answered_at=given)
            return await _save(conn, found.meeting, reply, None, now)
        reply = replace(found.reply or Reply(guardian_id, rsvp), answer=rsvp)
        return await _save(conn, found.meeting, reply, At(Step.ADULTS), now)


async def adults(
    db: Database, guardian_id: int, meeting_id: int, number: int, now: datetime
) -> Answer:
    """How many adults come; then childcare, if the meeting offers it."""
    if not 1 <= number <= MAX_ADULTS:
        return Answer(State.STALE)
    async with db.transaction() as conn:
        found = await _at(conn, guardian_id, meeting_id, now, At(Step.ADULTS))
        if found.state is not State.OPEN or found.meeting is None or found.reply is None:
            return found
        meeting = found.meeting
        at = At(Step.CHILDCARE) if meeting.childcare else _after_childcare(meeting)
        return await _save(conn, meeting, replace(found.reply, adults=number), at, now)


async def childcare(
    db: Database, guardian_id: int, meeting_id: int, children: int, now: datetime
) -> Answer:
    """For how many children (0: none); each one's age is asked next."""
    if not 0 <= children <= MAX_CHILDCARE:
        return Answer(State.STALE)
    async with db.transaction() as conn:
        found = await _at(conn, guardian_id, meeting_id, now, At(Step.CHILDCARE))
        if found.state is not State.OPEN or found.meeting is None or found.reply is None:
            return found
        meeting = found.meeting
        at = At(Step.AGES, children) if children else _after_childcare(meeting)
        return await _save(conn, meeting, replace(found.reply, childcare=()), at, now)


async def age_band(
    db: Database, guardian_id: int, meeting_id: int, child: int, band: str, now: datetime
) -> Answer:
    """The age band of the `child`-th child (from 0) in childcare."""
    if band not in AGE_BANDS:
        return Answer(State.STALE)
    async with db.transaction() as conn:
        found = await _check(conn, guardian_id, meeting_id, now)
        at, reply, meeting = found.at, found.reply, found.meeting
        if found.state is not State.OPEN or meeting is None or reply is None:
            return found
        if at is None or at.step is not Step.AGES or child != len(reply.childcare):
            return replace(found, state=State.OUT_OF_STEP)
        reply = replace(reply, childcare=(*reply.childcare, band))
        if len(reply.childcare) < at.children:
            return await _save(conn, meeting, reply, at, now)
        return await _save(conn, meeting, reply, _after_childcare(meeting), now)


async def interpreter(
    db: Database, guardian_id: int, meeting_id: int, language: str | None, now: datetime
) -> Answer:
    """An interpreter for one of the meeting's languages, or none: the last question."""
    async with db.transaction() as conn:
        found = await _at(conn, guardian_id, meeting_id, now, At(Step.INTERPRETER))
        meeting = found.meeting
        if found.state is not State.OPEN or meeting is None or found.reply is None:
            return found
        if language is not None and language not in meeting.interpreters:
            return Answer(State.STALE)
        return await _save(conn, meeting, replace(found.reply, interpreter=language), None, now)


async def upcoming(db: Database, guardian_id: int, now: datetime) -> list[Answer]:
    """The meetings announced to the guardian that are not over (nor cancelled), in date
    order, each with their answer as it stands and whether answers are still open."""
    async with db.read() as conn:
        found = []
        for meeting in await store.load_meetings(conn, ending_after=now):
            if meeting.cancelled or now < meeting.invitations_from:
                continue
            if await store.invitee(conn, meeting, guardian_id) is None:
                continue
            reply, at = await _reply(conn, meeting, guardian_id)
            state = State.OPEN if meeting.answers_open(now) else State.CLOSED
            found.append(Answer(state, meeting, reply, at))
        return found


async def _check(
    conn: aiosqlite.Connection, guardian_id: int, meeting_id: int, now: datetime
) -> Answer:
    meeting = await store.load_meeting(conn, meeting_id)
    if meeting is None or now < meeting.invitations_from:
        return Answer(State.STALE)
    if await store.invitee(conn, meeting, guardian_id) is None:
        return Answer(State.STALE)
    reply, at = await _reply(conn, meeting, guardian_id)
    if meeting.cancelled:
        return Answer(State.CANCELLED, meeting, reply, at)
    if not meeting.answers_open(now):
        return Answer(State.CLOSED, meeting, reply, at)
    return Answer(State.OPEN, meeting, reply, at)


async def _at(
    conn: aiosqlite.Connection, guardian_id: int, meeting_id: int, now: datetime, expected: At
) -> Answer:
    """The check, and whether the guardian is at the question the press answers."""
    found = await _check(conn, guardian_id, meeting_id, now)
    if found.state is State.OPEN and found.at != expected:
        return replace(found, state=State.OUT_OF_STEP)
    return found


async def _reply(
    conn: aiosqlite.Connection, meeting: Meeting, guardian_id: int
) -> tuple[Reply | None, At | None]:
    """The guardian's answer and the question they are at: past childcare when the plan
    stopped offering it meanwhile."""
    found = await store.reply_of(conn, meeting.id, guardian_id)
    if found is None:
        return None, None
    reply, step = found
    at = At.from_db(step)
    if at is not None and at.step in (Step.CHILDCARE, Step.AGES) and not meeting.childcare:
        at = _after_childcare(meeting)
    return reply, at


def _after_childcare(meeting: Meeting) -> At | None:
    """The interpreter question when the meeting has interpreters; else the answer is done."""
    return At(Step.INTERPRETER) if meeting.interpreters else None


async def _save(
    conn: aiosqlite.Connection, meeting: Meeting, reply: Reply, at: At | None, now: datetime
) -> Answer:
    await store.save_reply(conn, meeting.id, reply, at.to_db() if at else None, now)
    log.info(
        "meeting reply meeting_id=%d guardian_id=%d answer=%s step=%s",
        meeting.id,
        reply.guardian_id,
        reply.answer,
        at.to_db() if at else "done",
    )
    stored = await store.reply_of(conn, meeting.id, reply.guardian_id)
    return Answer(State.OPEN, meeting, stored[0] if stored else reply, at)
