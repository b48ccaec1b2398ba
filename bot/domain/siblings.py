"""Back-to-back times for brothers and sisters: one trip to school for the whole family."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from itertools import permutations
from typing import TypeVar

from bot.domain.family_time import DEFAULT_GAP, Placed, walk

T = TypeVar("T", bound=Placed)

# The longest a family waits between two talks of a chain, beyond the walk between rooms.
MAX_WAIT = timedelta(minutes=15)


def back_to_back(
    offers: Sequence[tuple[int, Sequence[T]]],
    *,
    gap: timedelta = DEFAULT_GAP,
    max_wait: timedelta = MAX_WAIT,
) -> list[tuple[tuple[int, T], ...]]:
    """Chains of one free time per child, each after the one before, across the whole round.

    `offers` holds (pupil id, that child's free times). Between two talks with different
    teachers or places the family walks over (`gap`); the same teacher in the same place may
    simply take the next talk. Best first: the fewest minutes waiting in all, then the
    earliest. One chain per starting moment (the best of the children's orders), so the
    list spreads over every day and block of the round, to be shown a page at a time.
    """
    best: dict[datetime, tuple[timedelta, tuple[tuple[int, T], ...]]] = {}
    for order in permutations(offers):
        (first_pupil, first_offers), rest = order[0], order[1:]
        for first in first_offers:
            found = _best_rest(((first_pupil, first),), rest, gap, max_wait)
            if found is not None and (
                first.starts_at not in best or found[0] < best[first.starts_at][0]
            ):
                best[first.starts_at] = found
    ranked = sorted(best.values(), key=lambda found: (found[0], found[1][0][1].starts_at))
    return [chain for _, chain in ranked]


def _best_rest(
    chain: tuple[tuple[int, T], ...],
    rest: Sequence[tuple[int, Sequence[T]]],
    gap: timedelta,
    max_wait: timedelta,
) -> tuple[timedelta, tuple[tuple[int, T], ...]] | None:
    """The chain completed with the least waiting in all (and that waiting), if it can be."""
    if not rest:
        return timedelta(0), chain
    last = chain[-1][1]
    pupil, candidates = rest[0]
    best: tuple[timedelta, tuple[tuple[int, T], ...]] | None = None
    for offer in candidates:
        waited, needed = offer.starts_at - last.ends_at, walk(last, offer, gap)
        if not needed <= waited <= needed + max_wait:
            continue
        found = _best_rest((*chain, (pupil, offer)), rest[1:], gap, max_wait)
        if found is not None and (best is None or waited + found[0] < best[0]):
            best = (waited + found[0], found[1])
    return best
