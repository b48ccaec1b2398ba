"""The bot's own `CallbackContext`: what handlers need, as typed properties.

As in python-telegram-bot's `examples/contexttypesbot.py`, the application is built with
`ContextTypes(context=BotContext)`, so every handler is given one of these and reads
`context.db` or `context.settings` instead of fetching a bundle out of `bot_data` first.
The bundle is still kept in `bot_data` (PTB makes a context per update, and `bot_data` is
what outlives them); the application puts it there in `post_init`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from telegram.ext import CallbackContext, ContextTypes, ExtBot

from bot.config import Settings
from bot.domain.clock import Clock
from bot.i18n import Translations
from bot.services.unit_of_work import Database

DEPS_KEY = "parentbot.deps"


@dataclass(frozen=True)
class Dependencies:
    """What the application opens at start-up and every handler may use."""

    db: Database
    settings: Settings
    clock: Clock
    translations: Translations


class BotContext(CallbackContext[ExtBot[int], dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    """PTB's context with the bot's dependencies."""

    @property
    def _dependencies(self) -> Dependencies:
        found: Dependencies = self.bot_data[DEPS_KEY]  # put there by the application's post_init
        return found

    @property
    def db(self) -> Database:
        return self._dependencies.db

    @property
    def settings(self) -> Settings:
        return self._dependencies.settings

    @property
    def clock(self) -> Clock:
        return self._dependencies.clock

    @property
    def translations(self) -> Translations:
        return self._dependencies.translations


CONTEXT_TYPES = ContextTypes(context=BotContext)
