"""A meeting cancelled, put back and cancelled again, as Sanne de Vries (Dutch, group 1/2A)
reads it in Telegram: every change once, the latest one only when they come at once."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from bot.domain.clock import to_db
from bot.domain.meetings import Meeting
from bot.i18n import Translations
from bot.services import meeting_changes
from bot.storage import meetings
from tests.meeting_fixture import add_meeting

STARTS = datetime(2026, 10, 1, 17, 30, tzinfo=UTC)
NL = Translations("nl").for_language("nl")
BACK = NL.gettext("This meeting takes place after all:")


async def planned(post) -> Meeting:
    meeting_id = await add_meeting(
        post.db,
        starts_at=STARTS,
        groups=("1/2A",),
        invitations_from=datetime(2026, 9, 1, 8, 0, tzinfo=UTC),
    )
    async with post.db.read() as conn:
        found = await meetings.load_meeting(conn, meeting_id)
    assert found is not None
    return found


async def cancel(post, meeting: Meeting) -> Meeting:
    now = post.clock.now()
    async with post.db.transaction() as conn:
        await meeting_changes.tell_cancelled(conn, meeting, now)
        await conn.execute(
            "UPDATE meetings SET cancelled_at = ? WHERE id = ?", (to_db(now), meeting.id)
        )
    return replace(meeting, cancelled=True)


async def put_back(post, meeting: Meeting) -> Meeting:
    back = replace(meeting, cancelled=False)
    async with post.db.transaction() as conn:
        await conn.execute("UPDATE meetings SET cancelled_at = NULL WHERE id = ?", (meeting.id,))
        await meeting_changes.tell_reinstated(conn, back, post.clock.now())
    return back


async def test_cancelled_put_back_and_cancelled_again_reaches_the_parent_three_times(post):
    sanne = await post.connect("Sanne de Vries")
    meeting = await planned(post)
    meeting = await cancel(post, meeting)
    await post.deliverer.drain()
    post.clock.advance(timedelta(days=1))
    meeting = await put_back(post, meeting)
    await post.deliverer.drain()
    post.clock.advance(timedelta(days=1))
    await cancel(post, meeting)
    await post.deliverer.drain()
    texts = [message.text for message in sanne.messages]
    assert len(texts) == 3
    assert "gaat niet door" in texts[0]
    assert "gaat niet door" in texts[2]
    assert BACK in texts[1]
    assert "1 oktober, 19:30" in texts[1]  # when it is, with where
    answers = [b.callback_data or "" for row in sanne.messages[1].buttons for b in row]
    assert answers[0].endswith(f"mtr:{meeting.id}:yes")


async def test_cancelled_and_put_back_before_the_news_went_out_is_one_message(post):
    sanne = await post.connect("Sanne de Vries")
    meeting = await cancel(post, await planned(post))
    post.clock.advance(timedelta(minutes=5))
    await put_back(post, meeting)
    await post.deliverer.drain()
    assert len(sanne.messages) == 1
    assert BACK in sanne.messages[0].text
