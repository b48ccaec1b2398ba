"""The organiser's side of a meeting: counts, attendance re-checked on every press, the
summary queued once to the right families."""

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from bot.domain.meetings import Reply, Rsvp
from bot.services import machine_translation
from bot.services import meeting_organiser as service
from bot.services.invitations import list_invitations, redeem_code
from bot.services.roster_import import import_roster
from bot.services.staff_import import import_staff
from bot.storage.meetings import save_reply
from tests.conftest import EXAMPLES
from tests.meeting_fixture import add_meeting
from tests.services.school_fixture import Ids

STARTS = datetime(2026, 10, 1, 17, 30, tzinfo=UTC)  # a Thursday evening after the clock's day


async def example_people(db, clock) -> Ids:
    """The example school's people, without its year plan (whose meetings are not these)."""
    for importer, name in ((import_roster, "roster"), (import_staff, "staff")):
        data = (EXAMPLES / f"regenboog-{name}.csv").read_bytes()
        await importer(db, data, default_language="nl", clock=clock)
    return Ids(db)


@pytest.fixture
async def ids(db, clock) -> Ids:
    return await example_people(db, clock)


async def link(db, clock, name: str, user_id: int) -> None:
    invitations = await list_invitations(db, secret=b"s", bot_username="school_bot", clock=clock)
    code = next(i.code for i in invitations if i.person.name == name)
    await redeem_code(db, code, telegram_user_id=user_id, chat_id=user_id, clock=clock)


async def answer(db, ids: Ids, meeting: int, name: str, reply: Reply) -> None:
    """The guardian's answer, stored as the parent's flow stores it."""
    guardian = await ids.guardian(name)
    async with db.transaction() as conn:
        await save_reply(conn, meeting, replace(reply, guardian_id=guardian), None, STARTS)


@pytest.fixture
async def meeting(db, ids) -> int:
    return await add_meeting(db, starts_at=STARTS, groups=("4",))


async def summary_rows(db) -> dict[int, dict]:
    sql = "SELECT recipient_id, params, held_for_translation FROM outbox WHERE kind = ?"
    async with db.read() as conn, conn.execute(sql, ("meeting_summary",)) as cursor:
        return {row[0]: {**json.loads(row[1]), "held": bool(row[2])} async for row in cursor}


async def test_the_counts_are_those_of_the_replies(db, ids, meeting, clock):
    await answer(db, ids, meeting, "Ülkü Demir", Reply(0, Rsvp.YES, 2, ("0-1", "4-12"), "tr"))
    await answer(db, ids, meeting, "Anke Visser", Reply(0, Rsvp.MAYBE, 1, ("4-12",)))
    await answer(db, ids, meeting, "Rania Haddad", Reply(0, Rsvp.NO))
    await answer(
        db, ids, meeting, "Sanne de Vries", Reply(0, Rsvp.YES, 3)
    )  # not invited: not counted

    director = await ids.staff("Hans de Wit")
    (overview,) = await service.overviews(db, director, clock.now())
    counts = overview.counts
    assert overview.organiser
    assert (counts.coming, counts.maybe, counts.not_coming) == (1, 1, 1)
    assert counts.unanswered == counts.invited - 3
    assert counts.adults == 3  # yes and maybe
    assert counts.childcare == {"0-1": 1, "4-12": 2}
    assert counts.interpreters == {"tr": 1}
    assert overview.attended is None
    assert overview.not_reached == ()

    found = await service.who_is_coming(db, director, meeting)
    assert found is not None
    assert {f.invitee.name for f in found[1]} == {"Ülkü Demir", "Anke Visser"}


async def test_a_teacher_sees_their_groups_only_with_the_families_not_reached(
    db, ids, meeting, clock
):
    await link(db, clock, "Anke Visser", 501)
    await answer(db, ids, meeting, "Anke Visser", Reply(0, Rsvp.YES))
    karim = await ids.staff("Karim Bouzid")
    (overview,) = await service.overviews(db, karim, clock.now())
    assert not overview.organiser
    reached = {item.invitee.name: item.reason for item in overview.not_reached}
    assert "Anke Visser" not in reached
    assert reached["Ülkü Demir"] is service.Unreached.NOT_LINKED
    # Group 4's ten parents are eight families; Anke's family answered, so the nine others
    # are listed, each parent of a family that did not answer.
    assert overview.counts.invited == 8
    assert len(reached) == 9

    marloes = await ids.staff("Marloes Dekker")  # teaches 1/2A only
    assert await service.overviews(db, marloes, clock.now()) == []
    assert await service.who_is_coming(db, marloes, meeting) is None
    now = STARTS + timedelta(minutes=5)
    assert await service.attendance_page(db, karim, meeting, 0, now) is None
    assert await service.summary_draft(db, karim, meeting, now) is None


