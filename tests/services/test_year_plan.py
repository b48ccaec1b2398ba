import sqlite3
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.domain.bookings import Actor
from bot.domain.year_plan import PlanRejected, parse_plan
from bot.services import booking
from bot.services.year_plan import apply_plan
from tests.services.school_fixture import PLAN, load_school

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
ROUND = """
[[rounds]]
id = "start-2026"
kind = "start"
title = "Kennismaking"
groups = ["Groep 4"]
booking_opens = 2026-10-12T08:00:00
booking_closes = 2026-10-23T17:00:00
[[rounds.teachers]]
email = "{email}"
hours = [{hours}]
"""


def plan(
    hours: str = '"2026-10-26 14:00-15:00"', email: str = "k.bouzid@regenboog.example.nl"
) -> str:
    return ROUND.format(hours=hours, email=email)


def dump(path) -> list[str]:
    with sqlite3.connect(path) as conn:
        return list(conn.iterdump())


@pytest.fixture
async def ids(db, clock, settings):
    return await load_school(db, clock, settings.timezone)


def test_local_hours_become_utc_on_both_sides_of_the_october_clock_change():
    before = parse_plan(plan('"2026-10-23 14:00-14:15"'), AMSTERDAM)[0].slots()
    after = parse_plan(plan('"2026-10-26 14:00-14:15"'), AMSTERDAM)[0].slots()
    assert before[0][1] == datetime(2026, 10, 23, 12, 0, tzinfo=UTC)  # CEST, UTC+2
    assert after[0][1] == datetime(2026, 10, 26, 13, 0, tzinfo=UTC)  # CET, UTC+1


def test_hours_are_cut_into_talks_with_buffer_and_a_break_is_two_blocks():
    text = plan('"2026-10-26 14:00-15:00", "2026-10-26 15:30-16:00"').replace(
        'title = "Kennismaking"', 'title = "K"\nslot_minutes = 15\nbuffer_minutes = 5'
    )
    starts = [
        s[1].astimezone(AMSTERDAM).strftime("%H:%M") for s in parse_plan(text, AMSTERDAM)[0].slots()
    ]
    assert starts == ["14:00", "14:20", "14:40", "15:30"]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("nonsense = [", "not valid TOML"),
        ("title = 'x'", r"no \[\[rounds\]\]"),
        (plan().replace('kind = "start"', 'kind = "party"'), "kind 'party' is not one of"),
        (plan().replace('"Groep 4"', '"Groep 9"'), "unknown group format"),
        (plan('"2026-10-26 14:00-15:00", "2026-10-26 14:30-16:00"'), "hours overlap"),
        (plan('"26-10-2026 14:00-15:00"'), "should look like"),
        (plan('"2026-10-26 15:00-14:00"'), "end before they start"),
        (plan().replace("2026-10-23T17", "2026-10-01T17"), "booking_closes is not after"),
    ],
)
def test_a_bad_plan_names_its_problem(text, reason):
    with pytest.raises(PlanRejected, match=reason):
        parse_plan(text, AMSTERDAM)


async def test_the_example_plan_applies_once_and_again_changes_nothing(db, clock, ids, settings):
    report = await apply_plan(db, PLAN.read_text(), clock=clock, tz=settings.timezone)
    assert [c.status for c in report.rounds] == ["unchanged", "unchanged"]


async def test_dry_run_checks_against_the_school_and_writes_nothing(db, clock, ids, settings):
    before = dump(db.path)
    report = await apply_plan(db, plan(), clock=clock, tz=settings.timezone, dry_run=True)
    assert report.rounds[0].status == "added"
    assert dump(db.path) == before


@pytest.mark.parametrize(
    ("email", "reason"),
    [
        ("nobody@regenboog.example.nl", "is not on the staff list"),
        ("r.prins@regenboog.example.nl", "teaches none of the round's groups"),
    ],
)
async def test_teachers_must_be_staff_of_the_round_s_groups(
    db, clock, ids, settings, email, reason
):
    with pytest.raises(PlanRejected, match=reason):
        await apply_plan(db, plan(email=email), clock=clock, tz=settings.timezone)


async def test_booked_talks_are_never_removed_silently(db, clock, ids, settings):
    actor = Actor("guardian", await ids.guardian("Rania Haddad"))
    round_id, lina = await ids.round(), await ids.pupil("Lina")
    offers = (await booking.free_offers(db, actor, round_id, lina, clock.now())).offers
    await booking.book(
        db, actor, round_id=round_id, pupil_id=lina, slot_id=offers[0].slot_id, now=clock.now()
    )
    before = dump(db.path)
    shortened = PLAN.read_text().replace(
        'hours = ["2026-12-08 14:30-17:00", "2026-12-10 18:30-20:00"]',
        'hours = ["2026-12-10 18:30-20:00"]',
    )
    with pytest.raises(PlanRejected, match="is booked"):
        await apply_plan(db, shortened, clock=clock, tz=settings.timezone)
    assert dump(db.path) == before


async def test_less_than_a_week_of_notice_is_warned(db, clock, ids, settings):
    report = await apply_plan(
        db,
        plan('"2026-10-26 14:00-15:00"').replace("2026-10-23T17", "2026-10-26T12"),
        clock=clock,
        tz=settings.timezone,
    )
    assert not report.warnings
    late = (
        plan('"2026-10-26 14:00-15:00"')
        .replace("2026-10-12T08", "2026-10-22T08")
        .replace("2026-10-23T17", "2026-10-24T12")
    )
    report = await apply_plan(db, late, clock=clock, tz=settings.timezone)
    assert any("less than a week" in w for w in report.warnings)
