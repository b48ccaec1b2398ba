"""Scripted answers: exact calls answer 429, 500, 502, a stall or a hold, on any machine."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from telegram import Bot
from telegram.error import NetworkError, RetryAfter

from bot.sandbox import Fail, Hold, Sandbox, Stall, Throttle


async def test_scripted_calls_answer_as_planned_and_the_others_are_served(
    sandbox: Sandbox, bot: Bot
) -> None:
    anna = sandbox.create_user("Anna")
    await anna.start()
    await bot.send_message(anna.id, "before the plan")
    sandbox.schedule("sendMessage", {2: Throttle(7), 3: Fail(500), 4: Fail(502)})

    await bot.send_message(anna.id, "one")
    with pytest.raises(RetryAfter) as throttled:
        await bot.send_message(anna.id, "two")
    with pytest.raises(NetworkError, match="Internal Server Error"):
        await bot.send_message(anna.id, "three")
    with pytest.raises(NetworkError, match="Bad Gateway"):
        await bot.send_message(anna.id, "four")
    await bot.get_me()  # another method: not counted, not scripted
    await bot.send_message(anna.id, "five")

    retry_after = throttled.value.retry_after  # PTB is moving it from seconds to a timedelta
    assert retry_after == (timedelta(seconds=7) if isinstance(retry_after, timedelta) else 7)
    assert [m.text for m in anna.messages] == ["before the plan", "one", "five"]


async def test_a_new_plan_counts_from_the_next_call(sandbox: Sandbox, bot: Bot) -> None:
    anna = sandbox.create_user("Anna")
    await anna.start()
    sandbox.schedule("sendMessage", {1: Fail(500)})
    sandbox.schedule("sendMessage", {2: Fail(500)})

    await bot.send_message(anna.id, "served")
    with pytest.raises(NetworkError):
        await bot.send_message(anna.id, "refused")
    assert [m.text for m in anna.messages] == ["served"]


def test_calls_are_numbered_from_one(sandbox: Sandbox) -> None:
    with pytest.raises(ValueError, match="from 1"):
        sandbox.schedule("sendMessage", {0: Fail(500)})


async def test_a_stalled_call_is_served_late(sandbox: Sandbox, bot: Bot) -> None:
    anna = sandbox.create_user("Anna")
    await anna.start()
    sandbox.schedule("sendMessage", {1: Stall(0.01)})
    await bot.send_message(anna.id, "late")
    assert [m.text for m in anna.messages] == ["late"]


async def test_a_held_call_waits_for_its_release_then_acts(sandbox: Sandbox, bot: Bot) -> None:
    anna = sandbox.create_user("Anna")
    await anna.start()
    hold = Hold()
    sandbox.schedule("sendMessage", {1: hold})

    sending = asyncio.create_task(bot.send_message(anna.id, "held"))
    await hold.reached.wait()
    assert anna.messages == []
    assert not sending.done()
    hold.release.set()
    sent = await sending

    assert sent.text == "held"
    assert [m.text for m in anna.messages] == ["held"]
