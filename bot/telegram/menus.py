"""The `/` menu: parents' commands for everyone, and each staff member's own in their chat.

Telegram picks the menu a person sees by scope, then language: a menu set for their chat
(`BotCommandScopeChat`), else the default scope's menu for their app's language, else the
default scope's menu without a language. So parents and strangers get the default menus,
one per shipped language, and every linked staff member gets one for their chat alone, in
the language they read (set without a language code: it holds whatever their app's
language). A command is listed for the audiences in `COMMANDS`; `/help` reads the same
table, so a command added there reaches the menu and the help text at once.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from telegram import Bot, BotCommand, BotCommandScopeChat
from telegram.error import TelegramError

from bot.domain.gettext_markers import N_
from bot.domain.people import Person
from bot.domain.person_kind import PersonKind
from bot.i18n import Translations
from bot.languages import SUPPORTED_LANGUAGES
from bot.services.menus import staff_chats
from bot.services.unit_of_work import Database
from bot.telegram.deps import Reader

log = logging.getLogger(__name__)


class Audience(StrEnum):
    PARENT = "parent"  # also strangers: the default menu is theirs
    TEACHER = "teacher"
    LEADER = "leader"  # directors and internal counsellors (intern begeleiders)


@dataclass(frozen=True)
class MenuCommand:
    name: str
    description: str  # English source, marked for the catalogs; at most 256 characters
    audiences: frozenset[Audience]


def _for(*audiences: Audience) -> frozenset[Audience]:
    return frozenset(audiences)


_PARENT, _TEACHER, _LEADER = Audience.PARENT, Audience.TEACHER, Audience.LEADER
_EVERYONE = _for(_PARENT, _TEACHER, _LEADER)

# In menu order. One line per command: which audiences see it is part of the line.
COMMANDS: tuple[MenuCommand, ...] = (
    MenuCommand("start", N_("Connect or show your connection"), _for(_PARENT)),
    MenuCommand("talks", N_("Your talks: choose, change or cancel a time"), _for(_PARENT)),
    MenuCommand("schedule", N_("Your talks and who has not booked"), _for(_TEACHER)),
    MenuCommand("hours", N_("Add talk hours or block times"), _for(_TEACHER)),
    MenuCommand("newround", N_("Open a round of talks for your group"), _for(_TEACHER)),
    MenuCommand("answers", N_("The parents' answers and messages"), _for(_TEACHER)),
    MenuCommand("record", N_("Record the agreements of a talk"), _for(_TEACHER)),
    MenuCommand("overview", N_("Per group: who is connected, booked and answered"), _for(_LEADER)),
    MenuCommand("meetings", N_("Information meetings for parents"), _EVERYONE),
    MenuCommand("contact", N_("Phone and e-mail of the school and the teachers"), _EVERYONE),
    MenuCommand("language", N_("Choose your language"), _EVERYONE),
    MenuCommand("help", N_("What you can do here"), _EVERYONE),
)

# The staff file's roles (`bot/domain/staff.py`), by the menu they get.
_ROLE_AUDIENCE = {"teacher": _TEACHER, "counsellor": _LEADER, "director": _LEADER}


def staff_audiences(role: str, *, guardian: bool) -> frozenset[Audience]:
    """A staff member's menus; one who is also a parent keeps the parents' commands."""
    found = {_ROLE_AUDIENCE[role]}
    if guardian:
        found.add(_PARENT)
    return frozenset(found)


def audiences_of(people: Iterable[Person]) -> frozenset[Audience]:
    """What the people of one Telegram account may do; nobody linked: a stranger's
    (the parents' menu, which tells them how to connect)."""
    people = tuple(people)
    guardian = any(p.kind == PersonKind.GUARDIAN for p in people)
    staff = next((p for p in people if p.kind == PersonKind.STAFF), None)
    if staff is None:
        return _for(_PARENT)
    return staff_audiences(staff.role, guardian=guardian)


def commands_for(
    audiences: frozenset[Audience], language: str, translations: Translations
) -> list[MenuCommand]:
    """The commands of these audiences, in menu order, described in this language."""
    tr = translations.for_language(language)
    return [
        MenuCommand(c.name, tr.gettext(c.description), c.audiences)
        for c in COMMANDS
        if c.audiences & audiences
    ]


def _bot_commands(
    audiences: frozenset[Audience], language: str, translations: Translations
) -> list[BotCommand]:
    return [
        BotCommand(c.name, c.description) for c in commands_for(audiences, language, translations)
    ]


async def publish_menus(bot: Bot, db: Database, translations: Translations) -> None:
    """At start-up: the parents' menu per language, and every linked staff member's own.

    Best effort: a bot whose menus Telegram did not take still works (the next start-up
    tries again), so a refusal or an outage here is one line, not the end of the bot."""
    parents = _for(_PARENT)
    try:
        for language in SUPPORTED_LANGUAGES:
            commands = _bot_commands(parents, language, translations)
            await bot.set_my_commands(commands, language_code=language)
        await bot.set_my_commands(
            _bot_commands(parents, translations.default_language, translations)
        )
    except TelegramError as error:
        log.warning("menus not published (%s); the next start tries again", error.message)
        return
    for chat in await staff_chats(db):
        # A record the staff file no longer lists keeps its chat: that chat loses the menu.
        audiences = staff_audiences(chat.role, guardian=chat.guardian) if chat.active else parents
        await show_menu(bot, chat.chat_id, audiences, chat.language, translations)


async def show_menu(
    bot: Bot,
    chat_id: int,
    audiences: frozenset[Audience],
    language: str,
    translations: Translations,
) -> None:
    """Give a staff member's chat its own menu; anyone else's chat loses one it had (a
    former staff member's), so Telegram shows it the parents' menu of its language.

    A chat Telegram no longer knows, or a call that fails, is logged and left: the person
    is told nothing of menus, and the next start-up tries again."""
    scope = BotCommandScopeChat(chat_id)
    try:
        if audiences == _for(_PARENT):
            await bot.delete_my_commands(scope=scope)
        else:
            await bot.set_my_commands(_bot_commands(audiences, language, translations), scope=scope)
    except TelegramError as error:
        log.warning("menu not changed chat_id=%d: %s", chat_id, error.message)


async def show_reader_menu(
    bot: Bot, chat_id: int, reader: Reader, translations: Translations
) -> None:
    """The menu of whoever the reader is now, in the language they read: after linking,
    coming back, or choosing another language."""
    await show_menu(bot, chat_id, audiences_of(reader.people), reader.language, translations)
