"""A plain round to build tests on: every field the tests do not care about has a value."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from bot.domain.rounds import BookingScope, Round, TalkForm, TalkKind

_PLAIN = Round(
    id=7,
    plan_key="progress-2026-11",
    kind=TalkKind.PROGRESS,
    title="Voortgangsgesprek",
    titles=(),
    slot_minutes=15,
    buffer_minutes=5,
    form=TalkForm.SCHOOL,
    place="Lokaal 4",
    pupil_joins_from_grade=None,
    pupil_may_join=False,
    booking_opens_at=datetime(2026, 10, 19, 7, 0, tzinfo=UTC),
    booking_closes_at=datetime(2026, 10, 30, 16, 0, tzinfo=UTC),
    cancel_cutoff_hours=24,
    booking_scope=BookingScope.PUPIL,
    group_ids=frozenset({4}),
)


def a_round(**changes: Any) -> Round:
    """A progress round of group 4, open 19–30 October 2026, with the given changes."""
    return replace(_PLAIN, **changes)
