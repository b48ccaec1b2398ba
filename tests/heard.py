"""A listener that records what a unit of work hands on after its commit, batch by batch.

Subscribed to the test's database (`db.subscribe(heard)`), it shows which events a service
raised — what scheduling would have been told — without running scheduling.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.domain.events import Event


class Heard:
    def __init__(self) -> None:
        self.batches: list[list[Event]] = []

    async def __call__(self, events: Sequence[Event]) -> None:
        self.batches.append(list(events))
