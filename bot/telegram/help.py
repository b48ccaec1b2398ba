"""`/help`: what this person can do here, in their language, by what they are at school.

The commands and their one-line descriptions are the menu's (`bot/telegram/menus.py`), so
help and menu never disagree; a few lines say what no command shows (typing to the
teacher, answering a parent). A stranger learns how to connect.
"""

from __future__ import annotations

from telegram import Update

from bot.telegram import sending
from bot.telegram.contact import contact_line
from bot.telegram.context import BotContext
from bot.telegram.deps import Deps, Reader, reader_for
from bot.telegram.menus import Audience, audiences_of, commands_for
from bot.telegram.onboarding import stranger_greeting


async def show_help(update: Update, context: BotContext) -> None:
    """/help: the person's commands and what else they can do."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    reader = await reader_for(context, user)
    await sending.reply(message, help_text(reader, context))


def help_text(reader: Reader, d: Deps) -> str:
    """The help for whoever this reader is: a stranger, a parent, staff, or several."""
    tr = reader.tr
    if not reader.people:
        lines = [
            stranger_greeting(reader, d),
            tr.gettext("No letter, or the link does not work? Please ask the school."),
        ]
        contact = contact_line(reader, d.settings)
        return "\n\n".join([*lines, contact] if contact else lines)
    audiences = audiences_of(reader.people)
    lines = [tr.gettext("What you can do here:")]
    lines += [
        f"/{command.name} — {command.description}"
        for command in commands_for(audiences, reader.language, d.translations)
    ]
    if Audience.PARENT in audiences:
        lines += ["", *_parent_lines(reader)]
    if Audience.TEACHER in audiences:
        lines += ["", *_teacher_lines(reader)]
    return "\n".join(lines)


def _parent_lines(reader: Reader) -> list[str]:
    tr = reader.tr
    return [
        tr.gettext(
            "After you book a talk, press “{button}” under the confirmation to tell the"
            " teacher what matters to you."
        ).format(button=tr.gettext("Answer the teacher's questions")),
        tr.gettext(
            "To write to the teacher, just type your message here, or send a voice message."
        ),
        tr.gettext("Can't come to a talk? Press “I can't come” under its reminder."),
    ]


def _teacher_lines(reader: Reader) -> list[str]:
    tr = reader.tr
    return [
        tr.gettext(
            "To answer a parent, press “{button}” under their message, or reply to it."
        ).format(button=tr.gettext("Answer")),
    ]
