"""`/overview` for directors and internal counsellors: per group of the current rounds, how
far the families have come, and which parents the bot cannot reach yet (to call them).

Everyone else is told politely that it is not for them; the figures are read again from
the database for each request, for the person who asks (`bot/services/overview.py`).
"""

from __future__ import annotations

from telegram import Update

from bot.services.overview import GroupCounts, Report, RoundReport, Unreached, school_report
from bot.telegram import sending
from bot.telegram.context import BotContext
from bot.telegram.deps import Deps, Reader
from bot.telegram.menus import Audience, audiences_of
from bot.telegram.onboarding import linked_reader
from bot.telegram.round_names import round_title
from bot.telegram.talk_texts import safe


async def overview(update: Update, context: BotContext) -> None:
    """/overview: the school's figures for its leadership; a polite no for anyone else."""
    found = await linked_reader(update, context)
    if found is None:
        return
    message, reader = found
    if Audience.LEADER not in audiences_of(reader.people):
        await sending.reply(
            message,
            reader.tr.gettext(
                "Sorry, this overview is for the school's director and internal counsellors."
            ),
        )
        return
    report = await school_report(context.db, context.clock.now())
    await sending.reply(message, overview_text(report, reader, context))


def overview_text(report: Report, reader: Reader, d: Deps) -> str:
    """One block per round and group, blank lines between (a long school is sent in
    several messages, split between blocks)."""
    if not report.rounds:
        return reader.tr.gettext("No round of talks has opened yet.")
    return "\n\n".join(
        _group_block(item, counts, reader, d) for item in report.rounds for counts in item.groups
    )


def _group_block(item: RoundReport, counts: GroupCounts, reader: Reader, d: Deps) -> str:
    tr = reader.tr
    pupils = counts.pupils
    lines = [
        f"<b>{round_title(item.round, reader, d.settings, counts.group)}</b>",
        tr.gettext("Children in the group: {count}").format(count=pupils),
        tr.gettext("Families connected: {done} of {all}").format(done=counts.linked, all=pupils),
        tr.gettext("Booked a talk: {done} of {all}").format(done=counts.booked, all=pupils),
        tr.gettext("Answered the questions: {done} of {all}").format(
            done=counts.answered, all=pupils
        ),
        tr.gettext("Received the agreements: {done} of {all}").format(
            done=counts.agreements_sent, all=pupils
        ),
        tr.gettext("Confirmed the agreements: {done} of {all}").format(
            done=counts.confirmed, all=counts.agreements_sent
        ),
    ]
    people = item.unreached_in(counts.group)
    if people:
        lines.append(tr.gettext("Not reached yet:"))
        lines += [_unreached_line(person, reader) for person in people]
    return "\n".join(lines)


def _unreached_line(person: Unreached, reader: Reader) -> str:
    tr = reader.tr
    names = {"guardian": safe(person.guardian, reader), "pupil": safe(person.pupil, reader)}
    if person.linked:
        # Translators: Telegram refuses the bot's messages to this parent (they blocked it).
        line = tr.gettext("{guardian} (parent of {pupil}): messages do not arrive").format(**names)
    else:
        line = tr.gettext("{guardian} (parent of {pupil}): not connected yet").format(**names)
    if person.phone:
        line = f"{line}, {safe(person.phone, reader)}"
    return f"• {line}"
