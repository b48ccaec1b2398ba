"""The running bot's event loop is uvloop where it is installed, and runs what it is given."""

from __future__ import annotations

import asyncio

import pytest

from bot import event_loop


def test_the_bot_runs_on_uvloop_where_it_is_installed():
    pytest.importorskip("uvloop", reason="uvloop is not built for this platform (Windows)")

    async def running_loop() -> str:
        return type(asyncio.get_running_loop()).__module__

    assert event_loop.run(running_loop()).startswith("uvloop")


def test_what_the_loop_runs_returns_and_raises_as_with_asyncio():
    async def answer() -> int:
        await asyncio.sleep(0)
        return 42

    async def fail() -> None:
        raise LookupError("nobody")

    assert event_loop.run(answer()) == 42
    with pytest.raises(LookupError):
        event_loop.run(fail())