async def test_attendance_is_checked_again_on_every_press(db, ids, meeting, clock):
    director = await ids.staff("Hans de Wit")
    demir = await ids.guardian("Ülkü Demir")
    sanne = await ids.guardian("Sanne de Vries")  # group 1/2A: not invited
    await answer(db, ids, meeting, "Ülkü Demir", Reply(0, Rsvp.YES))

    before = STARTS - timedelta(minutes=1)
    assert await service.toggle_presence(db, director, meeting, demir, 0, before) is None

    during = STARTS + timedelta(minutes=10)
    page = await service.toggle_presence(db, director, meeting, demir, 0, during)
    assert page is not None
    assert page.families[0].invitee.guardian_id == demir  # those coming first
    assert page.families[0].present
    assert page.present == 1

    karim = await ids.staff("Karim Bouzid")
    assert await service.toggle_presence(db, karim, meeting, demir, 0, during) is None
    assert await service.toggle_presence(db, director, meeting, sanne, 0, during) is None
    week_later = STARTS + service.ATTENDANCE_AFTER
    assert await service.toggle_presence(db, director, meeting, demir, 0, week_later) is None

    again = await service.toggle_presence(db, director, meeting, demir, 0, during)
    assert again is not None
    assert again.present == 0
    page = await service.toggle_presence(db, director, meeting, demir, 0, during)
    (overview,) = await service.overviews(db, director, during)
    assert overview.attended == 1


async def test_the_summary_goes_once_to_the_families_reached_absent_or_present(
    db, ids, meeting, clock
):
    for user_id, name in enumerate(("Ülkü Demir", "Anke Visser", "Rania Haddad"), start=601):
        await link(db, clock, name, user_id)
    director = await ids.staff("Hans de Wit")
    anke = await ids.guardian("Anke Visser")
    during = STARTS + timedelta(minutes=20)
    assert await service.toggle_presence(db, director, meeting, anke, 0, during)

    assert not await service.ask_summary(db, director, 700, meeting, STARTS - timedelta(hours=1))
    assert await service.send_summary(db, director, meeting, STARTS - timedelta(hours=1)) is None
    after = STARTS + timedelta(hours=2)
    assert await service.ask_summary(db, director, 700, meeting, after)
    draft = await service.save_typed_summary(
        db, director, 700, {"meeting_id": meeting}, "  Lees elke dag samen.  ", "nl", after
    )
    assert draft is not None
    assert draft.meeting.summary == "Lees elke dag samen."
    assert (draft.absent, draft.present) == (2, 1)

    karim = await ids.staff("Karim Bouzid")
    assert await service.send_summary(db, karim, meeting, after) is None
    sent = await service.send_summary(db, director, meeting, after)
    assert sent is not None
    assert not sent.already
    assert (sent.absent, sent.present) == (2, 1)
    rows = await summary_rows(db)
    demir, rania = await ids.guardian("Ülkü Demir"), await ids.guardian("Rania Haddad")
    assert set(rows) == {demir, rania, anke}  # the families not linked get nothing
    assert rows[anke]["absent"] is False
    assert rows[demir]["absent"] is True
    assert rows[rania]["absent"] is True
    assert {row["meeting_id"] for row in rows.values()} == {meeting}

    again = await service.send_summary(db, director, meeting, after + timedelta(minutes=1))
    assert again is not None
    assert again.already
    assert len(await summary_rows(db)) == 3
    assert not await service.ask_summary(db, director, 700, meeting, after)


async def test_the_organisers_words_wait_for_their_translation_for_absent_families(
    db, ids, meeting, clock
):
    await machine_translation.use_engine(db, "libretranslate")
    for user_id, name in enumerate(("Ülkü Demir", "Anke Visser", "Rania Haddad"), start=601):
        await link(db, clock, name, user_id)
    director = await ids.staff("Hans de Wit")
    rania = await ids.guardian("Rania Haddad")
    assert await service.toggle_presence(db, director, meeting, rania, 0, STARTS)
    after = STARTS + timedelta(hours=2)
    assert await service.ask_summary(db, director, 700, meeting, after)
    await service.save_typed_summary(
        db, director, 700, {"meeting_id": meeting}, "Lees elke dag samen.", "nl", after
    )
    assert await service.send_summary(db, director, meeting, after)
    rows = await summary_rows(db)
    assert rows[await ids.guardian("Ülkü Demir")]["held"]  # Turkish: translation first
    assert not rows[await ids.guardian("Anke Visser")]["held"]  # Dutch, as written
    assert not rows[rania]["held"]  # came: reads the points for at home only


async def test_a_long_attendance_list_comes_in_pages_of_twenty(db, ids, clock):
    everyone = await add_meeting(db, starts_at=STARTS, groups=("1/2A", "4", "7/8"))
    director = await ids.staff("Hans de Wit")
    first = await service.attendance_page(db, director, everyone, 0, STARTS)
    assert first is not None
    assert len(first.families) == service.PAGE_SIZE
    assert first.pages == 2
    last = await service.attendance_page(db, director, everyone, 7, STARTS)  # past the end
    assert last is not None
    assert last.page == 1
    assert len(last.families) == first.invited - service.PAGE_SIZE
    named = {f.invitee.guardian_id for f in first.families + last.families}
    assert len(named) == first.invited  # every family once


async def test_the_summary_is_not_read_to_a_guardian_no_longer_invited(db, ids, meeting, clock):
    await link(db, clock, "Anke Visser", 601)
    director = await ids.staff("Hans de Wit")
    anke = await ids.guardian("Anke Visser")
    after = STARTS + timedelta(hours=2)
    assert await service.send_summary(db, director, meeting, after)
    async with db.read() as conn:
        found = await service.summary_read(conn, meeting, anke, "nl")
    assert found is not None
    assert found.meeting.id == meeting
    async with db.transaction() as conn:  # Ĳsbrand's mother is no longer linked to him
        await conn.execute("UPDATE pupil_guardians SET active = 0 WHERE guardian_id = ?", (anke,))
    async with db.read() as conn:
        assert await service.summary_read(conn, meeting, anke, "nl") is None
