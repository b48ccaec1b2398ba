"""`parentbot doctor`: one line per thing the bot needs, `ok` or `FAIL` with what to do.

Read-only: it creates no database, migrates nothing and changes nothing at Telegram, so it
is safe to run beside the running bot or before the first start.
"""

from __future__ import annotations

import asyncio
import sqlite3
import sys
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import TextIO

import httpx
from babel.messages.pofile import read_po
from telegram import Bot, WebhookInfo
from telegram.error import InvalidToken, TelegramError
from telegram.request import HTTPXRequest

from bot.config import ConfigError, Settings
from bot.domain.clock import Clock, SystemClock
from bot.i18n import DOMAIN, LOCALES_DIR, SOURCE_LANGUAGE
from bot.languages import SUPPORTED_LANGUAGES
from bot.launch import TOKEN_REFUSED, TokenFilter, WebhookSettings, describe
from bot.storage.migrations import available_migrations

EARLIEST_SANE_YEAR = 2024
CLOCK_TOLERANCE = timedelta(minutes=2)


@dataclass(frozen=True)
class Check:
    """One line of the report: what was checked, whether it is fine, what was found or what
    to do about it."""

    name: str
    ok: bool
    detail: str


def run_doctor(settings: Settings) -> int:
    """Print one line per check; 1 if any failed, so scripts and health checks can tell."""
    return report(asyncio.run(examine(settings, SystemClock())), sys.stdout)


def report(checks: list[Check], out: TextIO) -> int:
    for check in checks:
        print(f"{'ok  ' if check.ok else 'FAIL'}  {check.name}: {check.detail}", file=out)
    return 0 if all(check.ok for check in checks) else 1


async def examine(settings: Settings, clock: Clock, locales_dir: Path = LOCALES_DIR) -> list[Check]:
    """Every check, in the order an administrator fixes things: local first, then Telegram."""
    checks = [
        _settings(settings),
        _secret_key(settings),
        _database(settings.database_path),
        _translations(locales_dir),
        _time_zone(settings, clock),
    ]
    telegram = await _ask_telegram(settings)
    checks.append(_clock(clock, telegram.date))
    checks += telegram.checks
    return checks


def _settings(settings: Settings) -> Check:
    try:
        webhook = WebhookSettings.from_settings(settings)
    except ConfigError as error:
        return Check("settings", False, str(error))
    mode = f"webhook at {webhook.url}" if webhook else "long polling"
    return Check("settings", True, f"read; school {settings.school_name!r}, {mode}")


def _secret_key(settings: Settings) -> Check:
    if settings.parentbot_secret_key is None:
        return Check(
            "secret key",
            False,
            "PARENTBOT_SECRET_KEY is not set: restore it from the backup of .env; without"
            " the old key every printed invitation link is invalid",
        )
    return Check("secret key", True, "set")


def _database(path: Path) -> Check:
    """The schema version, read without opening the database for writing."""
    shipped = len(available_migrations())
    if not path.exists():
        return Check(
            "database",
            True,
            f"none yet at {path}; `parentbot roster import FILE` or the bot's first start"
            " creates it",
        )
    try:
        with sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True) as conn:
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error as error:
        return Check(
            "database",
            False,
            f"{path} cannot be read ({error}): check DATABASE_PATH and the file's owner and"
            " permissions",
        )
    if version > shipped:
        return Check(
            "database",
            False,
            f"{path} has schema version {version}, newer than this parentbot ({shipped}):"
            " install the newer parentbot again, or restore a backup made with this version",
        )
    if version < shipped:
        return Check(
            "database",
            True,
            f"{path}, schema version {version}; the bot upgrades it to {shipped} at start",
        )
    return Check("database", True, f"{path}, schema version {version} (current)")


def _translations(locales_dir: Path) -> Check:
    with (locales_dir / f"{DOMAIN}.pot").open("rb") as pot_file:
        wanted = {message.id for message in read_po(pot_file) if message.id}
    missing = {}
    for language in SUPPORTED_LANGUAGES:
        if language == SOURCE_LANGUAGE:
            continue
        po_path = locales_dir / language / "LC_MESSAGES" / f"{DOMAIN}.po"
        if not po_path.exists():
            missing[language] = len(wanted)
            continue
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file, locale=language)
        done = {
            message.id
            for message in catalog
            if message.id and not message.fuzzy and _translated(message.string)
        }
        if wanted - done:
            missing[language] = len(wanted - done)
    if missing:
        gaps = ", ".join(f"{language} lacks {count}" for language, count in missing.items())
        return Check(
            "translations",
            False,
            f"{gaps} of {len(wanted)} strings: install parentbot again (the package is"
            " incomplete); parents would see those strings in English",
        )
    return Check("translations", True, f"{len(wanted)} strings in {', '.join(SUPPORTED_LANGUAGES)}")


