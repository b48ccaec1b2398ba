"""How the rest of the bot reaches the scheduler, without importing it: via `bot_data`.

Handlers and services call these after they queue outbox rows or link a person; when no
scheduler runs (some tests, admin commands) they do nothing.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from scheduling.clock import SchedulingClock

SCHEDULER_KEY = "parentbot.scheduler"


def scheduler_of(bot_data: MutableMapping[Any, Any]) -> SchedulingClock | None:
    return bot_data.get(SCHEDULER_KEY)


def wake_delivery(bot_data: MutableMapping[Any, Any]) -> None:
    """New rows are in the outbox (committed): deliver what is due now."""
    scheduler = scheduler_of(bot_data)
    if scheduler is not None:
        scheduler.wake()


def replan(bot_data: MutableMapping[Any, Any]) -> None:
    """The state changed (a booking made or moved): plan its reminders now, then deliver."""
    scheduler = scheduler_of(bot_data)
    if scheduler is not None:
        scheduler.request_plan()


async def person_linked(
    bot_data: MutableMapping[Any, Any], person_kind: str, person_id: int, *, settled: bool = True
) -> None:
    """A person opened their link or came back: reachable again if Telegram refused them.

    `settled=True` (coming back, or a language just chosen): what waited for them is sent
    now, in the background. `settled=False` (just linked, the language picker is showing):
    it is sent once they pick a language, or two minutes later.
    """
    scheduler = scheduler_of(bot_data)
    if scheduler is not None:
        await scheduler.person_linked(person_kind, person_id, settled=settled)
