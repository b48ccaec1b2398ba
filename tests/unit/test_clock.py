"""The demo's clock: real time that keeps flowing, moved ahead but never back."""

from datetime import UTC, datetime, timedelta

import pytest

from bot.domain.clock import OffsetClock


def test_an_offset_clock_runs_with_real_time_and_moves_only_ahead() -> None:
    clock = OffsetClock(timedelta(days=-30))
    before = datetime.now(UTC) - timedelta(days=30)
    first = clock.now()
    assert first.tzinfo is UTC
    assert before <= first <= datetime.now(UTC) - timedelta(days=30)

    clock.advance(timedelta(hours=1))
    assert clock.now() - first >= timedelta(hours=1)
    with pytest.raises(ValueError, match="does not go back"):
        clock.advance(timedelta(seconds=-1))
