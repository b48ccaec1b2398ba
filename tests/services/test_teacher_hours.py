from datetime import timedelta

import pytest

from bot.domain.bookings import Actor
from bot.services import booking, teacher_hours
from bot.services.teacher_hours import BlockOutcome
from bot.services.year_plan import apply_plan
from tests.services.school_fixture import PLAN, load_school


@pytest.fixture
async def ids(db, clock, settings):
    return await load_school(db, clock, settings.timezone)


async def offered_starts(db, clock, ids) -> set:
    rania = Actor("guardian", await ids.guardian("Rania Haddad"))
    offers = (
        await booking.free_offers(
            db, rania, await ids.round(), await ids.pupil("Lina"), clock.now()
        )
    ).offers
    return {o.starts_at for o in offers}


async def test_added_hours_survive_a_re_applied_plan_and_blocks_stay(db, clock, ids, settings):
    karim = Actor("staff", await ids.staff("Karim Bouzid"))
    round_id = await ids.round()
    added = await teacher_hours.add_hours(
        db, karim, 1, round_id, "2026-12-11 19:00-19:40", settings.timezone, clock.now()
    )
    assert added.talks == 2
    before = await offered_starts(db, clock, ids)
    first_plan_time = min(before)
    async with (
        db.read() as conn,
        conn.execute(
            "SELECT id FROM slots WHERE starts_at = ? AND staff_id = ?",
            (first_plan_time.isoformat(timespec="seconds"), karim.id),
        ) as cursor,
    ):
        slot_id = (await cursor.fetchone())[0]
    assert await teacher_hours.toggle_blocked(db, karim, slot_id) is BlockOutcome.BLOCKED
    await apply_plan(db, PLAN.read_text(), clock=clock, tz=settings.timezone)
    after = await offered_starts(db, clock, ids)
    assert after == before - {first_plan_time}
    assert await teacher_hours.toggle_blocked(db, karim, slot_id) is BlockOutcome.FREED


async def test_a_teacher_cannot_touch_another_group_s_round_or_slot(db, clock, ids, settings):
    ruben = Actor("staff", await ids.staff("Ruben Prins"))
    marloes = Actor("staff", await ids.staff("Marloes Dekker"))
    advice = await ids.round("advice-2027-02")  # groep 7/8 only
    assert (
        await teacher_hours.add_hours(
            db, marloes, 1, advice, "2027-02-03 14:00-15:00", settings.timezone, clock.now()
        )
        is None
    )
    async with (
        db.read() as conn,
        conn.execute("SELECT id FROM slots WHERE staff_id = ?", (ruben.id,)) as cursor,
    ):
        rubens_slot = (await cursor.fetchone())[0]
    assert await teacher_hours.toggle_blocked(db, marloes, rubens_slot) is BlockOutcome.NOT_ALLOWED


async def test_past_hours_are_refused(db, clock, ids, settings):
    karim = Actor("staff", await ids.staff("Karim Bouzid"))
    yesterday = (clock.now() - timedelta(days=1)).astimezone(settings.timezone)
    text = f"{yesterday:%Y-%m-%d} 10:00-10:30"
    added = await teacher_hours.add_hours(
        db, karim, 1, await ids.round(), text, settings.timezone, clock.now()
    )
    assert added.talks == 0
    assert len(added.clashing) == 1  # 10:00; 10:20 would end after 10:30
