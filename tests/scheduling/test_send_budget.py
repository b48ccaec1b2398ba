"""The send budget on a fake clock: Telegram's limits for the sum of all senders, replies
before broadcast, and a 429 that holds everyone back. Nothing here depends on the machine's
speed: time only moves when every sender is waiting."""

from __future__ import annotations

import asyncio
import heapq
import itertools
from collections.abc import Coroutine
from typing import Any

import pytest

from scheduling.send_budget import CHAT_BURST, CHAT_INTERVAL, SendBudget

RATE = 30


class FakeTime:
    """`now` and `sleep` for a SendBudget: sleepers wake in order of their deadline, and the
    clock jumps to it once everything else is blocked."""

    def __init__(self) -> None:
        self.moment = 0.0
        self._sleepers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._order = itertools.count()

    def now(self) -> float:
        return self.moment

    async def sleep(self, seconds: float) -> None:
        woken = asyncio.get_running_loop().create_future()
        heapq.heappush(self._sleepers, (self.moment + max(seconds, 0.0), next(self._order), woken))
        await woken

    async def run(self, *senders: Coroutine[Any, Any, Any]) -> None:
        """Run the senders to the end, moving the clock whenever all of them wait."""
        tasks = [asyncio.ensure_future(sender) for sender in senders]
        while not all(task.done() for task in tasks):
            for _ in range(20):  # let every runnable sender run until it blocks
                await asyncio.sleep(0)
            if self._sleepers and not all(task.done() for task in tasks):
                moment, _, woken = heapq.heappop(self._sleepers)
                self.moment = max(self.moment, moment)
                woken.set_result(None)
        for task in tasks:
            task.result()

    def budget(self, rate: float = RATE) -> SendBudget:
        return SendBudget(rate, now=self.now, sleep=self.sleep)


class Log:
    """Who got a turn when."""

    def __init__(self, fake: FakeTime, budget: SendBudget) -> None:
        self.fake, self.budget = fake, budget
        self.turns: list[tuple[float, str, int]] = []
        self.answer_after = 0.0  # how long Telegram takes to answer

    async def send(self, who: str, chats: list[int], *, urgent: bool = False) -> None:
        for chat in chats:
            async with self.budget.turn(chat, urgent=urgent):
                self.turns.append((self.fake.now(), who, chat))
                await self.fake.sleep(self.answer_after)

    def moments(self, who: str | None = None) -> list[float]:
        return [at for at, sender, _ in self.turns if who in (None, sender)]


def most_in_any_second(moments: list[float]) -> int:
    return max(sum(1 for m in moments if start <= m < start + 1) for start in moments)


async def test_broadcast_and_replies_together_stay_within_30_a_second_and_1_per_chat():
    fake = FakeTime()
    log = Log(fake, fake.budget())
    parents = [[n] * 5 for n in range(0, 300, 10)]  # who are invited too, ask five times
    await fake.run(
        log.send("broadcast", list(range(300))),
        *(log.send("reply", chats, urgent=True) for chats in parents),
    )
    assert len(log.turns) == 300 + 150
    assert most_in_any_second(log.moments()) <= RATE
    for chat in range(300):
        turns = [(at, who) for at, who, c in log.turns if c == chat]
        for (before, _), (at, who) in itertools.pairwise(turns):
            if who == "broadcast":  # never right after anything else in the chat
                assert at - before >= CHAT_INTERVAL - 1e-9
        moments = [at for at, _ in turns]
        for first, start in enumerate(moments):  # a burst of three at most, then one an interval
            for count, end in enumerate(moments[first:], 1):
                assert count <= CHAT_BURST + (end - start) / CHAT_INTERVAL + 1e-9


async def test_a_reply_may_come_as_a_burst_of_three_then_one_a_second():
    fake = FakeTime()
    log = Log(fake, fake.budget())
    await fake.run(log.send("reply", [5] * 5, urgent=True))
    first, _, third, fourth, fifth = log.moments()
    assert third - first < 0.1
    assert abs(fourth - first - CHAT_INTERVAL) < 1e-9
    assert abs(fifth - fourth - CHAT_INTERVAL) < 1e-9


