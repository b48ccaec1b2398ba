"""A meeting's nudge, teachers' list and reminders planned from the database and delivered
to the sandbox: the gaps count from when the invitation really went out, and a reminder
planned for a date the meeting has since left is not sent.

The school's clock stands at Monday 7 September 2026, 08:00 UTC (10:00 in Amsterdam).
"""

from datetime import UTC, datetime, timedelta

from bot.domain.clock import to_db
from bot.domain.meetings import Reply, Rsvp
from bot.storage import meetings
from bot.storage.planning import load_school_state
from scheduling.planning import plan_now
from tests.meeting_fixture import add_meeting

STARTS = datetime(2026, 9, 10, 17, 30, tzinfo=UTC)


async def kinds(post) -> list[tuple[str, str]]:
    return [(row["kind"], row["status"]) for row in await post.rows() if row["kind"] != "note"]


async def plan_and_send(post, delivery_settings) -> None:
    await plan_now(post.db, delivery_settings, post.clock)
    await post.deliverer.drain()


async def test_a_plan_applied_late_nudges_and_lists_a_day_after_the_invitation(
    post, delivery_settings
):
    """Invitations should have gone out on 1 September; the meeting is only now stored,
    with answers closing tomorrow at noon."""
    sanne = await post.connect("Sanne de Vries")
    marloes = await post.connect("Marloes Dekker", kind="staff")
    meeting_id = await add_meeting(
        post.db,
        starts_at=STARTS,
        groups=("1/2A",),
        invitations_from=datetime(2026, 9, 1, 8, 0, tzinfo=UTC),
        rsvp_closes_at=datetime(2026, 9, 8, 10, 0, tzinfo=UTC),
    )
    sent_at = post.clock.now()
    await plan_and_send(post, delivery_settings)
    assert len(sanne.messages) == 1  # the invitation
    async with post.db.read() as conn:
        [facts] = (await load_school_state(conn, sent_at)).meetings
    assert facts.meeting.id == meeting_id
    invited = {i.guardian_id: i.invited_at for i in facts.invitees}
    assert invited[await post.person_id("Sanne de Vries")] == sent_at
    assert invited[await post.person_id("Linda Bakker")] is None  # not in Telegram

    post.clock.set(sent_at + timedelta(days=1) - timedelta(minutes=1))
    await plan_and_send(post, delivery_settings)
    assert len(sanne.messages) == 1
    assert marloes.messages == []
    assert {kind for kind, _ in await kinds(post)} == {"meeting_invitation"}

    post.clock.set(sent_at + timedelta(days=1))
    await plan_and_send(post, delivery_settings)
    assert len(sanne.messages) == 2  # the nudge
    assert "Sanne de Vries" in marloes.messages[-1].text  # the list of families to call


async def test_a_reminder_for_the_old_date_is_not_sent_and_the_new_date_is_reminded_of(
    post, delivery_settings
):
    sanne = await post.connect("Sanne de Vries")
    meeting_id = await add_meeting(
        post.db,
        starts_at=STARTS,
        groups=("1/2A",),
        invitations_from=datetime(2026, 9, 1, 8, 0, tzinfo=UTC),
        rsvp_closes_at=datetime(2026, 9, 8, 10, 0, tzinfo=UTC),
    )
    guardian = await post.person_id("Sanne de Vries")
    async with post.db.transaction() as conn:
        await meetings.save_reply(
            conn, meeting_id, Reply(guardian, Rsvp.YES), None, post.clock.now()
        )
    post.clock.set(STARTS - timedelta(days=1))
    await plan_now(post.db, delivery_settings, post.clock)  # the day-before reminder waits
    later = STARTS + timedelta(days=2)
    async with post.db.transaction() as conn:
        await conn.execute(
            "UPDATE meetings SET starts_at = ? WHERE id = ?", (to_db(later), meeting_id)
        )
    report = await post.deliverer.drain()
    assert report.sent == 0
    assert ("meeting_reminder", "withdrawn") in await kinds(post)
    assert sanne.messages == []

    post.clock.set(later - timedelta(days=1))
    await plan_and_send(post, delivery_settings)
    assert len(sanne.messages) == 1
    assert "zaterdag 12 september" in sanne.messages[-1].text  # the new date
