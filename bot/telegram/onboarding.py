"""`/start <code>`: a parent or teacher opens their personal link and is greeted by name."""

from __future__ import annotations

import html

from telegram import Message, Update

from bot.domain.people import Person
from bot.domain.person_kind import PersonKind
from bot.formatting import format_list
from bot.i18n import isolate
from bot.languages import telegram_language
from bot.services.invitations import Redeemed, redeem_code
from bot.services.people import came_back
from bot.telegram import sending
from bot.telegram.context import BotContext
from bot.telegram.deps import Deps, Reader, reader_for
from bot.telegram.language_picker import picker
from bot.telegram.menus import show_reader_menu


async def start(update: Update, context: BotContext) -> None:
    """/start: with a code, link this chat to the person it names; without, say who we know."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    code = context.args[0] if context.args else ""
    if not code:
        reader = await reader_for(context, user)
        text = (
            welcome(reader.people[0], reader, context)
            if reader.people
            else stranger_greeting(reader, context)
        )
        await sending.reply(message, text)  # first: a slow menu call must not hold it up
        await show_reader_menu(context.bot, message.chat_id, reader, context.translations)
        if reader.people:  # back after blocking the bot: reachable again
            await came_back(context.db, user.id, context.clock.now())
        return
    result = await redeem_code(
        context.db,
        code,
        telegram_user_id=user.id,
        chat_id=message.chat_id,
        clock=context.clock,
        telegram_language=telegram_language(user.language_code, context.settings.default_language),
    )
    reader = await reader_for(context, user)
    if result.outcome in (Redeemed.LINKED, Redeemed.ALREADY_LINKED):
        # Staff find their own menu in place when the welcome arrives (a failing menu call
        # is logged and left, so it never costs the welcome).
        await show_reader_menu(context.bot, message.chat_id, reader, context.translations)
    if result.outcome is Redeemed.LINKED and result.person:
        # The roster's language is the school's knowledge of the family: offer it ticked.
        await sending.reply(
            message,
            f"{welcome(result.person, reader, context)}\n\n{_language_hint(reader)}",
            keyboard=picker(reader.language, welcome_kind=result.person.kind),
        )
    elif result.outcome is Redeemed.ALREADY_LINKED and result.person:
        await sending.reply(message, welcome(result.person, reader, context))
    elif result.outcome is Redeemed.ACCOUNT_TAKEN:
        school = _school(reader, context)
        await sending.reply(
            message,
            reader.tr.gettext(
                "This Telegram account is already connected to someone else at {school}."
                " Please ask the school for help."
            ).format(school=school),
        )
    else:
        await sending.reply(
            message,
            reader.tr.gettext(
                "This link is not valid (any more). Please open the personal link from the"
                " school's letter, or ask the school for a new one."
            ),
        )


def welcome(person: Person, reader: Reader, d: Deps) -> str:
    """The greeting of a linked guardian or staff member, in their language."""
    tr, language = reader.tr, reader.language
    name = f"<b>{isolate(html.escape(person.name), language)}</b>"
    school = _school(reader, d)
    if person.kind == PersonKind.GUARDIAN:
        children = [html.escape(child) for child in person.children]
        return tr.gettext(
            "Welcome, {name}! You are now connected to {school} for: {children}.\n\n"
            "Through this chat you will receive the invitations for parent-teacher talks,"
            " and you can choose a time that suits you."
        ).format(name=name, school=school, children=format_list(children, language))
    if person.groups:
        groups = [html.escape(group) for group in person.groups]
        return tr.ngettext(
            "Welcome, {name}! You are now connected to {school} as staff for group {groups}.",
            "Welcome, {name}! You are now connected to {school} as staff for groups {groups}.",
            len(groups),
        ).format(name=name, school=school, groups=format_list(groups, language))
    return tr.gettext("Welcome, {name}! You are now connected to {school} as staff.").format(
        name=name, school=school
    )


def _language_hint(reader: Reader) -> str:
    # Translators: under a first welcome, above buttons with every language's name.
    # Keep "/language" as it is: it is the command.
    return reader.tr.gettext(
        "Not your language? Choose yours below — you can change it any time with /language."
    )


def stranger_greeting(reader: Reader, d: Deps) -> str:
    return reader.tr.gettext(
        "Hello! This is the assistant for parent-teacher talks of {school}. To begin, please"
        " open the personal link from the letter you received from the school."
    ).format(school=_school(reader, d))


def _school(reader: Reader, d: Deps) -> str:
    return isolate(html.escape(d.settings.school_name), reader.language)


async def linked_reader(update: Update, context: BotContext) -> tuple[Message, Reader] | None:
    """The message and its linked sender's language; a stranger is greeted and gets None."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return None
    reader = await reader_for(context, user)
    if not reader.people:
        await sending.reply(message, stranger_greeting(reader, context))
        return None
    return message, reader