def _translated(string: str | tuple[str, ...] | list[str] | None) -> bool:
    forms = [string] if isinstance(string, str) else list(string or [""])
    return all(forms)


def _time_zone(settings: Settings, clock: Clock) -> Check:
    local = clock.now().astimezone(settings.timezone)
    return Check(
        "time zone", True, f"{settings.school_timezone}, it is {local:%Y-%m-%d %H:%M} there"
    )


def _clock(clock: Clock, telegram_date: datetime | None) -> Check:
    now = clock.now()
    fix = "turn on time synchronisation (e.g. `timedatectl set-ntp true`)"
    if now.year < EARLIEST_SANE_YEAR:
        return Check("clock", False, f"this machine says it is {now:%Y-%m-%d}: {fix}")
    if telegram_date is None:
        return Check(
            "clock", True, f"{now:%Y-%m-%d %H:%M} UTC (not compared with Telegram's: no answer)"
        )
    off = abs(now - telegram_date)
    if off > CLOCK_TOLERANCE:
        return Check(
            "clock",
            False,
            f"this machine's clock is {_minutes(off)} off Telegram's; reminders would go out"
            f" at the wrong time: {fix}",
        )
    return Check("clock", True, "agrees with Telegram's")


@dataclass
class _TelegramAnswers:
    checks: list[Check]
    date: datetime | None = None


async def _ask_telegram(settings: Settings) -> _TelegramAnswers:
    """getMe and getWebhookInfo, and the Date of Telegram's answer to compare clocks."""
    if settings.telegram_bot_token is None:
        return _TelegramAnswers(
            [
                Check(
                    "token",
                    False,
                    "TELEGRAM_BOT_TOKEN is not set: create a bot with @BotFather (/newbot)"
                    " and put its token in .env",
                )
            ]
        )
    token = settings.telegram_bot_token.get_secret_value()
    answers = _TelegramAnswers([])

    async def note_date(response: httpx.Response) -> None:
        if "date" in response.headers:
            answers.date = parsedate_to_datetime(response.headers["date"])

    request = HTTPXRequest(httpx_kwargs={"event_hooks": {"response": [note_date]}})
    bot = Bot(
        token,
        base_url=f"{settings.telegram_api_url}/bot",
        base_file_url=f"{settings.telegram_api_url}/file/bot",
        request=request,
    )
    try:
        await bot.initialize()  # getMe
        answers.checks.append(Check("token", True, f"Telegram knows this bot as @{bot.username}"))
        info = await bot.get_webhook_info()
        answers.checks.append(webhook_check(info))
    except InvalidToken:
        answers.checks.append(Check("token", False, TOKEN_REFUSED))
    except TelegramError as error:
        reason = TokenFilter(token).scrub(describe(error))
        answers.checks.append(
            Check(
                "token",
                False,
                f"Telegram is not reachable ({reason}): check this machine's internet"
                " connection, a firewall or proxy, and TELEGRAM_API_URL",
            )
        )
    finally:
        await bot.shutdown()
    return answers


def webhook_check(info: WebhookInfo) -> Check:
    """Whether updates reach the bot: stuck ones after a failed delivery are the problem."""
    waiting = f"{info.pending_update_count} updates waiting"
    if not info.url:
        return Check("webhook", True, f"none (the bot fetches updates by long polling); {waiting}")
    if info.last_error_date and info.pending_update_count:
        return Check(
            "webhook",
            False,
            f"{waiting}; Telegram's last delivery to {info.url} failed at"
            f" {info.last_error_date:%Y-%m-%d %H:%M} UTC ({info.last_error_message}): check"
            " that this address reaches the bot and that `parentbot run` is running",
        )
    return Check("webhook", True, f"{info.url}; {waiting}")


def _minutes(delta: timedelta) -> str:
    minutes = delta / timedelta(minutes=1)
    if minutes >= 120:
        return f"{minutes / 60:.0f} hours"
    return f"{minutes:.0f} minutes"
