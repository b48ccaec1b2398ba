"""Confirmations that promise someone else hears of it say when that happens.

What a person passes on (answers for the teacher, a cancellation the teacher is told of)
waits in the outbox through quiet hours. "The teacher has your answers" at 02:47 would be
untrue until 08:00, so each such confirmation comes in two forms: the one for a message that
goes out at once, and one that names the moment quiet hours end.
"""

from __future__ import annotations

from datetime import datetime

from bot.formatting import format_time
from bot.i18n import isolate
from bot.telegram.deps import Deps, Reader


def promise(
    d: Deps,
    reader: Reader,
    *,
    at_once: str,
    later: str,
    queued_at: datetime | None = None,
    **values: object,
) -> str:
    """`at_once` when what was queued (now, or at `queued_at`) has gone out or goes now;
    else `later`, whose {time} is the end of quiet hours. Both are filled with `values`."""
    now = d.clock.now()
    until = d.settings.held_until(queued_at or now)
    if until is None or until <= now:
        return at_once.format(**values)
    when = format_time(until, d.settings.timezone, reader.language)
    return later.format(time=isolate(when, reader.language), **values)
