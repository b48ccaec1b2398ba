"""Delivering the bot's updates to its webhook, as Telegram does once `setWebhook` is called.

Updates wait in the same queue getUpdates serves (so `pending_update_count` counts them),
go out one at a time in order with the secret header, and leave the queue only when the
bot answers 2xx; a refusal or an unreachable bot is retried and shown in getWebhookInfo.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from typing import Any

import aiohttp

from bot.sandbox.updates import UpdateQueue

_log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
RETRY_SECONDS = 1.0
_LONG_WAIT = 3600.0


class WebhookPush:
    """One webhook's delivery loop; `start` it, `stop` it when the webhook changes or goes."""

    def __init__(
        self,
        updates: UpdateQueue,
        url: str,
        *,
        secret: str | None,
        allowed: list[str] | None,
        retry_seconds: float = RETRY_SECONDS,
    ) -> None:
        self.url = url
        self._updates = updates
        self._secret = secret
        self._allowed = allowed
        self._retry_seconds = retry_seconds
        self._task: asyncio.Task[None] | None = None
        self._offset = 0  # above the last update the bot has taken
        self.last_error_date: int | None = None
        self.last_error_message: str | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="sandbox-webhook-push")

    async def stop(self) -> None:
        """End delivery; what the bot has taken leaves the queue, the rest waits there."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        if self._offset:
            await self._updates.poll(self._offset, 1, 0, self._allowed)  # confirms, no wait

    def info(self) -> dict[str, Any]:
        """The delivery fields of getWebhookInfo."""
        if self.last_error_date is None:
            return {}
        return {
            "last_error_date": self.last_error_date,
            "last_error_message": self.last_error_message,
        }

    async def _run(self) -> None:
        headers = {SECRET_HEADER: self._secret} if self._secret else {}
        async with aiohttp.ClientSession(headers=headers) as session:
            while True:
                batch = await self._updates.poll(self._offset, 1, _LONG_WAIT, self._allowed)
                for update in batch:
                    await self._deliver_until_taken(session, update)
                    self._offset = update["update_id"] + 1

    async def _deliver_until_taken(
        self, session: aiohttp.ClientSession, update: dict[str, Any]
    ) -> None:
        while True:
            if await self._deliver(session, update):
                return
            await asyncio.sleep(self._retry_seconds)

    async def _deliver(self, session: aiohttp.ClientSession, update: dict[str, Any]) -> bool:
        try:
            async with session.post(self.url, json=update) as response:
                if 200 <= response.status < 300:
                    return True
                problem = f"Wrong response from the webhook: {response.status} {response.reason}"
        except aiohttp.ClientError as error:
            problem = f"Connection failed: {error}"
        _log.info("webhook delivery failed: %s", problem)
        self.last_error_date = int(time.time())
        self.last_error_message = problem
        return False
