"""What handlers and their views share: the dependencies they read, and who they answer."""

from __future__ import annotations

import gettext
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any, NamedTuple, Protocol

from telegram import Message, Update, User

from bot.config import Settings
from bot.domain.clock import Clock
from bot.domain.people import Person
from bot.i18n import Translations
from bot.languages import telegram_language
from bot.services.people import who_is
from bot.services.unit_of_work import Database
from bot.telegram.context import BotContext

# A handler as python-telegram-bot takes it: an `async def` of (update, the bot's context),
# whose coroutine it awaits; what it returns is not used.
HandlerCallback = Callable[[Update, BotContext], Coroutine[Any, Any, None]]


class Deps(Protocol):
    """What views read besides the reader: met by the handler's `BotContext`, and by a
    plain `Dependencies` where a test renders without an application."""

    @property
    def db(self) -> Database: ...

    @property
    def settings(self) -> Settings: ...

    @property
    def clock(self) -> Clock: ...

    @property
    def translations(self) -> Translations: ...


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
    reader: Reader


async def typed_text(update: Update, context: BotContext) -> Typed | None:
    message, user = update.effective_message, update.effective_user
    if message is None or user is None or not message.text:
        return None
    return Typed(message, message.text, user.id, await reader_for(context, user))
