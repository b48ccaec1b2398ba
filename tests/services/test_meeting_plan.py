import json
import re
import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from bot.domain.meetings import MeetingTopic, Reply, Rsvp
from bot.domain.year_plan import PlanRejected
from bot.services.roster_import import import_roster
from bot.services.staff_import import import_staff
from bot.services.year_plan import apply_plan
from bot.storage.meetings import invitees, load_meetings, replies, save_reply
from tests.conftest import EXAMPLES
from tests.services.school_fixture import PLAN, load_school

EXAMPLE = PLAN.read_text(encoding="utf-8")
# The school's clock (`load_school`) is at 23 November 2026: the milestones invitations
# went out on 12 November, those of the work-attitude meeting go out on 24 November.
KEYS = ["milestones-2026", "work-attitude-2026", "school-system-2027"]


def dump(path) -> list[str]:
    with sqlite3.connect(path) as conn:
        return list(conn.iterdump())


def without(text: str, *keys: str) -> str:
    """The example plan with these meetings left out."""
    tables = re.split(r"(?m)^(?=\[\[meetings\]\])", text)
    return "".join(t for t in tables if not any(f'id = "{k}"' in t for k in keys))


async def meetings_by_key(db):
    async with db.read() as conn:
        return {m.key: m for m in await load_meetings(conn)}


async def apply(db, clock, settings, text: str = EXAMPLE, **kwargs):
    return await apply_plan(db, text, clock=clock, tz=settings.timezone, **kwargs)


@pytest.fixture
async def ids(db, clock, settings):
    return await load_school(db, clock, settings.timezone)


async def test_the_example_s_meetings_are_added_then_unchanged(db, clock, settings):
    for importer, name in ((import_roster, "roster"), (import_staff, "staff")):
        data = (EXAMPLES / f"regenboog-{name}.csv").read_bytes()
        await importer(db, data, default_language="nl", clock=clock)
    first = await apply(db, clock, settings)
    assert [(c.key, c.status) for c in first.meetings] == [(k, "added") for k in KEYS]
    assert not first.warnings
    before = dump(db.path)
    again = await apply(db, clock, settings)
    assert [c.status for c in again.meetings] == ["unchanged"] * 3
    assert dump(db.path) == before


async def test_a_meeting_is_stored_as_planned(db, clock, settings, ids):
    stored = await meetings_by_key(db)
    attitude = stored["work-attitude-2026"]
    assert attitude.topic is MeetingTopic.WORK_ATTITUDE
    assert attitude.starts_at == datetime(2026, 12, 15, 7, 45, tzinfo=UTC)
    assert (attitude.place, attitude.groups, attitude.newcomer_months) == ("Ouderkamer", ("4",), 6)
    assert attitude.interpreters == ("ar", "uk", "pl")
    assert attitude.organiser_staff_id == await ids.staff("Karim Bouzid")
    system = stored["school-system-2027"]
    assert dict(system.titles)["nl"] == "Het schoolsysteem en het schooladvies"
    assert stored["milestones-2026"].groups == ("1/2A", "4", "5", "7/8")


async def test_the_example_invites_newcomers_once_with_their_families(db, clock, settings, ids):
    """Sofiia (1/2A) came in September: her mother Olena, also Bohdan's (groep 4), is invited
    to the work-attitude meeting once; Mehmet came in May, too early for its six months."""
    attitude = (await meetings_by_key(db))["work-attitude-2026"]
    async with db.read() as conn:
        invited = {i.name: i for i in await invitees(conn, attitude)}
    olena = invited["Olena Kovalenko"]
    assert {first_name for _, first_name, _ in olena.pupils} == {"Sofiia", "Bohdan"}
    assert olena.newcomer
    assert "Ayşe Yılmaz" not in invited
    assert not invited["Jolanda Smit"].newcomer


async def test_an_edited_meeting_is_updated_and_others_stay_unchanged(db, clock, settings, ids):
    moved = EXAMPLE.replace("starts = 2026-12-15T08:45:00", "starts = 2026-12-16T08:45:00")
    moved = moved.replace('groups = ["4"]', 'groups = ["4", "1/2A"]')
    report = await apply(db, clock, settings, moved)
    assert [c.status for c in report.meetings] == ["unchanged", "updated", "unchanged"]
    attitude = (await meetings_by_key(db))["work-attitude-2026"]
    assert attitude.starts_at == datetime(2026, 12, 16, 7, 45, tzinfo=UTC)
    assert attitude.groups == ("1/2A", "4")


async def linked(db, *guardians: int) -> None:
    async with db.transaction() as conn:
        for guardian in guardians:
            await conn.execute(
                "UPDATE guardians SET telegram_user_id = ?, telegram_chat_id = ?,"
                " linked_at = '2026-11-20T08:00:00+00:00' WHERE id = ?",
                (9000 + guardian, 9000 + guardian, guardian),
            )


