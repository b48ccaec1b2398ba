"""Back-to-back times for brothers and sisters: one trip to school for the whole family."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from itertools import permutations
from typing import Protocol, TypeVar


class Timed(Protocol):
    @property
    def slot_id(self) -> int: ...
    @property
    def starts_at(self) -> datetime: ...
    @property
    def ends_at(self) -> datetime: ...


T = TypeVar("T", bound=Timed)

MAX_GAP = timedelta(minutes=15)


def back_to_back(
    offers: Sequence[tuple[int, Sequence[T]]], *, max_gap: timedelta = MAX_GAP, limit: int = 6
) -> list[tuple[tuple[int, T], ...]]:
    """Chains of one free time per child, each starting when (or soon after) the last ends.

    `offers` holds (pupil id, that child's free times). Talks never overlap; two talks with
    the same teacher simply follow each other. The earliest chains come first, one per
    starting time, so the parent sees a spread of choices.
    """
    found: dict[frozenset[int], tuple[tuple[int, T], ...]] = {}
    for order in permutations(offers):
        first_pupil, first_offers = order[0]
        for first in first_offers:
            chain = _extend([(first_pupil, first)], order[1:], max_gap)
            if chain:
                found.setdefault(frozenset(o.slot_id for _, o in chain), chain)
    chains = sorted(found.values(), key=lambda c: (c[0][1].starts_at, c[-1][1].ends_at))
    picked: list[tuple[tuple[int, T], ...]] = []
    starts: set[datetime] = set()
    for chain in chains:
        if chain[0][1].starts_at not in starts:
            starts.add(chain[0][1].starts_at)
            picked.append(chain)
        if len(picked) == limit:
            break
    return picked


def _extend(
    chain: list[tuple[int, T]], rest: Sequence[tuple[int, Sequence[T]]], max_gap: timedelta
) -> tuple[tuple[int, T], ...] | None:
    if not rest:
        return tuple(chain)
    previous_end = chain[-1][1].ends_at
    pupil, candidates = rest[0]
    for offer in sorted(candidates, key=lambda o: o.starts_at):
        if previous_end <= offer.starts_at <= previous_end + max_gap:
            result = _extend([*chain, (pupil, offer)], rest[1:], max_gap)
            if result:
                return result
    return None
