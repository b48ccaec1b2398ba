"""Flood control and fault injection, on a fake clock so no test waits for real time."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from bot.sandbox.errors import ApiError
from bot.sandbox.limits import PER_CHAT_BURST, FaultInjector, RateLimiter


@dataclass
class Settings:
    time_scale: float = 1.0
    global_rate: int = 30
    per_chat_rate: float = 1.0
    fault_rate: float = 0.0


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def refusal(limiter: RateLimiter, chat_id: int) -> ApiError:
    with pytest.raises(ApiError) as refused:
        limiter.acquire(chat_id)
    return refused.value


def test_the_31st_message_in_a_second_is_refused_then_allowed_after_retry_after() -> None:
    clock = Clock()
    limiter = RateLimiter(Settings(), clock)
    for chat_id in range(30):
        limiter.acquire(chat_id)
        clock.now += 0.01

    error = refusal(limiter, 99)

    assert error.payload() == {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 1",
        "parameters": {"retry_after": 1},
    }
    clock.now += error.retry_after or 0
    limiter.acquire(99)


def test_a_chat_gets_a_burst_of_three_then_one_message_per_second() -> None:
    clock = Clock()
    limiter = RateLimiter(Settings(), clock)
    for _ in range(PER_CHAT_BURST):
        limiter.acquire(1)

    assert refusal(limiter, 1).retry_after == 1
    limiter.acquire(2)  # other chats are unaffected
    clock.now += 1.0
    limiter.acquire(1)
    assert refusal(limiter, 1).retry_after == 1


def test_retry_after_is_in_scaled_seconds() -> None:
    clock = Clock()
    limiter = RateLimiter(Settings(time_scale=0.125, per_chat_rate=0.25), clock)
    for _ in range(PER_CHAT_BURST):
        limiter.acquire(1)

    assert refusal(limiter, 1).retry_after == 4  # 1 message per 4 "seconds"
    clock.now += 4 * 0.125  # four scaled seconds
    limiter.acquire(1)


def test_refused_messages_do_not_count() -> None:
    clock = Clock()
    limiter = RateLimiter(Settings(global_rate=1, per_chat_rate=0), clock)
    limiter.acquire(1)
    for _ in range(5):
        refusal(limiter, 2)

    clock.now += 1.0
    limiter.acquire(2)


def test_a_rate_of_zero_disables_the_limit_and_settings_apply_at_once() -> None:
    settings = Settings(global_rate=0, per_chat_rate=0)
    limiter = RateLimiter(settings, Clock())
    for _ in range(100):
        limiter.acquire(1)

    settings.per_chat_rate = 1.0
    for _ in range(PER_CHAT_BURST):
        limiter.acquire(1)
    refusal(limiter, 1)


def test_faults_are_reproducible_for_a_seed_and_follow_the_rate() -> None:
    def outcomes(seed: int) -> list[int | None]:
        faults = FaultInjector(Settings(fault_rate=0.5), seed)
        return [faults.draw() for _ in range(200)]

    first = outcomes(7)

    assert first == outcomes(7)
    assert first != outcomes(8)
    assert set(first) == {None, 500, 502}
    assert 60 < first.count(None) < 140


def test_no_faults_at_rate_zero() -> None:
    faults = FaultInjector(Settings(fault_rate=0.0), seed=1)
    assert {faults.draw() for _ in range(50)} == {None}