async def change_notices(db) -> list[tuple[int, dict]]:
    async with (
        db.read() as conn,
        conn.execute(
            "SELECT recipient_id, params FROM outbox WHERE kind = 'meeting_changed' ORDER BY id"
        ) as cursor,
    ):
        return [(row[0], json.loads(row[1])) async for row in cursor]


async def test_moving_a_meeting_after_its_invitations_tells_the_parents_in_telegram(
    db, clock, settings, ids
):
    fatima, jolanda = await ids.guardian("Fatima El Amrani"), await ids.guardian("Jolanda Smit")
    await linked(db, fatima, jolanda)  # of the other invited parents, none is in Telegram
    later = EXAMPLE.replace("starts = 2026-12-03T19:00:00", "starts = 2026-12-03T19:30:00")
    report = await apply(db, clock, settings, later)
    assert report.meetings[0].status == "updated"
    assert report.meetings[0].parents_invited
    assert report.meetings[0].parents_told == 2
    assert any(
        "'milestones-2026' moved after the invitations went out; invited parents in Telegram"
        " told: 2;" in w
        for w in report.warnings
    )
    notices = await change_notices(db)
    assert sorted(guardian for guardian, _ in notices) == sorted([fatima, jolanda])
    assert {params["was"] for _, params in notices} == {"2026-12-03T18:00:00+00:00"}
    # Applying the same plan again is no news; moving it once more is.
    await apply(db, clock, settings, later)
    assert len(await change_notices(db)) == 2
    clock.advance(timedelta(hours=1))
    await apply(db, clock, settings, later.replace("T19:30:00", "T20:00:00"))
    assert len(await change_notices(db)) == 4


async def test_a_change_that_moves_nothing_is_warned_but_not_sent(db, clock, settings, ids):
    await linked(db, await ids.guardian("Fatima El Amrani"))
    calmer = EXAMPLE.replace("childcare = true", "childcare = false", 1)
    assert calmer != EXAMPLE
    report = await apply(db, clock, settings, calmer)
    changed = [c for c in report.meetings if c.status == "updated"]
    assert changed
    assert changed[0].parents_told is None
    assert any("its time and place did not" in w for w in report.warnings)
    assert await change_notices(db) == []


async def test_left_out_meetings_are_cancelled_once_invited_and_deleted_before(
    db, clock, settings, ids
):
    milestones = (await meetings_by_key(db))["milestones-2026"]
    fatima, jolanda = await ids.guardian("Fatima El Amrani"), await ids.guardian("Jolanda Smit")
    await linked(db, fatima, jolanda)
    async with db.transaction() as conn:
        await save_reply(conn, milestones.id, Reply(fatima, Rsvp.YES), None, clock.now())
        await save_reply(conn, milestones.id, Reply(jolanda, Rsvp.NO), None, clock.now())
    report = await apply(
        db, clock, settings, without(EXAMPLE, "milestones-2026", "work-attitude-2026")
    )
    assert [(c.key, c.status) for c in report.meetings] == [
        ("school-system-2027", "unchanged"),
        ("milestones-2026", "cancelled"),
        ("work-attitude-2026", "removed"),
    ]
    assert any(
        "'milestones-2026' is no longer in the plan and was cancelled; invited parents in"
        " Telegram told: 1;" in w
        for w in report.warnings
    )
    # Fatima was coming and is told; Jolanda had said no.
    assert [(g, p["change"]) for g, p in await change_notices(db)] == [(fatima, "cancelled")]
    stored = await meetings_by_key(db)
    assert stored["milestones-2026"].cancelled
    assert "work-attitude-2026" not in stored
    async with db.read() as conn:
        assert [r.guardian_id for r in await replies(conn, milestones.id)] == sorted(
            [fatima, jolanda]
        )
    again = await apply(db, clock, settings, without(EXAMPLE, "milestones-2026"))
    assert [(c.key, c.status) for c in again.meetings] == [
        ("work-attitude-2026", "added"),
        ("school-system-2027", "unchanged"),
    ]


async def test_a_cancelled_meeting_put_back_in_the_plan_is_on_again(db, clock, settings, ids):
    fatima = await ids.guardian("Fatima El Amrani")
    await linked(db, fatima)
    await apply(db, clock, settings, without(EXAMPLE, "milestones-2026"))
    clock.advance(timedelta(hours=1))
    report = await apply(db, clock, settings)
    assert (report.meetings[0].status, report.meetings[0].parents_told) == ("reinstated", 1)
    assert any(
        "'milestones-2026' is back in the plan after the invitations went out" in w
        for w in report.warnings
    )
    assert not (await meetings_by_key(db))["milestones-2026"].cancelled
    assert [p["change"] for _, p in await change_notices(db)] == ["cancelled", "reinstated"]


