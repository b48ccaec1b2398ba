"""`/start <code>`: a parent or teacher opens their personal link and is greeted by name."""

from __future__ import annotations

import html

from babel.lists import format_list
from telegram import Update
from telegram.ext import ContextTypes

from bot.i18n import isolate
from bot.services.invitations import Redeemed, redeem_code
from bot.storage.people import Person
from bot.telegram.deps import Deps, Reader, deps, reader_for


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    d = deps(context)
    code = context.args[0] if context.args else ""
    if not code:
        reader = await reader_for(d, user)
        text = (
            welcome(reader.people[0], reader, d) if reader.people else stranger_greeting(reader, d)
        )
        await message.reply_text(text)
        return
    result = await redeem_code(
        d.db, code, telegram_user_id=user.id, chat_id=message.chat_id, clock=d.clock
    )
    reader = await reader_for(d, user)
    if result.outcome in (Redeemed.LINKED, Redeemed.ALREADY_LINKED) and result.person:
        await message.reply_text(welcome(result.person, reader, d))
    elif result.outcome is Redeemed.ACCOUNT_TAKEN:
        school = _school(reader, d)
        await message.reply_text(
            reader.tr.gettext(
                "This Telegram account is already connected to someone else at {school}."
                " Please ask the school for help."
            ).format(school=school)
        )
    else:
        await message.reply_text(
            reader.tr.gettext(
                "This link is not valid (any more). Please open the personal link from the"
                " school's letter, or ask the school for a new one."
            )
        )


def welcome(person: Person, reader: Reader, d: Deps) -> str:
    """The greeting of a linked guardian or staff member, in their language."""
    tr, language = reader.tr, reader.language
    name = f"<b>{isolate(html.escape(person.name), language)}</b>"
    school = _school(reader, d)
    if person.kind == "guardian":
        children = [isolate(html.escape(child), language) for child in person.children]
        return tr.gettext(
            "Welcome, {name}! You are now connected to {school} for: {children}.\n\n"
            "Through this chat you will receive the invitations for parent-teacher talks,"
            " and you can choose a time that suits you."
        ).format(name=name, school=school, children=format_list(children, locale=language))
    if person.groups:
        groups = [isolate(html.escape(group), language) for group in person.groups]
        return tr.ngettext(
            "Welcome, {name}! You are now connected to {school} as staff for group {groups}.",
            "Welcome, {name}! You are now connected to {school} as staff for groups {groups}.",
            len(groups),
        ).format(name=name, school=school, groups=format_list(groups, locale=language))
    return tr.gettext("Welcome, {name}! You are now connected to {school} as staff.").format(
        name=name, school=school
    )


def stranger_greeting(reader: Reader, d: Deps) -> str:
    return reader.tr.gettext(
        "Hello! This is the assistant for parent-teacher talks of {school}. To begin, please"
        " open the personal link from the letter you received from the school."
    ).format(school=_school(reader, d))


def _school(reader: Reader, d: Deps) -> str:
    return isolate(html.escape(d.settings.school_name), reader.language)
