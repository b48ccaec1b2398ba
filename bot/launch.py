"""`parentbot run`: the bot against Telegram, by long polling or by webhook, until stopped.

An administrator without a system administrator's help reads the log, so each problem at
start is one line that says what to do, and the bot token never appears in it. Telegram out
of reach at start is waited out, not fatal: a service started before the network is up, or
during an outage, comes up by itself once Telegram answers.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import logging
import os
import signal
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import TypeVar
from urllib.parse import urlsplit

from telegram import Bot, User
from telegram.error import (
    BadRequest,
    Conflict,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
)
from telegram.ext import Updater

from bot import event_loop
from bot.config import ConfigError, Settings
from bot.domain.clock import SystemClock
from bot.telegram.application import BotApplication, build_application
from bot.webhook_server import WebhookServer

log = logging.getLogger(__name__)
T = TypeVar("T")

# The exit status of a problem only the administrator can fix (a refused token, another
# program on the same token, a webhook address Telegram refuses): sysexits' EX_CONFIG, on
# which the service unit does not restart (restarting would only repeat the problem).
CONFIG_ERROR = os.EX_CONFIG
FIRST_RETRY_SECONDS = 5.0
LAST_RETRY_SECONDS = 300.0
# Removing a webhook before polling, right after getMe answered: a blip is retried.
BOOTSTRAP_RETRIES = 5
TOKEN_REFUSED = (
    "Telegram refuses the bot token in TELEGRAM_BOT_TOKEN: copy it again from @BotFather"
    " (/mybots, your bot, API Token) into .env, then start parentbot again"
)
ANOTHER_INSTANCE = (
    "another program is fetching this bot's updates with the same token (Telegram answered"
    " 409 Conflict): stop the other parentbot, or give this one its own bot from @BotFather;"
    " this one stops now"
)
_SECRET_PURPOSE = b"parentbot telegram webhook secret"

Sleep = Callable[[float], Awaitable[None]]


@dataclass(frozen=True)
class WebhookSettings:
    """Where Telegram sends updates (`url`) and where this process listens for them.

    A reverse proxy usually terminates HTTPS at `url` and forwards to `listen`:`port`;
    the path of `url` is the path served here.
    """

    url: str
    secret: str = field(repr=False)
    listen: str = "0.0.0.0"  # a container's port or a proxy reaches the bot from outside
    port: int = 8443

    @property
    def path(self) -> str:
        return urlsplit(self.url).path or "/"

    @classmethod
    def from_settings(cls, settings: Settings) -> WebhookSettings | None:
        """Webhook mode when TELEGRAM_WEBHOOK_URL is set; None means long polling."""
        if settings.telegram_webhook_url is None:
            return None
        return cls(
            settings.telegram_webhook_url,
            webhook_secret(settings.secret_key),
            settings.webhook_listen,
            settings.webhook_port,
        )


def webhook_secret(secret_key: bytes) -> str:
    """The secret Telegram sends with every webhook request, derived from the school's key.

    Derived rather than random, so updates Telegram still holds from before a restart
    carry the secret the restarted bot expects; hex fits Telegram's allowed characters.
    """
    return hmac.new(secret_key, _SECRET_PURPOSE, hashlib.sha256).hexdigest()


class TokenRefused(Exception):
    """Telegram does not know the token; only the administrator can fix that."""


class StartRefused(Exception):
    """Telegram (or what answers at TELEGRAM_API_URL) refuses getMe; the message says what
    to check."""


class TokenFilter(logging.Filter):
    """Blanks the bot token in a log record: PTB and httpx put it in URLs and messages."""

    def __init__(self, token: str) -> None:
        super().__init__()
        secret = token.partition(":")[2]
        self._secrets = [text for text in (token, secret) if text]

    def scrub(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, "<token>")
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = self.scrub(record.getMessage())
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.scrub(record.exc_text)
        if record.stack_info:
            record.stack_info = self.scrub(record.stack_info)
        return True


def hide_token(token: str) -> TokenFilter:
    """Keep the token out of every line the log handlers write from now on."""
    token_filter = TokenFilter(token)
    for handler in logging.getLogger().handlers:
        handler.addFilter(token_filter)
    return token_filter


def run_bot(settings: Settings) -> int:
    """Run until Ctrl-C or SIGTERM (0), or until a problem only the administrator can fix (1)."""
    if settings.telegram_bot_token is None:
        raise ConfigError("TELEGRAM_BOT_TOKEN: not set; get one from @BotFather (/newbot)")
    webhook = WebhookSettings.from_settings(settings)
    app = build_application(settings, SystemClock())
    return event_loop.run(_until_signalled(app, webhook))


async def _until_signalled(app: BotApplication, webhook: WebhookSettings | None) -> int:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    signals = (signal.SIGINT, signal.SIGTERM)
    for number in signals:
        loop.add_signal_handler(number, stop.set)
    try:
        return await serve(app, stop=stop, webhook=webhook)
    finally:
        for number in signals:
            loop.remove_signal_handler(number)


async def serve(
    app: BotApplication,
    *,
    stop: asyncio.Event,
    webhook: WebhookSettings | None = None,
    sleep: Sleep | None = None,
    ready: Callable[[WebhookServer | None], None] | None = None,
) -> int:
    """Check the token, then serve updates until `stop` is set; the exit status.

    `sleep` waits between attempts to reach Telegram (default: the delay, cut short by
    `stop`); `ready` hears when updates are being received, with the webhook server if any.
    """
    sleep = sleep or _stoppable(stop)
    try:
        me = await wait_for_telegram(app.bot, stop=stop, sleep=sleep)
    except TokenRefused:
        log.error("%s", TOKEN_REFUSED)
        await app.bot.shutdown()
        return CONFIG_ERROR
    except StartRefused as refused:
        log.error("%s", refused)
        await app.bot.shutdown()
        return 1
    if me is None:
        await app.bot.shutdown()
        return 0
    log.info("Telegram knows this bot as @%s", me.username)
    async with started(app):
        if webhook is not None:
            return await _by_webhook(app, webhook, stop, sleep, ready)
        return await _by_polling(app, stop, ready)


async def wait_for_telegram(bot: Bot, *, stop: asyncio.Event, sleep: Sleep) -> User | None:
    """The bot's own account (getMe), once Telegram answers; None if stopped first."""

    async def get_me() -> User:
        await bot.initialize()  # getMe; a later Application.initialize reuses it
        return bot.bot

    try:
        return await retried(get_me, stop=stop, sleep=sleep)
    except InvalidToken:
        raise TokenRefused from None
    except (BadRequest, Forbidden) as error:
        # Not Telegram's answer to a bot: a proxy, or another server at TELEGRAM_API_URL.
        raise StartRefused(
            f"Telegram answered {describe(error)!r} to getMe: check TELEGRAM_API_URL, and a"
            " proxy or firewall between this machine and Telegram"
        ) from None


