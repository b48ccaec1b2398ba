"""Starting against Telegram: one line per problem, never the token, waiting out an outage."""

from __future__ import annotations

import asyncio
import io
import logging
import os
import signal
import socket
import sys
from pathlib import Path

import pytest
from telegram import User
from telegram.error import InvalidToken, NetworkError

from bot.config import ConfigError, load_settings
from bot.domain.clock import SystemClock
from bot.launch import (
    ANOTHER_INSTANCE,
    CONFIG_ERROR,
    TOKEN_REFUSED,
    TokenFilter,
    TokenRefused,
    WebhookSettings,
    hide_token,
    serve,
    wait_for_telegram,
    webhook_secret,
)
from bot.sandbox import Fail, Sandbox
from bot.telegram.application import build_application
from tests.sandbox_process import STARTUP_TIMEOUT

TOKEN = "123456:SANDBOX"


class Unreachable:
    """A bot whose getMe fails with a network error `failures` times, then answers."""

    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.bot = User(123456, "Parentbot", is_bot=True, username="school_bot")

    async def initialize(self) -> None:
        if self.failures:
            self.failures -= 1
            raise NetworkError("aiohttp.ClientConnectorError: [Errno 111] Connection refused")


class Pauses:
    """The back-off's waits, recorded instead of waited; can stop the bot during one."""

    def __init__(self, stop: asyncio.Event, stop_after: int | None = None) -> None:
        self.seconds: list[float] = []
        self._stop = stop
        self._stop_after = stop_after

    async def __call__(self, seconds: float) -> None:
        self.seconds.append(seconds)
        if len(self.seconds) == self._stop_after:
            self._stop.set()


async def test_an_unreachable_telegram_is_retried_with_growing_waits_one_line_each(caplog):
    stop = asyncio.Event()
    pauses = Pauses(stop)
    bot = Unreachable(failures=9)
    with caplog.at_level(logging.WARNING, logger="bot.launch"):
        me = await wait_for_telegram(bot, stop=stop, sleep=pauses)
    assert me is not None
    assert me.username == "school_bot"
    assert pauses.seconds == [5, 10, 20, 40, 80, 160, 300, 300, 300]
    lines = [record.getMessage() for record in caplog.records]
    assert len(lines) == 9
    assert lines[0] == (
        "Telegram is not reachable (aiohttp.ClientConnectorError: [Errno 111] Connection refused);"
        " trying again in 5 s"
    )
    assert lines[-1].endswith("trying again in 5 min")


async def test_stopping_while_waiting_for_telegram_ends_the_wait():
    stop = asyncio.Event()
    pauses = Pauses(stop, stop_after=2)
    bot = Unreachable(failures=100)
    assert await wait_for_telegram(bot, stop=stop, sleep=pauses) is None
    assert pauses.seconds == [5, 10]


async def test_a_refused_token_is_not_retried():
    class Refused(Unreachable):
        async def initialize(self) -> None:
            raise InvalidToken(f"The token `{TOKEN}` was rejected by the server.")

    with pytest.raises(TokenRefused):
        await wait_for_telegram(Refused(0), stop=asyncio.Event(), sleep=Pauses(asyncio.Event()))


def test_the_token_never_reaches_the_log():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(TokenFilter(TOKEN))
    logger = logging.getLogger("tests.token_filter")
    logger.addHandler(handler)
    try:
        logger.warning('HTTP Request: POST %s "HTTP/1.1 200 OK"', f"https://x/bot{TOKEN}/getMe")
        logger.warning("the secret part alone: %s", TOKEN.partition(":")[2])
        try:
            raise InvalidToken(f"The token `{TOKEN}` was rejected by the server.")
        except InvalidToken:
            logger.exception("start failed")
    finally:
        logger.removeHandler(handler)
    written = stream.getvalue()
    assert "SANDBOX" not in written
    assert written.count("<token>") == 3
    assert "https://x/bot<token>/getMe" in written


