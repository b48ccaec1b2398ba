"""Webhook mode: the real bot receives Telegram's updates over HTTP, as behind a proxy.

The sandbox calls the bot's webhook the way Telegram does (secret header included); the
bot's own server refuses anyone without the secret and answers a health check.
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import pytest
from aiohttp import web
from telegram import Bot
from telegram.error import BadRequest

from bot.config import Settings
from bot.domain.clock import ManualClock
from bot.launch import WebhookSettings, serve, webhook_secret
from bot.sandbox import Sandbox
from bot.webhook_server import SECRET_HEADER, WebhookServer
from tests.e2e.conftest import School, built_school


def free_port() -> int:
    with socket.create_server(("127.0.0.1", 0)) as probe:
        return int(probe.getsockname()[1])


@pytest.fixture
async def sandbox() -> AsyncIterator[Sandbox]:
    async with Sandbox(time_scale=0.05, per_chat_rate=0, allow_http_webhook=True) as running:
        yield running


@asynccontextmanager
async def webhook_school(
    sandbox: Sandbox, settings: Settings, clock: ManualClock
) -> AsyncIterator[tuple[School, WebhookSettings, WebhookServer]]:
    """The example school during booking, its bot served by `serve` in webhook mode."""
    invitations, bot_settings, app = await built_school(sandbox, settings, clock, with_plan=True)
    port = free_port()
    webhook = WebhookSettings(
        f"http://127.0.0.1:{port}/telegram", webhook_secret(settings.secret_key), "127.0.0.1", port
    )
    stop = asyncio.Event()
    ready: asyncio.Future[WebhookServer | None] = asyncio.get_running_loop().create_future()
    task = asyncio.create_task(serve(app, stop=stop, webhook=webhook, ready=ready.set_result))
    await asyncio.wait({task, ready}, return_when=asyncio.FIRST_COMPLETED)
    if task.done():
        raise AssertionError(f"serve ended before it was ready: {task.result()}")
    server = ready.result()
    assert server is not None
    try:
        yield School(sandbox, bot_settings, invitations, app, clock), webhook, server
    finally:
        stop.set()
        assert await task == 0


async def test_a_parent_talks_to_the_bot_through_its_webhook(sandbox, settings, clock):
    async with webhook_school(sandbox, settings, clock) as (school, webhook, server):
        tom = await school.linked("Tom de Groot", "en")
        await tom.send("/talks")
        invitation = await tom.expect_message(contains="Progress talks, December")
        assert "Sem" in invitation.text
        assert server.received == 2
    methods = [call.method for call in sandbox.calls]
    assert "getUpdates" not in methods  # every update came through the webhook
    set_webhook = next(call for call in sandbox.calls if call.method == "setWebhook")
    assert set_webhook.params["url"] == webhook.url
    assert set_webhook.params["secret_token"] == webhook.secret


async def test_a_request_without_the_right_secret_is_refused(sandbox, settings, clock):
    async with webhook_school(sandbox, settings, clock) as (_, webhook, server):
        forged = {"update_id": 999, "message": {"message_id": 1, "date": 0, "text": "/start"}}
        async with httpx.AsyncClient() as client:
            missing = await client.post(webhook.url, json=forged)
            wrong = await client.post(webhook.url, json=forged, headers={SECRET_HEADER: "guess"})
            garbage = await client.post(
                webhook.url, content=b"not json", headers={SECRET_HEADER: webhook.secret}
            )
        assert (missing.status_code, wrong.status_code) == (403, 403)
        assert garbage.status_code == 400
        assert server.received == 0


async def test_the_health_check_tells_the_bot_runs_and_when_it_last_heard(sandbox, settings, clock):
    async with webhook_school(sandbox, settings, clock) as (school, webhook, _):
        health_url = f"http://127.0.0.1:{webhook.port}/healthz"
        async with httpx.AsyncClient() as client:
            before = await client.get(health_url)
            await school.linked("Tom de Groot", "en")
            after = await client.get(health_url)
        assert before.status_code == 200
        assert before.json() == {
            "status": "ok",
            "bot": f"@{sandbox.bot_username}",
            "updates_received": 0,
            "last_update_at": None,
        }
        assert after.json()["updates_received"] == 1
        assert after.json()["last_update_at"] is not None


async def test_telegram_calls_only_https_unless_the_sandbox_is_told_otherwise():
    async with Sandbox() as strict:
        bot = Bot(strict.token, base_url=f"{strict.api_url}/bot")
        async with bot:
            with pytest.raises(BadRequest, match="https url must be provided"):
                await bot.set_webhook("http://127.0.0.1:8443/telegram")
            assert await bot.set_webhook("https://school.example/telegram", secret_token="s3")
            with pytest.raises(BadRequest, match="unallowed characters"):
                await bot.set_webhook("https://school.example/telegram", secret_token="no spaces")


async def test_the_sandbox_delivers_each_update_once_then_polling_takes_over():
    """As Telegram: with the secret header, one at a time; after deleteWebhook, getUpdates
    gets only what the webhook did not take."""
    received: asyncio.Queue[tuple[str | None, dict]] = asyncio.Queue()

    async def hook(request: web.Request) -> web.Response:
        await received.put((request.headers.get(SECRET_HEADER), await request.json()))
        return web.Response()

    receiver = web.Application()
    receiver.add_routes([web.post("/hook", hook)])
    runner = web.AppRunner(receiver)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    url = f"http://127.0.0.1:{runner.addresses[0][1]}/hook"
    try:
        async with Sandbox(allow_http_webhook=True) as sandbox:
            anna = sandbox.create_user("Anna")
            async with Bot(sandbox.token, base_url=f"{sandbox.api_url}/bot") as bot:
                assert await bot.set_webhook(url, secret_token="s3cret")
                await anna.send("first")
                secret, update = await asyncio.wait_for(received.get(), 5)
                assert secret == "s3cret"
                assert update["message"]["text"] == "first"
                assert await bot.delete_webhook()
                assert await bot.get_updates(timeout=0) == ()
                await anna.send("second")
                (polled,) = await bot.get_updates(timeout=0)
                assert polled.message.text == "second"
    finally:
        await runner.cleanup()
    assert received.empty()
