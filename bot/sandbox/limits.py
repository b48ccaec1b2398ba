"""Flood control and fault injection: the two ways Telegram says "not now".

Rates and `fault_rate` behave like Telegram, in real (scaled) time; `CallSchedule` scripts
exact answers to exact calls, for tests that must not depend on the machine's speed.
"""

from __future__ import annotations

import asyncio
import math
import random
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Protocol

from bot.sandbox.errors import too_many_requests

# Telegram lets a chat receive a short burst before its ~1 message/second limit bites.
PER_CHAT_BURST = 3


class RateSettings(Protocol):
    """Read on every message, so a running sandbox can be retuned."""

    time_scale: float
    global_rate: int
    per_chat_rate: float


class FaultSettings(Protocol):
    fault_rate: float


class RateLimiter:
    """Telegram's limits on sent and edited messages, measured in scaled seconds.

    Overall: at most `global_rate` messages in any sliding second. Per chat: a token bucket
    holding PER_CHAT_BURST and refilling `per_chat_rate` per second. A rate of 0 turns that
    limit off. Refused messages do not count.
    """

    def __init__(self, settings: RateSettings, clock: Callable[[], float] = time.monotonic) -> None:
        self._settings = settings
        self._clock = clock
        self._recent: deque[float] = deque()
        self._buckets: dict[int, tuple[float, float]] = {}  # chat -> (tokens, when)

    def acquire(self, chat_id: int) -> None:
        """Count one message to chat_id, or raise Telegram's 429 without counting it."""
        now = self._clock()
        second = self._settings.time_scale
        global_rate, chat_rate = self._settings.global_rate, self._settings.per_chat_rate
        if global_rate > 0:
            while self._recent and self._recent[0] <= now - second:
                self._recent.popleft()
            if len(self._recent) >= global_rate:
                raise too_many_requests(_whole_seconds(self._recent[0] + second - now, second))
        tokens = 0.0
        if chat_rate > 0:
            tokens, when = self._buckets.get(chat_id, (PER_CHAT_BURST, now))
            tokens = min(PER_CHAT_BURST, tokens + (now - when) / second * chat_rate)
            if tokens < 1:
                raise too_many_requests(_whole_seconds((1 - tokens) / chat_rate * second, second))
        if global_rate > 0:
            self._recent.append(now)
        if chat_rate > 0:
            self._buckets[chat_id] = (tokens - 1, now)


def _whole_seconds(wait: float, second: float) -> int:
    """retry_after is a whole number of (scaled) seconds, at least 1, as in the API."""
    return max(1, math.ceil(wait / second))


class FaultInjector:
    """Decides which calls fail, reproducibly for a given seed."""

    def __init__(self, settings: FaultSettings, seed: int | None) -> None:
        self._settings = settings
        self._random = random.Random(seed)

    def draw(self) -> int | None:
        """The HTTP status (500 or 502) this call fails with, or None to serve it."""
        if self._settings.fault_rate <= 0 or self._random.random() >= self._settings.fault_rate:
            return None
        return self._random.choice((500, 502))


@dataclass(frozen=True)
class Throttle:
    """Answer 429 with this `retry_after` (whole scaled seconds), as flood control does."""

    retry_after: int = 1


@dataclass(frozen=True)
class Fail:
    """Answer 500 (JSON) or 502 (the front proxy's HTML page)."""

    status: int = 500


@dataclass(frozen=True)
class Stall:
    """Hold the call this many real seconds, then serve it."""

    seconds: float


@dataclass(frozen=True)
class Hold:
    """Hold the call until the test sets `release`, then serve it: Telegram acts on a call
    whose answer the bot may no longer be there to read. `reached` is set on arrival."""

    reached: asyncio.Event = field(default_factory=asyncio.Event)
    release: asyncio.Event = field(default_factory=asyncio.Event)


Scripted = Throttle | Fail | Stall | Hold


class CallSchedule:
    """What given calls of a method answer, counted from when the plan was made.

    Unlike `fault_rate` and the rate limits, this does not depend on how fast anything runs:
    "the 2nd and 3rd sendMessage from now get a 429" happens on any machine.
    """

    def __init__(self) -> None:
        self._plans: dict[str, dict[int, Scripted]] = {}
        self._counts: dict[str, int] = {}

    def plan(self, method: str, outcomes: Mapping[int, Scripted]) -> None:
        """Replace the plan for `method`: call number (1 = the next call) → its answer."""
        if any(number < 1 for number in outcomes):
            raise ValueError("calls are numbered from 1")
        key = method.lower()
        self._plans[key] = dict(outcomes)
        self._counts[key] = 0

    def next(self, method: str) -> Scripted | None:
        """Count one call of `method`; its scripted answer, or None to serve it as usual."""
        key = method.lower()
        plan = self._plans.get(key)
        if plan is None:
            return None
        self._counts[key] += 1
        return plan.pop(self._counts[key], None)