def test_webhook_mode_only_when_a_url_is_set(settings, monkeypatch):
    assert WebhookSettings.from_settings(settings) is None
    monkeypatch.setenv("TELEGRAM_WEBHOOK_URL", "https://bot.school.example/telegram")
    monkeypatch.setenv("WEBHOOK_PORT", "9000")
    webhook = WebhookSettings.from_settings(load_settings())
    assert webhook is not None
    assert (webhook.path, webhook.listen, webhook.port) == ("/telegram", "0.0.0.0", 9000)
    assert webhook.secret == webhook_secret(settings.secret_key)
    assert webhook.secret not in repr(webhook)


def test_the_webhook_secret_is_stable_per_school_and_differs_between_schools():
    one = webhook_secret(b"school one")
    assert one == webhook_secret(b"school one")
    assert one != webhook_secret(b"school two")
    assert one.isalnum()
    assert len(one) == 64


@pytest.mark.parametrize(
    ("environ", "named"),
    [
        ({"TELEGRAM_WEBHOOK_URL": "http://bot.school.example/"}, "TELEGRAM_WEBHOOK_URL"),
        (
            {"TELEGRAM_WEBHOOK_URL": "https://bot.school.example/", "WEBHOOK_PORT": "http"},
            "WEBHOOK_PORT",
        ),
    ],
)
def test_a_bad_webhook_setting_is_one_line_naming_it(settings, monkeypatch, environ, named):
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError, match=f"^{named}: "):
        load_settings()


async def test_a_wrong_token_is_one_line_saying_what_to_do_without_the_token(settings, caplog):
    wrong = "123456:WRONG-token_from-a-typo"
    async with Sandbox() as sandbox:
        app = build_application(
            settings.model_copy(update={"telegram_api_url": sandbox.api_url}), _clock(), token=wrong
        )
        token_filter = hide_token(wrong)  # as `parentbot` does, on every log handler
        try:
            # Everything, PTB's and aiohttp's debug lines included.
            with caplog.at_level(logging.DEBUG):
                assert await serve(app, stop=asyncio.Event()) == CONFIG_ERROR
        finally:
            for handler in logging.getLogger().handlers:
                handler.removeFilter(token_filter)
    problems = [record for record in caplog.records if record.levelno >= logging.WARNING]
    assert [record.getMessage() for record in problems] == [TOKEN_REFUSED]
    assert not any(record.exc_info for record in caplog.records)
    assert "WRONG" not in caplog.text


async def test_no_network_at_start_is_one_line_per_attempt_until_stopped(settings, caplog):
    app = build_application(
        settings.model_copy(update={"telegram_api_url": f"http://127.0.0.1:{_closed_port()}"}),
        _clock(),
        token=TOKEN,
    )
    stop = asyncio.Event()
    pauses = Pauses(stop, stop_after=2)  # Ctrl-C during the second wait
    with caplog.at_level(logging.WARNING):
        assert await serve(app, stop=stop, sleep=pauses) == 0
    lines = [record.getMessage() for record in caplog.records]
    assert len(lines) == 2
    assert lines[0].startswith("Telegram is not reachable (aiohttp.ClientConnectorError")
    assert lines[0].endswith("; trying again in 5 s")
    assert lines[1].endswith("; trying again in 10 s")


async def test_telegram_failing_at_start_is_waited_out_then_the_bot_polls(settings, caplog):
    async with Sandbox() as sandbox:
        sandbox.schedule("getMe", {1: Fail(500), 2: Fail(500)})
        app = _app(settings, sandbox)
        stop = asyncio.Event()
        pauses = Pauses(stop)
        with caplog.at_level(logging.WARNING):
            status = await serve(app, stop=stop, sleep=pauses, ready=lambda server: stop.set())
    assert status == 0
    assert pauses.seconds == [5, 10]
    assert [record.getMessage() for record in caplog.records] == [
        "Telegram is not reachable (Internal Server Error); trying again in 5 s",
        "Telegram is not reachable (Internal Server Error); trying again in 10 s",
    ]
    assert any(call.method == "getUpdates" for call in sandbox.calls)


