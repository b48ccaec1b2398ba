"""How to reach the school and the teachers: `/contact`, and the line that goes with every
message that tells someone to contact the teacher or the school.

The school's phone and e-mail come from the settings (`SCHOOL_PHONE`, `SCHOOL_EMAIL`), a
teacher's phone from the staff file; whatever is not given is left out, never shown empty.
"""

from __future__ import annotations

from telegram import Update

from bot.config import Settings
from bot.domain.contact_details import TeacherContact
from bot.domain.person_kind import PersonKind
from bot.formatting import format_list
from bot.services import cant_come as service
from bot.telegram import sending
from bot.telegram.context import BotContext
from bot.telegram.deps import Reader, reader_for
from bot.telegram.talk_texts import safe


def contact_line(reader: Reader, settings: Settings, *, teacher: str = "", phone: str = "") -> str:
    """One line with a way to call or write: the teacher's phone where given, and the
    school's phone and e-mail; '' when the school gave none of them."""
    tr = reader.tr
    ways = []
    if teacher and phone:
        ways.append(
            tr.gettext("{teacher}: {phone}").format(
                teacher=safe(teacher, reader), phone=safe(phone, reader)
            )
        )
    school = [
        safe(value, reader) for value in (settings.school_phone, settings.school_email) if value
    ]
    if school:
        ways.append(
            # Translators: how to reach the school: its phone and/or e-mail address.
            tr.gettext("the school: {ways}").format(ways=", ".join(school))
        )
    if not ways:
        return ""
    return tr.gettext("Contact: {ways}").format(ways="; ".join(ways))


def school_lines(reader: Reader, settings: Settings) -> list[str]:
    """The school's name, phone and e-mail, a line each (only those given)."""
    tr = reader.tr
    lines = [f"<b>{safe(settings.school_name, reader)}</b>"]
    if settings.school_phone:
        lines.append(tr.gettext("Phone: {phone}").format(phone=safe(settings.school_phone, reader)))
    if settings.school_email:
        lines.append(
            tr.gettext("E-mail: {email}").format(email=safe(settings.school_email, reader))
        )
    return lines


def teacher_line(teacher: TeacherContact, reader: Reader) -> str:
    children = format_list([safe(name, reader) for name in teacher.children], reader.language)
    tr = reader.tr
    if teacher.phone:
        text = tr.gettext("{teacher} (teacher of {children}): {phone}")
    else:
        text = tr.gettext("{teacher} (teacher of {children})")
    return "• " + text.format(
        teacher=safe(teacher.name, reader), children=children, phone=safe(teacher.phone, reader)
    )


async def contact(update: Update, context: BotContext) -> None:
    """/contact: the school's phone and e-mail, and for a parent their children's teachers
    with their phone where the school gave one."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    reader = await reader_for(context, user)
    tr, settings = reader.tr, context.settings
    lines = school_lines(reader, settings)
    if len(lines) == 1:  # only the school's name
        lines.append(tr.gettext("The school has not given a phone number or e-mail address here."))
    guardian = next((p for p in reader.people if p.kind == PersonKind.GUARDIAN), None)
    teachers = await service.teachers(context.db, guardian.id) if guardian else []
    if teachers:
        lines += ["", tr.gettext("Teachers:"), *(teacher_line(t, reader) for t in teachers)]
        lines += [
            "",
            tr.gettext("Can't come to a talk? Press “I can't come” under its reminder."),
        ]
    await sending.reply(message, "\n".join(lines))
