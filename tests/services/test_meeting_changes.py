"""The notices of a meeting that moved, was cancelled or was put back: each change the plan
makes is news once, also when the same news comes round again.

Sanne de Vries and Linda Bakker (group 1/2A) are in Telegram; the meeting's invitations
went out on 1 September; each change below is a plan applied a day after the one before.
"""

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from bot.domain import dedup_keys
from bot.domain.clock import to_db
from bot.domain.meetings import Meeting, Reply, Rsvp
from bot.services import meeting_changes
from bot.services.roster_import import import_roster
from bot.services.staff_import import import_staff
from bot.storage import meetings
from tests.conftest import EXAMPLES
from tests.meeting_fixture import add_meeting

STARTS = datetime(2026, 10, 1, 17, 30, tzinfo=UTC)
LATER = STARTS + timedelta(days=7)


@pytest.fixture
async def meeting(db, clock) -> Meeting:
    for importer, name in ((import_roster, "roster"), (import_staff, "staff")):
        data = (EXAMPLES / f"regenboog-{name}.csv").read_bytes()
        await importer(db, data, default_language="nl", clock=clock)
    meeting_id = await add_meeting(
        db,
        starts_at=STARTS,
        groups=("1/2A",),
        invitations_from=datetime(2026, 9, 1, 8, 0, tzinfo=UTC),
    )
    async with db.transaction() as conn:
        await conn.execute(
            "UPDATE guardians SET telegram_user_id = id + 9000, telegram_chat_id = id + 9000,"
            " linked_at = '2026-09-01T08:00:00+00:00'"
            " WHERE name IN ('Sanne de Vries', 'Linda Bakker')"
        )
        found = await meetings.load_meeting(conn, meeting_id)
    assert found is not None
    return found


async def guardian(db, name: str) -> int:
    async with (
        db.read() as conn,
        conn.execute("SELECT id FROM guardians WHERE name = ?", (name,)) as c,
    ):
        row = await c.fetchone()
    return int(row[0])


async def notices(db, recipient: int) -> list[tuple[str, str, str]]:
    """(change, status, key) of each change notice to one guardian, oldest first."""
    async with (
        db.read() as conn,
        conn.execute(
            "SELECT params, status, dedup_key FROM outbox"
            " WHERE kind = 'meeting_changed' AND recipient_id = ? ORDER BY id",
            (recipient,),
        ) as cursor,
    ):
        return [(json.loads(p)["change"], s, k) async for p, s, k in cursor]


async def deliver_all(db) -> None:
    """As if Telegram took every waiting notice."""
    async with db.transaction() as conn:
        await conn.execute(
            "UPDATE outbox SET status = 'sent', sent_at = created_at WHERE status = 'pending'"
        )


async def set_cancelled(db, meeting: Meeting, cancelled: bool, now: datetime) -> Meeting:
    async with db.transaction() as conn:
        await conn.execute(
            "UPDATE meetings SET cancelled_at = ? WHERE id = ?",
            (to_db(now) if cancelled else None, meeting.id),
        )
    return replace(meeting, cancelled=cancelled)


async def move(db, meeting: Meeting, starts_at: datetime, now: datetime) -> int:
    after = replace(meeting, starts_at=starts_at)
    async with db.transaction() as conn:
        await conn.execute(
            "UPDATE meetings SET starts_at = ? WHERE id = ?", (to_db(starts_at), meeting.id)
        )
        return await meeting_changes.tell_moved(conn, meeting, after, now)


async def test_cancelled_put_back_and_cancelled_again_is_told_twice(db, clock, meeting):
    sanne = await guardian(db, "Sanne de Vries")
    now = clock.now()
    async with db.transaction() as conn:
        assert await meeting_changes.tell_cancelled(conn, meeting, now) == 2
    cancelled = await set_cancelled(db, meeting, True, now)
    await deliver_all(db)

    now += timedelta(days=1)
    back = await set_cancelled(db, cancelled, False, now)
    async with db.transaction() as conn:
        assert await meeting_changes.tell_reinstated(conn, back, now) == 2
    await deliver_all(db)

    now += timedelta(days=1)
    async with db.transaction() as conn:
        assert await meeting_changes.tell_cancelled(conn, back, now) == 2
    found = await notices(db, sanne)
    assert [(change, status) for change, status, _ in found] == [
        ("cancelled", "sent"),
        ("reinstated", "sent"),
        ("cancelled", "pending"),
    ]
    assert found[2][2] == dedup_keys.meeting_changed(meeting.id, "cancelled", now, sanne)
    assert len({key for *_, key in found}) == 3


async def test_moved_there_back_and_there_again_is_three_moves(db, clock, meeting):
    sanne = await guardian(db, "Sanne de Vries")
    now, there = clock.now(), meeting
    for starts_at in (LATER, STARTS, LATER):
        assert await move(db, there, starts_at, now) == 2
        await deliver_all(db)
        there, now = replace(there, starts_at=starts_at), now + timedelta(days=1)
    found = await notices(db, sanne)
    assert [(change, status) for change, status, _ in found] == [("moved", "sent")] * 3
    assert len({key for *_, key in found}) == 3


async def test_a_newer_change_withdraws_the_notice_still_waiting(db, clock, meeting):
    """Moved and moved back before the first notice went out: only the latest news waits,
    so the parent never reads the same move twice."""
    sanne = await guardian(db, "Sanne de Vries")
    now, there = clock.now(), meeting
    for starts_at in (LATER, STARTS, LATER):
        await move(db, there, starts_at, now)
        there, now = replace(there, starts_at=starts_at), now + timedelta(days=1)
    statuses = [status for _, status, _ in await notices(db, sanne)]
    assert statuses == ["withdrawn", "withdrawn", "pending"]


async def test_cancelled_and_put_back_skip_who_said_no_a_move_tells_everyone(db, clock, meeting):
    sanne, linda = await guardian(db, "Sanne de Vries"), await guardian(db, "Linda Bakker")
    async with db.transaction() as conn:
        await meetings.save_reply(conn, meeting.id, Reply(linda, Rsvp.NO), None, clock.now())
    now = clock.now()
    async with db.transaction() as conn:
        assert await meeting_changes.tell_reinstated(conn, meeting, now) == 1
    assert await move(db, meeting, LATER, now + timedelta(days=1)) == 2
    assert [c for c, *_ in await notices(db, linda)] == ["moved"]
    assert [c for c, *_ in await notices(db, sanne)] == ["reinstated", "moved"]