async def test_a_long_broadcast_keeps_close_to_telegram_s_floor():
    fake = FakeTime()
    log = Log(fake, fake.budget())
    await fake.run(log.send("broadcast", list(range(1000))))
    seconds = log.moments()[-1] - log.moments()[0]
    assert most_in_any_second(log.moments()) <= RATE
    assert seconds <= 999 / RATE + 0.1  # as fast as that allows, give or take a turn


async def test_a_sender_that_was_busy_a_moment_makes_the_delay_up():
    fake = FakeTime()
    budget = fake.budget()
    sent: list[float] = []

    async def busy_after(first: int, seconds: float) -> None:
        for chat in range(60):
            if chat == first:
                await fake.sleep(seconds)  # rendering took long, the machine was busy
            async with budget.turn(chat):
                sent.append(fake.now())

    await fake.run(busy_after(10, 3 / RATE))  # three turns late: made up
    assert sent[-1] == pytest.approx(59 / RATE)
    assert most_in_any_second(sent) <= RATE
    sent.clear()
    await fake.run(busy_after(10, 1.0))  # much later: the plan starts again
    assert sent[-1] - sent[0] == pytest.approx(59 / RATE + 1.0 - 1 / RATE, abs=0.01)


async def test_a_slow_answer_counts_from_when_it_came():
    fake = FakeTime()
    log = Log(fake, fake.budget())
    log.answer_after = 0.2  # Telegram may have counted each one at any moment until then
    await fake.run(*(log.send("reply", [chat], urgent=True) for chat in range(2 * RATE)))
    moments = log.moments()
    for first, later in zip(moments, moments[RATE:], strict=False):
        assert later >= first + 0.2 + 1 - 1e-9


async def test_a_call_that_hangs_holds_the_others_back_one_second_at_most():
    fake = FakeTime()
    budget = fake.budget()
    hanging, log = Log(fake, budget), Log(fake, budget)
    hanging.answer_after = 5.0  # until its time-out
    await fake.run(hanging.send("hanging", [0]), log.send("broadcast", list(range(1, 61))))
    thirty_first = log.moments()[29]
    assert thirty_first == pytest.approx(2.0)


async def test_a_reply_goes_before_the_waiting_broadcast():
    fake = FakeTime()
    budget = fake.budget()
    log = Log(fake, budget)

    async def press_meanwhile() -> None:
        await fake.sleep(0.5)  # a parent presses while invitations are queued
        await log.send("reply", [9999], urgent=True)

    await fake.run(log.send("broadcast", list(range(60))), press_meanwhile())
    reply_at = log.moments("reply")[0]
    assert reply_at - 0.5 <= 1.1 / RATE  # at the next free turn, not after the broadcast
    assert sum(1 for at in log.moments("broadcast") if at <= reply_at) < 20


async def test_a_broadcast_message_waits_a_whole_interval_after_a_reply_in_that_chat():
    fake = FakeTime()
    budget = fake.budget()
    log = Log(fake, budget)
    await fake.run(log.send("reply", [0], urgent=True))
    await fake.run(log.send("broadcast", [0]), log.send("reply", [0, 1], urgent=True))
    reply, *later = log.turns
    assert [who for _, who, _ in later] == ["reply", "reply", "broadcast"]
    assert later[-1][0] - reply[0] >= CHAT_INTERVAL - 1e-9
    assert later[1][0] < 0.1  # a reply elsewhere did not wait for chat 0


async def test_a_429_holds_back_every_sender_for_its_retry_after():
    fake = FakeTime()
    budget = fake.budget()
    log = Log(fake, budget)
    await fake.run(log.send("broadcast", [1]))
    budget.pause(3)  # Telegram: retry_after=3
    await fake.run(
        log.send("broadcast", [2]), log.send("reply", [3], urgent=True), budget.unpaused()
    )
    assert fake.now() >= 3
    assert min(log.moments()[1:]) >= 3


async def test_a_telegram_second_lasts_time_scale():
    fake = FakeTime()
    budget = SendBudget(RATE, time_scale=0.1, now=fake.now, sleep=fake.sleep)
    log = Log(fake, budget)
    await fake.run(log.send("broadcast", [7, 7]))
    first, second = log.moments()
    assert abs((second - first) - 0.1 * CHAT_INTERVAL) < 1e-9
    budget.pause(2)
    assert budget.ready_at(8) == fake.now() + 0.2