async def retried(
    call: Callable[[], Awaitable[T]], *, stop: asyncio.Event, sleep: Sleep
) -> T | None:
    """The call's answer once Telegram is reached; None if stopped first. Refusals raise.

    Waits 5 s, then twice as long each time up to 5 min, saying so in one line each time.
    """
    delay = FIRST_RETRY_SECONDS
    while not stop.is_set():
        try:
            return await call()
        except (NetworkError, RetryAfter) as error:
            if isinstance(error, BadRequest):
                raise
            log.warning(
                "Telegram is not reachable (%s); trying again in %s",
                describe(error),
                _duration(delay),
            )
            await sleep(delay)
            delay = min(delay * 2, LAST_RETRY_SECONDS)
    return None


def describe(error: TelegramError) -> str:
    """What went wrong, without the exception's class path or a trailing period."""
    return error.message.rstrip(".")


@asynccontextmanager
async def started(app: BotApplication) -> AsyncIterator[BotApplication]:
    """The application's start and shutdown steps in `run_polling`'s order, for a loop this
    module owns (its own signal handling and updates source)."""
    await app.initialize()
    try:
        if app.post_init:
            await app.post_init(app)
        await app.start()
        try:
            yield app
        finally:
            await app.stop()
    finally:
        await app.shutdown()
        if app.post_shutdown:
            await app.post_shutdown(app)


