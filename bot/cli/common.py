"""What the administrator's commands share: one-line failures, the database, the bot's name."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias, TypeVar

from bot.config import Settings
from bot.domain.file_kinds import UnreadableFile, check_size
from bot.sandbox.demo import SANDBOX_BOT_USERNAME
from bot.school_backup import before_migrating
from bot.storage.database import Database

T = TypeVar("T")

if TYPE_CHECKING:
    # What `add_subparsers` returns: each command module adds its own commands to it.
    Subcommands: TypeAlias = argparse._SubParsersAction[argparse.ArgumentParser]


class CommandFailed(Exception):
    """A one-line reason the command could not do its work."""


async def with_db(settings: Settings, work: Callable[[Database], Awaitable[T]]) -> T:
    db = await Database.open(settings.database_path, before_migrating=before_migrating(settings))
    try:
        return await work(db)
    finally:
        await db.close()


def read_file(path: Path) -> bytes:
    """The file's bytes; one line for a file that cannot be read or is too large to be
    what an administrator hands over (so a wrong file is not read into memory whole)."""
    try:
        check_size(path.stat().st_size)
        return path.read_bytes()
    except OSError as error:
        raise CommandFailed(f"cannot read {path}: {error.strerror}") from None
    except UnreadableFile as error:
        raise CommandFailed(f"{path} was refused; nothing was changed: {error}") from None


def print_list(title: str, lines: list[str]) -> None:
    if lines:
        print(f"{title}:")
        for line in lines:
            print(f"  {line}")


def bot_username(settings: Settings) -> str:
    if settings.telegram_bot_username:
        return settings.telegram_bot_username.lstrip("@")
    if settings.telegram_bot_token is None:
        print(
            f"parentbot: no token set; links point to the sandbox bot @{SANDBOX_BOT_USERNAME}",
            file=sys.stderr,
        )
        return SANDBOX_BOT_USERNAME
    return asyncio.run(_ask_username(settings))


async def _ask_username(settings: Settings) -> str:
    """The bot's @username from Telegram (getMe); a refusal or an outage is one line."""
    from telegram import Bot
    from telegram.error import InvalidToken, TelegramError

    from bot.launch import TOKEN_REFUSED, TokenFilter, describe

    token = settings.telegram_bot_token.get_secret_value()  # type: ignore[union-attr]
    api = settings.telegram_api_url
    try:
        async with Bot(token, base_url=f"{api}/bot", base_file_url=f"{api}/file/bot") as bot:
            return bot.username
    except InvalidToken:
        raise CommandFailed(TOKEN_REFUSED) from None
    except TelegramError as error:
        raise CommandFailed(
            f"cannot ask Telegram for the bot's @username"
            f" ({TokenFilter(token).scrub(describe(error))}): set TELEGRAM_BOT_USERNAME in .env"
            " (the name @BotFather gave it), or check this machine's connection and"
            " TELEGRAM_API_URL"
        ) from None