async def test_a_second_instance_on_the_same_token_stops_with_one_line_not_a_stream(
    settings, tmp_path, caplog
):
    """Telegram ends the older of two getUpdates with 409: an instance that hears it says so
    once and stops; none keeps logging an error per poll."""
    async with Sandbox(time_scale=0.05) as sandbox:

        def instance(name: str):
            own = settings.model_copy(
                update={
                    "telegram_api_url": sandbox.api_url,
                    "database_path": tmp_path / f"{name}.sqlite3",
                }
            )
            return build_application(own, _clock(), token=sandbox.token)

        stops = [asyncio.Event(), asyncio.Event()]
        first_polls = asyncio.Event()
        with caplog.at_level(logging.INFO):
            first = asyncio.create_task(
                serve(instance("one"), stop=stops[0], ready=lambda _: first_polls.set())
            )
            await first_polls.wait()
            second = asyncio.create_task(serve(instance("two"), stop=stops[1]))
            done, _ = await asyncio.wait({first, second}, return_when=asyncio.FIRST_COMPLETED)
            assert [task.result() for task in done] == [CONFIG_ERROR]
            for stop in stops:
                stop.set()
            statuses = [await first, await second]
    conflict_lines = [r for r in caplog.records if r.getMessage() == ANOTHER_INSTANCE]
    assert CONFIG_ERROR in statuses
    assert len(conflict_lines) == statuses.count(CONFIG_ERROR)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR and r.name != "bot.launch"]


def _clock() -> SystemClock:
    return SystemClock()


def _app(settings, sandbox: Sandbox):
    """The bot as the launcher builds it, against this sandbox with its own token."""
    return build_application(
        settings.model_copy(update={"telegram_api_url": sandbox.api_url}),
        _clock(),
        token=sandbox.token,
    )


def _closed_port() -> int:
    """A port nothing listens on (just released), so a connection is refused at once."""
    with socket.create_server(("127.0.0.1", 0)) as probe:
        return int(probe.getsockname()[1])


async def test_a_busy_webhook_port_is_one_line_naming_the_setting(settings, caplog):
    async with Sandbox() as sandbox:
        app = _app(settings, sandbox)
        with socket.create_server(("127.0.0.1", 0)) as busy:
            port = int(busy.getsockname()[1])
            webhook = WebhookSettings("https://bot.school.example/telegram", "s", "127.0.0.1", port)
            with caplog.at_level(logging.WARNING):
                assert await serve(app, stop=asyncio.Event(), webhook=webhook) == 1
    assert [record.getMessage() for record in caplog.records] == [
        f"cannot listen on 127.0.0.1:{port} for the webhook (Address already in use):"
        " set WEBHOOK_PORT to a free port"
    ]
    assert not any(call.method == "setWebhook" for call in sandbox.calls)


async def start_bot_process(sandbox: Sandbox, home: Path, token: str) -> asyncio.subprocess.Process:
    """`parentbot run` as an administrator starts it, against the sandbox."""
    env = {
        **os.environ,
        "PARENTBOT_HOME": str(home),
        "TELEGRAM_BOT_TOKEN": token,
        "TELEGRAM_API_URL": sandbox.api_url,
        "PARENTBOT_SECRET_KEY": "test-secret-key-not-for-production",
        "LOG_LEVEL": "INFO",
        "PYTHONUNBUFFERED": "1",
    }
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def test_parentbot_run_with_a_wrong_token_says_one_line_and_exits_ex_config(tmp_path):
    """EX_CONFIG (78): the service unit does not restart it every 30 s forever."""
    wrong = "123456:WRONG-token_from-a-typo"
    async with Sandbox() as sandbox:
        process = await start_bot_process(sandbox, tmp_path, wrong)
        out, err = await asyncio.wait_for(process.communicate(), STARTUP_TIMEOUT)
    assert process.returncode == CONFIG_ERROR == 78
    log = (out + err).decode()
    assert "WRONG" not in log
    assert "Traceback" not in log
    problems = [line for line in log.splitlines() if " ERROR " in line or " WARNING " in line]
    assert len(problems) == 1
    assert problems[0].endswith(TOKEN_REFUSED)


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGINT])
async def test_parentbot_run_stops_cleanly_on_sigterm_and_ctrl_c(tmp_path, stop_signal):
    async with Sandbox() as sandbox:
        process = await start_bot_process(sandbox, tmp_path, sandbox.token)
        assert process.stderr is not None
        seen = []
        while not seen or "receiving updates by long polling" not in seen[-1]:
            line = await asyncio.wait_for(process.stderr.readline(), STARTUP_TIMEOUT)
            assert line, "the bot exited early:\n" + "".join(seen)
            seen.append(line.decode())
        process.send_signal(stop_signal)
        _, rest = await asyncio.wait_for(process.communicate(), STARTUP_TIMEOUT)
    log = "".join(seen) + rest.decode()
    assert process.returncode == 0, log
    assert "bot stopped" in log
    assert "Traceback" not in log
    assert sandbox.token.partition(":")[2] not in log


