"""The bot's own small web server in webhook mode: Telegram's updates and a health check.

PTB's `run_webhook` serves only the webhook; a container's health check or a monitoring
tool needs a second address on the same port, so the updates are received here and handed
to the application's update queue, as PTB's custom-webhook example does.
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import Callable
from datetime import datetime

from aiohttp import web
from telegram import Update

from bot.http_site import serve
from bot.telegram.application import BotApplication

log = logging.getLogger(__name__)

HEALTH_PATH = "/healthz"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class WebhookServer:
    """Receives updates at `path` only with Telegram's secret header; reports at /healthz."""

    def __init__(
        self,
        app: BotApplication,
        *,
        path: str,
        secret: str,
        now: Callable[[], datetime],
    ) -> None:
        self._app = app
        self._secret = secret.encode()
        self._now = now
        self._runner: web.AppRunner | None = None
        self.path = path
        self.port: int | None = None
        self.received = 0
        self.last_update_at: datetime | None = None
        web_app = web.Application()
        web_app.add_routes([web.post(path, self._receive), web.get(HEALTH_PATH, self._health)])
        self._web_app = web_app

    async def start(self, host: str, port: int) -> None:
        """Listen on host:port (0 picks a free port, then in `port`)."""
        runner = await serve(self._web_app, host, port, shutdown_timeout=5.0)
        self._runner = runner
        self.port = runner.addresses[0][1]

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _receive(self, request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, self._secret):
            log.warning("webhook request without the right secret refused")
            return web.Response(status=403)
        try:
            data = await request.json()
            update = Update.de_json(data, self._app.bot)
        except (ValueError, TypeError, KeyError, AttributeError):
            return web.Response(status=400)
        await self._app.update_queue.put(update)
        self.received += 1
        self.last_update_at = self._now()
        return web.Response()

    async def _health(self, request: web.Request) -> web.Response:
        """200 while the bot handles updates, 503 otherwise, with what a monitor may show."""
        running = self._app.running
        return web.json_response(
            {
                "status": "ok" if running else "stopped",
                "bot": f"@{self._app.bot.username}",
                "updates_received": self.received,
                "last_update_at": (
                    self.last_update_at.isoformat() if self.last_update_at else None
                ),
            },
            status=200 if running else 503,
        )
