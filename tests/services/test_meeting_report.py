"""The school's figures: per meeting, and per topic for the families needing it most."""

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest

from bot.domain.meeting_topics import topic_title
from bot.domain.meetings import MeetingTopic, Reply, Rsvp
from bot.i18n import load_catalog
from bot.services.meeting_report import meetings_report
from bot.storage.meetings import record_presence
from tests.meeting_fixture import add_meeting
from tests.services.school_fixture import Ids
from tests.services.test_meeting_organiser import answer, example_people

HELD = datetime(2026, 10, 1, 17, 30, tzinfo=UTC)
NOW = HELD + timedelta(days=2)
NL = load_catalog("nl")


@pytest.fixture
async def ids(db, clock) -> Ids:
    return await example_people(db, clock)


async def present(db, ids, meeting: int, *names: str) -> None:
    director = await ids.staff("Hans de Wit")
    async with db.transaction() as conn:
        for name in names:
            guardian = await ids.guardian(name)
            await record_presence(
                conn, meeting, guardian, present=True, staff_id=director, now=HELD
            )


async def held_meeting(db, ids) -> int:
    """Group 4 and its newcomers: Emma came to the school a month before."""
    async with db.transaction() as conn:  # whatever the example roster says
        await conn.execute("UPDATE pupils SET enrolled_on = NULL")
        await conn.execute(
            "UPDATE pupils SET enrolled_on = ? WHERE first_name = 'Emma'",
            ((HELD - timedelta(days=30)).date().isoformat(),),
        )
    meeting = await add_meeting(
        db, key="milestones-held", starts_at=HELD, groups=("4",), newcomer_months=3
    )
    await answer(db, ids, meeting, "Ülkü Demir", Reply(0, Rsvp.YES, 2, ("2-3",), "tr"))
    await answer(db, ids, meeting, "Anke Visser", Reply(0, Rsvp.MAYBE))
    await answer(db, ids, meeting, "Rania Haddad", Reply(0, Rsvp.NO))
    # Ülkü reads Turkish, Jolanda (Emma's mother) is new: both flagged; Anke is neither.
    await present(db, ids, meeting, "Ülkü Demir", "Jolanda Smit", "Anke Visser")
    return meeting


async def test_per_meeting_the_invited_the_answers_and_who_came(db, ids):
    await held_meeting(db, ids)
    await add_meeting(
        db,
        key="work-attitude-later",
        topic=MeetingTopic.WORK_ATTITUDE,
        starts_at=NOW + timedelta(days=14),
        groups=("1/2A",),
        title="Werkhouding",
    )
    report = await meetings_report(db, NOW, "nl")
    held, later = report.meetings
    assert held.key == "milestones-held"
    assert held.title == NL.gettext(topic_title(MeetingTopic.MILESTONES))  # in Dutch
    assert held.title != topic_title(MeetingTopic.MILESTONES)
    assert held.day == HELD.date()
    # Group 4's ten parents are eight families: Adam's and Sem's parents live together.
    assert held.invited == 8
    assert (held.answered, held.coming, held.maybe, held.not_coming) == (3, 1, 1, 1)
    assert held.adults == 3
    assert held.childcare == {"2-3": 1}
    assert held.interpreters == {"tr": 1}
    assert held.attended == 3
    assert later.title == "Werkhouding"
    assert later.attended is None  # not held yet


async def test_attendance_per_topic_splits_the_families_needing_it_most(db, ids):
    await held_meeting(db, ids)
    report = await meetings_report(db, NOW, "nl")
    (topic,) = report.topics
    assert topic.topic is MeetingTopic.MILESTONES
    # Group 4's eight families: only Anke's reads Dutch and is not new; the seven others are
    # flagged (Arabic, Turkish, Polish, Ukrainian; Sem's father reads English; Jolanda's
    # Emma is new). Ülkü and Jolanda came of those, and Anke.
    assert (topic.flagged.invited, topic.flagged.present) == (7, 2)
    assert (topic.others.invited, topic.others.present) == (1, 1)
    assert topic.flagged.rate == 2 / 7
    assert topic.others.rate == 1.0


async def test_the_csv_parses_and_the_text_names_each_meeting(db, ids):
    await held_meeting(db, ids)
    report = await meetings_report(db, NOW, "nl")
    written = io.StringIO()
    csv.writer(written).writerows(report.csv_rows())
    rows = list(csv.reader(io.StringIO(written.getvalue())))
    assert rows == report.csv_rows()
    header, meeting, topic_header, topic = rows
    assert dict(zip(header, meeting, strict=True))["attended"] == "3"
    assert dict(zip(header, meeting, strict=True))["interpreters"] == "tr:1"
    assert dict(zip(topic_header, topic, strict=False))["flagged_rate"] == "0.29"
    text = "\n".join(report.text_lines())
    assert "milestones-held" in text
    assert "2 of 7 came (29%)" in text


async def test_a_meeting_without_attendance_is_left_out_of_the_topic_figures(db, ids):
    meeting = await add_meeting(db, key="no-list", starts_at=HELD, groups=("4",))
    await answer(db, ids, meeting, "Anke Visser", Reply(0, Rsvp.YES))
    report = await meetings_report(db, NOW, "nl")
    assert report.meetings[0].attended is None
    assert report.topics == ()
