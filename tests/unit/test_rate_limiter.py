"""PTB's requests through the shared limiter: messages take urgent turns from delivery's
budget, other calls only wait out a 429, and a 429 pauses delivery too. On a fake clock."""

from __future__ import annotations

from typing import Any

import pytest
from telegram.error import RetryAfter

from bot.sandbox import Sandbox
from bot.telegram.application import build_application, running
from bot.telegram.rate_limiter import SharedRateLimiter
from scheduling.clock import scheduler_of
from scheduling.send_budget import CHAT_INTERVAL, SendBudget
from tests.scheduling.test_send_budget import FakeTime, Log


class Telegram:
    """A callback for `process_request` that notes when it was called and answers 429
    with `retry_after` to the calls numbered in `refuse`."""

    def __init__(self, fake: FakeTime, refuse: dict[int, int] | None = None) -> None:
        self.fake, self.refuse = fake, refuse or {}
        self.calls: list[float] = []

    async def __call__(self) -> dict[str, Any]:
        self.calls.append(self.fake.now())
        if (retry_after := self.refuse.get(len(self.calls))) is not None:
            raise RetryAfter(retry_after)
        return {"ok": True}


def shared(fake: FakeTime, *, max_retries: int = 3) -> tuple[SharedRateLimiter, SendBudget]:
    limiter, budget = SharedRateLimiter(max_retries=max_retries), fake.budget()
    limiter.share(budget)
    return limiter, budget


async def request(
    limiter: SharedRateLimiter,
    telegram: Telegram,
    endpoint: str,
    data: dict[str, Any],
    retries: int | None = None,
) -> None:
    await limiter.process_request(telegram, (), {}, endpoint, data, retries)


async def test_messages_to_one_chat_keep_its_pace_other_calls_do_not_wait():
    fake = FakeTime()
    (limiter, _), telegram = shared(fake), Telegram(fake)
    message = {"chat_id": 5, "text": "hello"}
    await fake.run(*(request(limiter, telegram, "sendMessage", message) for _ in range(4)))
    await fake.run(
        request(limiter, telegram, "answerCallbackQuery", {"callback_query_id": "1"}),
        request(limiter, telegram, "sendChatAction", {"chat_id": 5, "action": "typing"}),
    )
    assert telegram.calls[3] - telegram.calls[0] == pytest.approx(CHAT_INTERVAL)  # after a burst
    assert telegram.calls[4:] == [telegram.calls[3]] * 2


async def test_a_reply_goes_before_the_deliverer_s_waiting_message():
    fake = FakeTime()
    limiter, budget = shared(fake)
    log, telegram = Log(fake, budget), Telegram(fake)
    await fake.run(log.send("broadcast", list(range(100, 130))))  # the window is full
    await fake.run(
        log.send("broadcast", [200]),
        request(limiter, telegram, "editMessageText", {"chat_id": "7", "message_id": 1}),
    )
    assert telegram.calls[0] < log.moments()[-1]


async def test_a_429_pauses_delivery_too_and_the_reply_is_tried_again():
    fake = FakeTime()
    (limiter, budget), telegram = shared(fake), Telegram(fake, refuse={1: 4})
    log = Log(fake, budget)
    await fake.run(request(limiter, telegram, "sendMessage", {"chat_id": 5, "text": "hi"}))
    await fake.run(log.send("broadcast", [6]))
    assert telegram.calls == [0.0, pytest.approx(4.0)]
    assert log.moments()[0] >= 4.0


async def test_after_its_retries_the_429_reaches_the_handler():
    fake = FakeTime()
    limiter, _ = shared(fake, max_retries=3)
    telegram = Telegram(fake, refuse={1: 1, 2: 1})
    with pytest.raises(RetryAfter):
        await fake.run(request(limiter, telegram, "sendMessage", {"chat_id": 5}, retries=1))
    assert len(telegram.calls) == 2


async def test_before_scheduling_shares_its_budget_only_start_up_calls_go():
    fake = FakeTime()
    limiter, telegram = SharedRateLimiter(), Telegram(fake)
    await request(limiter, telegram, "setMyCommands", {"commands": []})
    with pytest.raises(RuntimeError, match="sendMessage"):
        await request(limiter, telegram, "sendMessage", {"chat_id": 5, "text": "hi"})
    assert len(telegram.calls) == 1


async def test_the_running_bot_s_replies_take_their_turns_from_delivery_s_budget(settings, clock):
    async with Sandbox(time_scale=0.05, per_chat_rate=0) as sandbox:
        bot_settings = settings.model_copy(update={"telegram_api_url": sandbox.api_url})
        app = build_application(
            bot_settings, clock, token=sandbox.token, delivery_time_scale=sandbox.time_scale
        )
        async with running(app, poll_timeout=1):
            scheduling = scheduler_of(app.bot_data)
            assert scheduling is not None
            budget = scheduling.deliverer.budget
            anna = sandbox.create_user("Anna", language_code="nl")
            assert budget.chat_ready_at(anna.id) == 0.0
            await anna.send("/help")
            await anna.expect_message()
            assert budget.chat_ready_at(anna.id) > 0.0  # the reply counted in her chat
