"""A local Telegram Bot API server, so the real bot runs unchanged where Telegram is unreachable.

Point PTB at it with `.base_url(f"{sb.api_url}/bot")` and
`.base_file_url(f"{sb.api_url}/file/bot")`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
from collections.abc import Iterable, Mapping
from types import TracebackType
from typing import Any, NamedTuple, Self

from aiohttp import web

from bot.http_site import serve
from bot.sandbox import page
from bot.sandbox import web as sandbox_web
from bot.sandbox.api import METHODS
from bot.sandbox.api_bot import end_webhook
from bot.sandbox.errors import ApiError, too_many_requests
from bot.sandbox.groups import SimGroup
from bot.sandbox.limits import (
    CallSchedule,
    Fail,
    FaultInjector,
    Hold,
    RateLimiter,
    Scripted,
    Stall,
    Throttle,
)
from bot.sandbox.params import read_params
from bot.sandbox.state import BotIdentity, SandboxState
from bot.sandbox.users import SimUser

_log = logging.getLogger(__name__)

# Telegram answers 404 to tokens that cannot be tokens, 401 to well-formed strangers.
_TOKEN_SHAPE = re.compile(r"\d+:[\w-]+")
_MAX_UPLOAD = 50 * 1024 * 1024  # bots may upload up to 50 MB
_BAD_GATEWAY_PAGE = (
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n"
    "</body>\r\n</html>\r\n"
)


class ApiCall(NamedTuple):
    """One request the bot made: the method as spelled and its typed parameters."""

    method: str
    params: dict[str, Any]


class Sandbox:
    """Fake Telegram: the Bot API over HTTP plus simulated people to talk to the bot.

    `time_scale` is the length of a rate-limit "second" in real seconds. `fault_rate`,
    `stall_seconds`, `global_rate` and `per_chat_rate` may be changed while running;
    `schedule` scripts the answers to given calls, independent of timing.
    `allow_http_webhook` lets setWebhook take an http:// address on this machine (tests).
    """

    def __init__(
        self,
        *,
        token: str = "123456:SANDBOX",
        bot_username: str = "parentbot_sandbox_bot",
        bot_first_name: str = "Parentbot",
        time_scale: float = 1.0,
        global_rate: int = 30,
        per_chat_rate: float = 1.0,
        fault_rate: float = 0.0,
        stall_seconds: float = 0.0,
        seed: int | None = None,
        allow_http_webhook: bool = False,
    ) -> None:
        if not _TOKEN_SHAPE.fullmatch(token):
            raise ValueError(f"token {token!r} does not look like <bot id>:<secret>")
        if time_scale <= 0:
            raise ValueError("time_scale must be positive")
        self.token = token
        self.time_scale = time_scale
        self.global_rate = global_rate
        self.per_chat_rate = per_chat_rate
        self.fault_rate = fault_rate
        self.stall_seconds = stall_seconds
        self.calls: list[ApiCall] = []
        bot = BotIdentity(int(token.split(":")[0]), bot_first_name, bot_username)
        self._state = SandboxState(bot, RateLimiter(self))
        self._state.allow_http_webhook = allow_http_webhook
        self._faults = FaultInjector(self, seed)
        self._schedule = CallSchedule()
        self._runner: web.AppRunner | None = None
        self._url: str | None = None
        self._stopping = asyncio.Event()

    @property
    def bot_username(self) -> str:
        return self._state.bot.username

    @property
    def api_url(self) -> str:
        """Base URL without trailing slash, e.g. http://127.0.0.1:54321."""
        if self._url is None:
            raise RuntimeError("the sandbox is not running; await start() first")
        return self._url

    @property
    def users(self) -> list[SimUser]:
        return list(self._state.users.values())

    def user(self, user_id: int) -> SimUser:
        return self._state.user(user_id)

    def create_user(
        self,
        first_name: str,
        *,
        last_name: str | None = None,
        language_code: str | None = "nl",
        username: str | None = None,
        is_bot: bool = False,
    ) -> SimUser:
        """A person (or, with `is_bot`, another bot's account) who can talk to the bot."""
        return self._state.create_user(
            first_name,
            last_name=last_name,
            language_code=language_code,
            username=username,
            is_bot=is_bot,
        )

    @property
    def groups(self) -> list[SimGroup]:
        return list(self._state.groups.values())

    def create_group(
        self, title: str, *, kind: str = "group", bot_status: str = "left"
    ) -> SimGroup:
        """A group ("group" or "supergroup") or a channel ("channel"). People add the bot
        with `add_bot`; `bot_status` "member" or "administrator" makes one the bot is already
        in, as if it had been added while no one was listening (no update is sent)."""
        return self._state.create_group(title, kind=kind, bot_status=bot_status)

    def schedule(self, method: str, outcomes: Mapping[int, Scripted]) -> None:
        """Script the answers to calls of `method` from now on: {2: Throttle(3), 5: Fail(502)}
        makes the 2nd call answer 429 (retry after 3) and the 5th a 502; others are served."""
        self._schedule.plan(method, outcomes)

    async def start(
        self, host: str = "127.0.0.1", port: int = 0, *, routes: Iterable[web.RouteDef] = ()
    ) -> None:
        """Serve on host:port; port 0 picks a free one (see api_url).

        `routes` are served beside the Bot API and the page, e.g. the demo's controls; they
        are given here because a running server takes no new routes.
        """
        if self._runner is not None or self._stopping.is_set():
            raise RuntimeError("a sandbox starts once; create a new one to start again")
        app = web.Application(client_max_size=_MAX_UPLOAD)
        app.add_routes(
            [
                web.route("*", "/bot{token}/{method}", self._serve_method),
                web.get("/file/bot{token}/{path:.+}", self._serve_file),
            ]
        )
        sandbox_web.add_routes(app, self._state)
        page.add_routes(app, self._state.feed)
        app.add_routes(routes)
        runner = await serve(app, host, port, shutdown_timeout=1.0)
        self._runner = runner
        shown_host = f"[{host}]" if ":" in host else host
        self._url = f"http://{shown_host}:{runner.addresses[0][1]}"
        _log.info("Telegram sandbox serving at %s", self._url)

    async def stop(self) -> None:
        """Release waiting long polls and stalls, then close the server."""
        if self._runner is None:
            return
        self._stopping.set()
        await end_webhook(self._state)
        self._state.updates.close()
        self._state.feed.close()
        await self._runner.cleanup()
        self._runner = None

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.stop()

    async def _serve_method(self, request: web.Request) -> web.StreamResponse:
        method = request.match_info["method"]
        refusal = self._check_token(request.match_info["token"])
        if refusal is not None:
            return _error_response(refusal)
        try:
            params = await read_params(request)
        except ApiError as error:
            return _error_response(error)
        self.calls.append(ApiCall(method, params.values))
        handler = METHODS.get(method.lower())
        if handler is None:
            return _error_response(ApiError(404, "Not Found"))
        scripted = self._schedule.next(method)
        if scripted is not None:
            answer = await self._play(method, scripted)
            if answer is not None:
                return answer
            fault = None
        else:
            fault = self._faults.draw()
        if fault is not None and self.stall_seconds > 0:
            _log.info("stalling %s for %.1fs", method, self.stall_seconds)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), self.stall_seconds)
        elif fault is not None:
            _log.info("failing %s with injected %d", method, fault)
            return _fault_response(fault)
        try:
            result = await handler(self._state, params)
        except ApiError as error:
            if request.transport is not None:  # else the client left; no one sees the refusal
                _log.info("%s refused: %s", method, error.description)
            return _error_response(error)
        return web.json_response({"ok": True, "result": result})

    async def _play(self, method: str, scripted: Scripted) -> web.Response | None:
        """Act out a scripted answer: a refusal to return, or None once the call may be served."""
        match scripted:
            case Throttle(retry_after):
                return _error_response(too_many_requests(retry_after))
            case Fail(status):
                return _fault_response(status)
            case Stall(seconds):
                _log.info("stalling %s for %.2fs as scheduled", method, seconds)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._stopping.wait(), seconds)
            case Hold(reached, release):
                _log.info("holding %s as scheduled", method)
                reached.set()
                await release.wait()
        return None

    async def _serve_file(self, request: web.Request) -> web.StreamResponse:
        refusal = self._check_token(request.match_info["token"])
        if refusal is not None:
            return _error_response(refusal)
        stored = self._state.files.by_path(request.match_info["path"])
        if stored is None:
            return _error_response(ApiError(404, "Not Found"))
        return web.Response(body=stored.data, content_type=stored.mime_type)

    def _check_token(self, token: str) -> ApiError | None:
        if token == self.token:
            return None
        if _TOKEN_SHAPE.fullmatch(token):
            return ApiError(401, "Unauthorized")
        return ApiError(404, "Not Found")


def _error_response(error: ApiError) -> web.Response:
    return web.json_response(error.payload(), status=error.code)


def _fault_response(status: int) -> web.Response:
    """What a struggling Telegram answers: JSON for 500, the front proxy's HTML for 502."""
    if status == 502:
        return web.Response(status=502, text=_BAD_GATEWAY_PAGE, content_type="text/html")
    return _error_response(ApiError(status, "Internal Server Error"))