@pytest.mark.parametrize("status", [400, 403])
async def test_a_refusal_of_get_me_that_is_no_token_problem_is_one_line(settings, caplog, status):
    """A proxy or another server at TELEGRAM_API_URL answers 400/403: not worth a traceback."""
    async with Sandbox() as sandbox:
        sandbox.schedule("getMe", {1: Fail(status)})
        app = _app(settings, sandbox)
        with caplog.at_level(logging.WARNING):
            assert await serve(app, stop=asyncio.Event()) == 1
    assert [record.getMessage() for record in caplog.records] == [
        "Telegram answered 'Internal Server Error' to getMe: check TELEGRAM_API_URL, and a"
        " proxy or firewall between this machine and Telegram"
    ]
    assert not any(record.exc_info for record in caplog.records)


async def test_a_webhook_address_telegram_refuses_is_one_line_naming_the_setting(settings, caplog):
    async with Sandbox() as sandbox:  # refuses an http:// address, as Telegram does
        app = _app(settings, sandbox)
        with socket.create_server(("127.0.0.1", 0)) as probe:
            port = int(probe.getsockname()[1])
        webhook = WebhookSettings("http://bot.school.example/telegram", "s", "127.0.0.1", port)
        with caplog.at_level(logging.WARNING):
            assert await serve(app, stop=asyncio.Event(), webhook=webhook) == CONFIG_ERROR
    assert [record.getMessage() for record in caplog.records] == [
        "Telegram refuses the webhook address http://bot.school.example/telegram in"
        " TELEGRAM_WEBHOOK_URL (Bad webhook: an https url must be provided for webhook): give"
        " an https address on port 443, 80, 88 or 8443 that reaches this machine from the"
        " internet, then start parentbot again"
    ]
    assert not any(record.exc_info for record in caplog.records)


async def test_telegram_out_of_reach_when_setting_the_webhook_is_waited_out(settings, caplog):
    async with Sandbox(allow_http_webhook=True) as sandbox:
        sandbox.schedule("setWebhook", {1: Fail(500), 2: Fail(500)})
        app = _app(settings, sandbox)
        with socket.create_server(("127.0.0.1", 0)) as probe:
            port = int(probe.getsockname()[1])
        webhook = WebhookSettings(f"http://127.0.0.1:{port}/telegram", "s", "127.0.0.1", port)
        stop = asyncio.Event()
        pauses = Pauses(stop)
        with caplog.at_level(logging.WARNING):
            status = await serve(
                app, stop=stop, webhook=webhook, sleep=pauses, ready=lambda _: stop.set()
            )
    assert status == 0
    assert pauses.seconds == [5, 10]
    assert [record.getMessage() for record in caplog.records] == [
        "Telegram is not reachable (Internal Server Error); trying again in 5 s",
        "Telegram is not reachable (Internal Server Error); trying again in 10 s",
    ]


async def test_a_token_revoked_while_polling_stops_the_bot_with_one_line(settings, caplog):
    """PTB gives up polling on a refused token without a word to the error callback: the
    bot must not stay up deaf."""
    async with Sandbox() as sandbox:
        app = _app(settings, sandbox)
        stop = asyncio.Event()
        polling = asyncio.Event()
        with caplog.at_level(logging.WARNING, logger="bot.launch"):
            task = asyncio.create_task(serve(app, stop=stop, ready=lambda _: polling.set()))
            await polling.wait()
            sandbox.token = "123456:REVOKED-in-botfather"  # the old token is refused from now
            await sandbox.create_user("Anna").send("hello")  # ends the waiting getUpdates
            status = await asyncio.wait_for(task, STARTUP_TIMEOUT)
    assert status == CONFIG_ERROR
    assert TOKEN_REFUSED in [record.getMessage() for record in caplog.records]
