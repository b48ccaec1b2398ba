"""A guardian's answer to a meeting's invitation: stored at the first press, one question
at a time after it, changeable until the deadline, and nothing stored for a press that is
forged, late, out of step or not the presser's."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.domain.clock import ManualClock, to_db
from bot.domain.meetings import Reply, Rsvp
from bot.services import meeting_replies as service
from bot.services.meeting_replies import At, State, Step
from bot.services.roster_import import import_roster
from bot.services.staff_import import import_staff
from bot.storage import meetings as store
from bot.storage.database import Database
from tests.conftest import EXAMPLES
from tests.meeting_fixture import add_meeting
from tests.services.school_fixture import Ids

STARTS = datetime(2026, 10, 1, 17, 0, tzinfo=UTC)  # invitations from 10 September
ANSWERING = datetime(2026, 9, 15, 9, 0, tzinfo=UTC)


async def _school(db: Database, clock: ManualClock, **meeting: Any) -> tuple[Ids, int]:
    """The example school and a meeting for groups 1/2A and 4; the clock while answers
    are open."""
    for importer, name in ((import_roster, "roster"), (import_staff, "staff")):
        data = (EXAMPLES / f"regenboog-{name}.csv").read_bytes()
        await importer(db, data, default_language="nl", clock=clock)
    meeting_id = await add_meeting(db, starts_at=STARTS, groups=("1/2A", "4"), **meeting)
    clock.set(ANSWERING)
    return Ids(db), meeting_id


async def _stored(db: Database, meeting_id: int, guardian_id: int) -> tuple[Reply, str | None]:
    async with db.read() as conn:
        found = await store.reply_of(conn, meeting_id, guardian_id)
    assert found is not None
    return found


async def test_coming_is_stored_at_once_then_each_question_in_turn(db, clock):
    ids, meeting = await _school(db, clock)
    ayse, now = await ids.guardian("Ayşe Yılmaz"), clock.now()

    given = await service.answer(db, ayse, meeting, Rsvp.YES, now)
    assert (given.state, given.at) == (State.OPEN, At(Step.ADULTS))
    reply, step = await _stored(db, meeting, ayse)
    assert (reply.answer, reply.adults, step) == (Rsvp.YES, 1, "adults")  # counted already

    assert (await service.adults(db, ayse, meeting, 2, now)).at == At(Step.CHILDCARE)
    assert (await service.childcare(db, ayse, meeting, 2, now)).at == At(Step.AGES, 2)
    assert (await service.age_band(db, ayse, meeting, 0, "0-1", now)).at == At(Step.AGES, 2)
    assert (await service.age_band(db, ayse, meeting, 1, "4-12", now)).at == At(Step.INTERPRETER)
    done = await service.interpreter(db, ayse, meeting, "tr", now)
    assert (done.state, done.at) == (State.OPEN, None)

    reply, step = await _stored(db, meeting, ayse)
    assert step is None
    assert (reply.answer, reply.adults, reply.childcare, reply.interpreter) == (
        Rsvp.YES,
        2,
        ("0-1", "4-12"),
        "tr",
    )
    assert done.reply == reply


async def test_not_coming_ends_the_answer_and_may_change_to_coming(db, clock):
    ids, meeting = await _school(db, clock)
    jolanda, now = await ids.guardian("Jolanda Smit"), clock.now()

    no = await service.answer(db, jolanda, meeting, Rsvp.NO, now)
    assert (no.state, no.at, no.reply and no.reply.answer) == (State.OPEN, None, Rsvp.NO)

    clock.advance(timedelta(days=2))
    yes = await service.answer(db, jolanda, meeting, Rsvp.MAYBE, clock.now())
    assert yes.at == At(Step.ADULTS)
    await service.adults(db, jolanda, meeting, 1, clock.now())
    await service.childcare(db, jolanda, meeting, 0, clock.now())
    await service.interpreter(db, jolanda, meeting, None, clock.now())
    reply, step = await _stored(db, meeting, jolanda)
    assert (reply.answer, reply.childcare, reply.interpreter, step) == (Rsvp.MAYBE, (), None, None)
    assert reply.answered_at == now  # when they first answered; the change is kept too


async def test_only_the_questions_the_meeting_offers_are_asked(db, clock):
    ids, meeting = await _school(db, clock, childcare=False, interpreters=())
    sanne, now = await ids.guardian("Sanne de Vries"), clock.now()
    await service.answer(db, sanne, meeting, Rsvp.YES, now)
    done = await service.adults(db, sanne, meeting, 3, now)
    assert (done.state, done.at) == (State.OPEN, None)
    refused = await service.childcare(db, sanne, meeting, 1, now)
    assert refused.state is State.OUT_OF_STEP
    assert (await _stored(db, meeting, sanne))[0].childcare == ()


async def test_without_interpreters_the_answer_ends_after_childcare(db, clock):
    ids, meeting = await _school(db, clock, interpreters=())
    sanne, now = await ids.guardian("Sanne de Vries"), clock.now()
    await service.answer(db, sanne, meeting, Rsvp.YES, now)
    await service.adults(db, sanne, meeting, 1, now)
    await service.childcare(db, sanne, meeting, 1, now)
    assert (await service.age_band(db, sanne, meeting, 0, "2-3", now)).at is None


@pytest.mark.parametrize(
    ("at", "forged"),
    [
        ("adults", lambda db, g, m, now: service.adults(db, g, m, 99, now)),
        ("adults", lambda db, g, m, now: service.adults(db, g, m, 0, now)),
        ("childcare", lambda db, g, m, now: service.childcare(db, g, m, 7, now)),
        ("ages:1", lambda db, g, m, now: service.age_band(db, g, m, 0, "13-18", now)),
        ("interpreter", lambda db, g, m, now: service.interpreter(db, g, m, "pl", now)),
    ],
)
async def test_a_value_no_button_offers_stores_nothing(db, clock, at, forged):
    ids, meeting = await _school(db, clock)  # interpreters for Arabic and Turkish
    ayse, now = await ids.guardian("Ayşe Yılmaz"), clock.now()
    await service.answer(db, ayse, meeting, Rsvp.YES, now)
    onward = iter(
        (
            lambda: service.adults(db, ayse, meeting, 1, now),
            lambda: service.childcare(db, ayse, meeting, 1, now),
            lambda: service.age_band(db, ayse, meeting, 0, "2-3", now),
        )
    )
    while (await _stored(db, meeting, ayse))[1] != at:  # to the question it would answer
        await next(onward)()
    before = await _stored(db, meeting, ayse)
    assert (await forged(db, ayse, meeting, now)).state is State.STALE
    assert await _stored(db, meeting, ayse) == before


async def test_a_button_of_an_earlier_question_changes_nothing(db, clock):
    ids, meeting = await _school(db, clock)
    ayse, now = await ids.guardian("Ayşe Yılmaz"), clock.now()
    await service.answer(db, ayse, meeting, Rsvp.YES, now)
    await service.adults(db, ayse, meeting, 2, now)
    await service.childcare(db, ayse, meeting, 2, now)
    await service.age_band(db, ayse, meeting, 0, "0-1", now)
    before = await _stored(db, meeting, ayse)

    for old in (
        service.adults(db, ayse, meeting, 4, now),
        service.childcare(db, ayse, meeting, 1, now),
        service.age_band(db, ayse, meeting, 0, "2-3", now),  # the first child's again
        service.interpreter(db, ayse, meeting, "tr", now),
    ):
        found = await old
        assert found.state is State.OUT_OF_STEP
        assert (found.reply, found.at) == (before[0], At(Step.AGES, 2))  # as it is now
    assert await _stored(db, meeting, ayse) == before


async def test_after_the_deadline_nothing_changes(db, clock):
    ids, meeting = await _school(db, clock)
    ayse = await ids.guardian("Ayşe Yılmaz")
    await service.answer(db, ayse, meeting, Rsvp.YES, clock.now())
    before = await _stored(db, meeting, ayse)

    clock.set(STARTS - timedelta(days=2))  # the default deadline: two days before
    for late in (
        service.answer(db, ayse, meeting, Rsvp.NO, clock.now()),
        service.adults(db, ayse, meeting, 2, clock.now()),
        service.current(db, ayse, meeting, clock.now()),
    ):
        assert (await late).state is State.CLOSED
    assert await _stored(db, meeting, ayse) == before


async def test_before_the_invitations_and_after_a_cancellation_nothing_is_stored(db, clock):
    ids, meeting = await _school(db, clock)
    ayse = await ids.guardian("Ayşe Yılmaz")
    early = await service.answer(db, ayse, meeting, Rsvp.YES, STARTS - timedelta(days=22))
    assert early.state is State.STALE

    async with db.transaction() as conn:
        await conn.execute(
            "UPDATE meetings SET cancelled_at = ? WHERE id = ?", (to_db(clock.now()), meeting)
        )
    cancelled = await service.answer(db, ayse, meeting, Rsvp.YES, clock.now())
    assert cancelled.state is State.CANCELLED
    async with db.read() as conn:
        assert await store.replies(conn, meeting) == []
    assert await service.upcoming(db, ayse, clock.now()) == []


async def test_a_guardian_the_meeting_does_not_invite_is_refused(db, clock):
    ids, meeting = await _school(db, clock)
    zeynep, now = await ids.guardian("Zeynep Öztürk"), clock.now()  # groep 7/8 only
    assert (await service.answer(db, zeynep, meeting, Rsvp.YES, now)).state is State.STALE
    assert (await service.current(db, zeynep, meeting, now)).state is State.STALE
    assert (await service.answer(db, zeynep, meeting + 1, Rsvp.YES, now)).state is State.STALE
    assert await service.upcoming(db, zeynep, now) == []
    async with db.read() as conn:
        assert await store.replies(conn, meeting) == []


async def test_a_guardian_with_children_in_two_groups_answers_once(db, clock):
    ids, meeting = await _school(db, clock)
    fatima, now = await ids.guardian("Fatima El Amrani"), clock.now()  # Noor 1/2A, Adam 4
    await service.answer(db, fatima, meeting, Rsvp.YES, now)
    await service.answer(db, fatima, meeting, Rsvp.MAYBE, now)
    async with db.read() as conn:
        assert [(r.guardian_id, r.answer) for r in await store.replies(conn, meeting)] == [
            (fatima, Rsvp.MAYBE)
        ]
    [listed] = await service.upcoming(db, fatima, now)
    assert listed.meeting is not None
    assert listed.meeting.id == meeting
    assert listed.reply is not None
    assert listed.reply.answer is Rsvp.MAYBE


async def test_upcoming_lists_announced_meetings_until_they_end(db, clock):
    ids, meeting = await _school(db, clock)
    later = await add_meeting(
        db, starts_at=STARTS + timedelta(days=60), groups=("4",), key="later"
    )  # invitations not out yet
    emma_mother = await ids.guardian("Jolanda Smit")
    [found] = await service.upcoming(db, emma_mother, clock.now())
    assert (found.state, found.reply, found.meeting and found.meeting.id) == (
        State.OPEN,
        None,
        meeting,
    )
    [closed] = await service.upcoming(db, emma_mother, STARTS)
    assert closed.state is State.CLOSED
    assert await service.upcoming(db, emma_mother, STARTS + timedelta(hours=1)) == []
    [announced] = await service.upcoming(db, emma_mother, STARTS + timedelta(days=45))
    assert announced.meeting is not None
    assert announced.meeting.id == later


async def test_childcare_the_plan_no_longer_offers_cannot_be_asked_for(db, clock):
    ids, meeting = await _school(db, clock)
    ayse, now = await ids.guardian("Ayşe Yılmaz"), clock.now()
    await service.answer(db, ayse, meeting, Rsvp.YES, now)
    await service.adults(db, ayse, meeting, 1, now)
    async with db.transaction() as conn:  # the plan is applied again without childcare
        await conn.execute("UPDATE meetings SET childcare = 0 WHERE id = ?", (meeting,))
    assert (await service.childcare(db, ayse, meeting, 2, now)).state is State.OUT_OF_STEP
    assert (await service.upcoming(db, ayse, now))[0].at == At(Step.INTERPRETER)  # goes on
    done = await service.interpreter(db, ayse, meeting, "tr", now)
    assert (done.state, done.at, done.reply.childcare) == (State.OPEN, None, ())