async def test_a_meeting_that_has_begun_stays_when_next_year_s_plan_leaves_it_out(
    db, clock, settings, ids
):
    clock.set(datetime(2027, 8, 30, 9, 0, tzinfo=UTC))
    next_year = without(EXAMPLE, *KEYS[1:]).replace("milestones-2026", "milestones-2027")
    next_year = next_year.replace("2026-12-03T19", "2027-09-23T19")
    next_year = next_year.replace("2026-11-12T08", "2027-09-02T08")
    report = await apply(db, clock, settings, next_year)
    assert [(c.key, c.status) for c in report.meetings] == [("milestones-2027", "added")]
    stored = await meetings_by_key(db)
    assert set(stored) == {*KEYS, "milestones-2027"}
    assert not any(m.cancelled for m in stored.values())


async def test_a_plan_without_meetings_leaves_them_alone(db, clock, settings, ids):
    rounds_only = EXAMPLE.split("[[meetings]]")[0]
    report = await apply(db, clock, settings, rounds_only)
    assert report.meetings == []
    assert set(await meetings_by_key(db)) == set(KEYS)


@pytest.mark.parametrize(
    ("old", "new", "reason"),
    [
        ('groups = ["7/8"]', 'groups = ["6"]', "meeting 'school-system-2027': unknown group '6'"),
        (
            'organiser = "r.prins@regenboog.example.nl"',
            'organiser = "nobody@regenboog.example.nl"',
            "organiser nobody@regenboog.example.nl is not on the staff list",
        ),
        ("minutes = 75", "minutes = 7", "minutes must be between 15 and 240"),
    ],
)
async def test_a_refused_plan_changes_nothing(db, clock, settings, ids, old, new, reason):
    before = dump(db.path)
    edited = without(EXAMPLE, "work-attitude-2026").replace(old, new)
    with pytest.raises(PlanRejected, match=reason):
        await apply(db, clock, settings, edited)
    assert dump(db.path) == before


async def test_dry_run_reports_meetings_and_writes_nothing(db, clock, settings, ids):
    before = dump(db.path)
    report = await apply(db, clock, settings, without(EXAMPLE, "work-attitude-2026"), dry_run=True)
    assert ("work-attitude-2026", "removed") in [(c.key, c.status) for c in report.meetings]
    assert dump(db.path) == before


async def test_a_meeting_put_in_the_past_or_after_its_deadline_is_warned(db, clock, settings, ids):
    clock.set(datetime(2026, 12, 14, 9, 0, tzinfo=UTC))  # the work-attitude answers closed
    later = EXAMPLE.replace("starts = 2026-12-15T08:45:00", "starts = 2026-12-16T08:45:00")
    report = await apply(db, clock, settings, later)
    assert any("'work-attitude-2026': answers are closed already" in w for w in report.warnings)
    assert not any("school-system-2027" in w for w in report.warnings)
    past = EXAMPLE.replace("starts = 2026-12-15T08:45:00", "starts = 2026-12-13T08:45:00")
    report = await apply(db, clock, settings, past)
    assert "meeting 'work-attitude-2026' is in the past" in report.warnings


async def test_a_meeting_that_was_held_cannot_become_another_evening(db, clock, settings, ids):
    clock.set(datetime(2026, 12, 14, 9, 0, tzinfo=UTC))  # the milestones meeting was held
    assert [c.status for c in (await apply(db, clock, settings)).meetings] == ["unchanged"] * 3
    next_year = EXAMPLE.replace("starts = 2026-12-03T19:00:00", "starts = 2027-12-02T19:00:00")
    before = dump(db.path)
    with pytest.raises(PlanRejected) as refused:
        await apply(db, clock, settings, next_year)
    assert refused.value.problems == [
        "meeting 'milestones-2026' was held on 2026-12-03 (UTC) and cannot change; give"
        " another meeting its own id"
    ]
    assert dump(db.path) == before


async def test_a_later_invitation_date_cannot_take_back_invitations_that_went_out(
    db, clock, settings, ids
):
    later = EXAMPLE.replace(
        "invitations_from = 2026-11-12T08:00:00", "invitations_from = 2026-11-26T08:00:00"
    )
    assert later != EXAMPLE
    report = await apply(db, clock, settings, later)
    assert report.meetings[0].status == "unchanged"  # they went out on 12 November
    assert (await meetings_by_key(db))["milestones-2026"].invitations_from == datetime(
        2026, 11, 12, 7, 0, tzinfo=UTC
    )
