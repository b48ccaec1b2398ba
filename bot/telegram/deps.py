"""What handlers need, kept in `bot_data` so handlers stay plain functions."""

from __future__ import annotations

import gettext
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any, NamedTuple

from telegram import Message, Update, User
from telegram.ext import ContextTypes

from bot.config import Settings
from bot.domain.clock import Clock
from bot.domain.people import Person
from bot.i18n import Translations
from bot.languages import telegram_language
from bot.services.people import who_is
from bot.services.unit_of_work import Database

DEPS_KEY = "parentbot.deps"

# A handler as python-telegram-bot takes it: an `async def` of (update, context), whose
# coroutine it awaits; what it returns is not used.
HandlerCallback = Callable[[Update, ContextTypes.DEFAULT_TYPE], Coroutine[Any, Any, None]]


@dataclass(frozen=True)
class Deps:
    db: Database
    settings: Settings
    clock: Clock
    translations: Translations


def deps(context: ContextTypes.DEFAULT_TYPE) -> Deps:
    found: Deps = context.bot_data[DEPS_KEY]  # put there by the application's post_init
    return found


@dataclass(frozen=True)
class Reader:
    """The language a reply is written in, and its translations."""

    language: str
    tr: gettext.NullTranslations
    people: tuple[Person, ...]


async def reader_for(d: Deps, user: User) -> Reader:
    """A linked person's own language; otherwise the language Telegram reports."""
    people = await who_is(d.db, user.id)
    if people:
        language = people[0].language
    else:
        language = telegram_language(user.language_code, d.settings.default_language)
    return Reader(language, d.translations.for_language(language), tuple(people))


class Typed(NamedTuple):
    """A text message typed in reply to a question the bot asked, and who typed it."""

    message: Message
    text: str  # the message's text: never empty
    user_id: int
    d: Deps
    reader: Reader


async def typed_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Typed | None:
    message, user = update.effective_message, update.effective_user
    if message is None or user is None or not message.text:
        return None
    d = deps(context)
    return Typed(message, message.text, user.id, d, await reader_for(d, user))
