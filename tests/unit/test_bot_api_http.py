"""The bot's HTTP to the Bot API: proxies from the environment read once, redirects not
followed, an unusable proxy refused at start."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Awaitable, Callable

import pytest
from aiohttp import web
from telegram.error import NetworkError

from bot.bot_api_http import AiohttpRequest
from bot.config import ConfigError

ME = {"id": 1, "is_bot": True, "first_name": "parentbot", "username": "parentbot_bot"}
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
Serve = Callable[[Handler], Awaitable[str]]


@pytest.fixture(autouse=True)
def no_proxy_of_the_machine(monkeypatch):
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)


@pytest.fixture
async def serve() -> AsyncIterator[Serve]:
    """Start a small HTTP server answering with `handler`; its address."""
    runners: list[web.AppRunner] = []

    async def start(handler: Handler) -> str:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", handler)
        runner = web.AppRunner(app)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        runners.append(runner)
        host, port = runner.addresses[0][:2]
        return f"http://{host}:{port}"

    yield start
    for runner in runners:
        await runner.cleanup()


async def test_calls_go_through_the_proxy_the_environment_names(serve, monkeypatch):
    asked: list[str] = []

    async def proxy(request: web.Request) -> web.Response:
        asked.append(str(request.url))
        return web.json_response({"ok": True, "result": ME})

    monkeypatch.setenv("HTTP_PROXY", await serve(proxy))
    async with AiohttpRequest() as request:
        answer = await request.post("http://telegram.invalid/botTOKEN/getMe")
    assert answer == ME
    assert asked == ["http://telegram.invalid/botTOKEN/getMe"]


async def test_an_address_in_no_proxy_is_reached_directly(serve, monkeypatch, unused_tcp_port):
    async def telegram(request: web.Request) -> web.Response:
        return web.json_response({"ok": True, "result": ME})

    api = await serve(telegram)
    monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{unused_tcp_port}")  # nobody there
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    async with AiohttpRequest() as request:
        assert await request.post(f"{api}/botTOKEN/getMe") == ME


@pytest.mark.parametrize("proxy", ["socks5://proxy.school.example:1080", "ftp://proxy:21"])
async def test_a_proxy_aiohttp_cannot_use_is_refused_at_start_in_one_line(monkeypatch, proxy):
    monkeypatch.setenv("HTTPS_PROXY", proxy)
    with pytest.raises(ConfigError, match=r"^HTTPS_PROXY: .*http:// proxy only"):
        await AiohttpRequest().initialize()


async def test_a_redirect_is_not_followed(serve):
    """A POST turned into a GET elsewhere would send nothing the bot meant."""
    followed: list[str] = []

    async def moved(request: web.Request) -> web.Response:
        if request.path.startswith("/elsewhere"):
            followed.append(request.method)
            return web.json_response({"ok": True, "result": ME})
        raise web.HTTPFound("/elsewhere")

    api = await serve(moved)
    async with AiohttpRequest() as request:
        with pytest.raises(NetworkError, match="302"):
            await request.post(f"{api}/botTOKEN/sendMessage", None)
    assert followed == []


async def test_parameters_go_as_one_json_body(serve):
    bodies: list[tuple[str, object]] = []

    async def telegram(request: web.Request) -> web.Response:
        bodies.append((request.content_type, json.loads(await request.text())))
        return web.json_response({"ok": True, "result": True})

    api = await serve(telegram)
    async with AiohttpRequest() as request:
        from telegram.request import RequestData
        from telegram.request._requestparameter import RequestParameter

        data = RequestData(
            [
                RequestParameter.from_input("chat_id", 7),
                RequestParameter.from_input("text", "Goedemorgen 👋"),
                RequestParameter.from_input("reply_markup", {"inline_keyboard": []}),
            ]
        )
        assert await request.post(f"{api}/botTOKEN/sendMessage", data) is True
    assert bodies == [
        (
            "application/json",
            {"chat_id": 7, "text": "Goedemorgen 👋", "reply_markup": {"inline_keyboard": []}},
        )
    ]
