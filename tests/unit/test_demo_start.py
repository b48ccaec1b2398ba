from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.domain.year_plan import parse_plan
from bot.sandbox.demo import DEMO_PLAN, demo_start_offset

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
PLAN = parse_plan(DEMO_PLAN.read_text(encoding="utf-8"), AMSTERDAM)


def test_while_a_round_is_open_the_demo_runs_at_the_real_time():
    assert demo_start_offset(PLAN, AMSTERDAM, datetime(2026, 11, 22, 12, tzinfo=UTC)) == timedelta(
        0
    )


def test_after_the_example_year_the_demo_starts_inside_the_first_booking_window():
    now = datetime(2028, 3, 1, 12, tzinfo=UTC)
    start = now + demo_start_offset(PLAN, AMSTERDAM, now)
    assert start.astimezone(AMSTERDAM) == datetime(2026, 11, 18, 10, tzinfo=AMSTERDAM)
    assert any(r.booking_opens_at <= start < r.booking_closes_at for r in PLAN)


def test_before_the_example_year_the_demo_jumps_ahead_to_the_same_window():
    now = datetime(2026, 1, 1, 12, tzinfo=UTC)
    start = now + demo_start_offset(PLAN, AMSTERDAM, now)
    assert start.astimezone(AMSTERDAM).date().isoformat() == "2026-11-18"