async def _by_polling(
    app: BotApplication,
    stop: asyncio.Event,
    ready: Callable[[WebhookServer | None], None] | None,
) -> int:
    statuses: list[int] = []  # why polling ended, when not by `stop`

    def on_error(error: TelegramError) -> None:
        # PTB retries every failed getUpdates with back-off; this decides what the log says.
        if isinstance(error, Conflict):
            if not statuses:
                log.error("%s", ANOTHER_INSTANCE)
            statuses.append(CONFIG_ERROR)
            stop.set()
        elif isinstance(error, NetworkError) and not isinstance(error, BadRequest):
            log.warning("Telegram is not reachable (%s); trying again shortly", describe(error))
        else:
            log.error("fetching updates failed: %s", describe(error))

    def on_polling_end(task: asyncio.Task[object]) -> None:
        # PTB ends polling for good on a refused token (revoked in @BotFather while the bot
        # runs) without telling `on_error`: a bot that stayed up would hear nobody.
        if stop.is_set() or task.cancelled():
            return
        error = task.exception()
        if isinstance(error, InvalidToken):
            log.error("%s", TOKEN_REFUSED)
            statuses.append(CONFIG_ERROR)
        else:
            log.error("fetching updates ended unexpectedly (%s); parentbot stops", error)
            statuses.append(1)
        stop.set()

    if app.updater is None:
        raise RuntimeError("the application was built without an updater")
    await app.updater.start_polling(bootstrap_retries=BOOTSTRAP_RETRIES, error_callback=on_error)
    _polling_task(app.updater).add_done_callback(on_polling_end)
    log.info("receiving updates by long polling")
    if ready is not None:
        ready(None)
    try:
        await stop.wait()
    finally:
        with contextlib.suppress(InvalidToken):  # the polling task's end, reported above
            await app.updater.stop()
    return statuses[0] if statuses else 0


def _polling_task(updater: Updater) -> asyncio.Task[object]:
    """PTB's task that fetches updates. PTB keeps no public handle on it; its private one
    is checked, so an upgrade that renames it fails the tests, not silently the watch."""
    task = getattr(updater, "_Updater__polling_task", None)
    if not isinstance(task, asyncio.Task):
        raise RuntimeError("telegram.ext.Updater has no polling task where parentbot looks")
    return task


async def _by_webhook(
    app: BotApplication,
    webhook: WebhookSettings,
    stop: asyncio.Event,
    sleep: Sleep,
    ready: Callable[[WebhookServer | None], None] | None,
) -> int:
    server = WebhookServer(app, path=webhook.path, secret=webhook.secret, now=SystemClock().now)
    try:
        await server.start(webhook.listen, webhook.port)
    except OSError as error:
        log.error(
            "cannot listen on %s:%d for the webhook (%s): set WEBHOOK_PORT to a free port",
            webhook.listen,
            webhook.port,
            os.strerror(error.errno) if error.errno else error,
        )
        return 1
    try:
        answered = await retried(
            lambda: app.bot.set_webhook(webhook.url, secret_token=webhook.secret),
            stop=stop,
            sleep=sleep,
        )
        if answered is None:  # stopped while Telegram was out of reach
            return 0
        log.info(
            "receiving updates by webhook at %s (listening on %s:%d)",
            webhook.url,
            webhook.listen,
            webhook.port,
        )
        if ready is not None:
            ready(server)
        await stop.wait()
    except BadRequest as error:
        log.error(
            "Telegram refuses the webhook address %s in TELEGRAM_WEBHOOK_URL (%s): give an"
            " https address on port 443, 80, 88 or 8443 that reaches this machine from the"
            " internet, then start parentbot again",
            webhook.url,
            describe(error),
        )
        return CONFIG_ERROR
    finally:
        await server.stop()
    return 0


def _stoppable(stop: asyncio.Event) -> Sleep:
    async def sleep(seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), seconds)

    return sleep


def _duration(seconds: float) -> str:
    if seconds < 60:
        return f"{seconds:g} s"
    return f"{seconds / 60:g} min"
