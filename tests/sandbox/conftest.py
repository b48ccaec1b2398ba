"""Fixtures: sandboxes and PTB bots that are always torn down, bots first."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import aiohttp
import pytest
from telegram import Bot

from bot.sandbox import Sandbox

NewSandbox = Callable[..., Awaitable[Sandbox]]
Connect = Callable[..., Awaitable[Bot]]


@pytest.fixture
async def stack() -> AsyncIterator[contextlib.AsyncExitStack]:
    async with contextlib.AsyncExitStack() as exits:
        yield exits


@pytest.fixture
def new_sandbox(stack: contextlib.AsyncExitStack) -> NewSandbox:
    async def start(**options: Any) -> Sandbox:
        return await stack.enter_async_context(Sandbox(**options))

    return start


@pytest.fixture
def connect(stack: contextlib.AsyncExitStack) -> Connect:
    """A real PTB Bot speaking HTTP to a sandbox, as the application will."""

    async def open_bot(sandbox: Sandbox, **options: Any) -> Bot:
        bot = Bot(
            sandbox.token,
            base_url=f"{sandbox.api_url}/bot",
            base_file_url=f"{sandbox.api_url}/file/bot",
            **options,
        )
        return await stack.enter_async_context(bot)

    return open_bot


@pytest.fixture
async def sandbox(new_sandbox: NewSandbox) -> Sandbox:
    """Rate limits off, so functional tests never trip over them by accident."""
    return await new_sandbox(global_rate=0, per_chat_rate=0)


@pytest.fixture
async def bot(sandbox: Sandbox, connect: Connect) -> Bot:
    return await connect(sandbox)


@pytest.fixture
async def http(stack: contextlib.AsyncExitStack) -> aiohttp.ClientSession:
    """A plain HTTP client, to check raw response bodies PTB would reshape."""
    return await stack.enter_async_context(aiohttp.ClientSession())
